#include "kiln/Dialect/Keras/IR/KerasOps.h"
#include "kiln/Dialect/Keras/IR/KerasShapes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace kiln::keras;

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// Checks an op's single result against the shape its layer rule gives.
static LogicalResult verifyResultShape(Operation *op, const ShapeOrError &expected) {
  if (!expected.ok())
    return op->emitOpError() << expected.error;
  auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!resultType)
    return op->emitOpError("result must be a ranked tensor");
  if (failed(verifyCompatibleShape(resultType.getShape(), expected.shape)))
    return op->emitOpError() << "result shape " << formatShape(resultType.getShape())
                             << " does not match the expected "
                             << formatShape(expected.shape);
  return success();
}

static SmallVector<SmallVector<int64_t, 4>> shapesOf(ValueRange values) {
  SmallVector<SmallVector<int64_t, 4>> shapes;
  for (Value v : values) {
    ArrayRef<int64_t> s = shapeOf(v);
    shapes.emplace_back(s.begin(), s.end());
  }
  return shapes;
}

LogicalResult DenseOp::verify() {
  ArrayRef<int64_t> bias;
  if (getBias())
    bias = shapeOf(getBias());
  return verifyResultShape(*this, denseShape(shapeOf(getInput()), shapeOf(getKernel()),
                                             getBias() ? &bias : nullptr));
}

LogicalResult EinsumDenseOp::verify() {
  ShapeOrError expected =
      einsumDenseShape(shapeOf(getInput()), shapeOf(getKernel()), getEquation());
  if (failed(verifyResultShape(*this, expected)))
    return failure();
  if (getBias()) {
    ArrayRef<int64_t> bias = shapeOf(getBias());
    ArrayRef<int64_t> out = expected.shape;
    if (bias.size() > out.size())
      return emitOpError() << "bias " << formatShape(bias) << " has more dims than output";
    for (size_t i = 0; i < bias.size(); ++i) {
      int64_t o = out[out.size() - bias.size() + i];
      if (bias[i] != 1 && !ShapedType::isDynamic(o) && bias[i] != o)
        return emitOpError() << "bias " << formatShape(bias)
                             << " does not broadcast to output " << formatShape(out);
    }
  }
  return success();
}

LogicalResult GluOp::verify() {
  return verifyResultShape(*this, gluShape(shapeOf(getInput())));
}

OpFoldResult DropoutOp::fold(FoldAdaptor) { return getInput(); }

LogicalResult FlattenOp::verify() {
  return verifyResultShape(*this, flattenShape(shapeOf(getInput())));
}

LogicalResult ReshapeOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(getOutput());
  if (in.empty() || out.empty() || failed(verifyCompatibleShape(ArrayRef<int64_t>{in[0]}, ArrayRef<int64_t>{out[0]})))
    return emitOpError("must keep the batch dim");
  return verifyResultShape(*this, reshapeShape(in, out.drop_front()));
}

LogicalResult PermuteOp::verify() {
  return verifyResultShape(*this, permuteShape(shapeOf(getInput()), getPermutation()));
}

LogicalResult RepeatVectorOp::verify() {
  return verifyResultShape(*this, repeatVectorShape(shapeOf(getInput()), getN()));
}

#define KILN_VERIFY_MERGE(OP, COUNT)                                             \
  LogicalResult OP::verify() {                                                 \
    return verifyResultShape(*this, mergeShape(shapesOf(getInputs()), COUNT)); \
  }
KILN_VERIFY_MERGE(AddOp, 0)
KILN_VERIFY_MERGE(SubtractOp, 2)
KILN_VERIFY_MERGE(MultiplyOp, 0)
KILN_VERIFY_MERGE(AverageOp, 0)
KILN_VERIFY_MERGE(MaximumOp, 0)
KILN_VERIFY_MERGE(MinimumOp, 0)
#undef KILN_VERIFY_MERGE

LogicalResult ConcatenateOp::verify() {
  return verifyResultShape(*this, concatenateShape(shapesOf(getInputs()), getAxis()));
}

LogicalResult DotOp::verify() {
  if (getAxes().size() != 2)
    return emitOpError("expects two axes");
  return verifyResultShape(*this, dotShape(shapeOf(getLhs()), shapeOf(getRhs()),
                                           getAxes()[0], getAxes()[1]));
}

LogicalResult SoftmaxOp::verify() {
  return verifyResultShape(*this, checkAxes(shapeOf(getInput()), getAxes()));
}

