// Add, Subtract, Multiply, Average, Maximum, Minimum with Keras broadcasting:
// lower-rank inputs gain axes right after the batch axis, then numpy rules.
#include "LoweringUtils.h"
#include "Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

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
    SmallVector<SmallVector<OpFoldResult>> inputSizes;
    for (Value input : op.getInputs()) {
      SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, input);
      sizes.insert(sizes.begin() + 1, rank - sizes.size(), rewriter.getIndexAttr(1));
      inputs.push_back(reshape(rewriter, loc, input, sizes));
      inputSizes.push_back(sizesOf(rewriter, loc, inputs.back()));
    }
    // Output dims: a static size other than 1 wins; dynamic ones are the max
    // over the inputs (a runtime 1 broadcasts, as in numpy).
    SmallVector<OpFoldResult> outSizes(rank, rewriter.getIndexAttr(1));
    for (int64_t d = 0; d < rank; ++d) {
      if (!outType.isDynamicDim(d)) {
        outSizes[d] = rewriter.getIndexAttr(outType.getDimSize(d));
        continue;
      }
      Value size;
      for (auto &sizes : inputSizes) {
        if (isConstantIntValue(sizes[d], 1))
          continue;
        Value v = getValueOrCreateConstantIndexOp(rewriter, loc, sizes[d]);
        size = size ? arith::MaxUIOp::create(rewriter, loc, size, v).getResult() : v;
      }
      outSizes[d] = size ? OpFoldResult(size) : rewriter.getIndexAttr(1);
    }
    // The fast generic maps dynamic dims one to one; it is right when every
    // dynamic input dim equals the output's. Otherwise some input is 1 at run
    // time where others are not, and a gather-style generic broadcasts it.
    Value allEqual;
    for (auto &sizes : inputSizes)
      for (int64_t d = 0; d < rank; ++d)
        if (!getConstantIntValue(sizes[d])) {
          Value eq = arith::CmpIOp::create(
              rewriter, loc, arith::CmpIPredicate::eq, cast<Value>(sizes[d]),
              getValueOrCreateConstantIndexOp(rewriter, loc, outSizes[d]));
          allEqual = allEqual ? arith::AndIOp::create(rewriter, loc, allEqual, eq).getResult()
                              : eq;
        }
    auto combineAll = [&](OpBuilder &b, Location l, ValueRange args) {
      Value acc = args[0];
      for (Value v : args.drop_front())
        acc = combine(b, l, acc, v);
      if (average)
        acc = arith::DivFOp::create(
            b, l, acc, f32Constant(b, l, static_cast<double>(args.size())));
      return acc;
    };
    auto fast = [&](OpBuilder &b, Location l) {
      return elementwise(b, l, inputs, outType, outSizes, combineAll);
    };
    Value y;
    if (!allEqual) {
      y = fast(rewriter, loc);
    } else {
      auto branch = scf::IfOp::create(
          rewriter, loc, allEqual,
          [&](OpBuilder &b, Location l) { scf::YieldOp::create(b, l, fast(b, l)); },
          [&](OpBuilder &b, Location l) {
            scf::YieldOp::create(b, l,
                                 runtimeBroadcasting(b, l, op->template getParentOfType<ModuleOp>(),
                                                     inputs, inputSizes, outType, outSizes,
                                                     combineAll));
          });
      // FuseAttention reads the then-region as the step (KilnOps.h).
      branch->setAttr(kiln::kRuntimeBroadcastAttrName, rewriter.getUnitAttr());
      y = branch.getResult(0);
    }
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
