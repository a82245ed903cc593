// A tensor-form kiln.matmul reaching the runtime lowering is an error: the
// pipeline must bufferize first.
// RUN: kiln-opt %s --kiln-lower-to-runtime --split-input-file -verify-diagnostics

func.func @tensor_form(%a: tensor<?x4xf32>, %b: tensor<4x3xf32>, %c: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{kiln.matmul on tensors reached the runtime lowering; bufferize first}}
  %0 = kiln.matmul ins(%a, %b : tensor<?x4xf32>, tensor<4x3xf32>) outs(%c : tensor<?x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// The memref form next to it is still lowered, but the pass fails.
func.func @mixed(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %c: tensor<2x3xf32>,
                 %ma: memref<2x4xf32>, %mb: memref<4x3xf32>, %mc: memref<2x3xf32>) -> tensor<2x3xf32> {
  kiln.matmul ins(%ma, %mb : memref<2x4xf32>, memref<4x3xf32>) outs(%mc : memref<2x3xf32>)
  // expected-error @+1 {{kiln.matmul on tensors reached the runtime lowering; bufferize first}}
  %0 = kiln.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x3xf32>) outs(%c : tensor<2x3xf32>) {activation = #kiln.activation<relu>} -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @recurrence_tensor_form(%p: tensor<2x7x1x4xf32>, %u: tensor<1x1x4xf32>, %o: tensor<2x1x1xf32>, %f: tensor<1x2x2x1xf32>) -> tensor<2x1x1xf32> {
  // expected-error @+1 {{kiln.recurrence on tensors reached the runtime lowering; bufferize first}}
  %0:2 = kiln.recurrence ins(%p, %u : tensor<2x7x1x4xf32>, tensor<1x1x4xf32>) outs(%o, %f : tensor<2x1x1xf32>, tensor<1x2x2x1xf32>) {cell = #kiln.cell<lstm>, activation = #kiln.cell_activation<tanh>, recurrent_activation = #kiln.cell_activation<sigmoid>, go_backwards = array<i1: false>, flip_outputs = array<i1: false>} -> tensor<2x1x1xf32>, tensor<1x2x2x1xf32>
  return %0#0 : tensor<2x1x1xf32>
}

// -----

// The runtime kernel returns no probabilities: such ops lower to loops
// (kiln-lower-attention) before bufferization.
func.func @attention_with_probs(%q: memref<1x1x2x4xf32>, %k: memref<1x1x3x4xf32>, %v: memref<1x1x3x4xf32>, %o: memref<1x1x2x4xf32>, %p: memref<1x1x2x3xf32>) {
  // expected-error @+1 {{'kiln.attention' op with additive scores or a probabilities result must be lowered by kiln-lower-attention before bufferization}}
  kiln.attention ins(%q, %k, %v : memref<1x1x2x4xf32>, memref<1x1x3x4xf32>, memref<1x1x3x4xf32>) outs(%o, probs %p : memref<1x1x2x4xf32>, memref<1x1x2x3xf32>) {scale = 0.5 : f32}
  return
}
