//===- ModelConfig.cpp - Normalise Keras 2/3 model configs ----------------===//
//
// Reads Sequential/Functional configs of every Keras generation into a
// ModelGraph (see ModelGraph.h). Format decisions are taken per entry and per
// node, because hybrids exist (spec §1b): tf.keras >= 2.13 writes Keras 3
// envelopes with Keras 2 list nodes, Keras 3 legacy h5 the reverse.
//
//===----------------------------------------------------------------------===//

#include "ConfigNodes.h"
#include "ModelGraph.h"

#include "kiln/Import/ImportError.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using nlohmann::json;

namespace kiln::import {

std::string LayerEntry::qualifiedName() const {
  std::string qualified;
  for (const std::string &s : scope)
    qualified += s + "/";
  return qualified + name;
}

const LayerEntry *ModelGraph::find(llvm::StringRef layerName) const {
  auto it = indexByName.find(layerName);
  return it == indexByName.end() ? nullptr : &layers[it->second];
}

std::string kerasSnakeCase(llvm::StringRef className) {
  // keras.src.utils.naming.to_snake_case: drop non-word chars, then
  // re.sub("(.)([A-Z][a-z]+)", r"\1_\2"), re.sub("([a-z])([A-Z])", r"\1_\2"),
  // lower(). Both substitutions scan left to right without overlap.
  std::string word;
  for (char c : className)
    if (llvm::isAlnum(c) || c == '_')
      word += c;
  auto isUpper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto isLower = [](char c) { return c >= 'a' && c <= 'z'; };
  std::string pass1;
  for (size_t i = 0; i < word.size();) {
    if (i + 2 < word.size() && isUpper(word[i + 1]) && isLower(word[i + 2])) {
      size_t end = i + 2;
      while (end < word.size() && isLower(word[end]))
        ++end;
      pass1 += word[i];
      pass1 += '_';
      pass1.append(word, i + 1, end - i - 1);
      i = end;
    } else {
      pass1 += word[i++];
    }
  }
  std::string pass2;
  for (size_t i = 0; i < pass1.size();) {
    if (i + 1 < pass1.size() && isLower(pass1[i]) && isUpper(pass1[i + 1])) {
      pass2 += pass1[i];
      pass2 += '_';
      pass2 += pass1[i + 1];
      i += 2;
    } else {
      pass2 += pass1[i++];
    }
  }
  return llvm::StringRef(pass2).lower();
}

namespace {

bool isModelClass(llvm::StringRef className) {
  return className == "Sequential" || className == "Functional" ||
         className == "Model";
}

/// The Python class behind an exported class name, for weight paths.
llvm::StringRef pythonClassName(const LayerEntry &entry) {
  if (entry.className == "GroupQueryAttention")
    return "GroupedQueryAttention";
  if (entry.nested && !entry.nested->sequential)
    return "Functional"; // tf.keras "Model" reloads as Functional in Keras 3
  return entry.className;
}

/// The batch shape that a Sequential model without an InputLayer entry was
/// built with: build_input_shape (Keras 3), or the first layer's
/// batch_input_shape (Keras 2), or build_config.
const json *sequentialInputShape(const json &envelope, const json &config,
                                 const json &firstLayerConfig) {
  auto get = [](const json &obj, const char *key) -> const json * {
    if (!obj.is_object())
      return nullptr;
    auto it = obj.find(key);
    return it != obj.end() && it->is_array() ? &*it : nullptr;
  };
  if (const json *shape = get(config, "build_input_shape"))
    return shape;
  if (const json *shape = get(firstLayerConfig, "batch_input_shape"))
    return shape;
  if (const json *shape = get(firstLayerConfig, "batch_shape"))
    return shape;
  if (envelope.is_object()) {
    auto it = envelope.find("build_config");
    if (it != envelope.end())
      if (const json *shape = get(*it, "input_shape"))
        return shape;
  }
  return nullptr;
}

class ConfigReader {
public:
  explicit ConfigReader(const ModelConfigContext &context) : context(context) {}

  /// Weight paths come out relative to this model; callers re-root them.
  std::unique_ptr<ModelGraph> readModel(const json &envelope, const JsonPath &at,
                                        const std::vector<std::string> &scope,
                                        int depth);

private:
  LayerEntry readEntry(const json &entry, const JsonPath &at,
                       const std::vector<std::string> &scope);
  void readSequential(ModelGraph &graph, const json &envelope, const json &config,
                      const JsonPath &configAt, const std::vector<std::string> &scope);
  void readFunctional(ModelGraph &graph, const json &config, const JsonPath &configAt,
                      const std::vector<std::string> &scope);
  void assignWeightPaths(ModelGraph &graph);
  void indexLayers(ModelGraph &graph, const JsonPath &at);

