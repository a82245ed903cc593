//===- LayerContext.h - What a layer builder sees ----------------*- C++ -*-===//
//
// A layer builder turns one call of one Keras layer into keras ops. It reads
// the layer's config through typed accessors that fail with the layer named,
// gets its resolved input values, asks for its weights by Keras variable name
// and expected shape, and builds ops at the layer's location. Anything wrong
// is reported with fail(), which throws a LayerError:
//   "<file>: layer '<name>' (<Class>): <reason>".
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORT_KERAS_LAYERCONTEXT_H
#define KILN_LIB_IMPORT_KERAS_LAYERCONTEXT_H

#include "MaskPropagation.h"
#include "ModelGraph.h"
#include "WeightProvider.h"

#include "kiln/Dialect/Keras/IR/KerasOps.h"
#include "kiln/Dialect/Keras/IR/KerasShapes.h"
#include "kiln/Import/ImportError.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <optional>

namespace kiln::import {

/// An ImportError whose reason already names the layer.
class LayerError : public ImportError {
public:
  using ImportError::ImportError;
  ~LayerError() override;
};

/// Dims above this (or negative, other than None) are refused as absurd.
inline constexpr int64_t kMaxDim = int64_t(1) << 31;
/// Tensors of higher rank are refused.
inline constexpr int64_t kMaxRank = 8;
/// Tensors whose static dims hold more elements are refused, so that shape
/// rules multiplying dims (Flatten, Reshape) never overflow.
inline constexpr int64_t kMaxStaticElements = int64_t(1) << 48;

/// Whether the static dims of `shape` multiply to at most kMaxStaticElements
/// (dynamic dims count as 1).
bool fitsElementLimit(llvm::ArrayRef<int64_t> shape);

/// State shared by all layers of one import.
struct ImportSession {
  ImportSession(mlir::MLIRContext &context, std::string modelPath,
                WeightProvider &weights, bool keras2)
      : context(context), builder(&context), modelPath(std::move(modelPath)),
        weights(weights), keras2(keras2) {}

  mlir::MLIRContext &context;
  mlir::OpBuilder builder;
  /// The model file as the user named it: in locations and messages.
  std::string modelPath;
  WeightProvider &weights;
  /// The file follows Keras 2 / TF.js where Keras 3 differs: the
  /// hard_sigmoid formula (spec §4.2) and how merge layers combine masks.
  bool keras2;
  /// The producing keras_version ("3.5.0"), empty when unknown.
  std::string kerasVersion;

  /// A layer's weight constants, created at its first call and shared by
  /// later calls (shared layers, nested models called twice).
  struct LoadedWeights {
    std::vector<WeightSpec> specs;
    llvm::SmallVector<mlir::Value> values;
  };
  llvm::StringMap<LoadedWeights> weightsByLayer;
  /// Class of each qualified layer name, to name layers in verifier errors.
  llvm::StringMap<std::string> classByLayer;
  /// The layer whose call made each tensor (the InputLayer for model
  /// inputs), so that a message about an input can name where it came from.
  llvm::DenseMap<mlir::Value, const LayerEntry *> producers;

  mlir::Location layerLoc(llvm::StringRef qualifiedName);
  mlir::Location fileLoc();
  [[noreturn]] void failLayer(const LayerEntry &layer, const std::string &reason) const;
};

class LayerContext {
public:
  /// `inputMasks` holds the Keras mask of each input, null where it has none.
  LayerContext(ImportSession &session, const LayerEntry &layer, const LayerCall &call,
               llvm::ArrayRef<mlir::Value> inputs, llvm::ArrayRef<mlir::Value> inputMasks);

  const LayerEntry &layer() const { return entry; }
  /// The call being built, as written in the model file.
  const LayerCall &layerCall() const { return call; }
  mlir::OpBuilder &builder() { return session.builder; }
  mlir::Location loc() const { return location; }
  mlir::MLIRContext *context() { return &session.context; }
  bool keras2() const { return session.keras2; }
  /// The producing keras_version, empty when unknown.
  llvm::StringRef kerasVersion() const { return session.kerasVersion; }

