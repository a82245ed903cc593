//===- Npy.h - Reading and writing NumPy .npy files -----------------------===//
//
// A small, defensive .npy reader/writer for kiln-run and tests (library
// kiln_npy). Reads format versions 1.0, 2.0 and 3.0 in C order with dtypes
// <f4 <f8 <i4 <i8 |u1 |b1 (also |i1), converting to a Kiln dtype; writes
// <f4 / <i4. Every failure throws std::runtime_error whose message starts
// with the file name: "PATH: reason".
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_NPY_H
#define KILN_RUNTIME_NPY_H

#include "kiln/Runtime/kiln.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::npy {

/// A dense row-major array of a Kiln dtype.
struct Array {
  kiln_dtype dtype = KILN_FLOAT32;
  std::vector<int64_t> shape;
  /// Element storage. Both Kiln dtypes are 4 bytes wide, so one 4-byte
  /// vector serves both and is suitably aligned for either.
  std::vector<uint32_t> storage;

  int64_t numElements() const;
  void *data() { return storage.data(); }
  const void *data() const { return storage.data(); }
  float *f32() { return reinterpret_cast<float *>(storage.data()); }
  int32_t *i32() { return reinterpret_cast<int32_t *>(storage.data()); }
};

/// Reads `path` and converts its elements to `want`: any supported dtype to
/// float32 (float64 rounds); integers and booleans to int32, with a range
/// check for int64. Floating-point data is not converted to int32.
Array readNpy(const std::string &path, kiln_dtype want);

/// Writes a dense row-major array as .npy (<f4 or <i4). The file appears
/// atomically: data goes to a temporary file in the same directory that is
/// renamed over `path` only once completely written.
void writeNpy(const std::string &path, kiln_dtype dtype, const int64_t *dims,
              int rank, const void *data);
inline void writeNpy(const std::string &path, const Array &array) {
  writeNpy(path, array.dtype, array.shape.data(),
           static_cast<int>(array.shape.size()), array.data());
}

} // namespace kiln::npy

#endif // KILN_RUNTIME_NPY_H
