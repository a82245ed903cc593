//===- kiln-run.cpp - Run a compiled Kiln model on .npy files -------------===//
//
//   kiln-run LIB.so [--input NAME=FILE.npy]... [--output-dir DIR]
//                   [--bench N] [--threads N]
//
// Every failure is one line on stderr, "kiln-run: error: <file>: <reason>",
// and exit status 1.
//
//===----------------------------------------------------------------------===//
#include "Inputs.h"
#include "ModelLibrary.h"
#include "Options.h"
#include "Outputs.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace kiln::run;

namespace {

/// Owns the outputs of a run; frees what the run allocated.
struct Outputs {
  std::vector<kiln_tensor> tensors;
  explicit Outputs(size_t n) : tensors(n) {
    std::memset(tensors.data(), 0, n * sizeof(kiln_tensor));
  }
  ~Outputs() {
    for (kiln_tensor &t : tensors)
      kiln_tensor_free(&t);
  }
};

void runOnce(const ModelLibrary &lib, const BoundInputs &in,
             std::vector<kiln_tensor> &out) {
  kiln_status status;
  std::memset(&status, 0, sizeof(status));
  int rc = lib.entry->run(in.tensors.data(), in.tensors.size(), out.data(),
                          out.size(), &status);
  if (rc != KILN_OK)
    throw ToolError(lib.path, status.message[0] ? status.message
                                                : "run failed with code " +
                                                      std::to_string(rc));
}

/// Times `runs` runs into the buffers of the warm-up run's outputs, so the
/// numbers measure the model rather than output allocation.
void bench(const ModelLibrary &lib, const BoundInputs &in,
           std::vector<kiln_tensor> &out, int runs) {
  std::vector<double> ms;
  ms.reserve(runs);
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    runOnce(lib, in, out);
    auto end = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
  }
  std::sort(ms.begin(), ms.end());
  size_t n = ms.size();
  double median = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  std::printf("latency: min %.3f ms, median %.3f ms, max %.3f ms over %d runs\n",
              ms.front(), median, ms.back(), runs);
}

int runTool(int argc, char **argv) {
  Options opts = parseOptions(argc, argv);
  if (opts.help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (opts.threads >= 0)
    kiln_set_num_threads(opts.threads);
  ModelLibrary lib = ModelLibrary::open(opts.library);
  BoundInputs inputs = bindInputs(lib, opts.inputs);
  Outputs outputs(lib.info->n_outputs);
  runOnce(lib, inputs, outputs.tensors);
  printOutputs(lib, outputs.tensors, stdout);
  if (!opts.outputDir.empty())
    writeOutputs(lib, outputs.tensors, opts.outputDir);
  if (opts.benchRuns > 0)
    bench(lib, inputs, outputs.tensors, opts.benchRuns);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  try {
    return runTool(argc, argv);
  } catch (const std::bad_alloc &) {
    std::fprintf(stderr, "kiln-run: error: %s: out of memory\n",
                 argc > 1 ? argv[1] : "kiln-run");
  } catch (const std::exception &e) {
    // Messages are "<file>: <reason>"; keep the promise of one line.
    std::string msg = e.what();
    std::replace(msg.begin(), msg.end(), '\n', ' ');
    std::fprintf(stderr, "kiln-run: error: %s\n", msg.c_str());
  }
  return 1;
}
