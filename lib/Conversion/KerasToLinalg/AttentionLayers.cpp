// Attention, AdditiveAttention, MultiHeadAttention and GroupQueryAttention,
// decomposed into primitive tensor IR (spec §2.25-§2.27): projections and the
// two attention products are kiln.matmul (oneDNN), the scale and the masks
// are elementwise linalg.generic ops, the normalisation is linalg.softmax.
// The sequence matmul → scale → mask → softmax → matmul is kept plain so that
// a later pass can recognise it.
//
// Masking constants follow the spec: Attention/AdditiveAttention subtract
// 1e9 from masked scores (§2.25); MHA/GQA replace masked logits by -1e9 (or,
// with additive_mask, subtract 1e9 as tf.keras and Keras <= 3.9 do) and,
// with zero_masked_probs, zero the masked probabilities afterwards (§2.13,
// §2.26). Replacing by -1e9 instead of the fast path's -0.7·FLT_MAX gives
// the same float32 softmax: masked entries of a partly masked row underflow
// to 0 either way, and a fully masked row is uniform either way.
//
// The attention scores (return_attention_scores) are the softmax output (after
// the zeroing), so kiln-fuse-attention can return them from the fused op.
// MHA inputs of any rank attend over `attention_axes` as one flattened
// sequence: the other inner axes join the batch, the attended ones of query
// and key each become one sequence axis, so the attention is again the one
// chain above (spec §2.26, Keras' `_build_attention_equation`).
#include "LoweringUtils.h"
#include "Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include <cmath>
#include <functional>

using namespace mlir;
using namespace kiln::lowering;
namespace keras = kiln::keras;

namespace {

constexpr double kAttentionMaskPenalty = 1e9;

/// A linalg.generic producing `resultType` with the given input maps over
/// `numLoops` loops; the result map is the identity on the first
/// result-rank loops, the rest reduce (accumulating into `init`).
Value generic(OpBuilder &b, Location loc, ValueRange inputs, ArrayRef<AffineMap> inputMaps,
              Value init, unsigned numLoops, BodyBuilder body) {
  auto resultType = cast<RankedTensorType>(init.getType());
  unsigned rank = resultType.getRank();
  SmallVector<AffineMap> maps(inputMaps.begin(), inputMaps.end());
  maps.push_back(AffineMap::getMinorIdentityMap(numLoops, rank, b.getContext()));
  if (rank < numLoops)
    maps.back() = AffineMap::getMultiDimIdentityMap(numLoops, b.getContext())
                      .getMajorSubMap(rank);
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  iterators.append(numLoops - rank, utils::IteratorType::reduction);
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(nb, nloc, body(nb, nloc, args));
      });
  return op.getResult(0);
}

AffineMap dimsMap(OpBuilder &b, unsigned numLoops, ArrayRef<unsigned> dims) {
  SmallVector<AffineExpr> exprs;
  for (unsigned d : dims)
    exprs.push_back(b.getAffineDimExpr(d));
  return AffineMap::get(numLoops, 0, exprs, b.getContext());
}

/// The map over (b, i, j) of an attention_mask that broadcasts against
/// (B, Tq, Tk) as numpy does: rank 2 (Tq, Tk) or 3, unit dims read at 0.
AffineMap attentionMaskMap(OpBuilder &b, Value mask) {
  if (!mask)
    return {};
  auto type = cast<RankedTensorType>(mask.getType());
  int64_t lead = 3 - type.getRank();
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < type.getRank(); ++i)
    exprs.push_back(type.getDimSize(i) == 1 ? b.getAffineConstantExpr(0)
                                            : b.getAffineDimExpr(lead + i));
  return AffineMap::get(3, 0, exprs, b.getContext());
}

