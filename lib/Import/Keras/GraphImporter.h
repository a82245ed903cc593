//===- GraphImporter.h - Emit the ops of one ModelGraph ----------*- C++ -*-===//
//
// Walks a model's layer calls from its outputs back to its inputs (without
// recursion, so deep or cyclic graphs cannot exhaust the stack), emitting one
// keras op per layer call at the session builder's insertion point. Nested
// models are inlined: their inputs are bound to the call's arguments. Each
// tensor carries its Keras mask (MaskPropagation.h) across layers and across
// nested-model boundaries, as in Keras.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORT_KERAS_GRAPHIMPORTER_H
#define KILN_LIB_IMPORT_KERAS_GRAPHIMPORTER_H

#include "LayerContext.h"

namespace kiln::import {

/// Tensors and their Keras masks (null where a tensor has none), in step.
struct MaskedValues {
  llvm::SmallVector<mlir::Value> values;
  llvm::SmallVector<mlir::Value> masks;
};

/// The tensor type an InputLayer declares (batch_shape / batch_input_shape,
/// dtype: f32, or i32 for integer dtypes). Fails on absurd shapes.
mlir::RankedTensorType inputLayerType(ImportSession &session, const LayerEntry &input);

class GraphImporter {
public:
  GraphImporter(ImportSession &session, const ModelGraph &graph, int depth);

  /// Binds the model's inputs (graph.inputs order) to `inputs` and returns
  /// its outputs (graph.outputs order), with their masks.
  MaskedValues run(const MaskedValues &inputs);

private:
  struct CallState {
    bool active = false; ///< on the current walk path
    bool done = false;
    MaskedValues outputs;
  };
  struct CallId {
    size_t layer;
    size_t call;
  };

  /// The call a reference names; fails on dangling references. `consumer`
  /// is the referring layer, or null for the model's outputs.
  CallId locate(const TensorRef &ref, const LayerEntry *consumer) const;
  /// Builds `target` and everything it depends on.
  void evaluate(CallId target);
  /// The value and mask of a reference whose call is built, appended to `to`.
  void appendValueOf(const TensorRef &ref, const LayerEntry *consumer, MaskedValues &to);
  void buildCall(CallId id);
  MaskedValues buildNested(const LayerEntry &layer, const MaskedValues &inputs);
  [[noreturn]] void failReference(const LayerEntry *consumer, const std::string &reason) const;

  ImportSession &session;
  const ModelGraph &graph;
  int depth;
  std::vector<std::vector<CallState>> states;
};

} // namespace kiln::import

#endif // KILN_LIB_IMPORT_KERAS_GRAPHIMPORTER_H
