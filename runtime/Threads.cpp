//===- Threads.cpp - kiln_set_num_threads ---------------------------------===//
//
// oneDNN on Debian runs on GNU OpenMP, and Kiln's parallel loops are meant to
// use the same runtime, so one OpenMP call controls both. OpenMP keeps the
// thread count per calling thread (an ICV), so the setting applies to runs
// started from the thread that called kiln_set_num_threads.
//
//===----------------------------------------------------------------------===//
#include "Export.h"

#include <omp.h>

extern "C" void kiln_set_num_threads(int n) {
  // OpenMP has no "reset to default" call: remember the default (from
  // OMP_NUM_THREADS or the core count) before the first change.
  static const int defaultThreads = omp_get_max_threads();
  omp_set_num_threads(n > 0 ? n : defaultThreads);
}
