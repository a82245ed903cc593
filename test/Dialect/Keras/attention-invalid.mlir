// Verifier errors of the attention layer ops.
// RUN: kiln-opt %s -split-input-file -verify-diagnostics

func.func @bad_score_mode(%q: tensor<?x3x4xf32>, %v: tensor<?x5x4xf32>) -> tensor<?x3x4xf32> {
  // expected-error @+1 {{'keras.attention' op score_mode must be 'dot' or 'concat', got 'general'}}
  %0 = keras.attention %q, %v {score_mode = "general", use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>) -> tensor<?x3x4xf32>
  return %0 : tensor<?x3x4xf32>
}

// -----

func.func @concat_without_weight(%q: tensor<?x3x4xf32>, %v: tensor<?x5x4xf32>) -> tensor<?x3x4xf32> {
  // expected-error @+1 {{'keras.attention' op concat_score_weight is required by, and only by, score_mode 'concat'}}
  %0 = keras.attention %q, %v {score_mode = "concat", use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>) -> tensor<?x3x4xf32>
  return %0 : tensor<?x3x4xf32>
}

// -----

func.func @key_value_steps(%q: tensor<?x3x4xf32>, %v: tensor<?x5x4xf32>, %k: tensor<?x6x4xf32>) -> tensor<?x3x4xf32> {
  // expected-error @+1 {{'keras.attention' op key (None, 6, 4) and value (None, 5, 4) have different step counts}}
  %0 = keras.attention %q, %v key %k {score_mode = "dot", use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>, tensor<?x6x4xf32>) -> tensor<?x3x4xf32>
  return %0 : tensor<?x3x4xf32>
}

// -----

func.func @attention_result(%q: tensor<?x3x6xf32>, %v: tensor<?x5x6xf32>) -> tensor<?x3x4xf32> {
  // expected-error @+1 {{'keras.attention' op result shape (None, 3, 4) does not match the expected (None, 3, 6)}}
  %0 = keras.attention %q, %v {score_mode = "dot", use_causal_mask = false} : (tensor<?x3x6xf32>, tensor<?x5x6xf32>) -> tensor<?x3x4xf32>
  return %0 : tensor<?x3x4xf32>
}

// -----

func.func @attention_query_dim(%q: tensor<?x3x5xf32>, %v: tensor<?x5x4xf32>) -> tensor<?x3x4xf32> {
  // expected-error @+1 {{'keras.attention' op query (None, 3, 5) and key (None, 5, 4) have different feature dims}}
  %0 = keras.attention %q, %v {score_mode = "dot", use_causal_mask = false} : (tensor<?x3x5xf32>, tensor<?x5x4xf32>) -> tensor<?x3x4xf32>
  return %0 : tensor<?x3x4xf32>
}

// -----

func.func @value_mask_shape(%q: tensor<?x3x4xf32>, %v: tensor<?x5x4xf32>, %m: tensor<?x3xi1>) -> tensor<?x3x4xf32> {
  // expected-error @+1 {{'keras.additive_attention' op value_mask (None, 3) does not match the expected (None, 5)}}
  %0 = keras.additive_attention %q, %v value_mask %m {use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>, tensor<?x3xi1>) -> tensor<?x3x4xf32>
  return %0 : tensor<?x3x4xf32>
}

// -----

func.func @additive_scale(%q: tensor<?x3x4xf32>, %v: tensor<?x5x4xf32>, %s: tensor<3xf32>) -> tensor<?x3x4xf32> {
  // expected-error @+1 {{'keras.additive_attention' op scale (3,) does not match the expected (4,)}}
  %0 = keras.additive_attention %q, %v scale %s {use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>, tensor<3xf32>) -> tensor<?x3x4xf32>
  return %0 : tensor<?x3x4xf32>
}

// -----

func.func @attention_2d(%q: tensor<?x4xf32>, %v: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'keras.attention' op expects 3-D query, value and key}}
  %0 = keras.attention %q, %v {score_mode = "dot", use_causal_mask = false} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @mha_heads_attr(%x: tensor<?x4x6xf32>, %w: tensor<6x2x3xf32>, %wo: tensor<2x3x6xf32>) -> tensor<?x4x6xf32> {
  // expected-error @+1 {{'keras.multi_head_attention' op kernels (6, 2, 3), (6, 2, 3), (6, 2, 3) do not match the head attributes}}
  %0 = keras.multi_head_attention %x, %x query_proj %w key_proj %w value_proj %w output_proj %wo {num_heads = 3 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x6xf32>) -> tensor<?x4x6xf32>
  return %0 : tensor<?x4x6xf32>
}

// -----

