// Building blocks shared by the keras-to-linalg patterns: sizes of dynamic
// tensors, elementwise generics with Keras broadcasting, reshapes and
// transposes, and the oneDNN-backed matrix product.
#ifndef KILN_LIB_CONVERSION_KERASTOLINALG_LOWERINGUTILS_H
#define KILN_LIB_CONVERSION_KERASTOLINALG_LOWERINGUTILS_H

#include "kiln/Dialect/Keras/IR/KerasOps.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln::lowering {

using BodyBuilder =
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// Every dim of `tensor`, static ones as attributes, dynamic ones as tensor.dim.
llvm::SmallVector<mlir::OpFoldResult> sizesOf(mlir::OpBuilder &b, mlir::Location loc,
                                              mlir::Value tensor);
/// tensor.empty of `type` whose dynamic dims take their values from `sizes`.
mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType type,
                        llvm::ArrayRef<mlir::OpFoldResult> sizes);
mlir::Value f32Constant(mlir::OpBuilder &b, mlir::Location loc, double value);
mlir::Value indexToF32(mlir::OpBuilder &b, mlir::Location loc, mlir::OpFoldResult size);
/// Product of `sizes`: an attribute when all are static, else an index value.
mlir::OpFoldResult productOf(mlir::OpBuilder &b, mlir::Location loc,
                      llvm::ArrayRef<mlir::OpFoldResult> sizes);

/// A linalg.generic over the result's iteration space. Each input has the
/// result's rank; an input dim that is statically 1 where the result's is not
/// is broadcast. `body` maps scalar inputs to the scalar output.
mlir::Value elementwise(mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange inputs,
                        mlir::RankedTensorType resultType,
                        llvm::ArrayRef<mlir::OpFoldResult> resultSizes, BodyBuilder body);

/// The elementwise `combineAll` of `inputs` (each of the output's rank, sizes
/// `inputSizes`) with numpy broadcasting decided at run time: each input is
/// read at index 0 on dims whose run-time size is 1. Sizes that are neither
/// 1 nor the output's fail the run (kiln_rt_shape_error, declared in
/// `module`), and indices are clamped so that reads stay in bounds.
mlir::Value runtimeBroadcasting(mlir::OpBuilder &b, mlir::Location loc, mlir::ModuleOp module,
                                llvm::ArrayRef<mlir::Value> inputs,
                                llvm::ArrayRef<llvm::SmallVector<mlir::OpFoldResult>> inputSizes,
                                mlir::RankedTensorType outType,
                                llvm::ArrayRef<mlir::OpFoldResult> outSizes,
                                BodyBuilder combineAll);

/// `x` with each dynamic dim that is 1 at run time broadcast to the same
/// dim of `sizes` (a tensor of x's type): a copy made only then, sizes that
/// are neither 1 nor the target failing the run (runtimeBroadcasting).
/// Static dims are left as they are.
mlir::Value broadcastDynamicDims(mlir::OpBuilder &b, mlir::Location loc, mlir::ModuleOp module,
                                 mlir::Value x, llvm::ArrayRef<mlir::OpFoldResult> sizes);

/// Reshape through tensor.reshape (row-major), for any change of rank.
mlir::Value reshape(mlir::OpBuilder &b, mlir::Location loc, mlir::Value tensor,
                    llvm::ArrayRef<mlir::OpFoldResult> sizes);
/// linalg.transpose, or `tensor` itself for the identity permutation.
mlir::Value transpose(mlir::OpBuilder &b, mlir::Location loc, mlir::Value tensor,
                      llvm::ArrayRef<int64_t> permutation);
/// Joins `inputs` along `axis` into a tensor of `resultType`: each input is
/// inserted at its running offset along the axis.
mlir::Value concatenate(mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange inputs,
                        int64_t axis, mlir::RankedTensorType resultType);
/// Static type of a tensor with these sizes (dynamic where a size is a value).
mlir::RankedTensorType typeWithSizes(mlir::Type elementType,
                                     llvm::ArrayRef<mlir::OpFoldResult> sizes);

/// kiln.matmul of lhs [B?, M, K] by rhs [B?, K, N] or [K, N] into a fresh
/// tensor, with optional bias [N] and fused activation.
mlir::Value matmul(mlir::OpBuilder &b, mlir::Location loc, mlir::Value lhs, mlir::Value rhs,
                   mlir::Value bias, FusedActivation activation = FusedActivation::none,
                   double activationAlpha = 1.0);

/// Parameters of a Keras activation; unset ones take Keras' defaults.
struct ActivationParams {
  std::optional<double> alpha, threshold, maxValue;
};

/// The scalar formula of an elementwise activation (not softmax/log_softmax).
mlir::Value activationScalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                             keras::ActivationKind kind, const ActivationParams &params);
/// Applies `kind` to a whole tensor (softmax kinds over the last axis).
mlir::Value applyActivation(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                            keras::ActivationKind kind, const ActivationParams &params = {});
/// The oneDNN post-op computing `kind` with default parameters, if any.
std::optional<FusedActivation> fusedActivationFor(keras::ActivationKind kind);

/// Softmax over `axes` of `x` (linalg.softmax over one axis; several axes are
/// moved to the end and merged first).
mlir::Value softmax(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                    llvm::ArrayRef<int64_t> axes);

/// Reduction of `x` over `dims` with `combine`, starting from `init`
/// (linalg.reduce); the result drops the reduced dims.
mlir::Value reduce(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                   llvm::ArrayRef<int64_t> dims, double init,
                   llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                                  mlir::Value, mlir::Value)>
                       combine);
/// Re-inserts reduced dims as size-1 dims so the result broadcasts against x.
mlir::Value keepDims(mlir::OpBuilder &b, mlir::Location loc, mlir::Value reduced,
                     mlir::Value original, llvm::ArrayRef<int64_t> dims);

/// Adds `bias` (Keras layout: it matches the output's trailing dims) and
/// applies the activation, for layers whose bias oneDNN does not fuse.
mlir::Value addBiasAndActivate(mlir::OpBuilder &b, mlir::Location loc, mlir::Value y,
                               mlir::Value bias, keras::ActivationKind activation);

/// Replaces `op` by `value`, casting when lowering derived a more static type.
void replaceWith(mlir::PatternRewriter &rewriter, mlir::Operation *op, mlir::Value value);

} // namespace kiln::lowering

#endif // KILN_LIB_CONVERSION_KERASTOLINALG_LOWERINGUTILS_H