  const ModelConfigContext &context;
};

LayerEntry ConfigReader::readEntry(const json &entry, const JsonPath &at,
                                   const std::vector<std::string> &scope) {
  expectObject(entry, at);
  LayerEntry layer;
  layer.className = requireString(entry, "class_name", at);
  layer.module = optionalString(entry, "module", at).value_or("");
  layer.registeredName = optionalString(entry, "registered_name", at).value_or("");
  layer.configPath = at / "config";
  if (const json *config = findMember(entry, "config", at); config && !config->is_null())
    layer.config = *config;
  else
    layer.config = json::object();
  std::optional<std::string> name = optionalString(entry, "name", at);
  if (!name && layer.config.is_object())
    name = optionalString(layer.config, "name", layer.configPath);
  if (!name || name->empty())
    at.fail("layer entry of class '" + layer.className + "' has no name");
  layer.name = *name;
  layer.scope = scope;
  llvm::StringRef module = layer.module;
  layer.isOperation = module.starts_with("keras.src.ops") || module.starts_with("keras.ops");
  return layer;
}

void ConfigReader::indexLayers(ModelGraph &graph, const JsonPath &at) {
  for (size_t i = 0; i < graph.layers.size(); ++i) {
    if (!graph.indexByName.try_emplace(graph.layers[i].name, i).second)
      (at / i).fail("two layers are named '" + graph.layers[i].name + "'");
  }
}

void ConfigReader::readSequential(ModelGraph &graph, const json &envelope,
                                  const json &config, const JsonPath &configAt,
                                  const std::vector<std::string> &scope) {
  // Keras <= 2.1 wrote a Sequential config as the bare list of layers.
  const json &layers = config.is_array() ? config : requireArray(config, "layers", configAt);
  JsonPath layersAt = config.is_array() ? configAt : configAt / "layers";
  for (size_t i = 0; i < layers.size(); ++i)
    graph.layers.push_back(readEntry(layers[i], layersAt / i, scope));
  if (graph.layers.empty())
    layersAt.fail("the Sequential model has no layers");

  if (!graph.layers.front().isInputLayer()) {
    const LayerEntry &first = graph.layers.front();
    // Without a shape the input can still be bound when this model is nested;
    // a top-level model without one is refused when its inputs are typed.
    const json *shape = sequentialInputShape(envelope, config, first.config);
    LayerEntry input;
    // spec §2.1: the implicit input of such a model is "<first layer>_input".
    input.name = first.name + "_input";
    input.className = "InputLayer";
    input.scope = scope;
    input.synthesized = true;
    input.configPath = first.configPath;
    input.config = json::object();
    if (shape)
      input.config["batch_shape"] = *shape;
    input.config["name"] = input.name;
    // A Keras 2 first layer may state an integer input dtype (Embedding ids).
    auto dtype = first.config.is_object() ? first.config.find("dtype") : json::const_iterator();
    if (first.config.is_object() && dtype != first.config.end() && dtype->is_string() &&
        llvm::StringRef(dtype->get<std::string>()).contains("int"))
      input.config["dtype"] = *dtype;
    graph.layers.insert(graph.layers.begin(), std::move(input));
  }
  indexLayers(graph, layersAt);

  // A chain: each layer consumes the previous one's first call.
  for (size_t i = 1; i < graph.layers.size(); ++i) {
    CallArg arg;
    arg.kind = CallArg::Kind::Tensor;
    arg.tensors.push_back({graph.layers[i - 1].name, 0, 0, TensorRef::Origin::Keras3Node});
    LayerCall call;
    call.args.push_back(std::move(arg));
    graph.layers[i].calls.push_back(std::move(call));
  }
  graph.inputs.push_back({graph.layers.front().name, 0, 0, TensorRef::Origin::Keras3Node});
  graph.outputs.push_back({graph.layers.back().name, 0, 0, TensorRef::Origin::Keras3Node});
}

void ConfigReader::readFunctional(ModelGraph &graph, const json &config,
                                  const JsonPath &configAt,
                                  const std::vector<std::string> &scope) {
  expectObject(config, configAt);
  const json &layers = requireArray(config, "layers", configAt);
  JsonPath layersAt = configAt / "layers";
  bool sawDictNode = false, sawListNode = false;
  for (size_t i = 0; i < layers.size(); ++i) {
    LayerEntry layer = readEntry(layers[i], layersAt / i, scope);
    JsonPath nodesAt = layersAt / i / "inbound_nodes";
    if (const json *nodes = findMember(layers[i], "inbound_nodes", layersAt / i);
        nodes && !nodes->is_null()) {
      expectArray(*nodes, nodesAt);
      for (size_t n = 0; n < nodes->size(); ++n) {
        const json &node = (*nodes)[n];
        (node.is_object() ? sawDictNode : sawListNode) = true;
        layer.calls.push_back(readInboundNode(node, nodesAt / n));
      }
    }
    graph.layers.push_back(std::move(layer));
  }
  indexLayers(graph, layersAt);
  readModelRefs(requireMember(config, "input_layers", configAt), configAt / "input_layers",
                graph.inputs);
  readModelRefs(requireMember(config, "output_layers", configAt),
                configAt / "output_layers", graph.outputs);
  if (graph.outputs.empty())
    (configAt / "output_layers").fail("the model has no outputs");
  // Node shapes tell the writer's generation best; a model whose layers have
  // no nodes at all (inputs returned as outputs) falls back on the version.
  graph.keras3Style = sawDictNode || (!sawListNode && !llvm::StringRef(context.kerasVersion)
                                                          .starts_with("1.") &&
                                      !llvm::StringRef(context.kerasVersion).starts_with("2."));
}

void ConfigReader::assignWeightPaths(ModelGraph &graph) {
  // spec §1a path algorithm: class-based, in config order, operations and a
  // Sequential's leading InputLayer excluded.
  llvm::StringMap<int> used;
  for (size_t i = 0; i < graph.layers.size(); ++i) {
    LayerEntry &layer = graph.layers[i];
    if (layer.isOperation || layer.synthesized ||
        (graph.sequential && i == 0 && layer.isInputLayer()))
      continue;
    std::string base = kerasSnakeCase(pythonClassName(layer));
    auto [it, inserted] = used.try_emplace(base, 0);
    std::string unique = base;
    if (!inserted)
      unique += "_" + std::to_string(++it->second);
    layer.keras3Path = "layers/" + unique;
  }
}

std::unique_ptr<ModelGraph> ConfigReader::readModel(const json &envelope, const JsonPath &at,
                                                    const std::vector<std::string> &scope,
                                                    int depth) {
  if (depth > kMaxModelNesting)
    throw ImportError(at.file(), "models are nested more than " +
                                     std::to_string(kMaxModelNesting) + " levels deep");
  expectObject(envelope, at);
  auto graph = std::make_unique<ModelGraph>();
  graph->className = requireString(envelope, "class_name", at);
  if (!isModelClass(graph->className))
    (at / "class_name").fail("expected a Sequential or Functional model, got '" +
                             graph->className + "'");
  graph->sequential = graph->className == "Sequential";
  const json &config = requireMember(envelope, "config", at);
  JsonPath configAt = at / "config";
  if (config.is_object())
    graph->name = optionalString(config, "name", configAt).value_or("");
  if (graph->sequential) {
    graph->keras3Style = true; // references are synthesized, never shifted
    readSequential(*graph, envelope, config, configAt, scope);
  } else {
    readFunctional(*graph, config, configAt, scope);
  }

  // Nested models are read before path assignment, which needs their class.
  const json &layersJson = config.is_array() ? config : config.at("layers");
  size_t offset = graph->layers.size() - layersJson.size(); // synthesized input
  for (size_t i = 0; i < layersJson.size(); ++i) {
    LayerEntry &layer = graph->layers[i + offset];
    if (!isModelClass(layer.className))
      continue;
    std::vector<std::string> innerScope = scope;
    innerScope.push_back(layer.name);
    JsonPath entryAt = (config.is_array() ? configAt : configAt / "layers") / i;
    layer.nested = readModel(layersJson[i], entryAt, innerScope, depth + 1);
  }
  assignWeightPaths(*graph);
  for (LayerEntry &layer : graph->layers) {
    if (!layer.nested)
      continue;
    // Re-root the nested model's paths under this layer's path.
    std::vector<ModelGraph *> stack{layer.nested.get()};
    while (!stack.empty()) {
      ModelGraph *inner = stack.back();
      stack.pop_back();
      for (LayerEntry &innerLayer : inner->layers) {
        if (!innerLayer.keras3Path.empty())
          innerLayer.keras3Path = layer.keras3Path + "/" + innerLayer.keras3Path;
        if (innerLayer.nested)
          stack.push_back(innerLayer.nested.get());
      }
    }
  }
  return graph;
}

} // namespace

std::unique_ptr<ModelGraph> parseModelConfig(const json &envelope, const JsonPath &at,
                                             const ModelConfigContext &context) {
  ConfigReader reader(context);
  return reader.readModel(envelope, at, {}, 0);
}

} // namespace kiln::import
