// Conv1D, MaxPooling1D/AveragePooling1D and the global 1-D poolings
// (channels_last), on linalg's convolution and pooling ops. Keras' `same`
// padding puts the smaller half on the left, `causal` pads the left only.
#include "LoweringUtils.h"
#include "Patterns.h"

#include "kiln/Dialect/Keras/IR/KerasShapes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace kiln::lowering;
namespace keras = kiln::keras;
using keras::Padding;

namespace {

struct WindowGeometry {
  Value outLength, padLeft, padRight;
};

/// Output length and padding of a 1-D window of `window` elements and
/// `stride` over `length`, as index values (folded when static).
WindowGeometry windowGeometry(OpBuilder &b, Location loc, OpFoldResult length,
                              int64_t window, int64_t stride, Padding padding) {
  auto c = [&](int64_t v) -> Value { return arith::ConstantIndexOp::create(b, loc, v); };
  Value len = getValueOrCreateConstantIndexOp(b, loc, length);
  if (padding == Padding::valid) {
    // max(0, (L - w) / s + 1): a window longer than the input gives no output.
    Value span = arith::SubIOp::create(b, loc, len, c(window));
    Value out = arith::AddIOp::create(b, loc, arith::DivSIOp::create(b, loc, span, c(stride)),
                                      c(1));
    Value fits = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, span, c(0));
    return {arith::SelectOp::create(b, loc, fits, out, c(0)), c(0), c(0)};
  }
  Value out = arith::DivUIOp::create(
      b, loc, arith::AddIOp::create(b, loc, len, c(stride - 1)), c(stride));
  if (padding == Padding::causal)
    return {out, c(window - 1), c(0)};
  // total = max((out - 1) * stride + window - length, 0)
  Value needed = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, arith::SubIOp::create(b, loc, out, c(1)), c(stride)),
      c(window));
  Value total = arith::MaxSIOp::create(b, loc, arith::SubIOp::create(b, loc, needed, len), c(0));
  Value left = arith::DivUIOp::create(b, loc, total, c(2));
  return {out, left, arith::SubIOp::create(b, loc, total, left)};
}

/// Pads the steps axis of (B, L, C) with `value`.
Value padSteps(OpBuilder &b, Location loc, Value x, const WindowGeometry &g, double value) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<OpFoldResult> low{b.getIndexAttr(0), g.padLeft, b.getIndexAttr(0)};
  SmallVector<OpFoldResult> high{b.getIndexAttr(0), g.padRight, b.getIndexAttr(0)};
  SmallVector<int64_t> shape(type.getShape());
  auto lowC = getConstantIntValue(g.padLeft), highC = getConstantIntValue(g.padRight);
  if (lowC && highC && *lowC == 0 && *highC == 0)
    return x;
  shape[1] = ShapedType::kDynamic;
  if (lowC && highC && !type.isDynamicDim(1))
    shape[1] = type.getDimSize(1) + *lowC + *highC;
  auto padType = RankedTensorType::get(shape, type.getElementType());
  return tensor::PadOp::create(b, loc, padType, x, low, high, f32Constant(b, loc, value));
}

Value filled(OpBuilder &b, Location loc, RankedTensorType type,
             ArrayRef<OpFoldResult> sizes, double value) {
  Value empty = emptyTensor(b, loc, type, sizes);
  return linalg::FillOp::create(b, loc, f32Constant(b, loc, value), empty).getResult(0);
}

SmallVector<NamedAttribute> windowAttrs(OpBuilder &b, int64_t stride, int64_t dilation) {
  return {b.getNamedAttr("strides", b.getI64TensorAttr({stride})),
          b.getNamedAttr("dilations", b.getI64TensorAttr({dilation}))};
}

struct Conv1DLowering : OpRewritePattern<keras::Conv1DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::Conv1DOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto kernelType = cast<RankedTensorType>(op.getKernel().getType());
    int64_t window = (kernelType.getDimSize(0) - 1) * op.getDilation() + 1;
    SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, x);
    WindowGeometry g =
        windowGeometry(rewriter, loc, sizes[1], window, op.getStride(), op.getPadding());
    Value padded = padSteps(rewriter, loc, x, g, 0.0);
    auto outType = cast<RankedTensorType>(op.getType());
    Value init = filled(rewriter, loc, outType,
                        {sizes[0], g.outLength, rewriter.getIndexAttr(kernelType.getDimSize(2))},
                        0.0);
    Value y = linalg::Conv1DNwcWcfOp::create(
                  rewriter, loc, TypeRange{outType}, ValueRange{padded, op.getKernel()},
                  ValueRange{init}, windowAttrs(rewriter, op.getStride(), op.getDilation()))
                  .getResult(0);
    y = addBiasAndActivate(rewriter, loc, y, op.getBias(), op.getActivation());
    replaceWith(rewriter, op, y);
    return success();
  }
};