/// The (B, Tq, Tk) i1 keep-mask: the AND of the given masks (each with its
/// map over (b, i, j)) and, with `causal`, of j <= i. Null when nothing masks.
Value keepMask(OpBuilder &b, Location loc, ArrayRef<std::pair<Value, AffineMap>> masks,
               bool causal, ArrayRef<OpFoldResult> sizes) {
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  auto module = b.getInsertionBlock()->getParentOp()->getParentOfType<ModuleOp>();
  for (auto [m, map] : masks)
    if (m) {
      // A mask fed as its own model input meets the scores' dynamic dims
      // only at run time: a 1 there broadcasts, another size fails the run
      // (and no read leaves the mask).
      SmallVector<OpFoldResult> target;
      for (AffineExpr e : map.getResults())
        target.push_back(isa<AffineDimExpr>(e) ? sizes[cast<AffineDimExpr>(e).getPosition()]
                                               : b.getIndexAttr(1));
      inputs.push_back(broadcastDynamicDims(b, loc, module, m, target));
      maps.push_back(map);
    }
  if (inputs.empty() && !causal)
    return {};
  RankedTensorType type = typeWithSizes(b.getI1Type(), sizes);
  Value init = emptyTensor(b, loc, type, sizes);
  return generic(b, loc, inputs, maps, init, 3,
                 [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
                   Value keep;
                   auto conjoin = [&](Value v) {
                     keep = keep ? arith::AndIOp::create(nb, l, keep, v).getResult() : v;
                   };
                   for (Value a : args.take_front(inputs.size()))
                     conjoin(a);
                   if (causal) {
                     Value i = linalg::IndexOp::create(nb, l, 1);
                     Value j = linalg::IndexOp::create(nb, l, 2);
                     conjoin(arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ule, j, i));
                   }
                   return keep;
                 });
}

/// Applies a (B, T, S) keep-mask to scores of rank 3 (B, T, S) or 4
/// (B, N, T, S): masked entries x become masked(x).
Value applyKeepMask(OpBuilder &b, Location loc, Value scores, Value keep,
                    std::function<Value(OpBuilder &, Location, Value)> masked) {
  auto type = cast<RankedTensorType>(scores.getType());
  unsigned rank = type.getRank();
  AffineMap maskMap = rank == 3 ? dimsMap(b, 3, {0, 1, 2}) : dimsMap(b, 4, {0, 2, 3});
  Value init = emptyTensor(b, loc, type, sizesOf(b, loc, scores));
  return generic(b, loc, {scores, keep}, {b.getMultiDimIdentityMap(rank), maskMap}, init, rank,
                 [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
                   return arith::SelectOp::create(nb, l, args[1], args[0],
                                                  masked(nb, l, args[0]));
                 });
}

//===----------------------------------------------------------------------===//
// Attention and AdditiveAttention
//===----------------------------------------------------------------------===//

/// Σ_d w_d · tanh(c · (q[b,i,d] + k[b,j,d])) as one reduction generic;
/// `scaleVector` (D) gives w, else w = 1; `inner` (a 0-d tensor) is c, null
/// for 1. Weights stay tensors read through the generic's maps (a
/// tensor.extract of a dense_resource weight cannot fold).
Value additiveScores(OpBuilder &b, Location loc, Value q, Value k, Value scaleVector,
                     Value inner) {
  SmallVector<OpFoldResult> qs = sizesOf(b, loc, q), ks = sizesOf(b, loc, k);
  SmallVector<OpFoldResult> sizes{qs[0], qs[1], ks[1]};
  RankedTensorType type = typeWithSizes(b.getF32Type(), sizes);
  Value init = linalg::FillOp::create(b, loc, f32Constant(b, loc, 0.0),
                                      emptyTensor(b, loc, type, sizes))
                   .getResult(0);
  SmallVector<Value> inputs{q, k};
  SmallVector<AffineMap> maps{dimsMap(b, 4, {0, 1, 3}), dimsMap(b, 4, {0, 2, 3})};
  if (scaleVector) {
    inputs.push_back(scaleVector);
    maps.push_back(dimsMap(b, 4, {3}));
  }
  if (inner) {
    inputs.push_back(inner);
    maps.push_back(dimsMap(b, 4, {}));
  }
  return generic(b, loc, inputs, maps, init, 4,
                 [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
                   Value sum = arith::AddFOp::create(nb, l, args[0], args[1]);
                   if (inner)
                     sum = arith::MulFOp::create(nb, l, args[inputs.size() - 1], sum);
                   Value t = math::TanhOp::create(nb, l, sum);
                   if (scaleVector)
                     t = arith::MulFOp::create(nb, l, args[2], t);
                   return arith::AddFOp::create(nb, l, args.back(), t);
                 });
}

