//===- LayerContext.cpp - Config access, inputs and weights for builders --===//

#include "LayerContext.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using nlohmann::json;

namespace kiln::import {

LayerError::~LayerError() = default;

Location ImportSession::fileLoc() {
  return FileLineColLoc::get(&context, modelPath, 0, 0);
}

Location ImportSession::layerLoc(llvm::StringRef qualifiedName) {
  return NameLoc::get(StringAttr::get(&context, qualifiedName), fileLoc());
}

void ImportSession::failLayer(const LayerEntry &layer, const std::string &reason) const {
  throw LayerError(modelPath, "layer '" + layer.qualifiedName() + "' (" + layer.className +
                                  "): " + reason);
}

LayerContext::LayerContext(ImportSession &session, const LayerEntry &layer,
                           const LayerCall &call, llvm::ArrayRef<Value> inputs,
                           llvm::ArrayRef<Value> inputMasks)
    : session(session), entry(layer), call(call), values(inputs.begin(), inputs.end()),
      masks(inputMasks.begin(), inputMasks.end()),
      location(session.layerLoc(layer.qualifiedName())) {
  assert(masks.size() == values.size() && "one mask slot per input");
}

LayerContext::TensorArg LayerContext::tensorArg(size_t index, llvm::StringRef name) const {
  TensorArg positional{}, keyword{};
  std::string key = "#" + std::to_string(index);
  for (const auto &[k, arg] : extraArgs) {
    if (k == key)
      positional = arg;
    else if (k == name)
      keyword = arg;
  }
  if (positional.value && keyword.value)
    fail("'" + name.str() + "' is passed both by position and by keyword");
  return positional.value ? positional : keyword;
}

SmallVector<LayerContext::TensorArg> LayerContext::tensorListArg(size_t index,
                                                                 llvm::StringRef name,
                                                                 bool allowNone) const {
  // GraphImporter records list elements as "<key>[<i>]".
  auto collect = [&](const std::string &key) {
    SmallVector<TensorArg> items;
    for (size_t i = 0;; ++i) {
      std::string itemKey = key + "[" + std::to_string(i) + "]";
      auto it = llvm::find_if(extraArgs, [&](const auto &arg) { return arg.first == itemKey; });
      if (it == extraArgs.end())
        return items;
      items.push_back(it->second);
    }
  };
  SmallVector<TensorArg> positional = collect("#" + std::to_string(index));
  SmallVector<TensorArg> keyword = collect(name.str());
  if (TensorArg single = tensorArg(index, name); single.value)
    (positional.empty() && keyword.empty() ? positional : keyword).push_back(single);
  if (!positional.empty() && !keyword.empty())
    fail("'" + name.str() + "' is passed both by position and by keyword");
  SmallVector<TensorArg> &items = positional.empty() ? keyword : positional;
  if (!allowNone && llvm::any_of(items, [](const TensorArg &a) { return !a.value; }))
    fail("'" + name.str() + "' has a None element");
  return items;
}

LayerContext LayerContext::wrapped(const LayerEntry &inner, llvm::ArrayRef<Value> inputs,
                                   llvm::ArrayRef<Value> inputMasks) {
  return LayerContext(session, inner, call, inputs, inputMasks);
}

const nlohmann::json *LayerContext::constantKwarg(llvm::StringRef name) const {
  for (const auto &[k, arg] : call.kwargs)
    if (k == name && arg.kind == CallArg::Kind::Constant && !arg.value.is_null())
      return &arg.value;
  return nullptr;
}

bool LayerContext::hasTensorKwarg(llvm::StringRef name) const {
  for (const auto &[k, arg] : call.kwargs)
    if (k == name && !arg.tensors.empty())
      return true;
  return false;
}

void LayerContext::fail(const std::string &reason) const {
  session.failLayer(entry, reason);
}

//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//

ArrayRef<int64_t> LayerContext::shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

const LayerEntry *LayerContext::producerOf(Value value) const {
  return session.producers.lookup(value);
}

/// Whether `layer` is a recurrent layer returning only its last output
/// (return_sequences false, the Keras default): a 2-D tensor where users
/// often expect a sequence.
static bool returnsLastOutputOnly(const LayerEntry &layer) {
  static const llvm::StringSet<> recurrent = {"LSTM", "GRU", "SimpleRNN", "RNN",
                                              "CuDNNLSTM", "CuDNNGRU"};
  const json *config = &layer.config;
  if (layer.className == "Bidirectional") {
    // The wrapped layer decides (spec §2.23).
    auto wrapped = config->is_object() ? config->find("layer") : config->end();
    if (wrapped == config->end() || !wrapped->is_object() || !wrapped->contains("config"))
      return false;
    config = &(*wrapped)["config"];
  } else if (!recurrent.contains(layer.className)) {
    return false;
  }
  if (!config->is_object())
    return false;
  auto it = config->find("return_sequences");
  return it == config->end() || it->is_null() || (it->is_boolean() && !it->get<bool>());
}

void LayerContext::requireInputRank(Value value, size_t index, llvm::StringRef role,
                                    int64_t minRank, int64_t maxRank,
                                    llvm::StringRef needs) const {
  ArrayRef<int64_t> shape = shapeOf(value);
  int64_t rank = shape.size();
  if (rank >= minRank && rank <= maxRank)
    return;
  std::string reason = "input " + std::to_string(index) + " (" + role.str() + ")";
  const LayerEntry *producer = producerOf(value);
  if (producer && producer->isInputLayer())
    reason += " from model input '" + producer->qualifiedName() + "'";
  else if (producer)
    reason += " from layer '" + producer->qualifiedName() + "' (" + producer->className + ")";
  reason += " has shape " + keras::formatShape(shape) + ", but " + entry.className + " needs " +
            needs.str();
  if (producer && returnsLastOutputOnly(*producer))
    reason += "; layer '" + producer->qualifiedName() +
              "' returns only its last output: set return_sequences=True";
  fail(reason);
}

Value LayerContext::input() const {
  if (values.size() != 1 || call.inputIsList())
    fail("expects one input tensor, but is called on " + std::to_string(values.size()));
  return values.front();
}

Value LayerContext::inputMask() const {
  input(); // fails unless there is exactly one input
  return masks.front();
}

Value LayerContext::floatInput() const {
  Value x = input();
  if (!cast<RankedTensorType>(x.getType()).getElementType().isF32())
    fail("expects a float32 input, but its input holds integers");
  return x;
}

SmallVector<Value> LayerContext::floatInputList(size_t min, size_t max) const {
  if (values.size() < min || (max && values.size() > max)) {
    std::string expected = max == min ? std::to_string(min)
                           : max      ? std::to_string(min) + " to " + std::to_string(max)
                                      : "at least " + std::to_string(min);
    fail("expects a list of " + expected + " input tensors, but is called on " +
         std::to_string(values.size()));
  }
  for (Value v : values)
    if (!cast<RankedTensorType>(v.getType()).getElementType().isF32())
      fail("expects float32 inputs, but an input holds integers");
  return values;
}

int64_t LayerContext::staticDim(Value value, int64_t axis) const {
  ArrayRef<int64_t> shape = shapeOf(value);
  int64_t rank = static_cast<int64_t>(shape.size());
  int64_t a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank)
    fail("input " + keras::formatShape(shape) + " has no axis " + std::to_string(axis));
  if (ShapedType::isDynamic(shape[a]))
    fail("axis " + std::to_string(a) + " of input " + keras::formatShape(shape) +
         " must be known, since the layer's weight shapes depend on it");
  return shape[a];
}

