#ifndef KILN_DIALECT_KILN_IR_KILNOPS_H
#define KILN_DIALECT_KILN_IR_KILNOPS_H

#include "kiln/Dialect/Kiln/IR/KilnDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <limits>

#include "kiln/Dialect/Kiln/IR/KilnEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "kiln/Dialect/Kiln/IR/KilnAttrs.h.inc"

#define GET_OP_CLASSES
#include "kiln/Dialect/Kiln/IR/KilnOps.h.inc"

namespace mlir {
class DialectRegistry;
}
namespace kiln {
namespace detail {
/// Memory effects of a destination-style Kiln op: none on tensors; on
/// memrefs it reads every operand but its inits and writes the inits.
void getDpsEffects(
    mlir::Operation *op,
    llvm::SmallVectorImpl<mlir::SideEffects::EffectInstance<mlir::MemoryEffects::Effect>>
        &effects);
/// Kiln's destination-style ops with one init: all operands ranked tensors
/// (one result, of the init's type) or all memrefs (no result).
mlir::LogicalResult verifyDestinationForm(mlir::Operation *op, mlir::ShapedType init);
} // namespace detail

/// Whether libkiln_runtime's flash-attention kernel computes `op`: dot
/// scores and no probabilities result (the others lower to loops).
bool hasRuntimeKernel(AttentionOp op);

/// Unit attribute on an scf.if of one result that computes an elementwise
/// op with numpy broadcasting decided at run time: the then-region yields
/// the op's linalg.generic on operands defined above the if (taken when no
/// run-time size-1 dim has to broadcast), the else-region the same op with
/// run-time size-1 dims broadcast and incompatible sizes reported through
/// kiln_rt_shape_error (the keras lowering of merge layers builds it).
/// Passes may read the then-region as the computation when the op they
/// build broadcasts run-time size-1 dims and checks sizes itself.
inline constexpr llvm::StringLiteral kRuntimeBroadcastAttrName = "kiln.runtime_broadcast";

/// Registers the BufferizableOpInterface models of Kiln ops.
void registerKilnBufferizableOpInterfaces(mlir::DialectRegistry &registry);
} // namespace kiln

#endif // KILN_DIALECT_KILN_IR_KILNOPS_H