/// x times a constant.
Value multiplyByConstant(OpBuilder &b, Location loc, Value x, double factor) {
  auto type = cast<RankedTensorType>(x.getType());
  return elementwise(b, loc, {x}, type, sizesOf(b, loc, x),
                     [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
                       return arith::MulFOp::create(nb, l, a[0], f32Constant(nb, l, factor));
                     });
}

/// x times a 0-d weight tensor, broadcast by the generic's map.
Value multiplyByScalarTensor(OpBuilder &b, Location loc, Value x, Value scalar) {
  auto type = cast<RankedTensorType>(x.getType());
  unsigned rank = type.getRank();
  Value init = emptyTensor(b, loc, type, sizesOf(b, loc, x));
  return generic(b, loc, {x, scalar}, {b.getMultiDimIdentityMap(rank), dimsMap(b, rank, {})},
                 init, rank, [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                   return arith::MulFOp::create(nb, l, a[0], a[1]);
                 });
}

/// Replaces `op` by `values`, one per result it has (extra values, for
/// results the op lacks, are dropped), casting where lowering derived a more
/// static type.
void replaceResults(PatternRewriter &rewriter, Operation *op, ArrayRef<Value> values) {
  SmallVector<Value> results;
  for (auto [result, value] : llvm::zip_first(op->getResults(), values))
    results.push_back(value.getType() == result.getType()
                          ? value
                          : tensor::CastOp::create(rewriter, op->getLoc(), result.getType(),
                                                   value)
                                .getResult());
  rewriter.replaceOp(op, results);
}

/// The part shared by Attention and AdditiveAttention once the scores exist:
/// the output and the attention weights.
std::pair<Value, Value> finishLuong(OpBuilder &b, Location loc, Value scores, Value value,
                                    Value queryMask, Value valueMask, bool causal) {
  SmallVector<OpFoldResult> sizes = sizesOf(b, loc, scores);
  Value keep = keepMask(b, loc, {{valueMask, dimsMap(b, 3, {0, 2})}}, causal, sizes);
  if (keep)
    scores = applyKeepMask(b, loc, scores, keep, [](OpBuilder &nb, Location l, Value x) -> Value {
      return arith::SubFOp::create(nb, l, x, f32Constant(nb, l, kAttentionMaskPenalty));
    });
  Value weights = softmax(b, loc, scores, {2});
  Value out = matmul(b, loc, weights, value, Value());
  if (queryMask) {
    auto type = cast<RankedTensorType>(out.getType());
    Value init = emptyTensor(b, loc, type, sizesOf(b, loc, out));
    out = generic(b, loc, {out, queryMask}, {b.getMultiDimIdentityMap(3), dimsMap(b, 3, {0, 1})},
                  init, 3, [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                    return arith::SelectOp::create(nb, l, a[1], a[0], f32Constant(nb, l, 0.0));
                  });
  }
  return {out, weights};
}

struct AttentionLowering : OpRewritePattern<keras::AttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::AttentionOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value q = op.getQuery(), v = op.getValue();
    Value k = op.getKey() ? op.getKey() : v;
    Value scale = op.getScale();
    Value scores;
    if (op.getScoreMode() == "dot") {
      scores = matmul(rewriter, loc, q, transpose(rewriter, loc, k, {0, 2, 1}), Value());
      if (scale)
        scores = multiplyByScalarTensor(rewriter, loc, scores, scale);
    } else {
      scores = additiveScores(rewriter, loc, q, k, Value(), scale);
      scores = multiplyByScalarTensor(rewriter, loc, scores, op.getConcatScoreWeight());
    }
    auto [out, weights] = finishLuong(rewriter, loc, scores, v, op.getQueryMask(),
                                      op.getValueMask(), op.getUseCausalMask());
    replaceResults(rewriter, op, {out, weights});
    return success();
  }
};

struct AdditiveAttentionLowering : OpRewritePattern<keras::AdditiveAttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::AdditiveAttentionOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value q = op.getQuery(), v = op.getValue();
    Value k = op.getKey() ? op.getKey() : v;
    Value scores = additiveScores(rewriter, loc, q, k, op.getScale(), Value());
    auto [out, weights] = finishLuong(rewriter, loc, scores, v, op.getQueryMask(),
                                      op.getValueMask(), op.getUseCausalMask());
    replaceResults(rewriter, op, {out, weights});
    return success();
  }
};

