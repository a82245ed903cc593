// Round trip of the attention layer ops (spec §2.25-§2.27), through the
// custom and the generic form.
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// CHECK-LABEL: func.func @attention
// CHECK: keras.attention %{{.*}}, %{{.*}} {score_mode = "dot", use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>) -> tensor<?x3x4xf32>
// CHECK: keras.attention %{{.*}}, %{{.*}} key %{{.*}} query_mask %{{.*}} value_mask %{{.*}} scale %{{.*}} concat_score_weight %{{.*}} {score_mode = "concat", use_causal_mask = true} : (tensor<?x3x4xf32>, tensor<?x5x6xf32>, tensor<?x5x4xf32>, tensor<?x3xi1>, tensor<?x5xi1>, tensor<f32>, tensor<f32>) -> tensor<?x3x6xf32>
func.func @attention(%q: tensor<?x3x4xf32>, %v: tensor<?x5x4xf32>, %v6: tensor<?x5x6xf32>,
                     %k: tensor<?x5x4xf32>, %qm: tensor<?x3xi1>, %vm: tensor<?x5xi1>,
                     %s: tensor<f32>, %w: tensor<f32>) -> (tensor<?x3x4xf32>, tensor<?x3x6xf32>) {
  %0 = keras.attention %q, %v {score_mode = "dot", use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>) -> tensor<?x3x4xf32>
  %1 = keras.attention %q, %v6 key %k query_mask %qm value_mask %vm scale %s concat_score_weight %w {score_mode = "concat", use_causal_mask = true} : (tensor<?x3x4xf32>, tensor<?x5x6xf32>, tensor<?x5x4xf32>, tensor<?x3xi1>, tensor<?x5xi1>, tensor<f32>, tensor<f32>) -> tensor<?x3x6xf32>
  return %0, %1 : tensor<?x3x4xf32>, tensor<?x3x6xf32>
}

// CHECK-LABEL: func.func @additive_attention
// CHECK: keras.additive_attention %{{.*}}, %{{.*}} value_mask %{{.*}} scale %{{.*}} {use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>, tensor<?x5xi1>, tensor<4xf32>) -> tensor<?x3x4xf32>
func.func @additive_attention(%q: tensor<?x3x4xf32>, %v: tensor<?x5x4xf32>, %vm: tensor<?x5xi1>,
                              %s: tensor<4xf32>) -> tensor<?x3x4xf32> {
  %0 = keras.additive_attention %q, %v value_mask %vm scale %s {use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>, tensor<?x5xi1>, tensor<4xf32>) -> tensor<?x3x4xf32>
  return %0 : tensor<?x3x4xf32>
}

// CHECK-LABEL: func.func @multi_head_attention
// CHECK: keras.multi_head_attention %{{.*}}, %{{.*}} key %{{.*}} query_proj %{{.*}}, %{{.*}} key_proj %{{.*}}, %{{.*}} value_proj %{{.*}}, %{{.*}} output_proj %{{.*}}, %{{.*}} attention_mask %{{.*}} query_mask %{{.*}} {key_dim = 3 : i64, num_heads = 2 : i64, use_causal_mask = true, value_dim = 5 : i64, zero_masked_probs = false}
// CHECK: keras.multi_head_attention %{{.*}}, %{{.*}} query_proj %{{.*}} key_proj %{{.*}} value_proj %{{.*}} output_proj %{{.*}} {key_dim = 3 : i64, num_heads = 2 : i64, use_causal_mask = false, value_dim = 5 : i64, zero_masked_probs = true} : (tensor<2x3x4xf32>, tensor<2x5x6xf32>, tensor<4x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x5xf32>, tensor<2x5x7xf32>) -> tensor<2x3x7xf32>
func.func @multi_head_attention(%q: tensor<?x3x4xf32>, %v: tensor<?x5x6xf32>, %k: tensor<?x5x4xf32>,
    %wq: tensor<4x2x3xf32>, %bq: tensor<2x3xf32>, %wk: tensor<4x2x3xf32>, %bk: tensor<2x3xf32>,
    %wv: tensor<6x2x5xf32>, %bv: tensor<2x5xf32>, %wo: tensor<2x5x7xf32>, %bo: tensor<7xf32>,
    %am: tensor<?x3x5xi1>, %qm: tensor<?x3xi1>, %q2: tensor<2x3x4xf32>, %v2: tensor<2x5x6xf32>,
    %wk6: tensor<6x2x3xf32>)
    -> (tensor<?x3x7xf32>, tensor<2x3x7xf32>) {
  %0 = keras.multi_head_attention %q, %v key %k query_proj %wq, %bq key_proj %wk, %bk value_proj %wv, %bv output_proj %wo, %bo attention_mask %am query_mask %qm {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 5 : i64, use_causal_mask = true, zero_masked_probs = false} : (tensor<?x3x4xf32>, tensor<?x5x6xf32>, tensor<?x5x4xf32>, tensor<4x2x3xf32>, tensor<2x3xf32>, tensor<4x2x3xf32>, tensor<2x3xf32>, tensor<6x2x5xf32>, tensor<2x5xf32>, tensor<2x5x7xf32>, tensor<7xf32>, tensor<?x3x5xi1>, tensor<?x3xi1>) -> tensor<?x3x7xf32>
  // Without key the key kernel applies to the value (D_k = D_v = 6); no biases.
  %1 = keras.multi_head_attention %q2, %v2 query_proj %wq key_proj %wk6 value_proj %wv output_proj %wo {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 5 : i64, use_causal_mask = false, zero_masked_probs = true} : (tensor<2x3x4xf32>, tensor<2x5x6xf32>, tensor<4x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x5xf32>, tensor<2x5x7xf32>) -> tensor<2x3x7xf32>
  return %0, %1 : tensor<?x3x7xf32>, tensor<2x3x7xf32>
}