// MHA has as many key/value heads as query heads.
func.func @mha_kv_heads(%x: tensor<?x4x6xf32>, %w: tensor<6x2x3xf32>, %wk: tensor<6x1x3xf32>, %wo: tensor<2x3x6xf32>) -> tensor<?x4x6xf32> {
  // expected-error @+1 {{'keras.multi_head_attention' op kernels (6, 2, 3), (6, 1, 3), (6, 1, 3) do not match the head attributes}}
  %0 = keras.multi_head_attention %x, %x query_proj %w key_proj %wk value_proj %wk output_proj %wo {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<6x1x3xf32>, tensor<6x1x3xf32>, tensor<2x3x6xf32>) -> tensor<?x4x6xf32>
  return %0 : tensor<?x4x6xf32>
}

// -----

func.func @mha_bias(%x: tensor<?x4x6xf32>, %w: tensor<6x2x3xf32>, %b: tensor<3x2xf32>, %wo: tensor<2x3x6xf32>) -> tensor<?x4x6xf32> {
  // expected-error @+1 {{'keras.multi_head_attention' op query bias (3, 2) does not match the expected (2, 3)}}
  %0 = keras.multi_head_attention %x, %x query_proj %w, %b key_proj %w value_proj %w output_proj %wo {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<3x2xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x6xf32>) -> tensor<?x4x6xf32>
  return %0 : tensor<?x4x6xf32>
}

// -----

func.func @mha_attention_mask(%x: tensor<?x4x6xf32>, %w: tensor<6x2x3xf32>, %wo: tensor<2x3x6xf32>, %am: tensor<?x4xi1>) -> tensor<?x4x6xf32> {
  // expected-error @+1 {{'keras.multi_head_attention' op attention_mask (None, 4) does not broadcast to the scores (None, 4, 4) (rank 3, or a static rank 2; each dim equal or 1)}}
  %0 = keras.multi_head_attention %x, %x query_proj %w key_proj %w value_proj %w output_proj %wo attention_mask %am {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x6xf32>, tensor<?x4xi1>) -> tensor<?x4x6xf32>
  return %0 : tensor<?x4x6xf32>
}

// -----

func.func @mha_attention_mask_broadcast(%x: tensor<?x4x6xf32>, %w: tensor<6x2x3xf32>, %wo: tensor<2x3x6xf32>, %am: tensor<?x2x4xi1>) -> tensor<?x4x6xf32> {
  // expected-error @+1 {{'keras.multi_head_attention' op attention_mask (None, 2, 4) does not broadcast to the scores (None, 4, 4) (rank 3, or a static rank 2; each dim equal or 1)}}
  %0 = keras.multi_head_attention %x, %x query_proj %w key_proj %w value_proj %w output_proj %wo attention_mask %am {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x6xf32>, tensor<?x2x4xi1>) -> tensor<?x4x6xf32>
  return %0 : tensor<?x4x6xf32>
}

// -----

func.func @mha_output_kernel(%x: tensor<?x4x6xf32>, %w: tensor<6x2x3xf32>, %wo: tensor<2x4x6xf32>) -> tensor<?x4x6xf32> {
  // expected-error @+1 {{'keras.multi_head_attention' op output kernel (2, 4, 6) does not match the heads and value dim of (6, 2, 3)}}
  %0 = keras.multi_head_attention %x, %x query_proj %w key_proj %w value_proj %w output_proj %wo {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x4x6xf32>) -> tensor<?x4x6xf32>
  return %0 : tensor<?x4x6xf32>
}

// -----

func.func @gqa_divide(%x: tensor<?x4x6xf32>, %wq: tensor<6x3x3xf32>, %wk: tensor<6x2x3xf32>, %wo: tensor<3x3x6xf32>) -> tensor<?x4x6xf32> {
  // expected-error @+1 {{'keras.grouped_query_attention' op num_key_value_heads 2 must divide num_query_heads 3}}
  %0 = keras.grouped_query_attention %x, %x query_proj %wq key_proj %wk value_proj %wk output_proj %wo {num_query_heads = 3 : i64, num_key_value_heads = 2 : i64, head_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x3x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<3x3x6xf32>) -> tensor<?x4x6xf32>
  return %0 : tensor<?x4x6xf32>
}

// -----

func.func @attention_scores_shape(%q: tensor<?x3x4xf32>, %v: tensor<?x5x4xf32>) -> tensor<?x3x4xf32> {
  // expected-error @+1 {{'keras.attention' op scores result (None, 3, 4) does not match the expected (None, 3, 5)}}
  %0:2 = keras.attention %q, %v {score_mode = "dot", use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>) -> (tensor<?x3x4xf32>, tensor<?x3x4xf32>)
  return %0#0 : tensor<?x3x4xf32>
}

// -----

func.func @mha_scores_shape(%x: tensor<?x4x6xf32>, %w: tensor<6x2x3xf32>, %wo: tensor<2x3x6xf32>) -> tensor<?x4x6xf32> {
  // expected-error @+1 {{'keras.multi_head_attention' op scores result (None, 4, 4) does not match the expected (None, 2, 4, 4)}}
  %0:2 = keras.multi_head_attention %x, %x query_proj %w key_proj %w value_proj %w output_proj %wo {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x6xf32>) -> (tensor<?x4x6xf32>, tensor<?x4x4xf32>)
  return %0#0 : tensor<?x4x6xf32>
}

