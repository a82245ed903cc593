// Dense, EinsumDense, Dot, Activation, Dropout, Rescaling and Embedding.
// Matrix products go to kiln.matmul (oneDNN); the rest is elementwise.
#include "LoweringUtils.h"
#include "Patterns.h"

#include "kiln/Dialect/Keras/IR/KerasShapes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace kiln::lowering;
namespace keras = kiln::keras;

namespace {

struct DenseLowering : OpRewritePattern<keras::DenseOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::DenseOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
    SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, x);
    // oneDNN sees one (rows, in) matrix: leading axes are batch-like.
    Value rows = x;
    if (rank != 2)
      rows = reshape(rewriter, loc, x,
                     {productOf(rewriter, loc, ArrayRef(sizes).drop_back()), sizes.back()});
    std::optional<kiln::FusedActivation> fused = fusedActivationFor(op.getActivation());
    Value y = matmul(rewriter, loc, rows, op.getKernel(), op.getBias(),
                     fused.value_or(kiln::FusedActivation::none));
    if (!fused)
      y = applyActivation(rewriter, loc, y, op.getActivation());
    if (rank != 2) {
      SmallVector<OpFoldResult> outSizes(sizes.begin(), sizes.end() - 1);
      outSizes.push_back(
          rewriter.getIndexAttr(cast<RankedTensorType>(op.getKernel().getType()).getDimSize(1)));
      y = reshape(rewriter, loc, y, outSizes);
    }
    replaceWith(rewriter, op, y);
    return success();
  }
};

/// EinsumDense as one matrix product: the input is transposed to
/// [batch, free, contracted] letters and the kernel to [batch, contracted,
/// free], both flattened to matrices (batched when letters are shared by all
/// three terms), and the product is unflattened and transposed to the output.
struct EinsumDenseLowering : OpRewritePattern<keras::EinsumDenseOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::EinsumDenseOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput(), kernel = op.getKernel();
    std::string error;
    auto eq = keras::parseEinsumEquation(
        op.getEquation(), cast<RankedTensorType>(x.getType()).getRank(), error);
    if (failed(eq))
      return rewriter.notifyMatchFailure(op, error);
    std::string batch, contracted, freeIn, freeKernel;
    for (char c : eq->in) {
      bool inKernel = eq->kernel.find(c) != std::string::npos;
      bool inOut = eq->out.find(c) != std::string::npos;
      if (inKernel && inOut)
        batch.push_back(c);
      else if (inKernel)
        contracted.push_back(c);
      else
        freeIn.push_back(c);
    }
    for (char c : eq->kernel)
      if (eq->in.find(c) == std::string::npos)
        freeKernel.push_back(c);
    SmallVector<OpFoldResult> inSizes = sizesOf(rewriter, loc, x);
    SmallVector<OpFoldResult> kernelSizes = sizesOf(rewriter, loc, kernel);
    auto sizeOf = [&](char c) -> OpFoldResult {
      if (size_t i = eq->in.find(c); i != std::string::npos)
        return inSizes[i];
      return kernelSizes[eq->kernel.find(c)];
    };
    auto permutationFor = [](const std::string &from, const std::string &to) {
      SmallVector<int64_t> perm;
      for (char c : to)
        perm.push_back(from.find(c));
      return perm;
    };
    auto sizesFor = [&](const std::string &letters) {
      SmallVector<OpFoldResult> s;
      for (char c : letters)
        s.push_back(sizeOf(c));
      return s;
    };
    auto flatSize = [&](const std::string &letters) -> OpFoldResult {
      return productOf(rewriter, loc, sizesFor(letters));
    };
    Value lhs = transpose(rewriter, loc, x, permutationFor(eq->in, batch + freeIn + contracted));
    Value rhs = transpose(rewriter, loc, kernel,
                          permutationFor(eq->kernel, batch + contracted + freeKernel));
    SmallVector<OpFoldResult> lhsShape, rhsShape;
    if (!batch.empty()) {
      lhsShape.push_back(flatSize(batch));
      rhsShape.push_back(flatSize(batch));
    }
    lhsShape.append({flatSize(freeIn), flatSize(contracted)});
    rhsShape.append({flatSize(contracted), flatSize(freeKernel)});
    Value product = matmul(rewriter, loc, reshape(rewriter, loc, lhs, lhsShape),
                           reshape(rewriter, loc, rhs, rhsShape), Value());
    std::string productLetters = batch + freeIn + freeKernel;
    Value unflat = reshape(rewriter, loc, product, sizesFor(productLetters));
    Value y = transpose(rewriter, loc, unflat, permutationFor(productLetters, eq->out));
    y = addBiasAndActivate(rewriter, loc, y, op.getBias(), op.getActivation());
    replaceWith(rewriter, op, y);
    return success();
  }
};

