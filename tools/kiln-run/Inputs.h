//===- Inputs.h - Binding .npy files to a model's inputs ------------------===//
#ifndef KILN_TOOLS_KILN_RUN_INPUTS_H
#define KILN_TOOLS_KILN_RUN_INPUTS_H

#include "ModelLibrary.h"
#include "Options.h"

#include "kiln/Runtime/Npy.h"

#include <vector>

namespace kiln::run {

/// The loaded arrays, in the model's input order, and the tensor views of
/// them that the run takes.
struct BoundInputs {
  std::vector<npy::Array> arrays;
  std::vector<kiln_tensor> tensors;
};

/// Matches `args` to the model's inputs by Keras name (a bare file only for
/// a single-input model) and reads each file converted to the input's
/// dtype. Shape checking is left to the model's own validation. Throws
/// ToolError/std::runtime_error naming the offending file.
BoundInputs bindInputs(const ModelLibrary &lib,
                       const std::vector<InputArg> &args);

} // namespace kiln::run

#endif // KILN_TOOLS_KILN_RUN_INPUTS_H
