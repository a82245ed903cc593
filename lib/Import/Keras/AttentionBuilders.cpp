//===- AttentionBuilders.cpp - Attention layer builders -------------------===//
//
// Attention / AdditiveAttention (spec §2.25), MultiHeadAttention (§2.26) and
// GroupQueryAttention (§2.27). Besides their config and weights these layers
// read several call arguments: Attention a list [query, value(, key)],
// MultiHeadAttention/GQA `(query, value, key=None, ..., attention_mask=None,
// use_causal_mask=False)` with value/key positional or by keyword (Keras 2
// list nodes pass them as kwargs). The Keras masks of query and value (and of
// key for MHA/GQA) become the ops' mask operands, as Keras fills the
// `*_mask` arguments; the output carries the query's mask (MaskRule::QueryMask).
//
// Explicit mask arguments (spec §2.0, §2.25-§2.27): Keras fills a mask
// argument from the Keras masks only when the call leaves it out, so one that
// is passed replaces the propagated mask of its input:
// - Attention/AdditiveAttention `mask=[query_mask, value_mask(, key_mask)]`
//   (keyword or the second positional argument) replaces both: a None
//   element means no mask, whatever the input carries; key_mask is ignored.
// - GroupQueryAttention `query_mask`, `value_mask`, `key_mask` (keywords or
//   Keras 3 positions 3-5) each replace their input's mask.
// - MultiHeadAttention: `value_mask` and `key_mask` likewise. An explicit
//   `query_mask` replaces the query's mask up to Keras 3.7; since 3.8 (the
//   change that clears the inputs' masks inside call(), keras-team/keras
//   #20562, #20594) MultiHeadAttention.call overwrites it with the query's
//   Keras mask, so it is ignored (`query_mask = get_keras_mask(query)`).
// Keras casts mask tensors to bool (`ops.cast(m, "bool")`, or logical_not in
// Attention's score mask): nonzero keeps, built as keras.embedding_mask
// (`x != 0`) like attention_mask. (Attention multiplies its output by a
// float query mask rather than casting it; the two agree on 0/1 masks.)
// The output mask stays the query's propagated Keras mask in every case:
// Layer.__call__ computes it from the first argument's Keras mask, not from
// the mask arguments.
// With return_attention_scores=True a layer has a second output, the
// attention scores (Keras sets no mask on it).
//
//===----------------------------------------------------------------------===//

#include "LayerContext.h"

#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace kiln::keras;
using nlohmann::json;

