// RUN: kiln-opt --kiln-lower-keras --canonicalize --cse --kiln-fuse-attention --split-input-file %s | FileCheck %s --implicit-check-not=linalg.softmax --implicit-check-not=kiln.attention

// MultiHeadAttention on rank-4 inputs (B, H, W, C): kiln-lower-keras moves
// the non-attended inner axes into the batch and flattens the attended ones
// of query and key into one sequence each, so the attention is one chain and
// fuses into exactly one kiln.attention; the scores (return_attention_scores)
// are a reshape of its probabilities.

// attention_axes [1, 2] (the default of rank 4): T = S = H·W = 12.
// CHECK-LABEL: func.func @axes_1_2
// CHECK: %[[A:.*]]:2 = kiln.attention ins({{.*}} : tensor<?x2x12x3xf32>, tensor<?x2x12x3xf32>, tensor<?x2x12x3xf32>) outs({{.*}} : tensor<?x2x12x3xf32>, tensor<?x2x12x12xf32>) {scale = 0.577350259 : f32}
// CHECK: %[[S:.*]] = tensor.reshape %[[A]]#1({{.*}}) : (tensor<?x2x12x12xf32>, tensor<6xindex>) -> tensor<?x2x3x4x3x4xf32>
// CHECK: return %{{.*}}, %[[S]]
func.func @axes_1_2(%x: tensor<?x3x4x6xf32>, %w: tensor<6x2x3xf32>, %wo: tensor<2x3x6xf32>)
    -> (tensor<?x3x4x6xf32>, tensor<?x2x3x4x3x4xf32>) {
  %0:2 = keras.multi_head_attention %x, %x query_proj %w key_proj %w value_proj %w output_proj %wo {attention_axes = array<i64: 1, 2>, num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x3x4x6xf32>, tensor<?x3x4x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x6xf32>) -> (tensor<?x3x4x6xf32>, tensor<?x2x3x4x3x4xf32>)
  return %0#0, %0#1 : tensor<?x3x4x6xf32>, tensor<?x2x3x4x3x4xf32>
}

// -----

// attention_axes [2], cross-attention: axis 1 (H = 3) joins the batch
// (B' = B·3), T = 4 and S = 5; a two-dim output_shape.
// CHECK-LABEL: func.func @axis_2
// CHECK: %[[A:.*]]:2 = kiln.attention ins({{.*}} : tensor<?x2x4x3xf32>, tensor<?x2x5x3xf32>, tensor<?x2x5x3xf32>) outs({{.*}} : tensor<?x2x4x3xf32>, tensor<?x2x4x5xf32>) {scale = 0.577350259 : f32}
// CHECK: tensor.reshape %[[A]]#1({{.*}}) : (tensor<?x2x4x5xf32>, tensor<5xindex>) -> tensor<?x3x2x4x5xf32>
func.func @axis_2(%x: tensor<?x3x4x6xf32>, %y: tensor<?x3x5x6xf32>, %w: tensor<6x2x3xf32>, %wo: tensor<2x3x2x5xf32>)
    -> (tensor<?x3x4x2x5xf32>, tensor<?x3x2x4x5xf32>) {
  %0:2 = keras.multi_head_attention %x, %y query_proj %w key_proj %w value_proj %w output_proj %wo {attention_axes = array<i64: 2>, num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x3x4x6xf32>, tensor<?x3x5x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x2x5xf32>) -> (tensor<?x3x4x2x5xf32>, tensor<?x3x2x4x5xf32>)
  return %0#0, %0#1 : tensor<?x3x4x2x5xf32>, tensor<?x3x2x4x5xf32>
}

// -----

// 3-D MultiHeadAttention, explicit path on Keras >= 3.10 with a query mask
// and its scores: one kiln.attention returning the zeroed probabilities.
// CHECK-LABEL: func.func @explicit_zeroed_scores
// CHECK: %[[A:.*]]:2 = kiln.attention ins({{.*}}, mask %{{.*}} : {{.*}}) outs({{.*}}) {mask_fill = -1.000000e+09 : f32, scale = 0.577350259 : f32, zero_masked}
// CHECK: %[[S:.*]] = tensor.reshape %[[A]]#1({{.*}}) : (tensor<?x2x4x4xf32>, tensor<4xindex>) -> tensor<?x2x4x4xf32>
// CHECK: return %{{.*}}, %[[S]]
func.func @explicit_zeroed_scores(%x: tensor<?x4x6xf32>, %m: tensor<?x4xi1>, %w: tensor<6x2x3xf32>, %wo: tensor<2x3x6xf32>)
    -> (tensor<?x4x6xf32>, tensor<?x2x4x4xf32>) {
  %0:2 = keras.multi_head_attention %x, %x query_proj %w key_proj %w value_proj %w output_proj %wo query_mask %m {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = true} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x6xf32>, tensor<?x4xi1>) -> (tensor<?x4x6xf32>, tensor<?x2x4x4xf32>)
  return %0#0, %0#1 : tensor<?x4x6xf32>, tensor<?x2x4x4xf32>
}