//===----------------------------------------------------------------------===//
// Config
//===----------------------------------------------------------------------===//

const json *LayerContext::member(llvm::StringRef key) const {
  if (!entry.config.is_object())
    return nullptr;
  auto it = entry.config.find(key.str());
  if (it == entry.config.end() || it->is_null())
    return nullptr;
  return &*it;
}

JsonPath LayerContext::pathOf(llvm::StringRef key) const {
  return entry.configPath / std::string_view(key.data(), key.size());
}

int64_t LayerContext::integer(llvm::StringRef key, std::optional<int64_t> defaultValue) const {
  const json *value = member(key);
  if (!value) {
    if (!defaultValue)
      fail("config has no '" + key.str() + "'");
    return *defaultValue;
  }
  return asInt(*value, pathOf(key));
}

int64_t LayerContext::positiveInt(llvm::StringRef key,
                                  std::optional<int64_t> defaultValue) const {
  const json *value = member(key);
  int64_t result;
  if (!value) {
    if (!defaultValue)
      fail("config has no '" + key.str() + "'");
    result = *defaultValue;
  } else if (value->is_array()) {
    if (value->size() != 1)
      fail("'" + key.str() + "' must be one integer, got " + value->dump());
    result = asInt((*value)[0], pathOf(key) / 0);
  } else {
    result = asInt(*value, pathOf(key));
  }
  if (result < 1 || result > kMaxDim)
    fail("'" + key.str() + "' is " + std::to_string(result) + "; it must be in [1, " +
         std::to_string(kMaxDim) + "]");
  return result;
}