  [[noreturn]] void fail(const std::string &reason) const;

  //===--- Inputs ---------------------------------------------------------===//

  /// The tensors of the call's first argument.
  llvm::ArrayRef<mlir::Value> inputs() const { return values; }
  /// The single input tensor (fails for lists and missing inputs).
  mlir::Value input() const;
  /// The single input, which must be f32.
  mlir::Value floatInput() const;
  /// A list of at least `min` (and at most `max`, 0 = any) f32 tensors.
  llvm::SmallVector<mlir::Value> floatInputList(size_t min, size_t max = 0) const;
  /// The Keras masks of inputs(), null where an input has none (spec §2.0).
  llvm::ArrayRef<mlir::Value> inputMasks() const { return masks; }
  /// The mask of the single input, or null.
  mlir::Value inputMask() const;
  /// A tensor argument other than the first (a value with its Keras mask).
  struct TensorArg {
    mlir::Value value;
    mlir::Value mask;
  };
  /// Records the call's other tensor arguments: positional `index` >= 1 under
  /// "#<index>", keyword ones under their name (GraphImporter resolves them).
  void addTensorArg(std::string key, TensorArg arg) {
    extraArgs.emplace_back(std::move(key), arg);
  }
  /// The tensor passed as positional argument `index` (>= 1) or as keyword
  /// `name`; null value when neither. Fails when both are given.
  TensorArg tensorArg(size_t index, llvm::StringRef name) const;
  /// The tensors of a list argument, passed as positional argument `index`
  /// (>= 1) or keyword `name` (RNN `initial_state`); empty when neither.
  /// A None element is a null value with `allowNone` and fails without.
  llvm::SmallVector<TensorArg> tensorListArg(size_t index, llvm::StringRef name,
                                             bool allowNone = false) const;
  /// A non-tensor keyword argument of the call (`use_causal_mask`), or null.
  const nlohmann::json *constantKwarg(llvm::StringRef name) const;
  /// Whether keyword `name` was passed a tensor.
  bool hasTensorKwarg(llvm::StringRef name) const;
  static llvm::ArrayRef<int64_t> shapeOf(mlir::Value value);
  /// The layer whose call produced `value`, or null when unknown.
  const LayerEntry *producerOf(mlir::Value value) const;
  /// Fails unless `value`, the call's input `index` in the role `role`
  /// ("query"), has a rank in [minRank, maxRank]. The message names the layer
  /// that produced the input, and says when that is a recurrent layer
  /// returning only its last output. `needs` completes "but <Class> needs ...".
  void requireInputRank(mlir::Value value, size_t index, llvm::StringRef role, int64_t minRank,
                        int64_t maxRank, llvm::StringRef needs) const;
  /// Dim `axis` (negative counts from the end) of `value`, which must be
  /// static because a weight shape depends on it.
  int64_t staticDim(mlir::Value value, int64_t axis) const;

  //===--- Config ---------------------------------------------------------===//

  /// Member `key` of the config, or null when absent or JSON null.
  const nlohmann::json *member(llvm::StringRef key) const;
  JsonPath pathOf(llvm::StringRef key) const;
  int64_t integer(llvm::StringRef key, std::optional<int64_t> defaultValue = {}) const;
  /// An integer in [1, kMaxDim]; also accepts a one-element list ([3]).
  int64_t positiveInt(llvm::StringRef key, std::optional<int64_t> defaultValue = {}) const;
  double number(llvm::StringRef key, double defaultValue) const;
  std::optional<double> optionalNumber(llvm::StringRef key) const;
  bool flag(llvm::StringRef key, bool defaultValue) const;
  std::string string(llvm::StringRef key, llvm::StringRef defaultValue) const;
  /// An int or a list of ints (`axis`, `dims`, `target_shape`).
  llvm::SmallVector<int64_t> intList(llvm::StringRef key) const;
  /// `data_format`; fails on anything but the two Keras spellings.
  bool channelsFirst() const;
  keras::Padding padding(bool allowCausal) const;
  /// `activation` (string, null or a built-in function envelope).
  /// For "glu", which changes the shape, returns linear and leaves the glu to
  /// finishActivation().
  keras::ActivationKind activation(llvm::StringRef key = "activation") const;
  /// Applies what activation() deferred (glu) to the layer's first output.
  mlir::Value finishActivation(mlir::Value output);
  /// Refuses dtype policies other than float32 (mixed precision, quantized).
  void checkDtypePolicy() const;