/// gamma/beta/statistics must hold the input's dims at `axes`.
static LogicalResult verifyParameter(Operation *op, Value param, StringRef name,
                                     ArrayRef<int64_t> input, ArrayRef<int64_t> axes) {
  if (!param)
    return success();
  ArrayRef<int64_t> shape = shapeOf(param);
  SmallVector<int64_t> expected;
  for (int64_t a : axes)
    expected.push_back(input[a]);
  if (failed(verifyCompatibleShape(shape, expected)))
    return op->emitOpError() << name << " " << formatShape(shape)
                             << " does not match the normalized dims "
                             << formatShape(expected);
  return success();
}

LogicalResult LayerNormalizationOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput());
  if (failed(verifyResultShape(*this, checkAxes(in, getAxes()))))
    return failure();
  if (getEpsilon().convertToDouble() < 0)
    return emitOpError("epsilon must be non-negative");
  return success(succeeded(verifyParameter(*this, getGamma(), "gamma", in, getAxes())) &&
                 succeeded(verifyParameter(*this, getBeta(), "beta", in, getAxes())));
}

LogicalResult BatchNormalizationOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput());
  int64_t axis = getAxis();
  if (failed(verifyResultShape(*this, checkAxes(in, {axis}))))
    return failure();
  if (getEpsilon().convertToDouble() < 0)
    return emitOpError("epsilon must be non-negative");
  for (auto [param, name] :
       {std::pair<Value, StringRef>{getGamma(), "gamma"}, {getBeta(), "beta"},
        {getMovingMean(), "moving_mean"}, {getMovingVariance(), "moving_variance"}})
    if (failed(verifyParameter(*this, param, name, in, {axis})))
      return failure();
  return success();
}

LogicalResult EmbeddingOp::verify() {
  return verifyResultShape(*this, embeddingShape(shapeOf(getIds()), shapeOf(getTable())));
}

LogicalResult GlobalAveragePooling1DOp::verify() {
  if (Value mask = getMask()) {
    ArrayRef<int64_t> in = shapeOf(getInput()), m = shapeOf(mask);
    if (m.size() != 2 || in.size() != 3 ||
        failed(verifyCompatibleShape(m, in.take_front(2))))
      return emitOpError() << "mask " << formatShape(m) << " does not match input "
                           << formatShape(in);
  }
  return verifyResultShape(*this, globalPoolingShape(shapeOf(getInput()), getKeepdims()));
}

LogicalResult EmbeddingMaskOp::verify() {
  if (failed(verifyCompatibleShape(shapeOf(getIds()), shapeOf(getMask()))))
    return emitOpError("mask shape must equal the ids shape");
  return success();
}

LogicalResult GlobalMaxPooling1DOp::verify() {
  return verifyResultShape(*this, globalPoolingShape(shapeOf(getInput()), getKeepdims()));
}

LogicalResult MaxPooling1DOp::verify() {
  return verifyResultShape(
      *this, pooling1DShape(shapeOf(getInput()), getPoolSize(), getStride(), getPadding()));
}

LogicalResult AveragePooling1DOp::verify() {
  return verifyResultShape(
      *this, pooling1DShape(shapeOf(getInput()), getPoolSize(), getStride(), getPadding()));
}

LogicalResult Conv1DOp::verify() {
  ShapeOrError expected = conv1DShape(shapeOf(getInput()), shapeOf(getKernel()),
                                      getStride(), getDilation(), getPadding());
  if (failed(verifyResultShape(*this, expected)))
    return failure();
  if (getBias() && (shapeOf(getBias()).size() != 1 ||
                    shapeOf(getBias())[0] != shapeOf(getKernel())[2]))
    return emitOpError() << "bias " << formatShape(shapeOf(getBias()))
                         << " does not match kernel " << formatShape(shapeOf(getKernel()));
  return success();
}

//===----------------------------------------------------------------------===//
// Masks
//===----------------------------------------------------------------------===//

/// mask_or / mask_and combine masks elementwise, without broadcasting.
static LogicalResult verifyMaskLogical(Operation *op, ValueRange masks) {
  if (masks.size() < 2)
    return op->emitOpError("expects at least two masks");
  SmallVector<Type> types(masks.getTypes());
  types.push_back(op->getResult(0).getType());
  if (failed(verifyCompatibleShapes(types)))
    return op->emitOpError("expects masks and result of one shape");
  return success();
}

LogicalResult MaskOrOp::verify() { return verifyMaskLogical(*this, getMasks()); }
LogicalResult MaskAndOp::verify() { return verifyMaskLogical(*this, getMasks()); }

