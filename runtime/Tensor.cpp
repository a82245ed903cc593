//===- Tensor.cpp - kiln_tensor_free --------------------------------------===//
#include "Export.h"

#include <cstdlib>

extern "C" void kiln_tensor_free(kiln_tensor *tensor) {
  if (!tensor)
    return;
  std::free(tensor->data); // outputs are allocated with aligned_alloc
  tensor->data = nullptr;
}