namespace kiln::import {

namespace {

using Values = SmallVector<Value>;

/// A boolean call keyword (use_causal_mask, return_attention_scores).
bool boolKwarg(const LayerContext &c, llvm::StringRef name) {
  if (c.hasTensorKwarg(name))
    c.fail("'" + name.str() + "' must be a Python bool, not a tensor");
  const json *value = c.constantKwarg(name);
  if (!value)
    return false;
  if (!value->is_boolean())
    c.fail("'" + name.str() + "' must be a bool");
  return value->get<bool>();
}

/// Mask keywords the layer's call does not have (Attention takes one `mask`
/// list; MultiHeadAttention/GQA get a `mask` keyword refused by
/// GraphImporter).
void refuseMaskKeywords(const LayerContext &c, ArrayRef<llvm::StringRef> names,
                        llvm::StringRef instead) {
  for (llvm::StringRef name : names)
    if (c.hasTensorKwarg(name))
      c.fail("takes no '" + name.str() + "' argument (" + instead.str() + ")");
}

/// An explicit mask argument `what` for the steps of `like` (the tensor
/// `likeName`, whose steps are `steps`: "query", "key"): checked to be
/// (batch, steps) and cast to bool as Keras does (nonzero keeps).
Value explicitMask(LayerContext &c, Value mask, llvm::StringRef what, Value like,
                   llvm::StringRef likeName, llvm::StringRef steps) {
  ArrayRef<int64_t> ms = c.shapeOf(mask), ls = c.shapeOf(like);
  SmallVector<int64_t> expected{ls[0], ls[1]};
  if (ms.size() != 2 || failed(verifyCompatibleShape(ms, expected)))
    c.fail("'" + what.str() + "' " + formatShape(ms) + " is not (batch, " + steps.str() +
           " steps) = " + formatShape(expected) + " (" + likeName.str() + " " +
           formatShape(ls) + ")");
  auto type = RankedTensorType::get(ms, c.builder().getI1Type());
  return EmbeddingMaskOp::create(c.builder(), c.loc(), type, mask);
}

/// `v`, which must be float32 of rank 3 or, with `anyRank`, at least 3.
Value requireFloat3D(const LayerContext &c, Value v, llvm::StringRef what,
                     bool anyRank = false) {
  auto type = cast<RankedTensorType>(v.getType());
  if (!type.getElementType().isF32())
    c.fail(what.str() + " must be float32");
  if (anyRank ? type.getRank() < 3 : type.getRank() != 3)
    c.fail(what.str() + (anyRank ? " must have rank >= 3 (batch, ..., features), got "
                                 : " must be 3-D (batch, steps, features), got ") +
           formatShape(type.getShape()));
  return v;
}

/// The layer's outputs: the attention output and, when the call returns
/// them, the scores (the op's optional second result).
Values withScores(Operation *op) {
  return Values(op->getResults().begin(), op->getResults().end());
}

/// (major, minor) of a keras_version; {99, 0} when unknown.
std::pair<int, int> versionOf(llvm::StringRef version) {
  auto [majorText, rest] = version.split('.');
  auto [minorText, ignored] = rest.split('.');
  int major = 0, minor = 0;
  if (majorText.getAsInteger(10, major) || minorText.getAsInteger(10, minor))
    return {99, 0};
  return {major, minor};
}

/// Luong and Bahdanau attention share inputs, masks and causal handling.
struct LuongInputs {
  Value query, value, key, queryMask, valueMask;
  bool causal;
  bool returnScores;
};

LuongInputs luongInputs(LayerContext &c) {
  refuseMaskKeywords(c, {"query_mask", "value_mask", "key_mask"},
                     "it takes mask=[query_mask, value_mask]");
  SmallVector<Value> xs = c.floatInputList(2, 3);
  LuongInputs in;
  in.query = requireFloat3D(c, xs[0], "query");
  in.value = requireFloat3D(c, xs[1], "value");
  in.key = xs.size() == 3 ? requireFloat3D(c, xs[2], "key") : Value();
  // Keras passes mask=[query_mask, value_mask(, key_mask)]; the key's mask is
  // ignored (spec §2.25).
  in.queryMask = c.inputMasks()[0];
  in.valueMask = c.inputMasks()[1];
  // An explicit list (call(inputs, mask=None, ...)) replaces both.
  SmallVector<LayerContext::TensorArg> masks = c.tensorListArg(1, "mask", /*allowNone=*/true);
  const json *constant = c.constantKwarg("mask");
  if (!masks.empty()) {
    if (masks.size() < 2 || masks.size() > 3)
      c.fail("'mask' must be a list [query_mask, value_mask] (or with a key_mask), got " +
             std::to_string(masks.size()) + " element(s)");
    in.queryMask = masks[0].value
                       ? explicitMask(c, masks[0].value, "mask[0]", in.query, "query", "query")
                       : Value();
    in.valueMask = masks[1].value
                       ? explicitMask(c, masks[1].value, "mask[1]", in.value, "value", "value")
                       : Value();
  } else if (constant) {
    // mask=[None, None]: no masks at all.
    if (!constant->is_array() ||
        !llvm::all_of(*constant, [](const json &m) { return m.is_null(); }))
      c.fail("'mask' must be a list of mask tensors or None");
    in.queryMask = in.valueMask = Value();
  }
  // tf.keras < 2.10 configs carry `causal` instead of the call argument.
  in.causal = boolKwarg(c, "use_causal_mask") || c.flag("causal", false);
  in.returnScores = boolKwarg(c, "return_attention_scores");
  return in;
}

RankedTensorType luongResultType(LayerContext &c, const LuongInputs &in) {
  return c.resultType(attentionShape(c.shapeOf(in.query), c.shapeOf(in.value),
                                     c.shapeOf(in.key ? in.key : in.value)));
}

/// The (B, Tq, Tv) weights when the call returns them, else null.
Type luongScoresType(LayerContext &c, const LuongInputs &in, RankedTensorType output) {
  if (!in.returnScores)
    return {};
  return c.resultType(
      ShapeOrError{{output.getDimSize(0), c.shapeOf(in.query)[1], c.shapeOf(in.value)[1]}, ""});
}

} // namespace

Values buildAttention(LayerContext &c) {
  LuongInputs in = luongInputs(c);
  bool useScale = c.flag("use_scale", false);
  std::string mode = c.string("score_mode", "dot");
  if (mode != "dot" && mode != "concat")
    c.fail("score_mode '" + mode + "' is not 'dot' or 'concat'");
  RankedTensorType type = luongResultType(c, in);
  SmallVector<WeightSpec> specs;
  if (useScale)
    specs.push_back({"scale", {}});
  if (mode == "concat")
    specs.push_back({"concat_score_weight", {}});
  Values w = c.weights(specs);
  Value scale = useScale ? w[0] : Value();
  Value concat = mode == "concat" ? w.back() : Value();
  OpBuilder &b = c.builder();
  return withScores(AttentionOp::create(b, c.loc(), type, luongScoresType(c, in, type),
                                        in.query, in.value, in.key, in.queryMask, in.valueMask,
                                        scale, concat, b.getStringAttr(mode),
                                        b.getBoolAttr(in.causal)));
}

Values buildAdditiveAttention(LayerContext &c) {
  LuongInputs in = luongInputs(c);
  bool useScale = c.flag("use_scale", true);
  RankedTensorType type = luongResultType(c, in);
  SmallVector<WeightSpec> specs;
  if (useScale)
    specs.push_back({"scale", {c.staticDim(in.query, -1)}});
  Values w = c.weights(specs);
  OpBuilder &b = c.builder();
  return withScores(AdditiveAttentionOp::create(
      b, c.loc(), type, luongScoresType(c, in, type), in.query, in.value, in.key, in.queryMask,
      in.valueMask, useScale ? w[0] : Value(), b.getBoolAttr(in.causal)));
}

namespace {

struct ProjectedInputs {
  Value query, value, key, attentionMask, queryMask, valueMask, keyMask;
  bool causal;
  bool zeroMaskedProbs;
  bool additiveMask;
  bool returnScores;
};

/// The call arguments of MHA (inputs of rank >= 3 with `anyRank`) and GQA.
ProjectedInputs projectedInputs(LayerContext &c, bool anyRank) {
  if (c.inputs().size() != 1)
    c.fail("expects a single query tensor as its first argument");
  ProjectedInputs in;
  in.query = requireFloat3D(c, c.inputs().front(), "query", anyRank);
  in.queryMask = c.inputMasks().front();
  LayerContext::TensorArg value = c.tensorArg(1, "value");
  if (!value.value)
    c.fail("is called without a value tensor");
  in.value = requireFloat3D(c, value.value, "value", anyRank);
  in.valueMask = value.mask;
  LayerContext::TensorArg key = c.tensorArg(2, "key");
  if (key.value) {
    in.key = requireFloat3D(c, key.value, "key", anyRank);
    in.keyMask = key.mask;
  }
  int64_t rank = c.shapeOf(in.query).size();
  for (Value v : {in.value, in.key})
    if (v && int64_t(c.shapeOf(v).size()) != rank)
      c.fail("query " + formatShape(c.shapeOf(in.query)) + ", value and key must have one rank");
  // Keras 3 call: (query, value, key, query_mask, value_mask, key_mask,
  // attention_mask, ...); tf.keras: (query, value, key, attention_mask, ...).
  size_t attentionMaskPosition = c.keras2() ? 3 : 6;
  auto [major, minor] = versionOf(c.kerasVersion());
  bool isMha = c.layer().className == "MultiHeadAttention";
  // Explicit query_mask/value_mask/key_mask (see the file comment).
  struct {
    llvm::StringRef name;
    size_t position;
    Value *slot;
    Value like;
    llvm::StringRef likeName, steps;
  } maskArgs[] = {{"query_mask", 3, &in.queryMask, in.query, "query", "query"},
                  {"value_mask", 4, &in.valueMask, in.value, "value", "key"},
                  {"key_mask", 5, &in.keyMask, in.key ? in.key : in.value,
                   in.key ? "key" : "value", "key"}};
  for (auto &m : maskArgs) {
    if (c.keras2()) {
      // tf.keras has only attention_mask (its position 3 is read below).
      refuseMaskKeywords(c, {m.name}, "tf.keras takes attention_mask");
      continue;
    }
    LayerContext::TensorArg arg = c.tensorArg(m.position, m.name);
    // MultiHeadAttention >= 3.8 reads the query's Keras mask instead.
    bool ignored = isMha && m.position == 3 && (major > 3 || (major == 3 && minor >= 8));
    if (arg.value && !ignored)
      *m.slot = explicitMask(c, arg.value, m.name, m.like, m.likeName, m.steps);
  }
  if (LayerContext::TensorArg m = c.tensorArg(attentionMaskPosition, "attention_mask");
      m.value) {
    // Keras casts attention_mask to bool: nonzero keeps (keras.embedding_mask
    // computes exactly `x != 0`).
    Value keyTensor = in.key ? in.key : in.value;
    ArrayRef<int64_t> q = c.shapeOf(in.query), k = c.shapeOf(keyTensor), ms = c.shapeOf(m.value);
    // Keras applies it with numpy broadcasting: (batch, 1, key steps) and
    // other static unit dims broadcast.
    SmallVector<int64_t> expected{q[0], q[1], k[1]};
    bool broadcasts = ms.size() == 3;
    for (size_t i = 0; broadcasts && i < 3; ++i)
      broadcasts = ms[i] == 1 || succeeded(verifyCompatibleShape({ms[i]}, {expected[i]}));
    if (!broadcasts)
      c.fail("attention_mask " + formatShape(ms) +
             " does not broadcast to (batch, query steps, key steps) = " + formatShape(expected));
    auto type = RankedTensorType::get(ms, c.builder().getI1Type());
    in.attentionMask = EmbeddingMaskOp::create(c.builder(), c.loc(), type, m.value);
  }
  in.causal = boolKwarg(c, "use_causal_mask");
  in.returnScores = boolKwarg(c, "return_attention_scores");
  if (rank != 3 && (in.attentionMask || in.queryMask || in.valueMask || in.keyMask || in.causal))
    c.fail("masks and use_causal_mask on inputs that are not 3-D are not supported yet");
  if (c.member("sliding_window"))
    c.fail("sliding_window is not supported yet");
  // Which Keras path runs decides fully masked rows (spec §2.26, §4.5): the
  // fast path (Keras >= 3.7, dropout == 0, no scores returned, 3-D inputs)
  // and Keras <= 3.9 / tf.keras give uniform weights, the explicit path of
  // Keras >= 3.10 zeros.
  bool explicitPath = c.number("dropout", 0.0) > 0 || in.returnScores || rank != 3 ||
                      major < 3 || (major == 3 && minor < 7);
  bool softmaxZeroes = !c.keras2() && (major > 3 || (major == 3 && minor >= 10));
  in.zeroMaskedProbs = explicitPath && softmaxZeroes;
  // The explicit path's Softmax layer adds -1e9 to masked logits up to
  // Keras 3.9 and in tf.keras (§2.13); later versions zero the masked
  // probabilities, after which adding and replacing agree.
  in.additiveMask = explicitPath && !softmaxZeroes;
  return in;
}

/// attention_axes (an int or a list; negative axes count from the end of
/// the input's rank, spec §2.26) made non-negative and checked, or the
/// default: every axis but batch and features.
SmallVector<int64_t> attentionAxes(const LayerContext &c, int64_t rank) {
  if (!c.member("attention_axes"))
    return llvm::to_vector(llvm::seq<int64_t>(1, rank - 1));
  SmallVector<int64_t> axes = c.intList("attention_axes");
  for (int64_t &a : axes) {
    int64_t given = a;
    if (a < 0)
      a += rank;
    if (a < 1 || a > rank - 2)
      c.fail("attention axis " + std::to_string(given) + " is not an inner axis of rank-" +
             std::to_string(rank) + " inputs (neither batch nor features)");
  }
  // Any order (it orders the attended axes of the scores), each axis once.
  SmallVector<int64_t> sorted(axes);
  llvm::sort(sorted);
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
    c.fail("attention_axes names an axis twice");
  return axes;
}

/// The projections (query, key, value, output, and the gate with use_gate)
/// of MHA and GQA: kernels and optional biases loaded with their Keras shapes
/// from the sub-layer groups each format uses, and the layer's result type.
struct Projections {
  Value kernel[5], bias[5]; // [4]: the gate, null without use_gate
  RankedTensorType resultType;
  Type scoresType; // null unless the call returns the attention scores
};

/// `groups[i]` lists the Keras 3 group names of projection i (query, key,
/// value, output, gate); legacy files name the sub-layers query/key/value/
/// attention_output/gate. Shapes: `kernels[i]`, `biases[i]`; `axes` are
/// attended. The gate is loaded with `useGate` only.
Projections loadProjections(LayerContext &c, const ProjectedInputs &in, bool useBias,
                            bool useGate,
                            ArrayRef<SmallVector<std::string>> groups,
                            ArrayRef<SmallVector<int64_t>> kernels,
                            ArrayRef<SmallVector<int64_t>> biases, ArrayRef<int64_t> axes) {
  static const char *const legacyNames[] = {"query", "key", "value", "attention_output", "gate"};
  const int count = useGate ? 5 : 4;
  SmallVector<WeightSpec> specs;
  for (int i = 0; i < count; ++i) {
    specs.push_back(WeightSpec::sublayer(legacyNames[i], "kernel", kernels[i], groups[i]));
    if (useBias)
      specs.push_back(WeightSpec::sublayer(legacyNames[i], "bias", biases[i], groups[i]));
  }
  Values w = c.weights(specs);
  size_t step = useBias ? 2 : 1;
  Projections p;
  for (int i = 0; i < count; ++i) {
    p.kernel[i] = w[i * step];
    p.bias[i] = useBias ? w[i * step + 1] : Value();
  }
  ArrayRef<int64_t> shapes[] = {c.shapeOf(in.query), c.shapeOf(in.value),
                                c.shapeOf(in.key ? in.key : in.value), c.shapeOf(p.kernel[0]),
                                c.shapeOf(p.kernel[1]), c.shapeOf(p.kernel[2]),
                                c.shapeOf(p.kernel[3])};
  p.resultType = c.resultType(projectedAttentionShape(shapes[0], shapes[1], shapes[2], shapes[3],
                                                      shapes[4], shapes[5], shapes[6], axes));
  if (in.returnScores)
    p.scoresType = c.resultType(projectedAttentionScoresShape(
        shapes[0], shapes[1], shapes[2], shapes[3], shapes[4], shapes[5], shapes[6], axes));
  return p;
}

} // namespace

Values buildMultiHeadAttention(LayerContext &c) {
  ProjectedInputs in = projectedInputs(c, /*anyRank=*/true);
  int64_t rank = c.shapeOf(in.query).size();
  SmallVector<int64_t> axes = attentionAxes(c, rank);
  int64_t heads = c.positiveInt("num_heads");
  int64_t keyDim = c.positiveInt("key_dim");
  int64_t valueDim = c.member("value_dim") ? c.positiveInt("value_dim") : keyDim;
  bool useBias = c.flag("use_bias", true);
  int64_t dq = c.staticDim(in.query, -1), dv = c.staticDim(in.value, -1);
  int64_t dk = in.key ? c.staticDim(in.key, -1) : dv;
  // output_shape: null (the query's feature dim), an int or a list of dims.
  SmallVector<int64_t> out{dq};
  if (c.member("output_shape")) {
    out = c.intList("output_shape");
    if (out.empty() || llvm::any_of(out, [](int64_t d) { return d < 1 || d > kMaxDim; }))
      c.fail("output_shape must be positive dims");
  }
  SmallVector<int64_t> outputKernel{heads, valueDim};
  outputKernel.append(out);
  // Keras 3 .keras: public attribute groups since v3.0.3, private before;
  // Keras 2 h5 / TF.js: the sub-layer names (spec §1a, §1b, §4.22).
  auto group = [](std::string name) {
    return SmallVector<std::string>{name + "_dense", "_" + name + "_dense"};
  };
  Projections p = loadProjections(
      c, in, useBias, c.flag("use_gate", false),
      {group("query"), group("key"), group("value"), group("output"), group("gate")},
      {{dq, heads, keyDim}, {dk, heads, keyDim}, {dv, heads, valueDim}, outputKernel,
       {dq, heads, valueDim}},
      {{heads, keyDim}, {heads, keyDim}, {heads, valueDim}, out, {heads, valueDim}}, axes);
  OpBuilder &b = c.builder();
  // The default axes stay implicit (the op's default is the same).
  DenseI64ArrayAttr axesAttr =
      llvm::equal(axes, llvm::seq<int64_t>(1, rank - 1)) ? DenseI64ArrayAttr()
                                                           : b.getDenseI64ArrayAttr(axes);
  return withScores(MultiHeadAttentionOp::create(
      b, c.loc(), p.resultType, p.scoresType, in.query, in.value, in.key, p.kernel[0],
      p.bias[0], p.kernel[1], p.bias[1], p.kernel[2], p.bias[2], p.kernel[3], p.bias[3],
      p.kernel[4], p.bias[4], in.attentionMask, in.queryMask, in.valueMask, in.keyMask, b.getI64IntegerAttr(heads),
      b.getI64IntegerAttr(keyDim), b.getI64IntegerAttr(valueDim), b.getBoolAttr(in.causal),
      b.getBoolAttr(in.zeroMaskedProbs), b.getBoolAttr(in.additiveMask), axesAttr));
}

Values buildGroupQueryAttention(LayerContext &c) {
  ProjectedInputs in = projectedInputs(c, /*anyRank=*/false);
  int64_t headDim = c.positiveInt("head_dim");
  int64_t nq = c.positiveInt("num_query_heads");
  int64_t nkv = c.positiveInt("num_key_value_heads");
  if (nq % nkv != 0)
    c.fail("num_key_value_heads " + std::to_string(nkv) + " does not divide num_query_heads " +
           std::to_string(nq));
  bool useBias = c.flag("use_bias", true);
  int64_t dq = c.staticDim(in.query, -1), dv = c.staticDim(in.value, -1);
  int64_t dk = in.key ? c.staticDim(in.key, -1) : dv;
  // GQA's sub-layers are private attributes in every Keras 3 version.
  auto group = [](std::string name) { return SmallVector<std::string>{"_" + name + "_dense"}; };
  Projections p = loadProjections(
      c, in, useBias, c.flag("use_gate", false),
      {group("query"), group("key"), group("value"), group("output"), group("gate")},
      {{dq, nq, headDim}, {dk, nkv, headDim}, {dv, nkv, headDim}, {nq, headDim, dq},
       {dq, nq, headDim}},
      {{nq, headDim}, {nkv, headDim}, {nkv, headDim}, {dq}, {nq, headDim}}, {1});
  OpBuilder &b = c.builder();
  return withScores(GroupedQueryAttentionOp::create(
      b, c.loc(), p.resultType, p.scoresType, in.query, in.value, in.key, p.kernel[0],
      p.bias[0], p.kernel[1], p.bias[1], p.kernel[2], p.bias[2], p.kernel[3], p.bias[3],
      p.kernel[4], p.bias[4], in.attentionMask, in.queryMask, in.valueMask, in.keyMask, b.getI64IntegerAttr(nq),
      b.getI64IntegerAttr(nkv), b.getI64IntegerAttr(headDim), b.getBoolAttr(in.causal),
      b.getBoolAttr(in.zeroMaskedProbs), b.getBoolAttr(in.additiveMask)));
}

} // namespace kiln::import
