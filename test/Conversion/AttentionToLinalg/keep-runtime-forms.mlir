// With keep-runtime-forms (the CPU pipeline), kiln-lower-attention leaves the
// ops the runtime's flash-attention kernel computes (dot scores, no
// probabilities) and lowers the others to linalg.
// RUN: kiln-opt %s --kiln-lower-attention=keep-runtime-forms=true --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @dot_is_kept
// CHECK: kiln.attention
// CHECK-NOT: linalg.softmax
func.func @dot_is_kept(%q: tensor<2x3x4x8xf32>, %k: tensor<2x3x6x8xf32>, %v: tensor<2x3x6x5xf32>, %init: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = kiln.attention ins(%q, %k, %v : tensor<2x3x4x8xf32>, tensor<2x3x6x8xf32>, tensor<2x3x6x5xf32>) outs(%init : tensor<2x3x4x5xf32>) {scale = 0.5 : f32, causal = #kiln.causal<top_left>} -> tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// -----

// CHECK-LABEL: func.func @additive_is_lowered
// CHECK-NOT: kiln.attention
// CHECK: math.tanh
// CHECK: linalg.softmax
func.func @additive_is_lowered(%q: tensor<2x3x4x8xf32>, %k: tensor<2x3x6x8xf32>, %v: tensor<2x3x6x5xf32>, %w: tensor<8xf32>, %init: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = kiln.attention ins(%q, %k, %v : tensor<2x3x4x8xf32>, tensor<2x3x6x8xf32>, tensor<2x3x6x5xf32>) score_weights(%w : tensor<8xf32>) outs(%init : tensor<2x3x4x5xf32>) {scale = 1.0 : f32, score = #kiln.score<additive>} -> tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// -----

// CHECK-LABEL: func.func @probabilities_are_lowered
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
func.func @probabilities_are_lowered(%q: tensor<1x1x2x4xf32>, %k: tensor<1x1x3x4xf32>, %v: tensor<1x1x3x4xf32>, %o: tensor<1x1x2x4xf32>, %p: tensor<1x1x2x3xf32>) -> (tensor<1x1x2x4xf32>, tensor<1x1x2x3xf32>) {
  %0:2 = kiln.attention ins(%q, %k, %v : tensor<1x1x2x4xf32>, tensor<1x1x3x4xf32>, tensor<1x1x3x4xf32>) outs(%o, probs %p : tensor<1x1x2x4xf32>, tensor<1x1x2x3xf32>) {scale = 0.5 : f32} -> tensor<1x1x2x4xf32>, tensor<1x1x2x3xf32>
  return %0#0, %0#1 : tensor<1x1x2x4xf32>, tensor<1x1x2x3xf32>
}
