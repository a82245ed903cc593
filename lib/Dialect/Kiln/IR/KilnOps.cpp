#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/IR/Builders.h"

#include <cmath>

using namespace mlir;
using namespace kiln;

LogicalResult kiln::detail::verifyDestinationForm(Operation *op, ShapedType init) {
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
  if (failed(detail::verifyDestinationForm(*this, init)))
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

void kiln::detail::getDpsEffects(
    Operation *op,
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  auto dps = cast<DestinationStyleOpInterface>(op);
  if (dps.hasPureTensorSemantics())
    return;
  for (OpOperand &operand : op->getOpOperands()) {
    if (!isa<MemRefType>(operand.get().getType()))
      continue;
    if (dps.isDpsInit(&operand))
      effects.emplace_back(MemoryEffects::Write::get(), &operand,
                           SideEffects::DefaultResource::get());
    else
      effects.emplace_back(MemoryEffects::Read::get(), &operand,
                           SideEffects::DefaultResource::get());
  }
}

void MatmulOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  detail::getDpsEffects(getOperation(), effects);
}

LogicalResult AttentionOp::verify() {
  auto init = cast<ShapedType>(getInit().getType());
  // The destination form with the optional second init: one result per init
  // on tensors, none on memrefs.
  bool tensors = isa<RankedTensorType>(init);
  for (Type t : getOperandTypes())
    if (isa<RankedTensorType>(t) != tensors || !cast<ShapedType>(t).hasRank())
      return emitOpError("operands must all be ranked tensors or all be memrefs");
  if (getNumResults() != (tensors ? unsigned(getNumDpsInits()) : 0u))
    return emitOpError("returns the new value of each init on tensors and nothing on memrefs");
  if (tensors)
    for (auto [result, initValue] : llvm::zip_equal(getResults(), getDpsInits()))
      if (result.getType() != initValue.getType())
        return emitOpError("result types must equal the init types");
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
  // [B, Hq, T, S], each dim from whichever operand knows it.
  int64_t full[4] = {qs[0], hq, qs[2], ShapedType::isDynamic(ks[2]) ? vs[2] : ks[2]};
  if (mask) {
    for (int64_t i = 0; i < 4; ++i) {
      int64_t m = mask.getDimSize(i);
      if (m != 1 && !match(m, full[i]))
        return emitOpError("mask dim ") << i << " (" << m
                                        << ") must be 1 or equal that of [B, Hq, T, S] ("
                                        << full[i] << ")";
    }
  }
  if (Value probsInit = getProbsInit()) {
    auto p = cast<ShapedType>(probsInit.getType());
    if (!p.getElementType().isF32() || p.getRank() != 4)
      return emitOpError("probs_init must be f32 of rank 4");
    for (int64_t i = 0; i < 4; ++i)
      if (!match(p.getDimSize(i), full[i]))
        return emitOpError("probs_init dim ")
               << i << " (" << p.getDimSize(i) << ") must equal that of [B, Hq, T, S] ("
               << full[i] << ")";
  }

  bool additive = getScore() == AttentionScore::additive;
  if (Value weights = getScoreWeights()) {
    if (!additive)
      return emitOpError("score_weights need score = additive");
    auto w = cast<ShapedType>(weights.getType());
    if (!w.getElementType().isF32() || w.getRank() != 1 || !match(w.getDimSize(0), qs[3]))
      return emitOpError("score_weights must be an f32 vector of the head size D (")
             << qs[3] << ")";
  }
  if (!additive && getTanhScale().convertToFloat() != 1.0f)
    return emitOpError("tanh_scale needs score = additive");
  float fill = getMaskFill().convertToFloat();
  if (std::isnan(fill) || fill > 0.0f)
    return emitOpError("mask_fill must be -inf or a finite number <= 0, got ") << fill;
  if (getZeroMasked() && !(mask && mask.getElementType().isInteger(1)) &&
      getCausal() == CausalMode::none)
    return emitOpError("zero_masked needs an i1 mask or a causal mode");
  return success();
}

void AttentionOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  detail::getDpsEffects(getOperation(), effects);
}

bool kiln::hasRuntimeKernel(AttentionOp op) {
  return op.getScore() == AttentionScore::dot && !op.getProbsInit();
}

#define GET_OP_CLASSES
#include "kiln/Dialect/Kiln/IR/KilnOps.cpp.inc"
