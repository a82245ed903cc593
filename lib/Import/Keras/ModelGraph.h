//===- ModelGraph.h - A Keras model config, normalised -----------*- C++ -*-===//
//
// Keras writes model configs in several dialects (Keras 3 envelopes with
// dict nodes, Keras 2 list nodes, hybrids of both, Sequential and
// Functional; spec §1a/§1b). ModelConfig.cpp reads any of them into this one
// graph form, so the IR builder never looks at a raw node again:
//
//   * every layer entry has its calls ("inbound nodes"), each a list of
//     positional arguments and keyword arguments whose tensors are
//     TensorRefs (producer layer, call index, output index);
//   * a Sequential model becomes a chain of calls with an explicit input;
//   * a nested model entry carries its own parsed graph;
//   * each entry knows where its weights live in each weights format.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORT_KERAS_MODELGRAPH_H
#define KILN_LIB_IMPORT_KERAS_MODELGRAPH_H

#include "kiln/Import/Json.h"

#include "llvm/ADT/StringMap.h"

#include <memory>
#include <string>
#include <vector>

namespace kiln::import {

/// Nested models deeper than this are refused (they only come from crafted
/// files; the limit keeps recursion bounded).
inline constexpr int kMaxModelNesting = 16;

struct ModelGraph;

/// One output tensor of one call of a layer.
struct TensorRef {
  /// Where the reference was written. Keras shifts node indices of nested
  /// models differently depending on where (spec §1a, §1b), so the resolver
  /// needs to know.
  enum class Origin { Keras3Node, Keras2Node, ModelInputsOutputs };

  std::string layer;
  int64_t node = 0;
  int64_t tensor = 0;
  Origin origin = Origin::Keras3Node;
};

/// One call argument: a tensor, a flat list of tensors, or anything else
/// (numbers, strings, nested structures), kept as JSON.
struct CallArg {
  enum class Kind { Tensor, TensorList, Constant };
  Kind kind = Kind::Constant;
  std::vector<TensorRef> tensors;
  nlohmann::json value;
  /// A TensorList written with None elements (Attention's explicit
  /// `mask=[None, value_mask]`): one flag per written element, false at the
  /// Nones, while `tensors` holds the others in order. Empty when every
  /// element is a tensor. Only arguments after the first may have Nones.
  std::vector<bool> present;
};

/// One call of a layer (a Keras "node").
struct LayerCall {
  std::vector<CallArg> args;
  std::vector<std::pair<std::string, CallArg>> kwargs;

  /// The tensors of the first positional argument: the layer's input(s).
  const std::vector<TensorRef> *inputs() const {
    return args.empty() ? nullptr : &args.front().tensors;
  }
  /// True when the first argument is a list (merge layers, Dot).
  bool inputIsList() const {
    return !args.empty() && args.front().kind == CallArg::Kind::TensorList;
  }
};

struct LayerEntry {
  std::string name;
  std::string className;
  std::string module;         ///< "" when absent (Keras 2 entries)
  std::string registeredName; ///< "" when absent or null
  nlohmann::json config;      ///< the entry's `config` object ({} if absent)
  JsonPath configPath{""};    ///< location of `config`, for messages

  std::vector<LayerCall> calls;
  /// Set for nested Sequential/Functional models used as layers.
  std::unique_ptr<ModelGraph> nested;
  /// Keras 3 graph operation (`keras.src.ops.*`), not a layer.
  bool isOperation = false;
  /// Set on the InputLayer that ModelConfig.cpp makes up for a Sequential
  /// model without one; it is in no weights file.
  bool synthesized = false;

  /// Keras 3 weights: the group path without "/vars", e.g. "layers/dense_1"
  /// or "layers/functional/layers/dense"; empty for operations.
  std::string keras3Path;
  /// Names of the enclosing nested models, outermost first (Keras 2 h5 keeps
  /// a nested model's weights in one group named after scope[0]).
  std::vector<std::string> scope;

  /// "outer/inner" for layers of nested models, else the name: the layer's
  /// name in locations, messages and weight blob keys.
  std::string qualifiedName() const;
  bool isInputLayer() const { return className == "InputLayer"; }
};

struct ModelGraph {
  std::string name;
  std::string className;
  bool sequential = false;
  /// Node references in input_layers/output_layers follow Keras 3 rules.
  bool keras3Style = false;
  std::vector<LayerEntry> layers;
  llvm::StringMap<size_t> indexByName;
  /// The flattened input_layers / output_layers (dicts by sorted key).
  std::vector<TensorRef> inputs;
  std::vector<TensorRef> outputs;

  const LayerEntry *find(llvm::StringRef layerName) const;
};

/// What the config itself cannot say.
struct ModelConfigContext {
  /// The producing Keras version ("2.15.0", "3.5.0", "tfjs-layers 4.22.0");
  /// empty when unknown. Decides Keras 2 vs 3 rules where nodes do not.
  std::string kerasVersion;
};

/// Reads a model envelope ({"class_name": "Sequential"|"Functional"|"Model",
/// "config": {...}, ...}) located at `at`. Throws ImportError on malformed or
/// unsupported structure.
std::unique_ptr<ModelGraph> parseModelConfig(const nlohmann::json &envelope,
                                             const JsonPath &at,
                                             const ModelConfigContext &context);

/// Keras' snake_case of a Python class name (spec §1a path algorithm step 2):
/// Dense -> dense, LSTMCell -> lstm_cell, ReLU -> re_lu.
std::string kerasSnakeCase(llvm::StringRef className);

} // namespace kiln::import

#endif // KILN_LIB_IMPORT_KERAS_MODELGRAPH_H
