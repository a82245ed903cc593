// Reference lowering of tensor-form kiln.attention to linalg on tensors
// (semantics in KilnOps.td). It materializes the [B, Hq, T, S] logits: the
// CPU pipeline uses it for the forms the runtime's flash-attention kernel
// does not compute (additive scores, returned probabilities).
#include "../KerasToLinalg/LoweringUtils.h"
#include "kiln/Conversion/Passes.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/PatternMatch.h"

namespace kiln {
#define GEN_PASS_DEF_LOWERATTENTION
#include "kiln/Conversion/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {
using utils::IteratorType;
using BodyFn = function_ref<void(OpBuilder &, Location, ValueRange)>;

/// A zero-filled f32 tensor of `sizes`.
Value zeros(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes) {
  Value empty = tensor::EmptyOp::create(b, loc, sizes, b.getF32Type());
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
}

/// `value` as `type`, through a tensor.cast where the types differ.
Value castTo(OpBuilder &b, Location loc, Value value, Type type) {
  return value.getType() == type ? value : tensor::CastOp::create(b, loc, type, value).getResult();
}

LogicalResult lowerAttention(RewriterBase &rewriter, kiln::AttentionOp op) {
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
  Value query = op.getQuery(), key = op.getKey(), value = op.getValue(), mask = op.getMask();
  auto queryType = cast<RankedTensorType>(query.getType());
  auto keyType = cast<RankedTensorType>(key.getType());
  auto valueType = cast<RankedTensorType>(value.getType());
  int64_t hq = queryType.getDimSize(1);
  int64_t hkv = ShapedType::isDynamic(keyType.getDimSize(1)) ? valueType.getDimSize(1)
                                                             : keyType.getDimSize(1);
  if (ShapedType::isDynamic(hq) || ShapedType::isDynamic(hkv))
    return op.emitOpError("kiln-lower-attention needs static head counts");
  int64_t group = hq / hkv;

  rewriter.setInsertionPoint(op);
  OpFoldResult batch = tensor::getMixedSize(rewriter, loc, query, 0);
  OpFoldResult heads = rewriter.getIndexAttr(hq);
  OpFoldResult t = tensor::getMixedSize(rewriter, loc, query, 2);
  OpFoldResult s = tensor::getMixedSize(rewriter, loc, key, 2);
  SmallVector<OpFoldResult> logitSizes = {batch, heads, t, s};
  auto logitType = RankedTensorType::get(
      {queryType.getDimSize(0), hq, queryType.getDimSize(2), keyType.getDimSize(2)},
      rewriter.getF32Type());

  // score[b,h,i,j] = Σ_d query[b,h,i,d] · key[b,h/g,j,d]               (dot)
  //               or Σ_d w[d] · tanh(c · (query[b,h,i,d] + key[b,h/g,j,d]))  (additive)
  AffineExpr d0, d1, d2, d3, d4;
  bindDims(ctx, d0, d1, d2, d3, d4);
  AffineExpr kvHead = group == 1 ? d1 : d1.floorDiv(group);
  SmallVector<IteratorType> contraction(4, IteratorType::parallel);
  contraction.push_back(IteratorType::reduction);
  auto mulAdd = [](OpBuilder &b, Location l, ValueRange args) {
    Value product = arith::MulFOp::create(b, l, args[0], args[1]);
    linalg::YieldOp::create(b, l, ValueRange{arith::AddFOp::create(b, l, args[2], product)});
  };
  SmallVector<Value> scoreInputs = {query, key};
  SmallVector<AffineMap> scoreMaps = {AffineMap::get(5, 0, {d0, d1, d2, d4}, ctx),
                                      AffineMap::get(5, 0, {d0, kvHead, d3, d4}, ctx)};
  Value weights = op.getScoreWeights();
  if (weights) {
    scoreInputs.push_back(weights);
    scoreMaps.push_back(AffineMap::get(5, 0, {d4}, ctx));
  }
  scoreMaps.push_back(AffineMap::get(5, 0, {d0, d1, d2, d3}, ctx));
  float tanhScale = op.getTanhScale().convertToFloat();
  auto additiveTerm = [&](OpBuilder &b, Location l, ValueRange args) {
    Value x = arith::AddFOp::create(b, l, args[0], args[1]);
    if (tanhScale != 1.0f)
      x = arith::MulFOp::create(
          b, l, arith::ConstantOp::create(b, l, b.getF32FloatAttr(tanhScale)), x);
    Value term = math::TanhOp::create(b, l, x);
    if (weights)
      term = arith::MulFOp::create(b, l, args[2], term);
    linalg::YieldOp::create(b, l, ValueRange{arith::AddFOp::create(b, l, args.back(), term)});
  };
  Value logits =
      op.getScore() == kiln::AttentionScore::dot
          ? linalg::GenericOp::create(rewriter, loc, TypeRange{logitType}, scoreInputs,
                                      ValueRange{zeros(rewriter, loc, logitSizes)}, scoreMaps,
                                      contraction, mulAdd)
                .getResult(0)
          : linalg::GenericOp::create(rewriter, loc, TypeRange{logitType}, scoreInputs,
                                      ValueRange{zeros(rewriter, loc, logitSizes)}, scoreMaps,
                                      contraction, additiveTerm)
                .getResult(0);

  // Scale, mask and causal triangle, elementwise over [B, Hq, T, S].
  SmallVector<Value> maskInputs;
  SmallVector<AffineMap> maskMaps;
  bool boolMask = false;
  if (mask) {
    auto maskType = cast<RankedTensorType>(mask.getType());
    boolMask = maskType.getElementType().isInteger(1);
    if (!maskType.hasStaticShape())
      mask = kiln::lowering::broadcastDynamicDims(rewriter, loc,
                                                  op->getParentOfType<ModuleOp>(), mask,
                                                  logitSizes);
    SmallVector<AffineExpr> exprs;
    for (int64_t i = 0; i < 4; ++i)
      exprs.push_back(maskType.getDimSize(i) == 1 ? getAffineConstantExpr(0, ctx)
                                                  : getAffineDimExpr(i, ctx));
    maskInputs.push_back(mask);
    maskMaps.push_back(AffineMap::get(4, 0, exprs, ctx));
  }
  AffineMap identity = rewriter.getMultiDimIdentityMap(4);
  kiln::CausalMode causal = op.getCausal();
  // Key positions a query may see extend to i + (S - T) when bottom-right aligned.
  Value offset;
  if (causal == kiln::CausalMode::bottom_right)
    offset = arith::SubIOp::create(rewriter, loc,
                                   getValueOrCreateConstantIndexOp(rewriter, loc, s),
                                   getValueOrCreateConstantIndexOp(rewriter, loc, t));
  // The keep predicate at (b, h, i, j) in a body whose mask argument (when
  // the mask is i1) is `maskArg`; null when nothing is masked.
  auto keepAt = [&](OpBuilder &b, Location l, Value maskArg) -> Value {
    Value keep = boolMask ? maskArg : Value();
    if (causal != kiln::CausalMode::none) {
      Value i = linalg::IndexOp::create(b, l, 2);
      Value j = linalg::IndexOp::create(b, l, 3);
      Value last = offset ? arith::AddIOp::create(b, l, i, offset).getResult() : i;
      Value visible = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sle, j, last);
      keep = keep ? arith::AndIOp::create(b, l, keep, visible).getResult() : visible;
    }
    return keep;
  };
  auto elementwise = [&](Value x, BodyFn body) {
    SmallVector<Value> inputs = {x};
    llvm::append_range(inputs, maskInputs);
    SmallVector<AffineMap> maps = {identity};
    llvm::append_range(maps, maskMaps);
    maps.push_back(identity);
    return linalg::GenericOp::create(
               rewriter, loc, TypeRange{logitType}, inputs,
               ValueRange{
                   tensor::EmptyOp::create(rewriter, loc, logitSizes, rewriter.getF32Type())},
               maps, SmallVector<IteratorType>(4, IteratorType::parallel), body)
        .getResult(0);
  };
  Value scale = arith::ConstantOp::create(rewriter, loc, op.getScaleAttr());
  Value fill = arith::ConstantOp::create(rewriter, loc, op.getMaskFillAttr());
  Value scaled = elementwise(logits, [&](OpBuilder &b, Location l, ValueRange args) {
    Value x = arith::MulFOp::create(b, l, args[0], scale);
    if (mask && !boolMask)
      x = arith::AddFOp::create(b, l, x, args[1]);
    if (Value keep = keepAt(b, l, mask ? args[1] : Value()))
      x = arith::SelectOp::create(b, l, keep, x, fill);
    linalg::YieldOp::create(b, l, ValueRange{x});
  });