  //===--- Results and weights --------------------------------------------===//

  /// The f32 tensor type of a KerasShapes result; fails with its reason.
  mlir::RankedTensorType resultType(const keras::ShapeOrError &shape,
                                    mlir::Type elementType = {}) const;
  /// The layer's weights as constants, in the order of `specs`. Call once per
  /// layer call, even with no specs (so that unexpected weights are caught).
  llvm::SmallVector<mlir::Value> weights(llvm::ArrayRef<WeightSpec> specs);
  bool weightsRequested() const { return requestedWeights; }

  //===--- Wrapped layers (TimeDistributed, Bidirectional) -----------------===//

  /// A context for the layer `inner` that this one wraps, called on
  /// `inputs`. `inner` (built by the caller, e.g. with the wrapped config
  /// and a Keras 3 weights path inside this layer's) must outlive it. When
  /// the inner layer loads the weights, they count as this layer's.
  LayerContext wrapped(const LayerEntry &inner, llvm::ArrayRef<mlir::Value> inputs,
                       llvm::ArrayRef<mlir::Value> inputMasks);
  /// Records that a wrapped layer loaded this layer's weights.
  void adoptWeightsOf(const LayerContext &inner) {
    requestedWeights |= inner.requestedWeights;
  }

private:
  ImportSession &session;
  const LayerEntry &entry;
  const LayerCall &call;
  llvm::SmallVector<mlir::Value> values;
  llvm::SmallVector<mlir::Value> masks;
  std::vector<std::pair<std::string, TensorArg>> extraArgs;
  mlir::Location location;
  bool requestedWeights = false;
  mutable bool gluActivation = false;
};

/// A `dtype` config value: a plain string ("float32") or a DTypePolicy
/// envelope. Returns the policy name; `policyClass` gets the envelope's
/// class_name (empty for a string).
std::string dtypePolicyName(const nlohmann::json &value, const JsonPath &at,
                            std::string &policyClass);

/// Maps a Keras activation name (spec §2.4) to its kind; std::nullopt when
/// unknown. `keras2` picks the Keras 2 / TF.js hard_sigmoid formula.
std::optional<keras::ActivationKind> activationKindForName(llvm::StringRef name,
                                                           bool keras2);

/// Builds one call of a layer; returns its output tensors.
using LayerBuilderFn = llvm::SmallVector<mlir::Value> (*)(LayerContext &);

/// What Kiln knows of a Keras layer class.
struct LayerKind {
  LayerBuilderFn build;
  /// How the layer treats the Keras masks of its inputs.
  MaskRule masks;
};
/// Builders of the attention layers (AttentionBuilders.cpp).
llvm::SmallVector<mlir::Value> buildAttention(LayerContext &c);
llvm::SmallVector<mlir::Value> buildAdditiveAttention(LayerContext &c);
llvm::SmallVector<mlir::Value> buildMultiHeadAttention(LayerContext &c);
llvm::SmallVector<mlir::Value> buildGroupQueryAttention(LayerContext &c);

/// The recurrent layers, their wrappers and Masking (RecurrentBuilders.cpp).
const llvm::StringMap<LayerKind> &recurrentLayerKinds();

/// The supported Keras class `className`, or null.
const LayerKind *lookupLayerKind(llvm::StringRef className);

} // namespace kiln::import

#endif // KILN_LIB_IMPORT_KERAS_LAYERCONTEXT_H
