// The ops that combine Keras masks where tensors meet (merge layers,
// Concatenate). Masks are i1 tensors, so these are elementwise logic, a fill
// and data movement.
#include "LoweringUtils.h"
#include "Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;
using namespace kiln::lowering;
namespace keras = kiln::keras;

namespace {

/// mask_or / mask_and: one linalg.generic folding all masks with `LogicOp`.
template <typename OpTy, typename LogicOp>
struct MaskLogicalLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ValueRange masks = op.getMasks();
    Value mask = elementwise(rewriter, loc, masks, cast<RankedTensorType>(op.getType()),
                             sizesOf(rewriter, loc, masks.front()),
                             [](OpBuilder &b, Location l, ValueRange args) {
                               Value acc = args.front();
                               for (Value v : args.drop_front())
                                 acc = LogicOp::create(b, l, acc, v);
                               return acc;
                             });
    replaceWith(rewriter, op, mask);
    return success();
  }
};

struct FullMaskLowering : OpRewritePattern<keras::FullMaskOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::FullMaskOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, op.getInput());
    sizes.pop_back(); // a mask has no last axis
    Value empty = emptyTensor(rewriter, loc, cast<RankedTensorType>(op.getType()), sizes);
    Value all = arith::ConstantIntOp::create(rewriter, loc, rewriter.getI1Type(), 1);
    replaceWith(rewriter, op, linalg::FillOp::create(rewriter, loc, all, empty).getResult(0));
    return success();
  }
};

struct ConcatenateMaskLowering : OpRewritePattern<keras::ConcatenateMaskOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::ConcatenateMaskOp op,
                                PatternRewriter &rewriter) const override {
    replaceWith(rewriter, op,
                concatenate(rewriter, op.getLoc(), op.getInputs(), op.getAxis(),
                            cast<RankedTensorType>(op.getType())));
    return success();
  }
};

/// ids != 0, the mask Embedding(mask_zero=True) attaches to its output.
struct EmbeddingMaskLowering : OpRewritePattern<keras::EmbeddingMaskOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::EmbeddingMaskOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value ids = op.getIds();
    bool floatIds = isa<FloatType>(cast<RankedTensorType>(ids.getType()).getElementType());
    Value mask = elementwise(
        rewriter, loc, {ids}, cast<RankedTensorType>(op.getType()), sizesOf(rewriter, loc, ids),
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          if (floatIds) // Keras compares the raw ids: 0.5 is unmasked
            return arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNE, a[0],
                                         f32Constant(b, l, 0.0));
          return arith::CmpIOp::create(b, l, arith::CmpIPredicate::ne, a[0],
                                       arith::ConstantIntOp::create(b, l, b.getI32Type(), 0));
        });
    replaceWith(rewriter, op, mask);
    return success();
  }
};

} // namespace

void kiln::populateMaskLowerings(RewritePatternSet &patterns) {
  patterns.add<MaskLogicalLowering<keras::MaskOrOp, arith::OrIOp>,
               MaskLogicalLowering<keras::MaskAndOp, arith::AndIOp>, FullMaskLowering,
               ConcatenateMaskLowering, EmbeddingMaskLowering>(patterns.getContext());
}
