//===- TfOpBuilders.h - tf.keras TFOpLambda layers ---------------*- C++ -*-===//
//
// tf.keras 2 records each TensorFlow function called on symbolic tensors as a
// TFOpLambda layer (SlicingOpLambda for `x[...]`); TfOpBuilders.cpp builds
// the functions Kiln knows and refuses the others by name.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORT_KERAS_TFOPBUILDERS_H
#define KILN_LIB_IMPORT_KERAS_TFOPBUILDERS_H

#include "LayerContext.h"

namespace kiln::import {

/// TFOpLambda or SlicingOpLambda.
bool isTfOpLayerClass(llvm::StringRef className);

/// Builder and mask rule of TF op layers: the builder dispatches on the
/// config's `function`; masks are dropped, as tf.keras' TFOpLambda does not
/// support masking.
const LayerKind &tfOpLayerKind();

} // namespace kiln::import

#endif // KILN_LIB_IMPORT_KERAS_TFOPBUILDERS_H
