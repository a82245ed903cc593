// Declarations of libkiln_runtime entry points in the module being lowered.
#ifndef KILN_LIB_CONVERSION_KILNTORUNTIME_RUNTIMEDECLS_H
#define KILN_LIB_CONVERSION_KILNTORUNTIME_RUNTIMEDECLS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {
/// Returns the private declaration `name : type` in `module`, creating it
/// with `llvm.emit_c_interface` so memrefs cross as descriptor pointers (the
/// ABI of include/kiln/Runtime/KilnRuntimeABI.h).
mlir::func::FuncOp getOrInsertRuntimeFunction(mlir::ModuleOp module, llvm::StringRef name,
                                               mlir::FunctionType type);
/// "f32" or "i32": the element-type suffix of runtime entry points.
llvm::StringRef runtimeTypeSuffix(mlir::Type elementType);
/// kiln.recurrence (memref form) → the runtime's recurrence kernel.
void populateRecurrenceToRuntimePatterns(mlir::RewritePatternSet &patterns);
/// kiln.attention (memref form, dot scores) → the runtime's flash attention.
void populateAttentionToRuntimePatterns(mlir::RewritePatternSet &patterns);
} // namespace kiln

#endif // KILN_LIB_CONVERSION_KILNTORUNTIME_RUNTIMEDECLS_H