double LayerContext::number(llvm::StringRef key, double defaultValue) const {
  return optionalNumber(key).value_or(defaultValue);
}

std::optional<double> LayerContext::optionalNumber(llvm::StringRef key) const {
  const json *value = member(key);
  if (!value)
    return std::nullopt;
  return asNumber(*value, pathOf(key));
}

bool LayerContext::flag(llvm::StringRef key, bool defaultValue) const {
  const json *value = member(key);
  return value ? asBool(*value, pathOf(key)) : defaultValue;
}

std::string LayerContext::string(llvm::StringRef key, llvm::StringRef defaultValue) const {
  const json *value = member(key);
  return value ? asString(*value, pathOf(key)) : defaultValue.str();
}

SmallVector<int64_t> LayerContext::intList(llvm::StringRef key) const {
  const json *value = member(key);
  if (!value)
    fail("config has no '" + key.str() + "'");
  SmallVector<int64_t> result;
  if (value->is_array()) {
    for (size_t i = 0; i < value->size(); ++i)
      result.push_back(asInt((*value)[i], pathOf(key) / i));
  } else {
    result.push_back(asInt(*value, pathOf(key)));
  }
  return result;
}

bool LayerContext::channelsFirst() const {
  std::string format = string("data_format", "channels_last");
  if (format == "channels_last")
    return false;
  if (format == "channels_first")
    return true;
  fail("unknown data_format '" + format + "'");
}

keras::Padding LayerContext::padding(bool allowCausal) const {
  std::string text = llvm::StringRef(string("padding", "valid")).lower();
  if (text == "valid")
    return keras::Padding::valid;
  if (text == "same")
    return keras::Padding::same;
  if (text == "causal" && allowCausal)
    return keras::Padding::causal;
  fail("unsupported padding '" + text + "'");
}

std::string dtypePolicyName(const json &value, const JsonPath &at,
                            std::string &policyClass) {
  policyClass.clear();
  if (value.is_string())
    return value.get<std::string>();
  expectObject(value, at);
  policyClass = requireString(value, "class_name", at);
  const json &config = requireObject(value, "config", at);
  if (std::optional<std::string> name = optionalString(config, "name", at / "config"))
    return *name;
  // Quantized policies hold {"mode": "int8", "source_name": "float32"}.
  std::optional<std::string> mode = optionalString(config, "mode", at / "config");
  return mode.value_or("unnamed");
}

void LayerContext::checkDtypePolicy() const {
  const json *value = member("dtype");
  if (!value)
    return;
  std::string policyClass;
  std::string name = dtypePolicyName(*value, pathOf("dtype"), policyClass);
  if (llvm::StringRef(policyClass).contains("Quantized"))
    fail("quantized dtype policy '" + name + "' (" + policyClass +
         ") is not supported; save the model unquantized");
  if (name != "float32")
    fail("dtype policy '" + name + "' is not supported (Kiln computes in float32)");
}

