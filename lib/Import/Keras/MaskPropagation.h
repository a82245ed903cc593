//===- MaskPropagation.h - Keras masks from layer to layer -------*- C++ -*-===//
//
// Keras attaches a boolean mask to some tensors (spec §2.0): i1, the tensor's
// shape without its last axis, True = keep. Each layer call decides by its
// class what its outputs carry: Embedding(mask_zero=True) creates a mask,
// elementwise layers pass theirs on, merges combine theirs, shape-changing
// layers drop it. Model files never record these masks, so the importer
// recomputes them, call by call, with the rules here. Where Keras would apply
// a mask in a way Kiln cannot yet, the layer is refused instead of compiled
// into a silently different model.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORT_KERAS_MASKPROPAGATION_H
#define KILN_LIB_IMPORT_KERAS_MASKPROPAGATION_H

#include "mlir/IR/Value.h"
#include "llvm/ADT/SmallVector.h"

namespace kiln::import {

class LayerContext;

/// How a layer class treats the masks of its inputs.
enum class MaskRule {
  /// The output carries the input's mask (Dense, activations, Dropout,
  /// normalizations).
  PassThrough,
  /// PassThrough in Keras 3, Drop in tf.keras 2 (Rescaling).
  PassThroughSinceKeras3,
  /// No output mask; the layer ignores the input's (Flatten, Conv1D, ...).
  Drop,
  /// The builder applies the input's mask; no output mask (GlobalAverage-
  /// Pooling1D).
  Consume,
  /// Embedding: `ids != 0` with mask_zero, else none, whatever the input had.
  EmbeddingIds,
  /// Add, Subtract, Average: the masks combine; the values ignore them.
  Merge,
  /// Multiply, Maximum, Minimum: as Merge, but Keras 3 also leaves masked
  /// steps out of the values, which Kiln cannot do yet.
  MaskedMerge,
  /// Concatenate (spec §2.11).
  Concatenate,
  /// Attention layers: the builder applies the masks; the output carries the
  /// query's (the first input's) mask.
  QueryMask,
  /// Keras applies the mask (Softmax) and Kiln cannot yet: refused when the
  /// input is masked.
  Unsupported,
  /// Recurrent layers and Bidirectional: the builder skips masked steps;
  /// sequence outputs (return_sequences) carry the input's mask, last
  /// outputs and states none.
  Sequence,
  /// Masking: any(input != mask_value) over the features.
  Masking,
};

/// The masks of the outputs of the call `c` (null where an output has none),
/// by `rule`, from c.inputMasks(). Builds the ops that combine masks at the
/// layer's location. Fails the layer where the rule refuses its masks.
llvm::SmallVector<mlir::Value> propagateMasks(LayerContext &c, MaskRule rule,
                                              llvm::ArrayRef<mlir::Value> outputs);

} // namespace kiln::import

#endif // KILN_LIB_IMPORT_KERAS_MASKPROPAGATION_H
