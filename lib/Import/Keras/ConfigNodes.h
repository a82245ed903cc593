//===- ConfigNodes.h - Inbound nodes and model input/output refs -*- C++ -*-===//
//
// The two ways Keras writes "which tensor feeds this call" (spec §1a/§1b):
// Keras 3 nodes {"args", "kwargs"} with __keras_tensor__ objects, and Keras 2
// lists of [layer, node_index, tensor_index, kwargs] (plus the unwrapped form
// of TFOpLambda). The form is decided per node.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORT_KERAS_CONFIGNODES_H
#define KILN_LIB_IMPORT_KERAS_CONFIGNODES_H

#include "ModelGraph.h"

namespace kiln::import {

/// One inbound node, in whichever form it was written.
LayerCall readInboundNode(const nlohmann::json &node, const JsonPath &at);

/// input_layers / output_layers: a leaf, a list or a dict of leaves,
/// appended to `refs` in Keras' flattening order.
void readModelRefs(const nlohmann::json &value, const JsonPath &at,
                   std::vector<TensorRef> &refs);

} // namespace kiln::import

#endif // KILN_LIB_IMPORT_KERAS_CONFIGNODES_H