// -----

func.func @mha_axes_range(%x: tensor<?x3x4x6xf32>, %w: tensor<6x2x3xf32>, %wo: tensor<2x3x6xf32>) -> tensor<?x3x4x6xf32> {
  // expected-error @+1 {{'keras.multi_head_attention' op attention axes [1, 3] must be distinct axes within [1, 2]}}
  %0 = keras.multi_head_attention %x, %x query_proj %w key_proj %w value_proj %w output_proj %wo {attention_axes = array<i64: 1, 3>, num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x3x4x6xf32>, tensor<?x3x4x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x6xf32>) -> tensor<?x3x4x6xf32>
  return %0 : tensor<?x3x4x6xf32>
}

// -----

func.func @mha_axes_repeated(%x: tensor<?x3x4x6xf32>, %w: tensor<6x2x3xf32>, %wo: tensor<2x3x6xf32>) -> tensor<?x3x4x6xf32> {
  // expected-error @+1 {{'keras.multi_head_attention' op attention axes [2, 2] must be distinct axes within [1, 2]}}
  %0 = keras.multi_head_attention %x, %x query_proj %w key_proj %w value_proj %w output_proj %wo {attention_axes = array<i64: 2, 2>, num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x3x4x6xf32>, tensor<?x3x4x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x6xf32>) -> tensor<?x3x4x6xf32>
  return %0 : tensor<?x3x4x6xf32>
}

// -----

func.func @mha_unattended_axis(%x: tensor<?x3x4x6xf32>, %y: tensor<?x2x5x6xf32>, %w: tensor<6x2x3xf32>, %wo: tensor<2x3x6xf32>) -> tensor<?x3x4x6xf32> {
  // expected-error @+1 {{'keras.multi_head_attention' op query (None, 3, 4, 6) and key (None, 2, 5, 6) differ in axis 1, which is not attended}}
  %0 = keras.multi_head_attention %x, %y query_proj %w key_proj %w value_proj %w output_proj %wo {attention_axes = array<i64: 2>, num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x3x4x6xf32>, tensor<?x2x5x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x6xf32>) -> tensor<?x3x4x6xf32>
  return %0 : tensor<?x3x4x6xf32>
}

// -----

func.func @mha_mask_rank4(%x: tensor<?x3x4x6xf32>, %m: tensor<?x3x4xi1>, %w: tensor<6x2x3xf32>, %wo: tensor<2x3x6xf32>) -> tensor<?x3x4x6xf32> {
  // expected-error @+1 {{'keras.multi_head_attention' op masks and use_causal_mask need 3-D inputs}}
  %0 = keras.multi_head_attention %x, %x query_proj %w key_proj %w value_proj %w output_proj %wo query_mask %m {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x3x4x6xf32>, tensor<?x3x4x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x6xf32>, tensor<?x3x4xi1>) -> tensor<?x3x4x6xf32>
  return %0 : tensor<?x3x4x6xf32>
}

// -----

func.func @gqa_rank4(%x: tensor<?x3x4x6xf32>, %w: tensor<6x2x3xf32>, %wo: tensor<2x3x6xf32>) -> tensor<?x3x4x6xf32> {
  // expected-error @+1 {{'keras.grouped_query_attention' op expects 3-D inputs}}
  %0 = keras.grouped_query_attention %x, %x query_proj %w key_proj %w value_proj %w output_proj %wo {num_query_heads = 2 : i64, num_key_value_heads = 2 : i64, head_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x3x4x6xf32>, tensor<?x3x4x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x6xf32>) -> tensor<?x3x4x6xf32>
  return %0 : tensor<?x3x4x6xf32>
}

// -----

func.func @mha_gate_kernel_shape(%x: tensor<?x4x6xf32>, %w: tensor<6x2x3xf32>, %wo: tensor<2x3x6xf32>, %wg: tensor<6x2x4xf32>) -> tensor<?x4x6xf32> {
  // expected-error @+1 {{'keras.multi_head_attention' op gate kernel (6, 2, 4) does not match the expected (6, 2, 3)}}
  %0 = keras.multi_head_attention %x, %x query_proj %w key_proj %w value_proj %w output_proj %wo gate_proj %wg {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x6xf32>, tensor<6x2x4xf32>) -> tensor<?x4x6xf32>
  return %0 : tensor<?x4x6xf32>
}

// -----

func.func @mha_gate_bias_alone(%x: tensor<?x4x6xf32>, %w: tensor<6x2x3xf32>, %wo: tensor<2x3x6xf32>, %bg: tensor<2x3xf32>) -> tensor<?x4x6xf32> {
  // expected-error @+1 {{'keras.multi_head_attention' op has a gate bias without a gate kernel}}
  %0 = keras.multi_head_attention %x, %x query_proj %w key_proj %w value_proj %w output_proj %wo gate_bias %bg {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x6xf32>, tensor<2x3xf32>) -> tensor<?x4x6xf32>
  return %0 : tensor<?x4x6xf32>
}
