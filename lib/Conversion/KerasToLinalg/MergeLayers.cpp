// Add, Subtract, Multiply, Average, Maximum, Minimum with Keras broadcasting:
// lower-rank inputs gain axes right after the batch axis, then numpy rules.
#include "LoweringUtils.h"
#include "Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace kiln::lowering;
namespace keras = kiln::keras;

namespace {

using Combine = Value (*)(OpBuilder &, Location, Value, Value);

template <typename OpTy>
struct MergeLowering : OpRewritePattern<OpTy> {
  MergeLowering(MLIRContext *ctx, Combine combine, bool average)
      : OpRewritePattern<OpTy>(ctx), combine(combine), average(average) {}

  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t rank = outType.getRank();
    SmallVector<Value> inputs;
    SmallVector<OpFoldResult> outSizes(rank, rewriter.getIndexAttr(1));
    for (Value input : op.getInputs()) {
      SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, input);
      sizes.insert(sizes.begin() + 1, rank - sizes.size(), rewriter.getIndexAttr(1));
      Value expanded = reshape(rewriter, loc, input, sizes);
      inputs.push_back(expanded);
      auto type = cast<RankedTensorType>(expanded.getType());
      for (int64_t d = 0; d < rank; ++d)
        if (type.getDimSize(d) != 1)
          outSizes[d] = sizes[d];
    }
    size_t count = inputs.size();
    Value y = elementwise(rewriter, loc, inputs, outType, outSizes,
                          [&](OpBuilder &b, Location l, ValueRange args) {
                            Value acc = args[0];
                            for (Value v : args.drop_front())
                              acc = combine(b, l, acc, v);
                            if (average)
                              acc = arith::DivFOp::create(
                                  b, l, acc, f32Constant(b, l, static_cast<double>(count)));
                            return acc;
                          });
    replaceWith(rewriter, op, y);
    return success();
  }

  Combine combine;
  bool average;
};

Value addF(OpBuilder &b, Location l, Value x, Value y) { return arith::AddFOp::create(b, l, x, y); }
Value subF(OpBuilder &b, Location l, Value x, Value y) { return arith::SubFOp::create(b, l, x, y); }
Value mulF(OpBuilder &b, Location l, Value x, Value y) { return arith::MulFOp::create(b, l, x, y); }
Value maxF(OpBuilder &b, Location l, Value x, Value y) {
  return arith::MaximumFOp::create(b, l, x, y);
}
Value minF(OpBuilder &b, Location l, Value x, Value y) {
  return arith::MinimumFOp::create(b, l, x, y);
}

} // namespace

void kiln::populateMergeLayerLowerings(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<MergeLowering<keras::AddOp>>(ctx, addF, false);
  patterns.add<MergeLowering<keras::SubtractOp>>(ctx, subF, false);
  patterns.add<MergeLowering<keras::MultiplyOp>>(ctx, mulF, false);
  patterns.add<MergeLowering<keras::AverageOp>>(ctx, addF, true);
  patterns.add<MergeLowering<keras::MaximumOp>>(ctx, maxF, false);
  patterns.add<MergeLowering<keras::MinimumOp>>(ctx, minF, false);
}
