// Flatten, Reshape, Permute, RepeatVector and Concatenate: data movement only.
#include "LoweringUtils.h"
#include "Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace kiln::lowering;
namespace keras = kiln::keras;

namespace {

struct FlattenLowering : OpRewritePattern<keras::FlattenOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::FlattenOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, op.getInput());
    Value flat = reshape(rewriter, loc, op.getInput(),
                         {sizes[0], productOf(rewriter, loc, ArrayRef(sizes).drop_front())});
    replaceWith(rewriter, op, flat);
    return success();
  }
};

/// The target shape is the result type; a dynamic non-batch dim (Keras' -1
/// over a dynamic input) is what remains of the element count.
struct ReshapeLowering : OpRewritePattern<keras::ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::ReshapeOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outType = cast<RankedTensorType>(op.getType());
    SmallVector<OpFoldResult> inSizes = sizesOf(rewriter, loc, op.getInput());
    SmallVector<OpFoldResult> outSizes{inSizes[0]};
    int64_t known = 1, unknownAt = -1;
    for (int64_t d = 1; d < outType.getRank(); ++d) {
      int64_t dim = outType.getDimSize(d);
      if (ShapedType::isDynamic(dim)) {
        unknownAt = d;
        outSizes.push_back(rewriter.getIndexAttr(0));
      } else {
        known *= dim;
        outSizes.push_back(rewriter.getIndexAttr(dim));
      }
    }
    if (unknownAt > 0) {
      Value total = getValueOrCreateConstantIndexOp(
          rewriter, loc, productOf(rewriter, loc, ArrayRef(inSizes).drop_front()));
      Value knownV = arith::ConstantIndexOp::create(rewriter, loc, known);
      outSizes[unknownAt] = arith::DivUIOp::create(rewriter, loc, total, knownV).getResult();
    }
    replaceWith(rewriter, op, reshape(rewriter, loc, op.getInput(), outSizes));
    return success();
  }
};

struct PermuteLowering : OpRewritePattern<keras::PermuteOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::PermuteOp op, PatternRewriter &rewriter) const override {
    replaceWith(rewriter, op,
                transpose(rewriter, op.getLoc(), op.getInput(), op.getPermutation()));
    return success();
  }
};

struct RepeatVectorLowering : OpRewritePattern<keras::RepeatVectorOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::RepeatVectorOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, op.getInput());
    auto outType = cast<RankedTensorType>(op.getType());
    Value init = emptyTensor(rewriter, loc, outType,
                             {sizes[0], rewriter.getIndexAttr(op.getN()), sizes[1]});
    Value y = linalg::BroadcastOp::create(rewriter, loc, op.getInput(), init,
                                          ArrayRef<int64_t>{1})
                  .getResult()[0];
    replaceWith(rewriter, op, y);
    return success();
  }
};

struct ConcatenateLowering : OpRewritePattern<keras::ConcatenateOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::ConcatenateOp op,
                                PatternRewriter &rewriter) const override {
    replaceWith(rewriter, op,
                concatenate(rewriter, op.getLoc(), op.getInputs(), op.getAxis(),
                            cast<RankedTensorType>(op.getType())));
    return success();
  }
};

} // namespace

void kiln::populateShapeLayerLowerings(RewritePatternSet &patterns) {
  patterns.add<FlattenLowering, ReshapeLowering, PermuteLowering, RepeatVectorLowering,
               ConcatenateLowering>(patterns.getContext());
}