/// x / sqrt(max(sum(x^2), eps^2)) along `axis`, eps = 1e-7 (Keras l2_normalize).
Value l2Normalize(OpBuilder &b, Location loc, Value x, int64_t axis) {
  auto type = cast<RankedTensorType>(x.getType());
  Value sumSq = reduce(b, loc, x, {axis}, 0.0,
                       [](OpBuilder &nb, Location l, Value v, Value acc) -> Value {
                         return arith::AddFOp::create(nb, l, arith::MulFOp::create(nb, l, v, v),
                                                      acc);
                       });
  Value kept = keepDims(b, loc, sumSq, x, {axis});
  return elementwise(b, loc, {x, kept}, type, sizesOf(b, loc, x),
                     [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                       Value floor = f32Constant(nb, l, 1e-14);
                       Value denom = math::RsqrtOp::create(
                           nb, l, arith::MaximumFOp::create(nb, l, a[1], floor));
                       return arith::MulFOp::create(nb, l, a[0], denom);
                     });
}

/// Dot as a batched matrix product (B, M, K) x (B, K, N).
struct DotLowering : OpRewritePattern<keras::DotOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::DotOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = op.getLhs(), rhs = op.getRhs();
    int64_t lhsAxis = op.getAxes()[0], rhsAxis = op.getAxes()[1];
    if (op.getNormalize()) {
      lhs = l2Normalize(rewriter, loc, lhs, lhsAxis);
      rhs = l2Normalize(rewriter, loc, rhs, rhsAxis);
    }
    int64_t lhsRank = cast<RankedTensorType>(lhs.getType()).getRank();
    int64_t rhsRank = cast<RankedTensorType>(rhs.getType()).getRank();
    SmallVector<int64_t> lhsPerm{0}, rhsPerm{0, rhsAxis};
    for (int64_t d = 1; d < lhsRank; ++d)
      if (d != lhsAxis)
        lhsPerm.push_back(d);
    lhsPerm.push_back(lhsAxis);
    for (int64_t d = 1; d < rhsRank; ++d)
      if (d != rhsAxis)
        rhsPerm.push_back(d);
    Value lhsT = transpose(rewriter, loc, lhs, lhsPerm);
    Value rhsT = transpose(rewriter, loc, rhs, rhsPerm);
    SmallVector<OpFoldResult> ls = sizesOf(rewriter, loc, lhsT), rs = sizesOf(rewriter, loc, rhsT);
    ArrayRef<OpFoldResult> lhsFree = ArrayRef(ls).slice(1, lhsRank - 2);
    ArrayRef<OpFoldResult> rhsFree = ArrayRef(rs).drop_front(2);
    Value a = reshape(rewriter, loc, lhsT,
                      {ls[0], productOf(rewriter, loc, lhsFree), ls.back()});
    Value bMat = reshape(rewriter, loc, rhsT,
                         {rs[0], rs[1], productOf(rewriter, loc, rhsFree)});
    Value product = matmul(rewriter, loc, a, bMat, Value());
    SmallVector<OpFoldResult> outSizes{ls[0]};
    outSizes.append(lhsFree.begin(), lhsFree.end());
    outSizes.append(rhsFree.begin(), rhsFree.end());
    if (outSizes.size() == 1)
      outSizes.push_back(rewriter.getIndexAttr(1));
    replaceWith(rewriter, op, reshape(rewriter, loc, product, outSizes));
    return success();
  }
};

struct ActivationLowering : OpRewritePattern<keras::ActivationOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::ActivationOp op,
                                PatternRewriter &rewriter) const override {
    ActivationParams params;
    if (auto a = op.getAlpha())
      params.alpha = a->convertToDouble();
    if (auto t = op.getThreshold())
      params.threshold = t->convertToDouble();
    if (auto m = op.getMaxValue())
      params.maxValue = m->convertToDouble();
    replaceWith(rewriter, op,
                applyActivation(rewriter, op.getLoc(), op.getInput(), op.getKind(), params));
    return success();
  }
};

