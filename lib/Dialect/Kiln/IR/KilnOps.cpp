#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace kiln;

/// Kiln's destination-style ops: all operands ranked tensors (one result, of
/// the init's type) or all memrefs (no result).
static LogicalResult verifyDestinationForm(Operation *op, ShapedType init) {
  bool tensors = isa<RankedTensorType>(init);
  for (Type t : op->getOperandTypes())
    if (isa<RankedTensorType>(t) != tensors || !cast<ShapedType>(t).hasRank())
      return op->emitOpError("operands must all be ranked tensors or all be memrefs");
  if (tensors != (op->getNumResults() == 1))
    return op->emitOpError("returns the new init value on tensors and nothing on memrefs");
  if (tensors && op->getResult(0).getType() != init)
    return op->emitOpError("result type must equal the init type");
  return success();
}

LogicalResult MatmulOp::verify() {
  auto lhs = cast<ShapedType>(getLhs().getType());
  auto rhs = cast<ShapedType>(getRhs().getType());
  auto init = cast<ShapedType>(getInit().getType());
  if (failed(verifyDestinationForm(*this, init)))
    return failure();
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

/// Memory effects of a destination-style Kiln op: none on tensors; on
/// memrefs it reads every operand but its init and writes the init.
static void getDpsEffects(
    Operation *op, OpOperand &init,
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  if (cast<DestinationStyleOpInterface>(op).hasPureTensorSemantics())
    return;
  for (OpOperand &operand : op->getOpOperands()) {
    if (!isa<MemRefType>(operand.get().getType()))
      continue;
    if (&operand == &init)
      effects.emplace_back(MemoryEffects::Write::get(), &operand,
                           SideEffects::DefaultResource::get());
    else
      effects.emplace_back(MemoryEffects::Read::get(), &operand,
                           SideEffects::DefaultResource::get());
  }
}

void MatmulOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  getDpsEffects(getOperation(), getInitMutable(), effects);
}

LogicalResult AttentionOp::verify() {
  auto init = cast<ShapedType>(getInit().getType());
  if (failed(verifyDestinationForm(*this, init)))
    return failure();
  auto q = cast<ShapedType>(getQuery().getType());
  auto k = cast<ShapedType>(getKey().getType());
  auto v = cast<ShapedType>(getValue().getType());
  for (ShapedType t : {q, k, v, init})
    if (!t.getElementType().isF32())
      return emitOpError("query, key, value and init must be f32");
  ShapedType mask;
  if (Value m = getMask()) {
    mask = cast<ShapedType>(m.getType());
    if (!mask.getElementType().isF32() && !mask.getElementType().isInteger(1))
      return emitOpError("mask must be f32 (additive) or i1 (true = keep)");
  }
  for (ShapedType t : {q, k, v, init})
    if (t.getRank() != 4)
      return emitOpError("query, key, value and init must have rank 4");
  if (mask && mask.getRank() != 4)
    return emitOpError("mask must have rank 4");
  auto match = [](int64_t a, int64_t b) {
    return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
  };
  ArrayRef<int64_t> qs = q.getShape(), ks = k.getShape(), vs = v.getShape(),
                    os = init.getShape();
  if (!match(qs[0], ks[0]) || !match(qs[0], vs[0]) || !match(qs[0], os[0]) ||
      !match(ks[0], vs[0]) || !match(ks[0], os[0]) || !match(vs[0], os[0]))
    return emitOpError("query, key, value and init must have the same batch size");
  if (!match(ks[1], vs[1]) || !match(ks[2], vs[2]))
    return emitOpError("key [B, Hkv, S, D] and value [B, Hkv, S, Dv] must agree on Hkv and S");
  if (!match(qs[3], ks[3]))
    return emitOpError("query and key must have the same head size D");
  if (!match(qs[1], os[1]) || !match(qs[2], os[2]) || !match(vs[3], os[3]))
    return emitOpError("init must be [B, Hq, T, Dv] of query [B, Hq, T, D] and value [B, Hkv, S, Dv]");
  int64_t hq = qs[1], hkv = ShapedType::isDynamic(ks[1]) ? vs[1] : ks[1];
  if (hkv == 0 || (!ShapedType::isDynamic(hq) && !ShapedType::isDynamic(hkv) && hq % hkv != 0))
    return emitOpError("query heads (") << hq << ") must be a multiple of key/value heads ("
                                         << hkv << ")";
  if (mask) {
    int64_t s = ShapedType::isDynamic(ks[2]) ? vs[2] : ks[2];
    int64_t full[4] = {qs[0], hq, qs[2], s};
    for (int64_t i = 0; i < 4; ++i) {
      int64_t m = mask.getDimSize(i);
      if (m != 1 && !match(m, full[i]))
        return emitOpError("mask dim ") << i << " (" << m
                                        << ") must be 1 or equal that of [B, Hq, T, S] ("
                                        << full[i] << ")";
    }
  }
  return success();
}

void AttentionOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  getDpsEffects(getOperation(), getInitMutable(), effects);
}

#define GET_OP_CLASSES
#include "kiln/Dialect/Kiln/IR/KilnOps.cpp.inc"