// CHECK-LABEL: func.func @grouped_query_attention
// CHECK: keras.grouped_query_attention %{{.*}}, %{{.*}} query_proj %{{.*}} key_proj %{{.*}} value_proj %{{.*}} output_proj %{{.*}}, %{{.*}} value_mask %{{.*}} key_mask %{{.*}} {head_dim = 3 : i64, num_key_value_heads = 2 : i64, num_query_heads = 4 : i64, use_causal_mask = true, zero_masked_probs = false}
func.func @grouped_query_attention(%x: tensor<?x4x6xf32>, %gq: tensor<6x4x3xf32>,
    %gk: tensor<6x2x3xf32>, %gv: tensor<6x2x3xf32>, %go: tensor<4x3x6xf32>, %gbo: tensor<6xf32>,
    %m: tensor<?x4xi1>) -> tensor<?x4x6xf32> {
  %0 = keras.grouped_query_attention %x, %x query_proj %gq key_proj %gk value_proj %gv output_proj %go, %gbo value_mask %m key_mask %m {num_query_heads = 4 : i64, num_key_value_heads = 2 : i64, head_dim = 3 : i64, use_causal_mask = true, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x4x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<4x3x6xf32>, tensor<6xf32>, tensor<?x4xi1>, tensor<?x4xi1>) -> tensor<?x4x6xf32>
  return %0 : tensor<?x4x6xf32>
}

// The attention scores as a second result; MultiHeadAttention over axis 2
// of rank-4 inputs with a two-dim output_shape.
// CHECK-LABEL: func.func @scores_and_axes
// CHECK: keras.attention %{{.*}}, %{{.*}} {score_mode = "dot", use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>) -> (tensor<?x3x4xf32>, tensor<?x3x5xf32>)
// CHECK: keras.multi_head_attention {{.*}} {attention_axes = array<i64: 2>, key_dim = 3 : i64, num_heads = 2 : i64, use_causal_mask = false, value_dim = 3 : i64, zero_masked_probs = false} : {{.*}} -> (tensor<?x3x4x2x5xf32>, tensor<?x3x2x4x5xf32>)
func.func @scores_and_axes(%q: tensor<?x3x4xf32>, %v: tensor<?x5x4xf32>, %x: tensor<?x3x4x6xf32>,
                           %y: tensor<?x3x5x6xf32>, %w: tensor<6x2x3xf32>, %wo: tensor<2x3x2x5xf32>)
    -> (tensor<?x3x5xf32>, tensor<?x3x2x4x5xf32>) {
  %0:2 = keras.attention %q, %v {score_mode = "dot", use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>) -> (tensor<?x3x4xf32>, tensor<?x3x5xf32>)
  %1:2 = keras.multi_head_attention %x, %y query_proj %w key_proj %w value_proj %w output_proj %wo {attention_axes = array<i64: 2>, num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x3x4x6xf32>, tensor<?x3x5x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x2x5xf32>) -> (tensor<?x3x4x2x5xf32>, tensor<?x3x2x4x5xf32>)
  return %0#1, %1#1 : tensor<?x3x5xf32>, tensor<?x3x2x4x5xf32>
}