/// glu: a * sigmoid(b) with a, b the first and second half of the last axis.
struct GluLowering : OpRewritePattern<keras::GluOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::GluOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t rank = outType.getRank();
    SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, x);
    OpFoldResult half;
    if (std::optional<int64_t> width = getConstantIntValue(sizes.back()))
      half = rewriter.getIndexAttr(*width / 2);
    else
      half = arith::DivUIOp::create(rewriter, loc, cast<Value>(sizes.back()),
                                    arith::ConstantIndexOp::create(rewriter, loc, 2))
                 .getResult();
    SmallVector<OpFoldResult> halfSizes(sizes.begin(), sizes.end() - 1);
    halfSizes.push_back(half);
    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    RankedTensorType halfType = typeWithSizes(rewriter.getF32Type(), halfSizes);
    Value a = tensor::ExtractSliceOp::create(rewriter, loc, halfType, x, offsets, halfSizes,
                                             strides);
    offsets.back() = half;
    Value bHalf = tensor::ExtractSliceOp::create(rewriter, loc, halfType, x, offsets,
                                                 halfSizes, strides);
    Value y = elementwise(rewriter, loc, {a, bHalf}, halfType, halfSizes,
                          [](OpBuilder &b, Location l, ValueRange v) -> Value {
                            Value gate = activationScalar(b, l, v[1],
                                                          keras::ActivationKind::sigmoid, {});
                            return arith::MulFOp::create(b, l, v[0], gate);
                          });
    replaceWith(rewriter, op, y);
    return success();
  }
};

struct DropoutLowering : OpRewritePattern<keras::DropoutOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::DropoutOp op, PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

struct RescalingLowering : OpRewritePattern<keras::RescalingOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::RescalingOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    double scale = op.getScale().convertToDouble(), offset = op.getOffset().convertToDouble();
    auto type = cast<RankedTensorType>(op.getInput().getType());
    Value y = elementwise(rewriter, loc, {op.getInput()}, type,
                          sizesOf(rewriter, loc, op.getInput()),
                          [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
                            Value scaled =
                                arith::MulFOp::create(nb, l, a[0], f32Constant(nb, l, scale));
                            return arith::AddFOp::create(nb, l, scaled,
                                                         f32Constant(nb, l, offset));
                          });
    replaceWith(rewriter, op, y);
    return success();
  }
};

/// Row gather. Ids are truncated to integers (Keras casts float ids) and
/// clamped into the table so a bad id never reads out of bounds.
struct EmbeddingLowering : OpRewritePattern<keras::EmbeddingOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::EmbeddingOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value ids = op.getIds(), table = op.getTable();
    auto idsType = cast<RankedTensorType>(ids.getType());
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t rank = outType.getRank();
    int64_t rows = cast<RankedTensorType>(table.getType()).getDimSize(0);
    SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, ids);
    sizes.push_back(rewriter.getIndexAttr(outType.getDimSize(rank - 1)));
    Value init = emptyTensor(rewriter, loc, outType, sizes);
    SmallVector<AffineMap> maps{
        AffineMap::getMultiDimIdentityMap(rank, getContext()).getMajorSubMap(rank - 1),
        AffineMap::getMultiDimIdentityMap(rank, getContext())};
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    bool floatIds = isa<FloatType>(idsType.getElementType());
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outType}, ValueRange{ids}, ValueRange{init}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value id = args[0];
          Value lo = arith::ConstantIntOp::create(b, l, b.getI64Type(), 0);
          Value hi = arith::ConstantIntOp::create(b, l, b.getI64Type(), rows - 1);
          if (floatIds) {
            // Clamp before converting: fptosi of NaN or a huge id is poison.
            // maxnumf maps NaN to the bound.
            Value clamped = arith::MinNumFOp::create(
                b, l, arith::MaxNumFOp::create(b, l, id, f32Constant(b, l, 0.0)),
                f32Constant(b, l, static_cast<double>(rows - 1)));
            id = arith::FPToSIOp::create(b, l, b.getI64Type(), clamped);
          } else {
            id = arith::ExtSIOp::create(b, l, b.getI64Type(), id);
          }
          id = arith::MinSIOp::create(b, l, arith::MaxSIOp::create(b, l, id, lo), hi);
          Value row = arith::IndexCastOp::create(b, l, b.getIndexType(), id);
          Value column = linalg::IndexOp::create(b, l, rank - 1);
          Value v = tensor::ExtractOp::create(b, l, table, ValueRange{row, column});
          linalg::YieldOp::create(b, l, v);
        });
    replaceWith(rewriter, op, generic.getResult(0));
    return success();
  }
};

} // namespace

void kiln::populateCoreLayerLowerings(RewritePatternSet &patterns) {
  patterns.add<DenseLowering, EinsumDenseLowering, DotLowering, ActivationLowering, GluLowering,
               DropoutLowering, RescalingLowering, EmbeddingLowering>(
      patterns.getContext());
}
