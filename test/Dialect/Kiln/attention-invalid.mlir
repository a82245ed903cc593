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
  // expected-error @+1 {{'kiln.attention' op returns the new init value on tensors and nothing on memrefs}}
  kiln.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%i : tensor<1x2x3x4xf32>) {scale = 1.0 : f32}
  return
}

// -----

func.func @result_type(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x4xf32>, %i: tensor<?x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{'kiln.attention' op result type must equal the init type}}
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
  // expected-error @+1 {{'kiln.attention' op returns the new init value on tensors and nothing on memrefs}}
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