//===----------------------------------------------------------------------===//
// Results and weights
//===----------------------------------------------------------------------===//

bool fitsElementLimit(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t d : shape) {
    if (ShapedType::isDynamic(d))
      continue;
    if (d < 0 || __builtin_mul_overflow(count, d, &count) || count > kMaxStaticElements)
      return false;
  }
  return true;
}

RankedTensorType LayerContext::resultType(const keras::ShapeOrError &shape,
                                          Type elementType) const {
  if (!shape.ok())
    fail(shape.error);
  if (static_cast<int64_t>(shape.shape.size()) > kMaxRank)
    fail("result " + keras::formatShape(shape.shape) + " has rank above " +
         std::to_string(kMaxRank));
  if (!fitsElementLimit(shape.shape))
    fail("result " + keras::formatShape(shape.shape) + " is absurdly large");
  if (!elementType)
    elementType = Float32Type::get(&session.context);
  return RankedTensorType::get(shape.shape, elementType);
}

/// Resource keys are printed in the IR; keep them identifier-like.
static std::string blobKey(llvm::StringRef layer, llvm::StringRef weight) {
  std::string key = (layer + "." + weight).str();
  for (char &c : key)
    if (!llvm::isAlnum(c) && c != '_' && c != '.')
      c = '_';
  return key;
}

SmallVector<Value> LayerContext::weights(ArrayRef<WeightSpec> specs) {
  requestedWeights = true;
  std::string key = entry.qualifiedName();
  auto cached = session.weightsByLayer.find(key);
  if (cached != session.weightsByLayer.end()) {
    // A shared layer: its weights are fixed by the first call.
    const std::vector<WeightSpec> &first = cached->second.specs;
    bool same = first.size() == specs.size();
    for (size_t i = 0; same && i < specs.size(); ++i)
      same = first[i].name == specs[i].name && first[i].shape == specs[i].shape;
    if (!same)
      fail("is called again on an input whose shape does not fit the weights of its "
           "first call");
    return cached->second.values;
  }

  std::vector<WeightArray> arrays;
  try {
    arrays = session.weights.load(entry, specs);
  } catch (const LayerError &) {
    throw;
  } catch (const ImportError &e) {
    throw LayerError(e.file().empty() ? session.modelPath : e.file(),
                     "layer '" + key + "' (" + entry.className + "): " + e.reason());
  }
  if (arrays.size() != specs.size())
    fail("the weights file returned " + std::to_string(arrays.size()) + " weights for " +
         std::to_string(specs.size()));

  ImportSession::LoadedWeights loaded;
  loaded.specs.assign(specs.begin(), specs.end());
  for (size_t i = 0; i < specs.size(); ++i) {
    const WeightArray &array = arrays[i];
    if (!llvm::equal(array.shape, specs[i].shape))
      fail("weight '" + specs[i].name + "' has shape " + keras::formatShape(array.shape) +
           " but the layer expects " + keras::formatShape(specs[i].shape));
    if (static_cast<int64_t>(array.data.size()) != array.numElements())
      fail("weight '" + specs[i].name + "' holds " + std::to_string(array.data.size()) +
           " values for shape " + keras::formatShape(array.shape));
    auto type = RankedTensorType::get(specs[i].shape, Float32Type::get(context()));
    if (type.getRank() == 0) {
      // A scalar weight (Attention's scale) stays an inline constant: the LLVM
      // lowering of a 0-d memref.global cannot read a dense_resource value.
      loaded.values.push_back(arith::ConstantOp::create(
          builder(), loc(), DenseElementsAttr::get(type, array.data.front())));
      continue;
    }
    auto blob = HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(array.data);
    auto attr = DenseResourceElementsAttr::get(type, blobKey(key, specs[i].name),
                                               std::move(blob));
    loaded.values.push_back(arith::ConstantOp::create(builder(), loc(), attr));
  }
  SmallVector<Value> result = loaded.values;
  session.weightsByLayer[key] = std::move(loaded);
  return result;
}

} // namespace kiln::import
