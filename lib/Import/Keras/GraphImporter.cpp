//===- GraphImporter.cpp - Emit the ops of one ModelGraph -----------------===//

#include "GraphImporter.h"
#include "TfOpBuilders.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using nlohmann::json;

namespace kiln::import {

namespace {

/// A nested model whose node 0 is the internal node linking its own inputs to
/// its outputs, which shifts references to its calls by one (spec §1a, §1b).
bool shiftsNodeIndex(const TensorRef &ref, const LayerEntry &target, bool keras3Style) {
  if (!target.nested)
    return false;
  const ModelGraph &inner = *target.nested;
  switch (ref.origin) {
  case TensorRef::Origin::Keras3Node:
    return false; // keras_history indices count only this model's calls
  case TensorRef::Origin::ModelInputsOutputs:
    if (keras3Style)
      return !inner.sequential; // Keras 3 Sequential is not a Functional
    [[fallthrough]];
  case TensorRef::Origin::Keras2Node: {
    // tf.keras _should_skip_first_node: Functional models, and Sequential
    // models built with an input shape (TF.js writes that shape on the first
    // layer instead of an InputLayer entry).
    const LayerEntry &first = inner.layers.front();
    return !inner.sequential || !first.synthesized || first.config.contains("batch_shape");
  }
  }
  return false;
}

/// The attention layers take (batch, steps, features) tensors (Multi-
/// HeadAttention: any rank >= 3). A tensor of a lower rank is most often a
/// user's mistake upstream (an LSTM without return_sequences), so the message
/// names the layer that made it.
void checkAttentionInputRanks(const LayerContext &c) {
  llvm::StringRef cls = c.layer().className;
  static const char *const roles[] = {"query", "value", "key"};
  bool anyRank = cls == "MultiHeadAttention";
  int64_t maxRank = anyRank ? kMaxRank : 3;
  llvm::StringRef needs = anyRank ? "inputs of rank 3 or more (batch, steps..., features)"
                                  : "3-D (batch, steps, features) inputs";
  if (cls == "Attention" || cls == "AdditiveAttention") {
    for (auto [i, input] : llvm::enumerate(c.inputs()))
      if (i < std::size(roles))
        c.requireInputRank(input, i, roles[i], 3, maxRank, needs);
    return;
  }
  if (!anyRank && cls != "GroupQueryAttention")
    return;
  if (c.inputs().size() == 1)
    c.requireInputRank(c.inputs().front(), 0, roles[0], 3, maxRank, needs);
  for (size_t i = 1; i < std::size(roles); ++i)
    if (Value v = c.tensorArg(i, roles[i]).value)
      c.requireInputRank(v, i, roles[i], 3, maxRank, needs);
}

} // namespace

RankedTensorType inputLayerType(ImportSession &session, const LayerEntry &input) {
  const json &config = input.config;
  const json *shape = nullptr;
  JsonPath shapeAt = input.configPath;
  for (const char *key : {"batch_shape", "batch_input_shape"}) {
    auto it = config.is_object() ? config.find(key) : config.end();
    if (config.is_object() && it != config.end() && !it->is_null()) {
      shape = &*it;
      shapeAt = input.configPath / key;
      break;
    }
  }
  if (!shape)
    session.failLayer(input, input.synthesized
                                 ? "the Sequential model has no InputLayer and no "
                                   "build_input_shape or batch_input_shape, so its input "
                                   "shape is unknown"
                                 : "has no batch_shape");
  expectArray(*shape, shapeAt);
  if (shape->empty() || shape->size() > static_cast<size_t>(kMaxRank))
    session.failLayer(input, "input rank " + std::to_string(shape->size()) +
                                 " is not in [1, " + std::to_string(kMaxRank) + "]");
  SmallVector<int64_t> dims;
  for (size_t i = 0; i < shape->size(); ++i) {
    const json &d = (*shape)[i];
    if (d.is_null()) {
      dims.push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t value = asInt(d, shapeAt / i);
    if (value < 1 || value > kMaxDim)
      session.failLayer(input, "input dimension " + std::to_string(value) +
                                   " is out of range (dims must be None or in [1, " +
                                   std::to_string(kMaxDim) + "])");
    dims.push_back(value);
  }
  if (!fitsElementLimit(dims))
    session.failLayer(input, "input shape " + keras::formatShape(dims) +
                                 " holds absurdly many elements");

  std::string dtype = "float32";
  if (config.is_object()) {
    auto it = config.find("dtype");
    if (it != config.end() && !it->is_null()) {
      std::string policyClass;
      dtype = dtypePolicyName(*it, input.configPath / "dtype", policyClass);
    }
  }
  Type element;
  llvm::StringRef name = dtype;
  if (name == "float32")
    element = Float32Type::get(&session.context);
  else if (name.starts_with("int") || name.starts_with("uint"))
    element = IntegerType::get(&session.context, 32);
  else
    session.failLayer(input, "input dtype '" + dtype +
                                 "' is not supported (float32 or an integer type)");
  return RankedTensorType::get(dims, element);
}

GraphImporter::GraphImporter(ImportSession &session, const ModelGraph &graph, int depth)
    : session(session), graph(graph), depth(depth) {
  states.resize(graph.layers.size());
  for (size_t i = 0; i < graph.layers.size(); ++i)
    // An InputLayer has no calls; its "call 0" is the bound model input.
    states[i].resize(graph.layers[i].isInputLayer() ? 1 : graph.layers[i].calls.size());
}

void GraphImporter::failReference(const LayerEntry *consumer, const std::string &reason) const {
  if (consumer)
    session.failLayer(*consumer, "input " + reason);
  std::string where = graph.name.empty() ? "the model" : "model '" + graph.name + "'";
  throw ImportError(session.modelPath, where + ": output " + reason);
}

GraphImporter::CallId GraphImporter::locate(const TensorRef &ref,
                                            const LayerEntry *consumer) const {
  auto it = graph.indexByName.find(ref.layer);
  if (it == graph.indexByName.end())
    failReference(consumer, "refers to layer '" + ref.layer + "', which does not exist");
  const LayerEntry &target = graph.layers[it->second];
  int64_t calls = static_cast<int64_t>(states[it->second].size());
  int64_t node = ref.node - (shiftsNodeIndex(ref, target, graph.keras3Style) ? 1 : 0);
  // Writers disagree on the internal node of nested models; where the rule
  // above lands just outside the calls and the written index is inside,
  // the writer evidently used the other convention.
  if (target.nested && (node == -1 || node == calls) && ref.node >= 0 && ref.node < calls)
    node = ref.node;
  if (node < 0 || node >= calls)
    failReference(consumer, "refers to node " + std::to_string(ref.node) + " of layer '" +
                                ref.layer + "', which has " + std::to_string(calls) +
                                " node(s)");
  return {it->second, static_cast<size_t>(node)};
}

void GraphImporter::appendValueOf(const TensorRef &ref, const LayerEntry *consumer,
                                  MaskedValues &to) {
  CallId id = locate(ref, consumer);
  const MaskedValues &outputs = states[id.layer][id.call].outputs;
  if (ref.tensor < 0 || ref.tensor >= static_cast<int64_t>(outputs.values.size()))
    failReference(consumer, "refers to output " + std::to_string(ref.tensor) + " of layer '" +
                                ref.layer + "', which has " +
                                std::to_string(outputs.values.size()) + " output(s)");
  to.values.push_back(outputs.values[ref.tensor]);
  to.masks.push_back(outputs.masks[ref.tensor]);
}

/// Every tensor a call reads, positional and keyword.
static SmallVector<const TensorRef *> dependencies(const LayerCall &call) {
  SmallVector<const TensorRef *> refs;
  for (const CallArg &arg : call.args)
    for (const TensorRef &ref : arg.tensors)
      refs.push_back(&ref);
  for (const auto &kwarg : call.kwargs)
    for (const TensorRef &ref : kwarg.second.tensors)
      refs.push_back(&ref);
  return refs;
}

void GraphImporter::evaluate(CallId target) {
  struct Frame {
    CallId id;
    bool expanded;
  };
  SmallVector<Frame> stack{{target, false}};
  while (!stack.empty()) {
    Frame frame = stack.back();
    CallState &state = states[frame.id.layer][frame.id.call];
    if (state.done) {
      stack.pop_back();
      continue;
    }
    if (frame.expanded) {
      buildCall(frame.id);
      state.done = true;
      state.active = false;
      stack.pop_back();
      continue;
    }
    state.active = true;
    stack.back().expanded = true;
    const LayerEntry &layer = graph.layers[frame.id.layer];
    if (layer.isInputLayer())
      continue; // buildCall reports an InputLayer that is not bound
    auto refs = dependencies(layer.calls[frame.id.call]);
    for (const TensorRef *ref : llvm::reverse(refs)) {
      CallId dep = locate(*ref, &layer);
      const CallState &depState = states[dep.layer][dep.call];
      if (depState.done)
        continue;
      if (depState.active)
        session.failLayer(layer, "the layer graph has a cycle: its input from layer '" +
                                     ref->layer + "' depends on its own output");
      stack.push_back({dep, false});
    }
  }
}

MaskedValues GraphImporter::buildNested(const LayerEntry &layer, const MaskedValues &inputs) {
  const ModelGraph &inner = *layer.nested;
  if (depth + 1 > kMaxModelNesting)
    session.failLayer(layer, "models are nested too deeply");
  if (inputs.values.size() != inner.inputs.size())
    session.failLayer(layer, "the nested model takes " + std::to_string(inner.inputs.size()) +
                                 " input(s) but is called on " +
                                 std::to_string(inputs.values.size()));
  GraphImporter nested(session, inner, depth + 1);
  return nested.run(inputs);
}

void GraphImporter::buildCall(CallId id) {
  const LayerEntry &layer = graph.layers[id.layer];
  CallState &state = states[id.layer][id.call];
  session.classByLayer[layer.qualifiedName()] = layer.className;
  if (layer.isInputLayer())
    session.failLayer(layer, "is used but is not an input of the model");

  const LayerCall &call = layer.calls[id.call];
  MaskedValues inputs;
  if (const std::vector<TensorRef> *refs = call.inputs())
    for (const TensorRef &ref : *refs)
      appendValueOf(ref, &layer, inputs);
  // A TF op layer's first argument may be a constant (`1.0 - mask`).
  bool tfOpLayer = isTfOpLayerClass(layer.className);
  if (inputs.values.empty() && !tfOpLayer)
    session.failLayer(layer, "is called without an input tensor");
  // Nodes record a mask only when the model passes one explicitly
  // (`layer(x, mask=m)`); propagated masks are never written (spec §1a).
  // Attention and AdditiveAttention read theirs (AttentionBuilders.cpp).
  bool readsExplicitMask = layer.className == "Attention" ||
                           layer.className == "AdditiveAttention";
  for (const auto &[name, arg] : call.kwargs)
    if (name == "mask" && !arg.tensors.empty() && !readsExplicitMask)
      session.failLayer(layer, "an explicit mask argument is not supported yet");

  llvm::StringRef cls = layer.className;
  try {
    if (layer.isOperation)
      session.failLayer(layer, "unsupported operation '" + layer.module + "." + layer.className +
                                   "': Keras graph operations (keras.ops calls on symbolic "
                                   "tensors) are not supported yet");
    if (cls == "Lambda")
      session.failLayer(layer, "contains serialized Python bytecode; it cannot be compiled. "
                               "Replace it with built-in layers/keras.ops, or provide a "
                               "custom lowering for this layer name");
    if (layer.nested) {
      state.outputs = buildNested(layer, inputs);
      return;
    }
    const LayerKind *kind = tfOpLayer ? &tfOpLayerKind() : lookupLayerKind(cls);
    if (!kind)
      session.failLayer(layer, "unsupported layer class '" + layer.className + "'");
    LayerContext context(session, layer, call, inputs.values, inputs.masks);
    // Other single-tensor arguments (MultiHeadAttention's value, key and
    // attention_mask), positional and keyword.
    auto addArg = [&](std::string key, const CallArg &arg) {
      if (arg.kind == CallArg::Kind::TensorList) {
        // RNN initial_state, Attention's mask: one "<key>[<i>]" per element,
        // a null value where the list has a None.
        size_t size = arg.present.empty() ? arg.tensors.size() : arg.present.size();
        for (size_t i = 0, next = 0; i < size; ++i) {
          LayerContext::TensorArg item{};
          if (arg.present.empty() || arg.present[i]) {
            MaskedValues resolved;
            appendValueOf(arg.tensors[next++], &layer, resolved);
            item = {resolved.values.front(), resolved.masks.front()};
          }
          context.addTensorArg(key + "[" + std::to_string(i) + "]", item);
        }
        return;
      }
      if (arg.kind != CallArg::Kind::Tensor || arg.tensors.size() != 1)
        return;
      MaskedValues resolved;
      appendValueOf(arg.tensors.front(), &layer, resolved);
      context.addTensorArg(std::move(key), {resolved.values.front(), resolved.masks.front()});
    };
    for (size_t i = 1; i < call.args.size(); ++i)
      addArg("#" + std::to_string(i), call.args[i]);
    for (const auto &[name, arg] : call.kwargs)
      addArg(name, arg);
    context.checkDtypePolicy();
    checkAttentionInputRanks(context);
    SmallVector<Value> outputs = kind->build(context);
    if (!outputs.empty())
      outputs.front() = context.finishActivation(outputs.front());
    if (!context.weightsRequested())
      context.weights({});
    for (Value output : outputs)
      session.producers.try_emplace(output, &layer);
    SmallVector<Value> masks = propagateMasks(context, kind->masks, outputs);
    state.outputs = {std::move(outputs), std::move(masks)};
  } catch (const LayerError &) {
    throw;
  } catch (const ImportError &e) {
    // Config accessors and readers do not know the layer; name it here.
    throw LayerError(e.file().empty() ? session.modelPath : e.file(),
                     "layer '" + layer.qualifiedName() + "' (" + layer.className +
                         "): " + e.reason());
  }
}

MaskedValues GraphImporter::run(const MaskedValues &inputs) {
  assert(inputs.masks.size() == inputs.values.size() && "one mask slot per input");
  if (inputs.values.size() != graph.inputs.size())
    throw ImportError(session.modelPath,
                      "the model takes " + std::to_string(graph.inputs.size()) +
                          " inputs, got " + std::to_string(inputs.values.size()));
  for (size_t i = 0; i < inputs.values.size(); ++i) {
    const TensorRef &ref = graph.inputs[i];
    const LayerEntry *layer = graph.find(ref.layer);
    if (!layer || !layer->isInputLayer() || ref.node != 0 || ref.tensor != 0)
      throw ImportError(session.modelPath,
                        "model input ['" + ref.layer + "', " + std::to_string(ref.node) +
                            ", " + std::to_string(ref.tensor) +
                            "] does not name an InputLayer");
    CallState &state = states[graph.indexByName.lookup(ref.layer)][0];
    if (state.done)
      throw ImportError(session.modelPath,
                        "input layer '" + ref.layer + "' is listed twice as a model input");
    // A nested model's declared input shape must fit what it is called on.
    if (depth > 0 && !layer->synthesized) {
      RankedTensorType declared = inputLayerType(session, *layer);
      auto actual = cast<RankedTensorType>(inputs.values[i].getType());
      bool fits = declared.getRank() == actual.getRank();
      for (int64_t d = 1; fits && d < declared.getRank(); ++d)
        fits = declared.isDynamicDim(d) || actual.isDynamicDim(d) ||
               declared.getDimSize(d) == actual.getDimSize(d);
      if (!fits)
        session.failLayer(*layer, "expects an input of shape " +
                                      keras::formatShape(declared.getShape()) +
                                      " but the nested model is called on " +
                                      keras::formatShape(actual.getShape()));
    }
    // A nested model's inputs carry the masks of the tensors it is called on
    // (and keep the layer that produced them outside).
    session.producers.try_emplace(inputs.values[i], layer);
    state.outputs = {{inputs.values[i]}, {inputs.masks[i]}};
    state.done = true;
  }
  MaskedValues outputs;
  for (const TensorRef &ref : graph.outputs) {
    evaluate(locate(ref, nullptr));
    appendValueOf(ref, nullptr, outputs);
  }
  return outputs;
}

} // namespace kiln::import
