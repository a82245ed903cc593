//===- KernelIsa.h - Picking a per-instruction-set kernel build -----------===//
//
// The hot kernels (AttentionKernel.cpp, RecurrenceKernel.cpp) are compiled
// once per instruction set (runtime/CMakeLists.txt); their entry points pick
// a build at run time with cpuid, so the library runs on any x86-64 while
// the hot loops use the widest vectors the CPU has.
//
// Only for the entry points, which are compiled for the baseline x86-64:
// the per-instruction-set builds must not include this header (an inline
// function defined here could get an AVX-512 copy there).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_KERNELISA_H
#define KILN_RUNTIME_KERNELISA_H

#include <cstdlib>
#include <string_view>

namespace kiln::rt {

enum class KernelIsa { Generic, Avx2, Avx512 };

/// The widest instruction set this CPU supports among the kernel builds.
/// The environment variable `capVariable`, when set to "generic" or "avx2",
/// caps it (tests run every build that way; it also serves to compare them).
inline KernelIsa selectKernelIsa(const char *capVariable) {
  const char *cap = std::getenv(capVariable);
  std::string_view wanted = cap ? cap : "";
  if (wanted == "generic")
    return KernelIsa::Generic;
#if defined(KILN_X86_KERNELS)
  if (wanted != "avx2" && __builtin_cpu_supports("avx512f") &&
      __builtin_cpu_supports("fma"))
    return KernelIsa::Avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return KernelIsa::Avx2;
#endif
  return KernelIsa::Generic;
}

} // namespace kiln::rt

#endif // KILN_RUNTIME_KERNELISA_H