LogicalResult FullMaskOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), mask = shapeOf(getMask());
  // A mask keeps the batch axis, so only tensors of rank >= 2 have one.
  if (in.size() < 2)
    return emitOpError() << "input " << formatShape(in) << " has no mask (rank < 2)";
  if (failed(verifyCompatibleShape(mask, in.drop_back())))
    return emitOpError() << "mask " << formatShape(mask) << " is not the shape of input "
                         << formatShape(in) << " without its last axis";
  return success();
}

LogicalResult ConcatenateMaskOp::verify() {
  return verifyResultShape(*this, concatenateShape(shapesOf(getInputs()), getAxis()));
}


//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

/// A mask operand, when present, must have `expected` as its shape.
static LogicalResult verifyMaskShape(Operation *op, Value mask, StringRef name,
                                     ArrayRef<int64_t> expected) {
  if (!mask)
    return success();
  if (failed(verifyCompatibleShape(shapeOf(mask), expected)))
    return op->emitOpError() << name << " " << formatShape(shapeOf(mask))
                             << " does not match the expected " << formatShape(expected);
  return success();
}

/// An attention_mask broadcasts against the (B, T, S) scores as numpy does
/// (Keras applies it with `where`): rank 3 with each dim equal to the
/// scores' or a static 1, or a static rank-2 (T, S) whose dims are so.
static LogicalResult verifyAttentionMaskShape(Operation *op, Value mask,
                                              ArrayRef<int64_t> scores) {
  if (!mask)
    return success();
  ArrayRef<int64_t> shape = shapeOf(mask);
  bool ok = shape.size() == 3 ||
            (shape.size() == 2 && llvm::none_of(shape, ShapedType::isDynamic));
  for (size_t i = 0; ok && i < shape.size(); ++i) {
    int64_t want = scores[scores.size() - shape.size() + i];
    ok = shape[i] == 1 || succeeded(verifyCompatibleShape({shape[i]}, {want}));
  }
  if (!ok)
    return op->emitOpError() << "attention_mask " << formatShape(shape)
                             << " does not broadcast to the scores " << formatShape(scores)
                             << " (rank 3, or a static rank 2; each dim equal or 1)";
  return success();
}

static LogicalResult verifyWeightShape(Operation *op, Value w, StringRef name,
                                       ArrayRef<int64_t> expected) {
  if (!w)
    return success();
  if (shapeOf(w) != expected)
    return op->emitOpError() << name << " " << formatShape(shapeOf(w))
                             << " does not match the expected " << formatShape(expected);
  return success();
}

/// The scores result, when present, must have `expected` as its shape.
static LogicalResult verifyScoresShape(Operation *op, Value scores,
                                       const ShapeOrError &expected) {
  if (!scores || !expected.ok())
    return success();
  if (failed(verifyCompatibleShape(shapeOf(scores), expected.shape)))
    return op->emitOpError() << "scores result " << formatShape(shapeOf(scores))
                             << " does not match the expected " << formatShape(expected.shape);
  return success();
}

template <typename OpTy>
static LogicalResult verifyLuongLike(OpTy op) {
  ArrayRef<int64_t> q = shapeOf(op.getQuery()), v = shapeOf(op.getValue());
  ArrayRef<int64_t> k = op.getKey() ? shapeOf(op.getKey()) : v;
  ShapeOrError out = attentionShape(q, v, k);
  if (failed(verifyResultShape(op, out)))
    return failure();
  if (failed(verifyScoresShape(op, op.getScores(), {{out.shape[0], q[1], v[1]}, ""})))
    return failure();
  if (failed(verifyMaskShape(op, op.getQueryMask(), "query_mask", q.drop_back())) ||
      failed(verifyMaskShape(op, op.getValueMask(), "value_mask", v.drop_back())))
    return failure();
  return success();
}

LogicalResult AttentionOp::verify() {
  if (failed(verifyLuongLike(*this)))
    return failure();
  StringRef mode = getScoreMode();
  if (mode != "dot" && mode != "concat")
    return emitOpError() << "score_mode must be 'dot' or 'concat', got '" << mode << "'";
  if (failed(verifyWeightShape(*this, getScale(), "scale", {})))
    return failure();
  if ((mode == "concat") != bool(getConcatScoreWeight()))
    return emitOpError("concat_score_weight is required by, and only by, score_mode 'concat'");
  return verifyWeightShape(*this, getConcatScoreWeight(), "concat_score_weight", {});
}

LogicalResult AdditiveAttentionOp::verify() {
  if (failed(verifyLuongLike(*this)))
    return failure();
  int64_t dim = shapeOf(getQuery()).back();
  if (getScale() && ShapedType::isDynamic(dim))
    return emitOpError("a scale needs a static feature dim");
  return verifyWeightShape(*this, getScale(), "scale", {dim});
}