//===----------------------------------------------------------------------===//
// MultiHeadAttention and GroupQueryAttention
//===----------------------------------------------------------------------===//

/// x (B, ..., D) · kernel (D, N, H) + bias (N, H) -> (B, ..., N, H).
Value project(OpBuilder &b, Location loc, Value x, Value kernel, Value bias,
              kiln::FusedActivation activation = kiln::FusedActivation::none) {
  SmallVector<OpFoldResult> xs = sizesOf(b, loc, x);
  ArrayRef<int64_t> ks = cast<RankedTensorType>(kernel.getType()).getShape();
  ArrayRef<OpFoldResult> lead = ArrayRef<OpFoldResult>(xs).drop_back();
  Value rows = reshape(b, loc, x, {productOf(b, loc, lead), xs.back()});
  Value w = reshape(b, loc, kernel, {b.getIndexAttr(ks[0]), b.getIndexAttr(ks[1] * ks[2])});
  Value flatBias = bias ? reshape(b, loc, bias, {b.getIndexAttr(ks[1] * ks[2])}) : Value();
  Value y = matmul(b, loc, rows, w, flatBias, activation);
  SmallVector<OpFoldResult> sizes(lead);
  sizes.append({b.getIndexAttr(ks[1]), b.getIndexAttr(ks[2])});
  return reshape(b, loc, y, sizes);
}

/// (B, S, Nkv, H) -> (B, Nkv·g, S, H) with head u reading kv head u / g.
Value headsFirstRepeated(OpBuilder &b, Location loc, Value x, int64_t groups) {
  Value t = transpose(b, loc, x, {0, 2, 1, 3});
  if (groups == 1)
    return t;
  SmallVector<OpFoldResult> s = sizesOf(b, loc, t);
  Value expanded = reshape(b, loc, t, {s[0], s[1], b.getIndexAttr(1), s[2], s[3]});
  SmallVector<OpFoldResult> rs{s[0], s[1], b.getIndexAttr(groups), s[2], s[3]};
  Value repeated = elementwise(b, loc, {expanded}, typeWithSizes(b.getF32Type(), rs), rs,
                               [](OpBuilder &, Location, ValueRange a) { return a[0]; });
  int64_t heads = *getConstantIntValue(s[1]) * groups;
  return reshape(b, loc, repeated, {s[0], b.getIndexAttr(heads), s[2], s[3]});
}

/// Which axes of a projected (B, inner..., N, H) tensor of rank r + 1 are
/// attended: the permutation to (B, other inner..., N, attended..., H) and
/// the two groups of inner axes.
struct AttentionLayout {
  SmallVector<int64_t> perm, other, attended;
  AttentionLayout(int64_t inputRank, ArrayRef<int64_t> axes) {
    for (int64_t i = 1; i + 1 < inputRank; ++i)
      (llvm::is_contained(axes, i) ? attended : other).push_back(i);
    perm.push_back(0);
    llvm::append_range(perm, other);
    perm.push_back(inputRank - 1); // heads
    llvm::append_range(perm, attended);
    perm.push_back(inputRank); // head dim
  }
  /// Sizes of `dims` among `sizes`.
  static SmallVector<OpFoldResult> pick(ArrayRef<OpFoldResult> sizes, ArrayRef<int64_t> dims) {
    SmallVector<OpFoldResult> picked;
    for (int64_t d : dims)
      picked.push_back(sizes[d]);
    return picked;
  }
};

