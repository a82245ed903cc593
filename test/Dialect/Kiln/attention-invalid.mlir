// One case per kiln.attention verifier rule (lib/Dialect/Kiln/IR/KilnOps.cpp).
// RUN: kiln-opt %s -split-input-file -verify-diagnostics

func.func @mixed_tensor_memref(%q: tensor<1x2x3x4xf32>, %k: memref<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op operands must all be ranked tensors or all be memrefs}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, memref<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @unranked(%q: tensor<*xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op operands must all be ranked tensors or all be memrefs}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<*xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @tensor_no_result(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<1x2x3x4xf32>) {
  // expected-error @+1 {{'kiln.attention' op returns the new value of each init on tensors and nothing on memrefs}}
  kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32}
  return
}

// -----

func.func @result_type(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<?x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op result types must equal the init types}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%i : tensor<?x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @f16(%q: tensor<1x2x3x4xf16>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op query, key, value and init must be f32}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf16>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @mask_i32(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %m: tensor<1x1x3x5xi32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op mask must be f32 (additive) or i1 (true = keep)}}
  %0 = kiln.attention ins(%q, %k, %v, mask %m : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>, tensor<1x1x3x5xi32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @rank3(%q: tensor<2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op query, key, value and init must have rank 4}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @mask_rank(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %m: tensor<3x5xi1>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op mask must have rank 4}}
  %0 = kiln.attention ins(%q, %k, %v, mask %m : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>, tensor<3x5xi1>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @batch(%q: tensor<1x2x3x4xf32>, %k: tensor<2x2x5x4xf32>, %v: tensor<?x2x5x4xf32>, %i: tensor<?x2x3x4xf32>) -> tensor<?x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op query, key, value and init must have the same batch size}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<2x2x5x4xf32>, tensor<?x2x5x4xf32>) outs(%i : tensor<?x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<?x2x3x4xf32>
  return %0 : tensor<?x2x3x4xf32>
}

// -----

func.func @key_value_length(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x6x4xf32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op key [B, Hkv, S, D] and value [B, Hkv, S, Dv] must agree on Hkv and S}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x6x4xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @key_value_heads(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x1x5x4xf32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op key [B, Hkv, S, D] and value [B, Hkv, S, Dv] must agree on Hkv and S}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x1x5x4xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @head_size(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x8xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op query and key must have the same head size D}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x8xf32>, tensor<1x2x5x4xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @init_shape(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x6xf32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op init must be [B, Hq, T, Dv] of query [B, Hq, T, D] and value [B, Hkv, S, Dv]}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x6xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @gqa_grouping(%q: tensor<1x3x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op query heads (3) must be a multiple of key/value heads (2)}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x3x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%i : tensor<1x3x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x3x3x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// -----

func.func @mask_broadcast(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %m: tensor<1x1x3x4xf32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op mask dim 3 (4) must be 1 or equal that of [B, Hq, T, S] (5)}}
  %0 = kiln.attention ins(%q, %k, %v, mask %m : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>, tensor<1x1x3x4xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @memref_with_result(%q: memref<1x2x3x4xf32>, %k: memref<1x2x5x4xf32>, %v: memref<1x2x5x4xf32>, %i: memref<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op returns the new value of each init on tensors and nothing on memrefs}}
  %0 = kiln.attention ins(%q, %k, %v : memref<1x2x3x4xf32>, memref<1x2x5x4xf32>, memref<1x2x5x4xf32>) outs(%i : memref<1x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @missing_scale(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op requires attribute 'scale'}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%i : tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

// Dynamic dims are not checked; a dynamic mask dim is taken to be the full size.
func.func @dynamic_ok(%q: tensor<?x4x?x4xf32>, %k: tensor<?x2x?x4xf32>, %v: tensor<?x2x?x6xf32>, %m: tensor<?x1x?x?xi1>, %i: tensor<?x4x?x6xf32>) -> tensor<?x4x?x6xf32> {
  %0 = kiln.attention ins(%q, %k, %v, mask %m : tensor<?x4x?x4xf32>, tensor<?x2x?x4xf32>, tensor<?x2x?x6xf32>, tensor<?x1x?x?xi1>) outs(%i : tensor<?x4x?x6xf32>) {scale = 1.0 : f32, causal = #kiln.causal<top_left>} -> tensor<?x4x?x6xf32>
  return %0 : tensor<?x4x?x6xf32>
}

// -----

func.func @probs_no_result(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<1x2x3x4xf32>, %p: tensor<1x2x3x5xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op returns the new value of each init on tensors and nothing on memrefs}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%i, probs %p : tensor<1x2x3x4xf32>, tensor<1x2x3x5xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @probs_result_type(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<1x2x3x4xf32>, %p: tensor<1x2x3x5xf32>) -> tensor<?x2x3x5xf32> {
  // expected-error @+1 {{'kiln.attention' op result types must equal the init types}}
  %0:2 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%i, probs %p : tensor<1x2x3x4xf32>, tensor<1x2x3x5xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>, tensor<?x2x3x5xf32>
  return %0#1 : tensor<?x2x3x5xf32>
}

// -----

func.func @probs_shape(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<1x2x3x4xf32>, %p: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op probs_init dim 3 (4) must equal that of [B, Hq, T, S] (5)}}
  %0:2 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%i, probs %p : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>
  return %0#0 : tensor<1x2x3x4xf32>
}

// -----

func.func @probs_rank(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<1x2x3x4xf32>, %p: tensor<2x3x5xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op probs_init must be f32 of rank 4}}
  %0:2 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%i, probs %p : tensor<1x2x3x4xf32>, tensor<2x3x5xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>, tensor<2x3x5xf32>
  return %0#0 : tensor<1x2x3x4xf32>
}

// -----

func.func @weights_with_dot(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %w: tensor<4xf32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op score_weights need score = additive}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) score_weights(%w : tensor<4xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @weights_size(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %w: tensor<5xf32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op score_weights must be an f32 vector of the head size D (4)}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) score_weights(%w : tensor<5xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32, score = #kiln.score<additive>} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @tanh_scale_with_dot(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op tanh_scale needs score = additive}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32, tanh_scale = 2.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @positive_fill(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op mask_fill must be -inf or a finite number <= 0, got 1.000000e+00}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32, mask_fill = 1.0 : f32, causal = #kiln.causal<top_left>} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @nan_fill(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op mask_fill must be -inf or a finite number <= 0, got nan}}
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32, mask_fill = 0x7FC00000 : f32, causal = #kiln.causal<top_left>} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

func.func @zero_masked_additive_mask(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %m: tensor<1x1x3x5xf32>, %i: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op zero_masked needs an i1 mask or a causal mode}}
  %0 = kiln.attention ins(%q, %k, %v, mask %m : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>, tensor<1x1x3x5xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32, zero_masked} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}
