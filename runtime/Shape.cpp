//===- Shape.cpp ----------------------------------------------------------===//
#include "Shape.h"

#include "Export.h"

namespace kiln::rt {

int64_t checkedElementCount(const int64_t *dims, int rank) {
  // Zero dims are counted as 1 in the bound, so that row-major strides (the
  // products of inner dims) stay in range even for an empty tensor.
  int64_t bound = 1;
  bool empty = false;
  for (int i = 0; i < rank; ++i) {
    if (dims[i] < 0)
      return -1;
    if (dims[i] == 0) {
      empty = true;
      continue;
    }
    if (bound > kMaxElements / dims[i])
      return -1;
    bound *= dims[i];
  }
  return empty ? 0 : bound;
}

std::string formatShape(const int64_t *dims, int rank) {
  std::string s = "[";
  for (int i = 0; i < rank; ++i) {
    if (i)
      s += ',';
    s += dims[i] == KILN_DYNAMIC_DIM ? std::string("?") : std::to_string(dims[i]);
  }
  return s + "]";
}

std::string dtypeName(int32_t dtype) {
  switch (dtype) {
  case KILN_FLOAT32:
    return "float32";
  case KILN_INT32:
    return "int32";
  default:
    return "unknown dtype " + std::to_string(dtype);
  }
}

size_t dtypeSize(int32_t dtype) {
  switch (dtype) {
  case KILN_FLOAT32:
    return sizeof(float);
  case KILN_INT32:
    return sizeof(int32_t);
  default:
    return 0;
  }
}

} // namespace kiln::rt