template <typename OpTy, bool IsMax>
struct Pooling1DLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    int64_t pool = op.getPoolSize(), stride = op.getStride();
    SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, x);
    WindowGeometry g = windowGeometry(rewriter, loc, sizes[1], pool, stride, op.getPadding());
    double padValue = IsMax ? -std::numeric_limits<float>::infinity() : 0.0;
    Value padded = padSteps(rewriter, loc, x, g, padValue);
    auto outType = cast<RankedTensorType>(op.getType());
    SmallVector<OpFoldResult> outSizes{sizes[0], g.outLength, sizes[2]};
    Value init = filled(rewriter, loc, outType, outSizes, padValue);
    Value windowShape = tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{pool},
                                                rewriter.getF32Type());
    SmallVector<NamedAttribute> attrs = windowAttrs(rewriter, stride, 1);
    Value y;
    if constexpr (IsMax)
      y = linalg::PoolingNwcMaxOp::create(rewriter, loc, TypeRange{outType},
                                          ValueRange{padded, windowShape}, ValueRange{init},
                                          attrs)
              .getResult(0);
    else
      y = linalg::PoolingNwcSumOp::create(rewriter, loc, TypeRange{outType},
                                          ValueRange{padded, windowShape}, ValueRange{init},
                                          attrs)
              .getResult(0);
    if (!IsMax) {
      // Keras averages over the real elements of each window only.
      Value length = getValueOrCreateConstantIndexOp(rewriter, loc, sizes[1]);
      Value padLeft = g.padLeft;
      y = elementwise(
          rewriter, loc, {y}, outType, outSizes, [&](OpBuilder &b, Location l, ValueRange a) {
            auto c = [&](int64_t v) -> Value { return arith::ConstantIndexOp::create(b, l, v); };
            Value o = linalg::IndexOp::create(b, l, 1);
            Value start = arith::SubIOp::create(b, l, arith::MulIOp::create(b, l, o, c(stride)),
                                                padLeft);
            Value end = arith::MinSIOp::create(b, l, arith::AddIOp::create(b, l, start, c(pool)),
                                               length);
            Value begin = arith::MaxSIOp::create(b, l, start, c(0));
            Value count = arith::SubIOp::create(b, l, end, begin);
            return arith::DivFOp::create(b, l, a[0], indexToF32(b, l, count));
          });
    }
    replaceWith(rewriter, op, y);
    return success();
  }
};

struct GlobalMaxPooling1DLowering : OpRewritePattern<keras::GlobalMaxPooling1DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::GlobalMaxPooling1DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    Value y = reduce(rewriter, loc, x, {1}, -std::numeric_limits<float>::infinity(),
                     [](OpBuilder &b, Location l, Value v, Value acc) -> Value {
                       return arith::MaximumFOp::create(b, l, v, acc);
                     });
    if (op.getKeepdims())
      y = keepDims(rewriter, loc, y, x, {1});
    replaceWith(rewriter, op, y);
    return success();
  }
};

/// Sum over steps divided by the step count, or with a mask by the number of
/// unmasked steps (masked steps contribute zero).
struct GlobalAveragePooling1DLowering : OpRewritePattern<keras::GlobalAveragePooling1DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::GlobalAveragePooling1DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput(), mask = op.getMask();
    auto xType = cast<RankedTensorType>(x.getType());
    auto add = [](OpBuilder &b, Location l, Value v, Value acc) -> Value {
      return arith::AddFOp::create(b, l, v, acc);
    };
    Value counts, summed = x;
    if (mask) {
      SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, x);
      Value weights = elementwise(
          rewriter, loc, {mask}, RankedTensorType::get(cast<RankedTensorType>(mask.getType())
                                                           .getShape(),
                                                       rewriter.getF32Type()),
          sizesOf(rewriter, loc, mask), [](OpBuilder &b, Location l, ValueRange a) -> Value {
            return arith::UIToFPOp::create(b, l, b.getF32Type(), a[0]);
          });
      Value weights3 = reshape(rewriter, loc, weights, {sizes[0], sizes[1], b1(rewriter)});
      summed = elementwise(rewriter, loc, {x, weights3}, xType, sizes,
                           [](OpBuilder &b, Location l, ValueRange a) -> Value {
                             return arith::MulFOp::create(b, l, a[0], a[1]);
                           });
      Value perRow = reduce(rewriter, loc, weights, {1}, 0.0, add);
      counts = reshape(rewriter, loc, perRow, {sizes[0], b1(rewriter)});
    }
    Value sum = reduce(rewriter, loc, summed, {1}, 0.0, add);
    auto sumType = cast<RankedTensorType>(sum.getType());
    SmallVector<OpFoldResult> sumSizes = sizesOf(rewriter, loc, sum);
    Value y;
    if (counts) {
      y = elementwise(rewriter, loc, {sum, counts}, sumType, sumSizes,
                      [](OpBuilder &b, Location l, ValueRange a) -> Value {
                        return arith::DivFOp::create(b, l, a[0], a[1]);
                      });
    } else {
      Value count = indexToF32(rewriter, loc, sizesOf(rewriter, loc, x)[1]);
      y = elementwise(rewriter, loc, {sum}, sumType, sumSizes,
                      [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                        return arith::DivFOp::create(b, l, a[0], count);
                      });
    }
    if (op.getKeepdims())
      y = keepDims(rewriter, loc, y, x, {1});
    replaceWith(rewriter, op, y);
    return success();
  }

  static OpFoldResult b1(OpBuilder &b) { return b.getIndexAttr(1); }
};

} // namespace

void kiln::populateConvPoolLayerLowerings(RewritePatternSet &patterns) {
  patterns.add<Conv1DLowering, Pooling1DLowering<keras::MaxPooling1DOp, true>,
               Pooling1DLowering<keras::AveragePooling1DOp, false>,
               GlobalMaxPooling1DLowering, GlobalAveragePooling1DLowering>(
      patterns.getContext());
}
