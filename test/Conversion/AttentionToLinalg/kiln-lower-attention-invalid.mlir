// kiln-lower-attention needs static head counts.
// RUN: kiln-opt %s --kiln-lower-attention -verify-diagnostics

func.func @dynamic_heads(%q: tensor<1x?x2x4xf32>, %k: tensor<1x?x3x4xf32>, %v: tensor<1x?x3x5xf32>, %init: tensor<1x?x2x5xf32>) -> tensor<1x?x2x5xf32> {
  // expected-error @+1 {{'kiln.attention' op kiln-lower-attention needs static head counts}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x?x2x4xf32>, tensor<1x?x3x4xf32>, tensor<1x?x3x5xf32>) outs(%init : tensor<1x?x2x5xf32>) {scale = 0.5 : f32} -> tensor<1x?x2x5xf32>
  return %0 : tensor<1x?x2x5xf32>
}