/// MHA and GQA: shapes from the kernels; `heads`, `kvHeads`, `keyDim`,
/// `valueDim` are the attributes the kernels must agree with, `axes` the
/// attended ones.
template <typename OpTy>
static LogicalResult verifyProjected(OpTy op, int64_t heads, int64_t kvHeads, int64_t keyDim,
                                     int64_t valueDim, ArrayRef<int64_t> axes) {
  ArrayRef<int64_t> q = shapeOf(op.getQuery()), v = shapeOf(op.getValue());
  ArrayRef<int64_t> k = op.getKey() ? shapeOf(op.getKey()) : v;
  ArrayRef<int64_t> qk = shapeOf(op.getQueryKernel()), kk = shapeOf(op.getKeyKernel()),
                    vk = shapeOf(op.getValueKernel()), ok = shapeOf(op.getOutputKernel());
  if (failed(verifyResultShape(op, projectedAttentionShape(q, v, k, qk, kk, vk, ok, axes))) ||
      failed(verifyScoresShape(op, op.getScores(),
                               projectedAttentionScoresShape(q, v, k, qk, kk, vk, ok, axes))))
    return failure();
  if (q.size() != 3 && (op.getAttentionMask() || op.getQueryMask() || op.getValueMask() ||
                        op.getKeyMask() || op.getUseCausalMask()))
    return op.emitOpError("masks and use_causal_mask need 3-D inputs");
  if (qk[1] != heads || kk[1] != kvHeads || qk[2] != keyDim || vk[2] != valueDim)
    return op.emitOpError() << "kernels " << formatShape(qk) << ", " << formatShape(kk) << ", "
                            << formatShape(vk) << " do not match the head attributes";
  if (failed(verifyWeightShape(op, op.getQueryBias(), "query bias", qk.drop_front())) ||
      failed(verifyWeightShape(op, op.getKeyBias(), "key bias", kk.drop_front())) ||
      failed(verifyWeightShape(op, op.getValueBias(), "value bias", vk.drop_front())) ||
      failed(verifyWeightShape(op, op.getOutputBias(), "output bias", ok.drop_front(2))))
    return failure();
  // The gate multiplies O (B, T, N, value_dim) and is projected from the
  // query like Q.
  if (op.getGateBias() && !op.getGateKernel())
    return op.emitOpError("has a gate bias without a gate kernel");
  Shape gateKernel{q.back(), heads, valueDim};
  if (failed(verifyWeightShape(op, op.getGateKernel(), "gate kernel", gateKernel)) ||
      failed(verifyWeightShape(op, op.getGateBias(), "gate bias",
                               ArrayRef<int64_t>(gateKernel).drop_front())))
    return failure();
  Shape scores{q[0], q[1], k[1]};
  if (failed(verifyAttentionMaskShape(op, op.getAttentionMask(), scores)) ||
      failed(verifyMaskShape(op, op.getQueryMask(), "query_mask", q.drop_back())) ||
      failed(verifyMaskShape(op, op.getValueMask(), "value_mask", v.drop_back())) ||
      failed(verifyMaskShape(op, op.getKeyMask(), "key_mask", k.drop_back())))
    return failure();
  return success();
}

SmallVector<int64_t> MultiHeadAttentionOp::getAttendedAxes() {
  if (std::optional<ArrayRef<int64_t>> axes = getAttentionAxes())
    return SmallVector<int64_t>(*axes);
  int64_t rank = shapeOf(getQuery()).size();
  return llvm::to_vector(llvm::seq<int64_t>(1, std::max<int64_t>(rank - 1, 1)));
}

LogicalResult MultiHeadAttentionOp::verify() {
  return verifyProjected(*this, getNumHeads(), getNumHeads(), getKeyDim(), getValueDim(),
                         getAttendedAxes());
}

LogicalResult GroupedQueryAttentionOp::verify() {
  if (getNumKeyValueHeads() < 1 || getNumQueryHeads() % getNumKeyValueHeads() != 0)
    return emitOpError() << "num_key_value_heads " << getNumKeyValueHeads()
                         << " must divide num_query_heads " << getNumQueryHeads();
  if (shapeOf(getQuery()).size() != 3)
    return emitOpError("expects 3-D inputs");
  return verifyProjected(*this, getNumQueryHeads(), getNumKeyValueHeads(), getHeadDim(),
                         getHeadDim(), {1});
}

#define GET_OP_CLASSES
#include "kiln/Dialect/Keras/IR/KerasOps.cpp.inc"
