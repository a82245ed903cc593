//===- RecurrentBuilders.cpp - LSTM, GRU, SimpleRNN and their wrappers ----===//
//
// Recurrent layers (spec §2.19-2.22), Bidirectional (§2.23), TimeDistributed
// (§2.24) and Masking. A recurrent layer and a Bidirectional pair both become
// one keras.recurrent op, so that the lowering can run the two directions of
// a Bidirectional in one parallel call.
//
//===----------------------------------------------------------------------===//

#include "LayerContext.h"

#include "../../Conversion/KerasToLinalg/LoweringUtils.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace kiln::keras;
using nlohmann::json;

namespace kiln::import {

namespace {

using Values = SmallVector<Value>;

/// What the config of one LSTM/GRU/SimpleRNN says.
struct CellConfig {
  RecurrentCell cell;
  int64_t units;
  ActivationKind activation, recurrentActivation;
  bool useBias, returnSequences, returnState, goBackwards, zeroOutputForMask;
  std::string name;

  int64_t gates() const {
    return cell == RecurrentCell::lstm ? 4 : cell == RecurrentCell::simple_rnn ? 1 : 3;
  }
  int64_t states() const { return cell == RecurrentCell::lstm ? 2 : 1; }
  /// Bias shape: GRU with reset_after keeps input and recurrent biases.
  SmallVector<int64_t> biasShape() const {
    if (cell == RecurrentCell::gru)
      return {2, gates() * units};
    return {gates() * units};
  }
};

/// Reads the config of a recurrent layer of class `cls` through `c` (the
/// layer's own context, or a wrapped layer's).
CellConfig readCellConfig(const LayerContext &c, llvm::StringRef cls) {
  CellConfig config;
  if (cls == "LSTM")
    config.cell = RecurrentCell::lstm;
  else if (cls == "GRU")
    // Keras 2 and 3 default to reset_after=True; Keras 1 and TF.js (which
    // only implement False) write no reset_after at all.
    config.cell = c.flag("reset_after", !c.kerasVersion().starts_with("tfjs"))
                      ? RecurrentCell::gru
                      : RecurrentCell::gru_reset_before;
  else if (cls == "SimpleRNN")
    config.cell = RecurrentCell::simple_rnn;
  else
    llvm_unreachable("recurrent builders are registered for these classes only");
  config.units = c.positiveInt("units");
  config.activation = c.member("activation") ? c.activation("activation") : ActivationKind::tanh;
  if (config.cell != RecurrentCell::simple_rnn) {
    // TF.js falls back to hard_sigmoid when the config omits it (spec §3).
    ActivationKind fallback = c.kerasVersion().starts_with("tfjs")
                                  ? ActivationKind::hard_sigmoid_keras2
                                  : ActivationKind::sigmoid;
    config.recurrentActivation =
        c.member("recurrent_activation") ? c.activation("recurrent_activation") : fallback;
  } else {
    config.recurrentActivation = ActivationKind::sigmoid; // unused
  }
  for (auto [kind, key] : {std::pair{config.activation, "activation"},
                           std::pair{config.recurrentActivation, "recurrent_activation"}})
    if (!isCellActivation(kind))
      c.fail("'" + std::string(key) + "' " + stringifyActivationKind(kind).str() +
             " is not supported inside a recurrent cell (elementwise activations only)");
  config.useBias = c.flag("use_bias", true);
  config.returnSequences = c.flag("return_sequences", false);
  config.returnState = c.flag("return_state", false);
  config.goBackwards = c.flag("go_backwards", false);
  config.zeroOutputForMask = c.flag("zero_output_for_mask", false);
  if (c.flag("stateful", false))
    c.fail("stateful=True is not supported: a compiled model carries no state between "
           "calls (save the model with stateful=False)");
  if (c.flag("time_major", false))
    c.fail("time_major=True is not supported");
  if (c.member("cell"))
    c.fail("generic RNN layers with custom cells are not supported");
  config.name = c.string("name", "");
  return config;
}

/// The (B, T, F) f32 sequence input and the initial states of a recurrent
/// call: Keras 2 and TF.js list the states after the sequence in the node's
/// inputs, Keras 3 passes them as `initial_state`.
std::pair<Value, Values> sequenceAndStates(const LayerContext &c) {
  Values inputs = c.floatInputList(1);
  Value x = inputs.front();
  Values states(inputs.begin() + 1, inputs.end());
  for (const LayerContext::TensorArg &arg : c.tensorListArg(1, "initial_state"))
    states.push_back(arg.value);
  if (c.shapeOf(x).size() != 3)
    c.fail("expects a (batch, steps, features) input, got shape " +
           formatShape(c.shapeOf(x)));
  for (Value s : states)
    if (!cast<RankedTensorType>(s.getType()).getElementType().isF32())
      c.fail("initial states must be float32");
  return {x, states};
}

/// The three weight specs of a cell; `sublayer` (legacy h5/TF.js scope
/// component) and `group` (Keras 3 path inside the layer) say where the
/// cell's variables live.
SmallVector<WeightSpec> cellWeightSpecs(const CellConfig &config, int64_t features,
                                        const std::string &sublayer, const std::string &group) {
  int64_t width = config.gates() * config.units;
  auto spec = [&](const char *leaf, SmallVector<int64_t> shape) {
    WeightSpec s = sublayer.empty() ? WeightSpec(leaf, shape)
                                    : WeightSpec::sublayer(sublayer, leaf, shape, {});
    s.keras3Groups.assign({group});
    return s;
  };
  SmallVector<WeightSpec> specs{spec("kernel", {features, width}),
                                spec("recurrent_kernel", {config.units, width})};
  if (config.useBias)
    specs.push_back(spec("bias", config.biasShape()));
  return specs;
}

/// Builds the keras.recurrent op of one or two directions.
Values buildRecurrentOp(LayerContext &c, const CellConfig &config, Value x, Values states,
                        ArrayRef<Value> weights, ArrayRef<bool> goBackwards,
                        MergeMode mergeMode, bool zeroOutputForMask) {
  int64_t directions = goBackwards.size();
  int64_t perDirection = config.useBias ? 3 : 2;
  Values kernels, recurrentKernels, biases;
  for (int64_t d = 0; d < directions; ++d) {
    kernels.push_back(weights[d * perDirection]);
    recurrentKernels.push_back(weights[d * perDirection + 1]);
    if (config.useBias)
      biases.push_back(weights[d * perDirection + 2]);
  }
  int64_t expectedStates = config.states() * directions;
  if (!states.empty() && static_cast<int64_t>(states.size()) != expectedStates)
    c.fail("is given " + std::to_string(states.size()) + " initial state(s); it needs " +
           std::to_string(expectedStates));
  ArrayRef<int64_t> xs = c.shapeOf(x);
  for (Value s : states)
    if (c.shapeOf(s).size() != 2 ||
        (!ShapedType::isDynamic(c.shapeOf(s)[1]) && c.shapeOf(s)[1] != config.units))
      c.fail("initial state of shape " + formatShape(c.shapeOf(s)) + " does not fit (batch, " +
             std::to_string(config.units) + ")");

  int64_t width = mergeMode == MergeMode::concat ? config.units * directions : config.units;
  SmallVector<int64_t> outShape{xs[0]};
  if (config.returnSequences)
    outShape.push_back(xs[1]);
  outShape.push_back(width);
  auto f32 = [&](ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, Float32Type::get(c.context()));
  };
  SmallVector<Type> resultTypes(mergeMode == MergeMode::none ? 2 : 1, f32(outShape));
  if (config.returnState)
    resultTypes.append(expectedStates, f32({xs[0], config.units}));
  auto op = RecurrentOp::create(
      c.builder(), c.loc(), resultTypes, x, kernels, recurrentKernels, biases,
      c.inputMasks().front(),
      states, config.cell, config.units, config.activation, config.recurrentActivation,
      config.returnSequences, config.returnState, zeroOutputForMask, goBackwards, mergeMode);
  return Values(op.getResults());
}

Values buildRecurrent(LayerContext &c) {
  CellConfig config = readCellConfig(c, c.layer().className);
  auto [x, states] = sequenceAndStates(c);
  Values weights = c.weights(cellWeightSpecs(config, c.staticDim(x, -1), "", "cell"));
  return buildRecurrentOp(c, config, x, states, weights, {config.goBackwards},
                          MergeMode::concat, config.zeroOutputForMask);
}

/// The wrapped layer of a Bidirectional/TimeDistributed config: its class
/// and a LayerEntry whose config is the wrapped one, named and weighted as
/// the wrapper (weights sit in the wrapper's group).
LayerEntry wrappedEntry(const LayerContext &c, llvm::StringRef key,
                        llvm::StringRef keras3Subpath) {
  const json *envelope = c.member(key);
  if (!envelope || !envelope->is_object() || !envelope->contains("class_name") ||
      !(*envelope)["class_name"].is_string())
    c.fail("config has no wrapped layer '" + key.str() + "' with a class_name");
  const LayerEntry &outer = c.layer();
  LayerEntry inner;
  inner.name = outer.name;
  inner.className = (*envelope)["class_name"].get<std::string>();
  inner.configPath = c.pathOf(key) / "config";
  if (envelope->contains("config") && (*envelope)["config"].is_object())
    inner.config = (*envelope)["config"];
  else
    inner.config = json::object();
  inner.keras3Path = outer.keras3Path.empty() ? "" : outer.keras3Path + "/" + keras3Subpath.str();
  inner.scope = outer.scope;
  return inner;
}

MergeMode mergeModeOf(const LayerContext &c) {
  const json *mode = c.member("merge_mode");
  if (!mode)
    return c.layer().config.contains("merge_mode") ? MergeMode::none : MergeMode::concat;
  std::string name = c.string("merge_mode", "concat");
  if (name == "concat")
    return MergeMode::concat;
  if (name == "sum")
    return MergeMode::sum;
  if (name == "mul")
    return MergeMode::mul;
  if (name == "ave")
    return MergeMode::ave;
  c.fail("unknown merge_mode '" + name + "' (concat, sum, mul, ave or None)");
}

Values buildBidirectional(LayerContext &c) {
  LayerEntry forwardEntry = wrappedEntry(c, "layer", "forward_layer");
  if (!llvm::is_contained({"LSTM", "GRU", "SimpleRNN"}, forwardEntry.className))
    c.fail("wraps a '" + forwardEntry.className +
           "' layer; Bidirectional supports LSTM, GRU and SimpleRNN layers");
  LayerContext forward = c.wrapped(forwardEntry, c.inputs(), c.inputMasks());
  CellConfig config = readCellConfig(forward, forwardEntry.className);
  // Keras builds the backward layer from the forward config with
  // go_backwards flipped, unless the config gives its own.
  CellConfig backwardConfig = config;
  backwardConfig.goBackwards = !config.goBackwards;
  std::optional<LayerEntry> backwardEntry;
  if (c.member("backward_layer")) {
    backwardEntry = wrappedEntry(c, "backward_layer", "backward_layer");
    LayerContext backward = c.wrapped(*backwardEntry, c.inputs(), c.inputMasks());
    backwardConfig = readCellConfig(backward, backwardEntry->className);
    if (backwardEntry->className != forwardEntry.className ||
        backwardConfig.cell != config.cell || backwardConfig.units != config.units ||
        backwardConfig.activation != config.activation ||
        backwardConfig.recurrentActivation != config.recurrentActivation ||
        backwardConfig.useBias != config.useBias ||
        backwardConfig.returnSequences != config.returnSequences ||
        backwardConfig.returnState != config.returnState)
      c.fail("a backward_layer that differs from the forward layer (other than in "
             "go_backwards) is not supported");
  }
  auto [x, states] = sequenceAndStates(c);
  int64_t features = c.staticDim(x, -1);
  // Keras 2 h5 / TF.js scope the cells as forward_<name> / backward_<name>.
  llvm::StringRef innerName = config.name;
  innerName.consume_front("forward_");
  SmallVector<WeightSpec> specs =
      cellWeightSpecs(config, features, "forward_" + innerName.str(), "forward_layer/cell");
  SmallVector<WeightSpec> backwardSpecs = cellWeightSpecs(
      backwardConfig, features, "backward_" + innerName.str(), "backward_layer/cell");
  specs.append(backwardSpecs.begin(), backwardSpecs.end());
  Values weights = c.weights(specs);
  // Both directions output zeros at masked steps exactly when they return
  // sequences (spec §2.23).
  return buildRecurrentOp(c, config, x, states, weights,
                          {config.goBackwards, backwardConfig.goBackwards}, mergeModeOf(c),
                          config.returnSequences);
}

/// TimeDistributed: the wrapped layer sees the batch and steps axes as one
/// batch axis, (B, T, ...) → (B·T, ...), and its output is unfolded back.
Values buildTimeDistributed(LayerContext &c) {
  Value x = c.input();
  ArrayRef<int64_t> shape = c.shapeOf(x);
  if (shape.size() < 3)
    c.fail("expects an input of rank 3 or more (batch, steps, ...), got shape " +
           formatShape(shape));
  LayerEntry innerEntry = wrappedEntry(c, "layer", "layer");
  const LayerKind *kind = lookupLayerKind(innerEntry.className);
  if (!kind || innerEntry.className == "Bidirectional" ||
      innerEntry.className == "TimeDistributed")
    c.fail("wraps an unsupported layer class '" + innerEntry.className + "'");

  // tensor.reshape rather than collapse/expand_shape: MLIR 22's
  // expand-strided-metadata crashes on the expand_shape of dynamic dims.
  OpBuilder &b = c.builder();
  Location loc = c.loc();
  SmallVector<OpFoldResult> sizes = lowering::sizesOf(b, loc, x);
  SmallVector<OpFoldResult> foldedSizes{lowering::productOf(b, loc, {sizes[0], sizes[1]})};
  foldedSizes.append(sizes.begin() + 2, sizes.end());
  Value steps = lowering::reshape(b, loc, x, foldedSizes);

  LayerContext inner = c.wrapped(innerEntry, steps, {Value()});
  inner.checkDtypePolicy();
  Values outputs = kind->build(inner);
  if (outputs.size() != 1)
    c.fail("wraps a layer with " + std::to_string(outputs.size()) + " outputs");
  Value y = inner.finishActivation(outputs.front());
  if (!inner.weightsRequested())
    inner.weights({});
  c.adoptWeightsOf(inner);

  auto yType = cast<RankedTensorType>(y.getType());
  if (yType.getRank() < 1)
    c.fail("wraps a layer whose output has no batch axis");
  SmallVector<OpFoldResult> outSizes{sizes[0], sizes[1]};
  SmallVector<OpFoldResult> ySizes = lowering::sizesOf(b, loc, y);
  outSizes.append(ySizes.begin() + 1, ySizes.end());
  return {lowering::reshape(b, loc, y, outSizes)};
}

Values buildMasking(LayerContext &c) {
  Value x = c.floatInput();
  if (c.shapeOf(x).size() < 2)
    c.fail("expects an input with a steps and a features axis");
  float maskValue = static_cast<float>(c.number("mask_value", 0.0));
  return {MaskingOp::create(c.builder(), c.loc(), x.getType(), x,
                            c.builder().getF32FloatAttr(maskValue))};
}

} // namespace

const llvm::StringMap<LayerKind> &recurrentLayerKinds() {
  using M = MaskRule;
  static const llvm::StringMap<LayerKind> table = {
      {"LSTM", {buildRecurrent, M::Sequence}},
      {"GRU", {buildRecurrent, M::Sequence}},
      {"SimpleRNN", {buildRecurrent, M::Sequence}},
      {"Bidirectional", {buildBidirectional, M::Sequence}},
      {"TimeDistributed", {buildTimeDistributed, M::PassThrough}},
      {"Masking", {buildMasking, M::Masking}},
  };
  return table;
}

} // namespace kiln::import
