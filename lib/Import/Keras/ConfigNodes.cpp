//===- ConfigNodes.cpp - Inbound nodes and model input/output refs --------===//

#include "ConfigNodes.h"

#include <algorithm>

using nlohmann::json;

namespace kiln::import {

namespace {

bool isKerasTensor(const json &value) {
  if (!value.is_object())
    return false;
  auto it = value.find("class_name");
  return it != value.end() && it->is_string() && *it == "__keras_tensor__";
}

/// A Keras 2 reference [name, node_index, tensor_index(, kwargs)].
bool isKeras2TensorRef(const json &value) {
  return value.is_array() && (value.size() == 3 || value.size() == 4) &&
         value[0].is_string() && value[1].is_number_integer() &&
         value[2].is_number_integer() && value[0] != "_CONSTANT_VALUE";
}

/// [layer_name, node_index, tensor_index], the reference both node formats
/// spell the same way.
TensorRef readRefTriple(const json &triple, const JsonPath &at, TensorRef::Origin origin) {
  TensorRef ref;
  ref.layer = asString(triple[0], at / 0);
  ref.node = asInt(triple[1], at / 1);
  ref.tensor = asInt(triple[2], at / 2);
  ref.origin = origin;
  return ref;
}

TensorRef readKeras2Ref(const json &value, const JsonPath &at) {
  return readRefTriple(value, at, TensorRef::Origin::Keras2Node);
}

TensorRef readKerasTensor(const json &value, const JsonPath &at) {
  JsonPath configAt = at / "config";
  const json &config = requireObject(value, "config", at);
  const json &history = requireArray(config, "keras_history", configAt);
  JsonPath historyAt = configAt / "keras_history";
  if (history.size() != 3)
    historyAt.fail("expected [layer_name, node_index, tensor_index]");
  return readRefTriple(history, historyAt, TensorRef::Origin::Keras3Node);
}

/// Reads `value` as a TensorList when it is a list of tensors (`isTensor`),
/// with `allowNone` also a list of tensors and nulls holding at least one
/// tensor (CallArg::present marks the nulls).
template <typename IsTensor, typename ReadTensor>
bool readTensorList(const json &value, const JsonPath &at, bool allowNone, IsTensor isTensor,
                    ReadTensor readTensor, CallArg &arg) {
  if (!value.is_array() || value.empty())
    return false;
  size_t tensors = std::count_if(value.begin(), value.end(), isTensor);
  size_t nulls = std::count_if(value.begin(), value.end(),
                               [](const json &v) { return v.is_null(); });
  if (tensors == 0 || tensors + (allowNone ? nulls : 0) != value.size())
    return false;
  arg.kind = CallArg::Kind::TensorList;
  for (size_t i = 0; i < value.size(); ++i) {
    if (nulls)
      arg.present.push_back(!value[i].is_null());
    if (!value[i].is_null())
      arg.tensors.push_back(readTensor(value[i], at / i));
  }
  return true;
}

/// A Keras 3 call argument: a __keras_tensor__, a list of them (with
/// `allowNone`, possibly with nulls), or anything.
CallArg readKeras3Arg(const json &value, const JsonPath &at, bool allowNone) {
  CallArg arg;
  if (isKerasTensor(value)) {
    arg.kind = CallArg::Kind::Tensor;
    arg.tensors.push_back(readKerasTensor(value, at));
    return arg;
  }
  if (readTensorList(value, at, allowNone, isKerasTensor, readKerasTensor, arg))
    return arg;
  arg.value = value;
  return arg;
}

/// A Keras 2 keyword argument: tensors are 3-element references there.
CallArg readKeras2Kwarg(const json &value, const JsonPath &at) {
  CallArg arg;
  if (isKeras2TensorRef(value) && value.size() == 3) {
    arg.kind = CallArg::Kind::Tensor;
    arg.tensors.push_back(readKeras2Ref(value, at));
    return arg;
  }
  auto isRef = [](const json &v) { return isKeras2TensorRef(v) && v.size() == 3; };
  if (readTensorList(value, at, /*allowNone=*/true, isRef, readKeras2Ref, arg))
    return arg;
  arg.value = value;
  return arg;
}

void readKeras2Kwargs(const json &entry, const JsonPath &at, LayerCall &call) {
  if (entry.size() < 4 || entry[3].is_null())
    return;
  const json &kwargs = expectObject(entry[3], at / 3);
  for (auto it = kwargs.begin(); it != kwargs.end(); ++it)
    call.kwargs.emplace_back(it.key(),
                             readKeras2Kwarg(it.value(), at / 3 / it.key()));
}

} // namespace

LayerCall readInboundNode(const json &node, const JsonPath &at) {
  LayerCall call;
  if (node.is_object()) {
    // Keras 3: {"args": [...], "kwargs": {...}}.
    if (const json *args = findMember(node, "args", at)) {
      expectArray(*args, at / "args");
      for (size_t i = 0; i < args->size(); ++i)
        call.args.push_back(readKeras3Arg((*args)[i], at / "args" / i, /*allowNone=*/i > 0));
    }
    if (const json *kwargs = findMember(node, "kwargs", at)) {
      if (!kwargs->is_null()) {
        expectObject(*kwargs, at / "kwargs");
        for (auto it = kwargs->begin(); it != kwargs->end(); ++it)
          call.kwargs.emplace_back(
              it.key(), readKeras3Arg(it.value(), at / "kwargs" / it.key(), /*allowNone=*/true));
      }
    }
    return call;
  }
  if (!node.is_array())
    at.fail("expected an inbound node (a list or an object with args/kwargs)");
  if (node.empty())
    return call;
  if (node[0].is_string()) {
    // TFOpLambda keeps its first argument unwrapped: one bare 4-list.
    if (node.size() < 3)
      at.fail("expected [layer_name, node_index, tensor_index, kwargs]");
    CallArg arg;
    if (node[0] == "_CONSTANT_VALUE") {
      arg.value = node[2];
    } else {
      if (!isKeras2TensorRef(node))
        at.fail("expected [layer_name, node_index, tensor_index, kwargs]");
      arg.kind = CallArg::Kind::Tensor;
      arg.tensors.push_back(readKeras2Ref(node, at));
    }
    call.args.push_back(std::move(arg));
    readKeras2Kwargs(node, at, call);
    return call;
  }
  // Keras 2: the first argument's structure, each tensor a 4-list.
  CallArg arg;
  for (size_t i = 0; i < node.size(); ++i) {
    if (!isKeras2TensorRef(node[i]))
      (at / i).fail("expected [layer_name, node_index, tensor_index, kwargs]");
    arg.tensors.push_back(readKeras2Ref(node[i], at / i));
  }
  arg.kind = node.size() == 1 ? CallArg::Kind::Tensor : CallArg::Kind::TensorList;
  call.args.push_back(std::move(arg));
  readKeras2Kwargs(node[0], at / 0, call);
  return call;
}

void readModelRefs(const json &value, const JsonPath &at,
                   std::vector<TensorRef> &refs) {
  if (value.is_array() && value.size() == 3 && value[0].is_string()) {
    TensorRef ref;
    ref.layer = asString(value[0], at / 0);
    ref.node = asInt(value[1], at / 1);
    ref.tensor = asInt(value[2], at / 2);
    ref.origin = TensorRef::Origin::ModelInputsOutputs;
    refs.push_back(std::move(ref));
    return;
  }
  if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i)
      readModelRefs(value[i], at / i, refs);
    return;
  }
  if (value.is_object()) {
    // nlohmann::json keeps keys sorted, which is also Keras' flattening order.
    for (auto it = value.begin(); it != value.end(); ++it)
      readModelRefs(it.value(), at / it.key(), refs);
    return;
  }
  at.fail("expected [layer_name, node_index, tensor_index] or a list/dict of them");
}

} // namespace kiln::import
