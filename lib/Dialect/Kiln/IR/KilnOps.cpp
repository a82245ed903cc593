#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace kiln;

LogicalResult MatmulOp::verify() {
  auto lhs = cast<ShapedType>(getLhs().getType());
  auto rhs = cast<ShapedType>(getRhs().getType());
  auto init = cast<ShapedType>(getInit().getType());
  bool tensors = isa<RankedTensorType>(init);
  for (Type t : getOperandTypes())
    if (isa<RankedTensorType>(t) != tensors || !cast<ShapedType>(t).hasRank())
      return emitOpError("operands must all be ranked tensors or all be memrefs");
  if (tensors != (getNumResults() == 1))
    return emitOpError("returns the new init value on tensors and nothing on memrefs");
  if (tensors && getResult()[0].getType() != init)
    return emitOpError("result type must equal the init type");
  for (Type t : getOperandTypes())
    if (!cast<ShapedType>(t).getElementType().isF32())
      return emitOpError("supports f32 only");
  int64_t rank = init.getRank();
  if ((rank != 2 && rank != 3) || lhs.getRank() != rank ||
      (rhs.getRank() != rank && rhs.getRank() != 2))
    return emitOpError("expects lhs/init of rank 2 or 3 and rhs of that rank or 2");
  auto dimsMatch = [](int64_t a, int64_t b) {
    return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
  };
  ArrayRef<int64_t> l = lhs.getShape(), r = rhs.getShape(), o = init.getShape();
  int64_t m = l[rank - 2], k = l[rank - 1];
  int64_t rk = r[r.size() - 2], n = r[r.size() - 1];
  if (!dimsMatch(k, rk) || !dimsMatch(m, o[rank - 2]) || !dimsMatch(n, o[rank - 1]) ||
      (rank == 3 && !dimsMatch(l[0], o[0])) ||
      (rank == 3 && r.size() == 3 && !dimsMatch(r[0], o[0])))
    return emitOpError("operand shapes do not form a matrix product");
  if (Value bias = getBias()) {
    auto b = cast<ShapedType>(bias.getType());
    if (b.getRank() != 1 || !dimsMatch(b.getDimSize(0), n))
      return emitOpError("bias must be a vector of the output's column count");
  }
  return success();
}

void MatmulOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  if (hasPureTensorSemantics())
    return;
  for (OpOperand &operand : getOperation()->getOpOperands()) {
    if (!isa<MemRefType>(operand.get().getType()))
      continue;
    if (&operand == &getInitMutable())
      effects.emplace_back(MemoryEffects::Write::get(), &operand,
                           SideEffects::DefaultResource::get());
    else
      effects.emplace_back(MemoryEffects::Read::get(), &operand,
                           SideEffects::DefaultResource::get());
  }
}

#define GET_OP_CLASSES
#include "kiln/Dialect/Kiln/IR/KilnOps.cpp.inc"