/// The output and attention scores of MHA/GQA, by the explicit path
/// (spec §2.26): Q scaled by 1/√keyDim before Q·Kᵀ, masked logits replaced,
/// optionally masked probabilities zeroed. `axes` are the attended axes of
/// the inputs (3-D inputs for grouped heads and masks).
template <typename OpTy>
std::pair<Value, Value> lowerProjected(OpTy op, PatternRewriter &b, int64_t keyDim,
                                       ArrayRef<int64_t> axes) {
  Location loc = op.getLoc();
  Value query = op.getQuery(), value = op.getValue();
  Value key = op.getKey() ? op.getKey() : value;
  int64_t heads = cast<RankedTensorType>(op.getQueryKernel().getType()).getDimSize(1);
  int64_t kvHeads = cast<RankedTensorType>(op.getKeyKernel().getType()).getDimSize(1);
  int64_t groups = heads / kvHeads;
  int64_t rank = cast<RankedTensorType>(query.getType()).getRank();
  AttentionLayout layout(rank, axes);

  Value q = project(b, loc, query, op.getQueryKernel(), op.getQueryBias());
  Value k = project(b, loc, key, op.getKeyKernel(), op.getKeyBias());
  Value v = project(b, loc, value, op.getValueKernel(), op.getValueBias());
  // The explicit path scales the query before Q·Kᵀ (spec §2.26, §4.6).
  q = multiplyByConstant(b, loc, q, 1.0 / std::sqrt(double(keyDim)));

  // The other inner axes join the batch (B'), heads merge with it, the
  // attended axes flatten into T and S: (B'·N, T, H), (B'·N, H, S),
  // (B'·N, S, Hv).
  SmallVector<OpFoldResult> qs = sizesOf(b, loc, q), ks = sizesOf(b, loc, k),
                            vs = sizesOf(b, loc, v);
  SmallVector<OpFoldResult> batchDims{qs[0]};
  llvm::append_range(batchDims, AttentionLayout::pick(qs, layout.other));
  OpFoldResult batch = productOf(b, loc, batchDims);
  OpFoldResult bn = productOf(b, loc, {batch, b.getIndexAttr(heads)});
  OpFoldResult T = productOf(b, loc, AttentionLayout::pick(qs, layout.attended));
  OpFoldResult S = productOf(b, loc, AttentionLayout::pick(ks, layout.attended));
  Value qh = reshape(b, loc, transpose(b, loc, q, layout.perm), {bn, T, qs.back()});
  Value kh, vh;
  if (groups == 1) {
    // (B, other..., N, H, attended...)
    SmallVector<int64_t> kPerm(layout.perm.begin(),
                               layout.perm.end() - layout.attended.size() - 1);
    kPerm.push_back(rank);
    llvm::append_range(kPerm, layout.attended);
    kh = reshape(b, loc, transpose(b, loc, k, kPerm), {bn, ks.back(), S});
    vh = reshape(b, loc, transpose(b, loc, v, layout.perm), {bn, S, vs.back()});
  } else {
    // Grouped heads (3-D inputs): each kv head repeated for its query heads.
    Value kr = transpose(b, loc, headsFirstRepeated(b, loc, k, groups), {0, 1, 3, 2});
    kh = reshape(b, loc, kr, {bn, ks.back(), S});
    vh = reshape(b, loc, headsFirstRepeated(b, loc, v, groups), {bn, S, vs.back()});
  }

  Value logits = matmul(b, loc, qh, kh, Value()); // (B'·N, T, S)
  logits = reshape(b, loc, logits, {batch, b.getIndexAttr(heads), T, S});

  // Masks exist for 3-D inputs only (B' = B).
  SmallVector<OpFoldResult> maskSizes{qs[0], T, S};
  Value keep = keepMask(b, loc,
                        {{op.getAttentionMask(), attentionMaskMap(b, op.getAttentionMask())},
                         {op.getQueryMask(), dimsMap(b, 3, {0, 1})},
                         {op.getValueMask(), dimsMap(b, 3, {0, 2})},
                         {op.getKeyMask(), dimsMap(b, 3, {0, 2})}},
                        op.getUseCausalMask(), maskSizes);
  if (keep)
    logits = applyKeepMask(b, loc, logits, keep,
                           [additive = op.getAdditiveMask()](OpBuilder &nb, Location l,
                                                             Value x) -> Value {
                             Value penalty = f32Constant(nb, l, -kAttentionMaskPenalty);
                             return additive ? arith::AddFOp::create(nb, l, x, penalty).getResult()
                                             : penalty;
                           });
  Value probs = softmax(b, loc, logits, {3});
  if (keep && op.getZeroMaskedProbs())
    probs = applyKeepMask(b, loc, probs, keep, [](OpBuilder &nb, Location l, Value) -> Value {
      return f32Constant(nb, l, 0.0);
    });

  Value o = matmul(b, loc, reshape(b, loc, probs, {bn, T, S}), vh, Value()); // (B'·N, T, Hv)
  // The scores in Keras' layout: a pure reshape of (B', N, T, S), after P·V
  // (kiln-fuse-attention replaces uses of the probabilities that follow the
  // product by the fused op's result).
  Value scores;
  if (op.getScores()) {
    SmallVector<OpFoldResult> scoreSizes(batchDims);
    scoreSizes.push_back(b.getIndexAttr(heads));
    llvm::append_range(scoreSizes, AttentionLayout::pick(qs, layout.attended));
    llvm::append_range(scoreSizes, AttentionLayout::pick(ks, layout.attended));
    scores = reshape(b, loc, probs, scoreSizes);
    // The attended axes in the order attention_axes gives them (the layout
    // above has them increasing).
    if (!llvm::is_sorted(axes)) {
      int64_t lead = int64_t(batchDims.size()) + 1, n = int64_t(axes.size());
      SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, lead));
      for (int64_t part = 0; part < 2; ++part)
        for (int64_t a : axes)
          perm.push_back(lead + part * n + (llvm::find(layout.attended, a) - layout.attended.begin()));
      scores = transpose(b, loc, scores, perm);
    }
  }
  // Back to (B, inner..., N, Hv): unflatten, then undo the permutation.
  SmallVector<OpFoldResult> permuted;
  for (int64_t p : layout.perm)
    permuted.push_back(qs[p]);
  permuted.back() = vs.back();
  o = reshape(b, loc, o, permuted);
  SmallVector<int64_t> inverse(layout.perm.size());
  for (auto [i, p] : llvm::enumerate(layout.perm))
    inverse[p] = i;
  o = transpose(b, loc, o, inverse);
  // use_gate (Keras >= 3.14): O ⊙= sigmoid(query·Wg + bg), in O's layout.
  if (op.getGateKernel()) {
    Value gate = project(b, loc, query, op.getGateKernel(), op.getGateBias(),
                         kiln::FusedActivation::sigmoid);
    o = elementwise(b, loc, {o, gate}, cast<RankedTensorType>(o.getType()), sizesOf(b, loc, o),
                    [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                      return arith::MulFOp::create(nb, l, a[0], a[1]);
                    });
  }
  ArrayRef<int64_t> oks = cast<RankedTensorType>(op.getOutputKernel().getType()).getShape();
  int64_t outputSize = 1;
  for (int64_t d : oks.drop_front(2))
    outputSize *= d;
  SmallVector<OpFoldResult> lead(ArrayRef<OpFoldResult>(qs).drop_back(2));
  Value rows = reshape(b, loc, o, {productOf(b, loc, lead), b.getIndexAttr(oks[0] * oks[1])});
  Value wo = reshape(b, loc, op.getOutputKernel(),
                     {b.getIndexAttr(oks[0] * oks[1]), b.getIndexAttr(outputSize)});
  Value bo = op.getOutputBias()
                 ? reshape(b, loc, op.getOutputBias(), {b.getIndexAttr(outputSize)})
                 : Value();
  Value y = matmul(b, loc, rows, wo, bo);
  SmallVector<OpFoldResult> outSizes(lead);
  for (int64_t d : oks.drop_front(2))
    outSizes.push_back(b.getIndexAttr(d));
  return {reshape(b, loc, y, outSizes), scores};
}

struct MultiHeadAttentionLowering : OpRewritePattern<keras::MultiHeadAttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::MultiHeadAttentionOp op,
                                PatternRewriter &rewriter) const override {
    auto [out, scores] = lowerProjected(op, rewriter, op.getKeyDim(), op.getAttendedAxes());
    replaceResults(rewriter, op, {out, scores});
    return success();
  }
};

struct GroupedQueryAttentionLowering : OpRewritePattern<keras::GroupedQueryAttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::GroupedQueryAttentionOp op,
                                PatternRewriter &rewriter) const override {
    auto [out, scores] = lowerProjected(op, rewriter, op.getHeadDim(), {1});
    replaceResults(rewriter, op, {out, scores});
    return success();
  }
};

} // namespace

void kiln::populateAttentionLayerLowerings(RewritePatternSet &patterns) {
  patterns.add<AttentionLowering, AdditiveAttentionLowering, MultiHeadAttentionLowering,
               GroupedQueryAttentionLowering>(patterns.getContext());
}
