//===- WeightArray.cpp ----------------------------------------------------===//

#include "kiln/Import/WeightArray.h"

namespace kiln::import {

int64_t WeightArray::numElements() const {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

std::string WeightArray::shapeString() const { return shapeToString(shape); }

std::string shapeToString(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      text += ", ";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

std::optional<uint64_t> checkedElementCount(const std::vector<int64_t> &shape,
                                            std::string &whyNot) {
  if (shape.size() > static_cast<size_t>(kMaxWeightRank)) {
    whyNot = "rank " + std::to_string(shape.size()) + " exceeds the limit of " +
             std::to_string(kMaxWeightRank);
    return std::nullopt;
  }
  uint64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0) {
      whyNot = "shape " + shapeToString(shape) + " has a negative dimension";
      return std::nullopt;
    }
    // Dividing first avoids overflowing the product.
    if (dim != 0 && count > kMaxWeightElements / static_cast<uint64_t>(dim)) {
      whyNot = "shape " + shapeToString(shape) + " has more than " +
               std::to_string(kMaxWeightElements) + " elements";
      return std::nullopt;
    }
    count *= static_cast<uint64_t>(dim);
  }
  return count;
}

} // namespace kiln::import
