//===- NpyHeader.h - The Python-dict header of a .npy file ----------------===//
#ifndef KILN_RUNTIME_NPY_NPYHEADER_H
#define KILN_RUNTIME_NPY_NPYHEADER_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::npy {

/// Upper bounds that keep hostile headers from driving allocations.
constexpr int kMaxNpyRank = 32;
constexpr int64_t kMaxNpyElements = int64_t(1) << 40;

struct NpyHeader {
  std::string descr; // e.g. "<f4"
  bool fortranOrder = false;
  std::vector<int64_t> shape;
};

/// Parses `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`
/// (the exact subset of Python literal syntax NumPy writes, with either
/// quote style, optional trailing commas and trailing whitespace/newline).
/// Requires exactly the three keys. Throws std::runtime_error with the
/// reason (no file name).
NpyHeader parseNpyHeader(std::string_view text);

/// The header dict NumPy would write for `descr` and `shape`, unpadded.
std::string formatNpyHeader(const std::string &descr,
                            const std::vector<int64_t> &shape);

} // namespace kiln::npy

#endif // KILN_RUNTIME_NPY_NPYHEADER_H
