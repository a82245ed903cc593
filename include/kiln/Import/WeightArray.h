//===- WeightArray.h - A dense float tensor read from a file ----*- C++ -*-===//
//
// The readers (HDF5, TF.js shards) all hand back weights as row-major float32
// arrays whatever the stored dtype was; the compiler embeds them as constants.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_IMPORT_WEIGHTARRAY_H
#define KILN_IMPORT_WEIGHTARRAY_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiln::import {

/// Limits shared by every reader. Keras weights are far below them; they exist
/// so that a crafted shape cannot make us allocate absurd amounts of memory.
inline constexpr int64_t kMaxWeightRank = 8;
inline constexpr uint64_t kMaxWeightElements = uint64_t(1) << 31;

struct WeightArray {
  std::vector<int64_t> shape; ///< {} for a scalar
  std::vector<float> data;    ///< row-major, numElements() values

  /// Product of the shape (1 for a scalar).
  int64_t numElements() const;
  /// "[3, 4]"; "[]" for a scalar.
  std::string shapeString() const;
};

/// A weight together with the name its file gives it (an HDF5 weight_names
/// entry such as "dense_1/kernel:0", or a TF.js manifest name).
struct NamedWeight {
  std::string name;
  WeightArray array;
};

/// "[3, 4]"; "[]" for an empty shape.
std::string shapeToString(const std::vector<int64_t> &shape);

/// Number of elements of `shape`, or std::nullopt with `whyNot` set when the
/// shape has a negative dimension, more than kMaxWeightRank dimensions or more
/// than kMaxWeightElements elements (overflow-safe).
std::optional<uint64_t> checkedElementCount(const std::vector<int64_t> &shape,
                                            std::string &whyNot);

} // namespace kiln::import

#endif // KILN_IMPORT_WEIGHTARRAY_H
