//===- LayerBuilders.cpp - One function per Keras layer class -------------===//
//
// Each builder reads its layer's config (spec §2), derives the weight shapes
// the config implies, and emits the matching keras op. Result types always
// come from KerasShapes, the same rules the op verifiers use. The table at
// the end also gives each class's mask rule (MaskPropagation.h).
//
//===----------------------------------------------------------------------===//

#include "LayerContext.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"

#include <algorithm>
#include <set>
#include <type_traits>

using namespace mlir;
using namespace kiln::keras;
using nlohmann::json;

namespace kiln::import {

namespace {

using Values = SmallVector<Value>;

Values one(Value v) { return Values{v}; }

/// Non-negative axis for `rank`; fails when out of range.
int64_t normalizeAxis(const LayerContext &c, int64_t axis, int64_t rank) {
  int64_t a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank)
    c.fail("axis " + std::to_string(axis) + " is out of range for an input of rank " +
           std::to_string(rank));
  return a;
}

/// Sorted, distinct, non-negative axes.
SmallVector<int64_t> normalizeAxes(const LayerContext &c, ArrayRef<int64_t> axes,
                                   int64_t rank) {
  std::set<int64_t> sorted;
  for (int64_t a : axes)
    if (!sorted.insert(normalizeAxis(c, a, rank)).second)
      c.fail("axis " + std::to_string(a) + " is listed twice");
  return SmallVector<int64_t>(sorted.begin(), sorted.end());
}

SmallVector<SmallVector<int64_t, 4>> shapesOf(ArrayRef<Value> values) {
  SmallVector<SmallVector<int64_t, 4>> shapes;
  for (Value v : values) {
    ArrayRef<int64_t> s = LayerContext::shapeOf(v);
    shapes.emplace_back(s.begin(), s.end());
  }
  return shapes;
}

Value permute(LayerContext &c, Value x, ArrayRef<int64_t> permutation) {
  RankedTensorType type = c.resultType(permuteShape(c.shapeOf(x), permutation),
                                       cast<RankedTensorType>(x.getType()).getElementType());
  return PermuteOp::create(c.builder(), c.loc(), type, x, permutation);
}

//===----------------------------------------------------------------------===//
// Core
//===----------------------------------------------------------------------===//

Values buildDense(LayerContext &c) {
  Value x = c.floatInput();
  int64_t units = c.positiveInt("units");
  bool useBias = c.flag("use_bias", true);
  ActivationKind act = c.activation();
  if (c.member("quantization_config"))
    c.fail("quantization_config is not supported");
  int64_t in = c.staticDim(x, -1);
  SmallVector<WeightSpec> specs{{"kernel", {in, units}}};
  if (useBias)
    specs.push_back({"bias", {units}});
  Values w = c.weights(specs);
  ArrayRef<int64_t> bias = useBias ? c.shapeOf(w[1]) : ArrayRef<int64_t>();
  RankedTensorType type = c.resultType(
      denseShape(c.shapeOf(x), c.shapeOf(w[0]), useBias ? &bias : nullptr));
  return one(DenseOp::create(c.builder(), c.loc(), type, x, w[0],
                             useBias ? w[1] : Value(), act));
}

/// EinsumDense weight shapes, following Keras' _analyze_split_string
/// (spec §2.3): kernel letters take the input size, else the output size;
/// the bias spans the output from its first bias letter on.
Values buildEinsumDense(LayerContext &c) {
  Value x = c.floatInput();
  std::string equation = c.string("equation", "");
  ActivationKind act = c.activation();
  ArrayRef<int64_t> in = c.shapeOf(x);
  std::string error;
  FailureOr<EinsumEquation> eq = parseEinsumEquation(equation, in.size(), error);
  if (failed(eq))
    c.fail(error);

  // parseEinsumEquation turned the elided dims into digits; where they sit
  // decides where the config's output_shape entries go in the full output.
  size_t elided = llvm::count_if(eq->in, llvm::isDigit);
  bool hasEllipsis = elided > 0;
  bool leftElided = hasEllipsis && llvm::isDigit(eq->in.front());
  SmallVector<std::optional<int64_t>> outputShape;
  if (const json *value = c.member("output_shape")) {
    auto read = [&](const json &v, const JsonPath &at) -> std::optional<int64_t> {
      if (v.is_null())
        return std::nullopt;
      int64_t d = asInt(v, at);
      if (d < 1 || d > kMaxDim)
        c.fail("output_shape holds " + std::to_string(d));
      return d;
    };
    if (value->is_array())
      for (size_t i = 0; i < value->size(); ++i)
        outputShape.push_back(read((*value)[i], c.pathOf("output_shape") / i));
    else
      outputShape.push_back(read(*value, c.pathOf("output_shape")));
  }
  size_t firstConfigPos = leftElided ? elided : 1;
  size_t namedOut = eq->out.size() - elided;
  size_t expectedEntries = leftElided ? namedOut : namedOut - 1;
  if (outputShape.size() != expectedEntries)
    c.fail("output_shape has " + std::to_string(outputShape.size()) + " entries, but '" +
           equation + "' needs " + std::to_string(expectedEntries));
  auto configOutputDim = [&](size_t outPos) -> std::optional<int64_t> {
    if (outPos < firstConfigPos || outPos - firstConfigPos >= outputShape.size())
      return std::nullopt;
    return outputShape[outPos - firstConfigPos];
  };

  SmallVector<int64_t> kernel;
  for (char letter : eq->kernel) {
    size_t i = eq->in.find(letter), o = eq->out.find(letter);
    std::optional<int64_t> size;
    if (i != std::string::npos)
      size = ShapedType::isDynamic(in[i]) ? std::nullopt : std::optional<int64_t>(in[i]);
    else if (o != std::string::npos)
      size = configOutputDim(o);
    else
      c.fail("kernel letter '" + std::string(1, letter) + "' of '" + equation +
             "' appears in neither the input nor the output");
    if (!size)
      c.fail("the size of kernel letter '" + std::string(1, letter) + "' of '" + equation +
             "' is not known from the input " + formatShape(in) + " or output_shape");
    kernel.push_back(*size);
  }
  // Result type from the shape rule, with the kernel known.
  ShapeOrError outShape = einsumDenseShape(in, kernel, equation);
  RankedTensorType type = c.resultType(outShape);
  for (size_t p = 0; p < eq->out.size(); ++p)
    if (std::optional<int64_t> d = configOutputDim(p);
        d && !ShapedType::isDynamic(outShape.shape[p]) && *d != outShape.shape[p])
      c.fail("output_shape does not match the output " + formatShape(outShape.shape) +
             " of '" + equation + "' on input " + formatShape(in));

  SmallVector<WeightSpec> specs{{"kernel", kernel}};
  std::string biasAxes = c.string("bias_axes", "");
  if (!biasAxes.empty()) {
    size_t first = std::string::npos;
    for (char letter : biasAxes) {
      size_t o = eq->out.find(letter);
      if (o == std::string::npos || !llvm::isAlpha(letter))
        c.fail("bias_axes letter '" + std::string(1, letter) + "' is not an output letter of '" +
               equation + "'");
      first = std::min(first, o);
    }
    SmallVector<int64_t> bias;
    for (size_t p = first; p < eq->out.size(); ++p) {
      char letter = eq->out[p];
      if (!llvm::isAlpha(letter))
        continue; // elided dims are appended as 1s below
      if (biasAxes.find(letter) == std::string::npos) {
        bias.push_back(1);
      } else if (ShapedType::isDynamic(outShape.shape[p])) {
        c.fail("bias axis '" + std::string(1, letter) + "' has an unknown size");
      } else {
        bias.push_back(outShape.shape[p]);
      }
    }
    if (hasEllipsis && !leftElided)
      bias.append(elided, 1);
    specs.push_back({"bias", bias});
  }
  Values w = c.weights(specs);
  return one(EinsumDenseOp::create(c.builder(), c.loc(), type, x, w[0],
                                   biasAxes.empty() ? Value() : w[1], equation, act));
}

Values buildActivation(LayerContext &c) {
  Value x = c.floatInput();
  ActivationKind kind = c.activation();
  return one(ActivationOp::create(c.builder(), c.loc(), x.getType(), x, kind, FloatAttr(),
                                  FloatAttr(), FloatAttr()));
}

Value activationOp(LayerContext &c, Value x, ActivationKind kind,
                   std::optional<double> alpha, std::optional<double> threshold = {},
                   std::optional<double> maxValue = {}) {
  OpBuilder &b = c.builder();
  auto attr = [&](std::optional<double> v) { return v ? b.getF64FloatAttr(*v) : FloatAttr(); };
  return ActivationOp::create(b, c.loc(), x.getType(), x, kind, attr(alpha), attr(threshold),
                              attr(maxValue));
}

Values buildReLU(LayerContext &c) {
  Value x = c.floatInput();
  std::optional<double> maxValue = c.optionalNumber("max_value");
  double slope = c.number("negative_slope", 0.0);
  double threshold = c.number("threshold", 0.0);
  if (maxValue && *maxValue < 0)
    c.fail("max_value must not be negative");
  if (slope < 0)
    c.fail("negative_slope must not be negative");
  if (!maxValue && slope == 0 && threshold == 0)
    return one(activationOp(c, x, ActivationKind::relu, std::nullopt));
  return one(activationOp(c, x, ActivationKind::relu_general, slope, threshold, maxValue));
}

Values buildLeakyReLU(LayerContext &c) {
  Value x = c.floatInput();
  // Keras 3 `negative_slope`, Keras 2 `alpha`; the layer's default is 0.3,
  // not the 0.2 of the leaky_relu function (spec §4.4).
  double slope = c.member("negative_slope") ? c.number("negative_slope", 0.3)
                                            : c.number("alpha", 0.3);
  return one(activationOp(c, x, ActivationKind::leaky_relu, slope));
}

Values buildELU(LayerContext &c) {
  Value x = c.floatInput();
  return one(activationOp(c, x, ActivationKind::elu, c.number("alpha", 1.0)));
}

Values buildThresholdedReLU(LayerContext &c) {
  Value x = c.floatInput();
  return one(activationOp(c, x, ActivationKind::thresholded_relu, std::nullopt,
                          c.number("theta", 1.0)));
}

Values buildPReLU(LayerContext &c) {
  c.fail("PReLU is not supported yet: its alpha is a per-element weight, which "
         "keras.activation cannot hold");
}

Values buildDropout(LayerContext &c) {
  Value x = c.input();
  return one(DropoutOp::create(c.builder(), c.loc(), x.getType(), x, c.layer().className));
}

Values buildRescaling(LayerContext &c) {
  Value x = c.floatInput();
  auto scalar = [&](llvm::StringRef key, double defaultValue) {
    const json *value = c.member(key);
    if (value && value->is_array()) {
      if (value->size() != 1)
        c.fail("per-channel '" + key.str() + "' is not supported");
      return asNumber((*value)[0], c.pathOf(key) / 0);
    }
    return c.number(key, defaultValue);
  };
  double scale = scalar("scale", 1.0), offset = scalar("offset", 0.0);
  OpBuilder &b = c.builder();
  return one(RescalingOp::create(b, c.loc(), x.getType(), x, b.getF64FloatAttr(scale),
                                 b.getF64FloatAttr(offset)));
}

//===----------------------------------------------------------------------===//
// Reshaping
//===----------------------------------------------------------------------===//

Values buildFlatten(LayerContext &c) {
  Value x = c.input();
  int64_t rank = c.shapeOf(x).size();
  if (c.channelsFirst() && rank > 2) {
    // spec §2.6: move channels last so the order matches a channels_last model.
    SmallVector<int64_t> perm{0};
    for (int64_t i = 2; i < rank; ++i)
      perm.push_back(i);
    perm.push_back(1);
    x = permute(c, x, perm);
  }
  RankedTensorType type = c.resultType(flattenShape(c.shapeOf(x)),
                                       cast<RankedTensorType>(x.getType()).getElementType());
  return one(FlattenOp::create(c.builder(), c.loc(), type, x));
}

Values buildReshape(LayerContext &c) {
  Value x = c.input();
  // TF.js writes the unknown dim as null rather than -1.
  SmallVector<int64_t> target;
  const json *shape = c.member("target_shape");
  if (!shape || !shape->is_array())
    c.fail("target_shape must be a list");
  for (size_t i = 0; i < shape->size(); ++i)
    target.push_back((*shape)[i].is_null() ? -1
                                           : asInt((*shape)[i], c.pathOf("target_shape") / i));
  if (static_cast<int64_t>(target.size()) + 1 > kMaxRank)
    c.fail("target_shape has rank above " + std::to_string(kMaxRank - 1));
  for (int64_t d : target)
    if (d != -1 && (d < 1 || d > kMaxDim))
      c.fail("target_shape holds " + std::to_string(d));
  RankedTensorType type = c.resultType(reshapeShape(c.shapeOf(x), target),
                                       cast<RankedTensorType>(x.getType()).getElementType());
  return one(ReshapeOp::create(c.builder(), c.loc(), type, x));
}

Values buildPermute(LayerContext &c) {
  Value x = c.input();
  SmallVector<int64_t> perm{0};
  for (int64_t d : c.intList("dims")) {
    if (d < 1 || d >= static_cast<int64_t>(c.shapeOf(x).size()))
      c.fail("dims entry " + std::to_string(d) + " is not a non-batch axis of input " +
             formatShape(c.shapeOf(x)) + " (dims are 1-based)");
    perm.push_back(d);
  }
  return one(permute(c, x, perm));
}

Values buildRepeatVector(LayerContext &c) {
  Value x = c.floatInput();
  int64_t n = c.positiveInt("n");
  RankedTensorType type = c.resultType(repeatVectorShape(c.shapeOf(x), n));
  return one(RepeatVectorOp::create(c.builder(), c.loc(), type, x, n));
}

//===----------------------------------------------------------------------===//
// Merging
//===----------------------------------------------------------------------===//

template <typename OpTy, size_t ExactCount = 0>
Values buildMerge(LayerContext &c) {
  Values xs = c.floatInputList(ExactCount ? ExactCount : 1, ExactCount);
  RankedTensorType type = c.resultType(mergeShape(shapesOf(xs), ExactCount));
  return one(OpTy::create(c.builder(), c.loc(), type, xs));
}

Values buildConcatenate(LayerContext &c) {
  Values xs = c.floatInputList(1);
  int64_t rank = c.shapeOf(xs.front()).size();
  int64_t axis = normalizeAxis(c, c.integer("axis", -1), rank);
  RankedTensorType type = c.resultType(concatenateShape(shapesOf(xs), axis));
  return one(ConcatenateOp::create(c.builder(), c.loc(), type, xs, axis));
}

Values buildDot(LayerContext &c) {
  Values xs = c.floatInputList(2, 2);
  SmallVector<int64_t> axes = c.intList("axes");
  if (axes.size() == 1)
    axes.push_back(axes.front());
  if (axes.size() != 2)
    c.fail("axes must be an integer or a pair");
  // Negative axes are taken modulo each input's own rank (spec §2.12).
  for (int i = 0; i < 2; ++i) {
    int64_t rank = c.shapeOf(xs[i]).size();
    if (axes[i] < 0)
      axes[i] = ((axes[i] % rank) + rank) % rank;
  }
  RankedTensorType type =
      c.resultType(dotShape(c.shapeOf(xs[0]), c.shapeOf(xs[1]), axes[0], axes[1]));
  return one(DotOp::create(c.builder(), c.loc(), type, xs[0], xs[1], axes,
                           c.flag("normalize", false)));
}

//===----------------------------------------------------------------------===//
// Normalization, softmax, embedding
//===----------------------------------------------------------------------===//

Values buildSoftmax(LayerContext &c) {
  Value x = c.floatInput();
  SmallVector<int64_t> axes = c.member("axis") ? c.intList("axis") : SmallVector<int64_t>{-1};
  axes = normalizeAxes(c, axes, c.shapeOf(x).size());
  RankedTensorType type = c.resultType(checkAxes(c.shapeOf(x), axes));
  return one(SoftmaxOp::create(c.builder(), c.loc(), type, x, axes));
}

Values buildLayerNormalization(LayerContext &c) {
  Value x = c.floatInput();
  if (c.flag("rms_scaling", false))
    c.fail("rms_scaling=True is not supported");
  SmallVector<int64_t> axes = c.member("axis") ? c.intList("axis") : SmallVector<int64_t>{-1};
  axes = normalizeAxes(c, axes, c.shapeOf(x).size());
  double epsilon = c.number("epsilon", 1e-3);
  if (epsilon < 0)
    c.fail("epsilon must not be negative");
  bool scale = c.flag("scale", true), center = c.flag("center", true);
  SmallVector<int64_t> paramShape;
  for (int64_t a : axes)
    paramShape.push_back(c.staticDim(x, a));
  SmallVector<WeightSpec> specs;
  if (scale)
    specs.push_back({"gamma", paramShape});
  if (center)
    specs.push_back({"beta", paramShape});
  Values w = c.weights(specs);
  Value gamma = scale ? w[0] : Value();
  Value beta = center ? w[scale ? 1 : 0] : Value();
  RankedTensorType type = c.resultType(checkAxes(c.shapeOf(x), axes));
  OpBuilder &b = c.builder();
  return one(LayerNormalizationOp::create(b, c.loc(), type, x, gamma, beta,
                                          b.getDenseI64ArrayAttr(axes),
                                          b.getF64FloatAttr(epsilon)));
}

Values buildBatchNormalization(LayerContext &c) {
  Value x = c.floatInput();
  if (c.flag("renorm", false))
    c.fail("renorm=True is not supported");
  SmallVector<int64_t> axes = c.member("axis") ? c.intList("axis") : SmallVector<int64_t>{-1};
  if (axes.size() != 1)
    c.fail("normalizing over several axes is not supported");
  int64_t axis = normalizeAxis(c, axes.front(), c.shapeOf(x).size());
  double epsilon = c.number("epsilon", 1e-3);
  if (epsilon < 0)
    c.fail("epsilon must not be negative");
  bool scale = c.flag("scale", true), center = c.flag("center", true);
  SmallVector<int64_t> channels{c.staticDim(x, axis)};
  SmallVector<WeightSpec> specs;
  if (scale)
    specs.push_back({"gamma", channels});
  if (center)
    specs.push_back({"beta", channels});
  specs.push_back({"moving_mean", channels});
  specs.push_back({"moving_variance", channels});
  Values w = c.weights(specs);
  size_t next = 0;
  Value gamma = scale ? w[next++] : Value();
  Value beta = center ? w[next++] : Value();
  Value mean = w[next++], variance = w[next++];
  RankedTensorType type = c.resultType(checkAxes(c.shapeOf(x), {axis}));
  OpBuilder &b = c.builder();
  return one(BatchNormalizationOp::create(b, c.loc(), type, x, gamma, beta, mean, variance,
                                          b.getI64IntegerAttr(axis),
                                          b.getF64FloatAttr(epsilon)));
}

Values buildEmbedding(LayerContext &c) {
  Value ids = c.input();
  int64_t inputDim = c.positiveInt("input_dim");
  int64_t outputDim = c.positiveInt("output_dim");
  // mask_zero only decides the output's mask (MaskRule::EmbeddingIds).
  Values w = c.weights({{"embeddings", {inputDim, outputDim}}});
  RankedTensorType type = c.resultType(embeddingShape(c.shapeOf(ids), c.shapeOf(w[0])));
  return one(EmbeddingOp::create(c.builder(), c.loc(), type, ids, w[0]));
}

//===----------------------------------------------------------------------===//
// Pooling and convolution
//===----------------------------------------------------------------------===//

/// GlobalAveragePooling1D averages the unmasked steps of a masked input;
/// GlobalMaxPooling1D ignores masks (spec §2.18).
template <typename OpTy>
Values buildGlobalPooling1D(LayerContext &c) {
  Value x = c.floatInput();
  bool keepdims = c.flag("keepdims", false);
  bool channelsFirst = c.channelsFirst();
  constexpr bool usesMask = std::is_same_v<OpTy, GlobalAveragePooling1DOp>;
  Value mask = usesMask ? c.inputMask() : Value();
  // A mask has the input's shape without the last axis, here (B, C), not the
  // steps: Keras would fail or apply it across channels.
  if (mask && channelsFirst)
    c.fail("a Keras mask on a channels_first input is not supported");
  if (channelsFirst)
    x = permute(c, x, {0, 2, 1}); // (B, C, T) -> (B, T, C)
  RankedTensorType type = c.resultType(globalPoolingShape(c.shapeOf(x), keepdims));
  Value y;
  if constexpr (usesMask)
    y = OpTy::create(c.builder(), c.loc(), type, x, mask, keepdims);
  else
    y = OpTy::create(c.builder(), c.loc(), type, x, keepdims);
  if (channelsFirst && keepdims)
    y = permute(c, y, {0, 2, 1}); // Keras keeps (B, C, 1)
  return one(y);
}

template <typename OpTy>
Values buildPooling1D(LayerContext &c) {
  Value x = c.floatInput();
  if (c.channelsFirst())
    c.fail("data_format 'channels_first' is not supported");
  int64_t poolSize = c.positiveInt("pool_size", 2);
  int64_t stride = c.member("strides") ? c.positiveInt("strides") : poolSize;
  Padding padding = c.padding(/*allowCausal=*/false);
  RankedTensorType type = c.resultType(pooling1DShape(c.shapeOf(x), poolSize, stride, padding));
  return one(OpTy::create(c.builder(), c.loc(), type, x, poolSize, stride, padding));
}

Values buildConv1D(LayerContext &c) {
  Value x = c.floatInput();
  if (c.channelsFirst())
    c.fail("data_format 'channels_first' is not supported");
  if (c.integer("groups", 1) != 1)
    c.fail("groups=" + std::to_string(c.integer("groups", 1)) + " is not supported");
  int64_t filters = c.positiveInt("filters");
  int64_t kernelSize = c.positiveInt("kernel_size");
  int64_t stride = c.positiveInt("strides", 1);
  int64_t dilation = c.positiveInt("dilation_rate", 1);
  Padding padding = c.padding(/*allowCausal=*/true);
  bool useBias = c.flag("use_bias", true);
  ActivationKind act = c.activation();
  int64_t channels = c.staticDim(x, -1);
  SmallVector<WeightSpec> specs{{"kernel", {kernelSize, channels, filters}}};
  if (useBias)
    specs.push_back({"bias", {filters}});
  Values w = c.weights(specs);
  RankedTensorType type =
      c.resultType(conv1DShape(c.shapeOf(x), c.shapeOf(w[0]), stride, dilation, padding));
  return one(Conv1DOp::create(c.builder(), c.loc(), type, x, w[0], useBias ? w[1] : Value(),
                              stride, dilation, padding, act));
}

const llvm::StringMap<LayerKind> &layerKinds() {
  using M = MaskRule;
  static const llvm::StringMap<LayerKind> table = {
      {"Dense", {buildDense, M::PassThrough}},
      {"EinsumDense", {buildEinsumDense, M::Drop}},
      {"Activation", {buildActivation, M::PassThrough}},
      {"ReLU", {buildReLU, M::PassThrough}},
      {"LeakyReLU", {buildLeakyReLU, M::PassThrough}},
      {"ELU", {buildELU, M::PassThrough}},
      {"ThresholdedReLU", {buildThresholdedReLU, M::PassThrough}},
      {"PReLU", {buildPReLU, M::PassThrough}},
      {"Dropout", {buildDropout, M::PassThrough}},
      {"SpatialDropout1D", {buildDropout, M::PassThrough}},
      {"SpatialDropout2D", {buildDropout, M::PassThrough}},
      {"SpatialDropout3D", {buildDropout, M::PassThrough}},
      {"GaussianNoise", {buildDropout, M::PassThrough}},
      {"GaussianDropout", {buildDropout, M::PassThrough}},
      {"AlphaDropout", {buildDropout, M::PassThrough}},
      {"ActivityRegularization", {buildDropout, M::PassThrough}},
      {"Rescaling", {buildRescaling, M::PassThroughSinceKeras3}},
      {"Flatten", {buildFlatten, M::Drop}},
      {"Reshape", {buildReshape, M::Drop}},
      {"Permute", {buildPermute, M::Drop}},
      {"RepeatVector", {buildRepeatVector, M::Drop}},
      {"Add", {buildMerge<AddOp>, M::Merge}},
      {"Subtract", {buildMerge<SubtractOp, 2>, M::Merge}},
      {"Multiply", {buildMerge<MultiplyOp>, M::MaskedMerge}},
      {"Average", {buildMerge<AverageOp>, M::Merge}},
      {"Maximum", {buildMerge<MaximumOp>, M::MaskedMerge}},
      {"Minimum", {buildMerge<MinimumOp>, M::MaskedMerge}},
      {"Concatenate", {buildConcatenate, M::Concatenate}},
      {"Dot", {buildDot, M::Drop}},
      {"Softmax", {buildSoftmax, M::Unsupported}},
      {"LayerNormalization", {buildLayerNormalization, M::PassThrough}},
      {"BatchNormalization", {buildBatchNormalization, M::PassThrough}},
      {"Embedding", {buildEmbedding, M::EmbeddingIds}},
      {"GlobalAveragePooling1D", {buildGlobalPooling1D<GlobalAveragePooling1DOp>, M::Consume}},
      {"GlobalMaxPooling1D", {buildGlobalPooling1D<GlobalMaxPooling1DOp>, M::Drop}},
      {"MaxPooling1D", {buildPooling1D<MaxPooling1DOp>, M::Drop}},
      {"AveragePooling1D", {buildPooling1D<AveragePooling1DOp>, M::Drop}},
      {"Conv1D", {buildConv1D, M::Drop}},
      {"Attention", {buildAttention, M::QueryMask}},
      {"AdditiveAttention", {buildAdditiveAttention, M::QueryMask}},
      {"MultiHeadAttention", {buildMultiHeadAttention, M::QueryMask}},
      {"GroupQueryAttention", {buildGroupQueryAttention, M::QueryMask}},
  };
  return table;
}

} // namespace

const LayerKind *lookupLayerKind(llvm::StringRef className) {
  for (const llvm::StringMap<LayerKind> *table : {&layerKinds(), &recurrentLayerKinds()})
    if (auto it = table->find(className); it != table->end())
      return &it->second;
  return nullptr;
}

} // namespace kiln::import
