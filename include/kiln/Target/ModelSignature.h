// What a compiled model exposes through its C API: names, dtypes and shapes of
// its inputs and outputs, read off the importer's model function.
#ifndef KILN_TARGET_MODELSIGNATURE_H
#define KILN_TARGET_MODELSIGNATURE_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace kiln {

struct TensorSignature {
  std::string name;
  int32_t dtype; // kiln_dtype
  std::vector<int64_t> dims; // KILN_DYNAMIC_DIM (-1) for dynamic dims
};

struct ModelSignature {
  std::string name; // C symbol prefix
  std::vector<TensorSignature> inputs, outputs;
};

/// Reads the signature of the one function marked `kiln.model` in `module`.
llvm::Expected<ModelSignature> readModelSignature(mlir::ModuleOp module);

/// "float32 [?, 4]" style description, for headers and messages.
std::string describe(const TensorSignature &tensor);

} // namespace kiln

#endif // KILN_TARGET_MODELSIGNATURE_H
