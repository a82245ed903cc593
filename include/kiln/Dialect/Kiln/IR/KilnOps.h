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

/// Registers the BufferizableOpInterface models of Kiln ops.
void registerKilnBufferizableOpInterfaces(mlir::DialectRegistry &registry);
} // namespace kiln

#endif // KILN_DIALECT_KILN_IR_KILNOPS_H