  // Softmax over the keys (decomposed later with the max subtraction).
  Value probs =
      linalg::SoftmaxOp::create(
          rewriter, loc, TypeRange{logitType}, scaled,
          tensor::EmptyOp::create(rewriter, loc, logitSizes, rewriter.getF32Type()), 3)
          .getResult()[0];
  // Masked probabilities set to 0 (Keras >= 3.10 Softmax-layer masking).
  if (op.getZeroMasked())
    probs = elementwise(probs, [&](OpBuilder &b, Location l, ValueRange args) {
      Value zero = arith::ConstantOp::create(b, l, b.getF32FloatAttr(0.0f));
      Value keep = keepAt(b, l, mask ? args[1] : Value());
      linalg::YieldOp::create(b, l, ValueRange{arith::SelectOp::create(b, l, keep, args[0], zero)});
    });

  // init[b,h,i,e] = Σ_j probs[b,h,i,j] · value[b,h/g,j,e], written into init.
  Value zero = arith::ConstantOp::create(rewriter, loc, rewriter.getF32FloatAttr(0.0f));
  Value out = linalg::FillOp::create(rewriter, loc, zero, op.getInit()).getResult(0);
  Value result =
      linalg::GenericOp::create(
          rewriter, loc, TypeRange{out.getType()}, ValueRange{probs, value}, ValueRange{out},
          ArrayRef<AffineMap>{AffineMap::get(5, 0, {d0, d1, d2, d4}, ctx),
                              AffineMap::get(5, 0, {d0, kvHead, d4, d3}, ctx),
                              AffineMap::get(5, 0, {d0, d1, d2, d3}, ctx)},
          contraction, mulAdd)
          .getResult(0);
  SmallVector<Value> results = {result};
  if (Value probsInit = op.getProbsInit())
    results.push_back(castTo(rewriter, loc, probs, probsInit.getType()));
  rewriter.replaceOp(op, results);
  return success();
}

struct LowerAttentionPass : kiln::impl::LowerAttentionBase<LowerAttentionPass> {
  using LowerAttentionBase::LowerAttentionBase;
  void runOnOperation() override {
    SmallVector<kiln::AttentionOp> ops;
    getOperation().walk([&](kiln::AttentionOp op) {
      if (op.hasPureTensorSemantics() && !(keepRuntimeForms && kiln::hasRuntimeKernel(op)))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (kiln::AttentionOp op : ops)
      if (failed(lowerAttention(rewriter, op)))
        return signalPassFailure();
  }
};
} // namespace
