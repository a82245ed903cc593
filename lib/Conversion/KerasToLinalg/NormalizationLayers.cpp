// Softmax, LayerNormalization and BatchNormalization (inference), computed in
// f32 with the formulas of shared/spec/keras-models.md §2.13-2.15.
#include "LoweringUtils.h"
#include "Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace kiln::lowering;
namespace keras = kiln::keras;

namespace {

Value addF(OpBuilder &b, Location l, Value x, Value y) { return arith::AddFOp::create(b, l, x, y); }

/// A parameter holding the input's dims at `axes`, reshaped to the input's
/// rank with 1 elsewhere so it broadcasts.
Value broadcastable(OpBuilder &b, Location loc, Value param, int64_t rank,
                    ArrayRef<int64_t> axes) {
  auto type = cast<RankedTensorType>(param.getType());
  SmallVector<OpFoldResult> sizes(rank, b.getIndexAttr(1));
  for (auto [i, a] : llvm::enumerate(axes))
    sizes[a] = b.getIndexAttr(type.getDimSize(i));
  return reshape(b, loc, param, sizes);
}

struct SoftmaxLowering : OpRewritePattern<keras::SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::SoftmaxOp op, PatternRewriter &rewriter) const override {
    replaceWith(rewriter, op, softmax(rewriter, op.getLoc(), op.getInput(), op.getAxes()));
    return success();
  }
};

/// y = (x - mean) * rsqrt(var + eps) * gamma + beta, biased variance, both
/// moments taken in two passes for accuracy.
struct LayerNormalizationLowering : OpRewritePattern<keras::LayerNormalizationOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::LayerNormalizationOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank();
    ArrayRef<int64_t> axes = op.getAxes();
    SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, x), reduced;
    for (int64_t a : axes)
      reduced.push_back(sizes[a]);
    Value count = indexToF32(rewriter, loc, productOf(rewriter, loc, reduced));
    Value sum = reduce(rewriter, loc, x, axes, 0.0, addF);
    Value mean = keepDims(rewriter, loc, sum, x, axes);
    Value centered = elementwise(rewriter, loc, {x, mean}, type, sizes,
                                 [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                                   return arith::SubFOp::create(
                                       b, l, a[0], arith::DivFOp::create(b, l, a[1], count));
                                 });
    Value sumSq = reduce(rewriter, loc, centered, axes, 0.0,
                         [](OpBuilder &b, Location l, Value v, Value acc) -> Value {
                           return arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, v, v),
                                                        acc);
                         });
    Value var = keepDims(rewriter, loc, sumSq, x, axes);
    double eps = op.getEpsilon().convertToDouble();
    SmallVector<Value> inputs{centered, var};
    if (op.getGamma())
      inputs.push_back(broadcastable(rewriter, loc, op.getGamma(), rank, axes));
    if (op.getBeta())
      inputs.push_back(broadcastable(rewriter, loc, op.getBeta(), rank, axes));
    bool hasGamma = static_cast<bool>(op.getGamma()), hasBeta = static_cast<bool>(op.getBeta());
    Value y = elementwise(
        rewriter, loc, inputs, type, sizes, [&](OpBuilder &b, Location l, ValueRange a) {
          Value variance = arith::DivFOp::create(b, l, a[1], count);
          Value inv = math::RsqrtOp::create(
              b, l, arith::AddFOp::create(b, l, variance, f32Constant(b, l, eps)));
          Value v = arith::MulFOp::create(b, l, a[0], inv);
          if (hasGamma)
            v = arith::MulFOp::create(b, l, v, a[2]);
          if (hasBeta)
            v = arith::AddFOp::create(b, l, v, a[hasGamma ? 3 : 2]);
          return v;
        });
    replaceWith(rewriter, op, y);
    return success();
  }
};

/// inv = rsqrt(moving_variance + eps) * gamma; y = x * inv + (beta - mean * inv).
struct BatchNormalizationLowering : OpRewritePattern<keras::BatchNormalizationOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::BatchNormalizationOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank(), axis = op.getAxis();
    SmallVector<Value> inputs{x, broadcastable(rewriter, loc, op.getMovingMean(), rank, {axis}),
                              broadcastable(rewriter, loc, op.getMovingVariance(), rank, {axis})};
    bool hasGamma = static_cast<bool>(op.getGamma()), hasBeta = static_cast<bool>(op.getBeta());
    if (hasGamma)
      inputs.push_back(broadcastable(rewriter, loc, op.getGamma(), rank, {axis}));
    if (hasBeta)
      inputs.push_back(broadcastable(rewriter, loc, op.getBeta(), rank, {axis}));
    double eps = op.getEpsilon().convertToDouble();
    Value y = elementwise(
        rewriter, loc, inputs, type, sizesOf(rewriter, loc, x),
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value inv = math::RsqrtOp::create(
              b, l, arith::AddFOp::create(b, l, a[2], f32Constant(b, l, eps)));
          if (hasGamma)
            inv = arith::MulFOp::create(b, l, inv, a[3]);
          Value shift = arith::NegFOp::create(b, l, arith::MulFOp::create(b, l, a[1], inv));
          if (hasBeta)
            shift = arith::AddFOp::create(b, l, shift, a[hasGamma ? 4 : 3]);
          return arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, a[0], inv), shift);
        });
    replaceWith(rewriter, op, y);
    return success();
  }
};

} // namespace

void kiln::populateNormalizationLayerLowerings(RewritePatternSet &patterns) {
  patterns.add<SoftmaxLowering, LayerNormalizationLowering, BatchNormalizationLowering>(
      patterns.getContext());
}
