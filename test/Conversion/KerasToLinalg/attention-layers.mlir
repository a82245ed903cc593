// Attention layers lowered to primitive tensor IR
// (lib/Conversion/KerasToLinalg/AttentionLayers.cpp): matmul -> scale ->
// mask -> softmax -> matmul, each step its own op, no kiln.attention.
// RUN: kiln-opt %s --kiln-lower-keras --split-input-file | FileCheck %s

// Luong dot attention: Q·Kᵀ as a batched kiln.matmul, times the scalar scale
// (a 0-d tensor read through a `() ` indexing map),
// the value mask ANDed with the causal j <= i mask, 1e9 subtracted from
// masked scores, softmax over the keys, weights·V, masked query rows zeroed.
// CHECK-LABEL: func.func @attention_dot
// CHECK-SAME: (%[[Q:.*]]: tensor<2x3x4xf32>, %[[V:.*]]: tensor<2x5x4xf32>, %[[QM:.*]]: tensor<2x3xi1>, %[[VM:.*]]: tensor<2x5xi1>, %[[S:.*]]: tensor<f32>)
// CHECK: %[[KT:.*]] = linalg.transpose ins(%[[V]] : tensor<2x5x4xf32>) {{.*}} permutation = [0, 2, 1]
// CHECK: %[[SC:.*]] = kiln.matmul ins(%[[Q]], %[[KT]] : tensor<2x3x4xf32>, tensor<2x4x5xf32>) {{.*}} -> tensor<2x3x5xf32>
// CHECK: %[[SCALED:.*]] = linalg.generic {{.*}} ins(%[[SC]], %[[S]] : tensor<2x3x5xf32>, tensor<f32>)
// CHECK: arith.mulf
// CHECK: %[[KEEP:.*]] = linalg.generic {{.*}} ins(%[[VM]] : tensor<2x5xi1>) outs(%{{.*}} : tensor<2x3x5xi1>)
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[J:.*]] = linalg.index 2 : index
// CHECK: %[[LE:.*]] = arith.cmpi ule, %[[J]], %[[I]] : index
// CHECK: arith.andi %{{.*}}, %[[LE]] : i1
// CHECK: %[[MASKED:.*]] = linalg.generic {{.*}} ins(%[[SCALED]], %[[KEEP]] : tensor<2x3x5xf32>, tensor<2x3x5xi1>)
// CHECK: %[[PENALTY:.*]] = arith.constant 1.000000e+09 : f32
// CHECK: %[[SUB:.*]] = arith.subf %[[IN:.*]], %[[PENALTY]] : f32
// CHECK: arith.select %{{.*}}, %[[IN]], %[[SUB]] : f32
// CHECK: %[[P:.*]] = linalg.softmax dimension(2) ins(%[[MASKED]] : tensor<2x3x5xf32>)
// CHECK: %[[O:.*]] = kiln.matmul ins(%[[P]], %[[V]] : tensor<2x3x5xf32>, tensor<2x5x4xf32>)
// CHECK: %[[Z:.*]] = linalg.generic {{.*}} ins(%[[O]], %[[QM]] : tensor<2x3x4xf32>, tensor<2x3xi1>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.select %{{.*}}, %{{.*}}, %[[ZERO]] : f32
// CHECK: return %[[Z]]
// CHECK-NOT: kiln.attention
func.func @attention_dot(%q: tensor<2x3x4xf32>, %v: tensor<2x5x4xf32>, %qm: tensor<2x3xi1>, %vm: tensor<2x5xi1>, %s: tensor<f32>) -> tensor<2x3x4xf32> {
  %0 = keras.attention %q, %v query_mask %qm value_mask %vm scale %s {score_mode = "dot", use_causal_mask = true} : (tensor<2x3x4xf32>, tensor<2x5x4xf32>, tensor<2x3xi1>, tensor<2x5xi1>, tensor<f32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Additive scores: one reduction generic over (b, i, j, d) summing
// scale_d · tanh(q + k); no masks, so no mask generics.
// CHECK-DAG: #[[Q4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[K4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG: #[[S4:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-DAG: #[[O4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @additive
// CHECK: %[[SC:.*]] = linalg.generic {indexing_maps = [#[[Q4]], #[[K4]], #[[S4]], #[[O4]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK: arith.addf
// CHECK: math.tanh
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[P:.*]] = linalg.softmax dimension(2) ins(%[[SC]] : tensor<?x3x5xf32>)
// CHECK: kiln.matmul ins(%[[P]], %{{.*}} : tensor<?x3x5xf32>, tensor<?x5x6xf32>)
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @additive(%q: tensor<?x3x4xf32>, %v: tensor<?x5x6xf32>, %k: tensor<?x5x4xf32>, %s: tensor<4xf32>) -> tensor<?x3x6xf32> {
  %0 = keras.additive_attention %q, %v key %k scale %s {use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x6xf32>, tensor<?x5x4xf32>, tensor<4xf32>) -> tensor<?x3x6xf32>
  return %0 : tensor<?x3x6xf32>
}

// -----

// MHA: three projections as 2-D kiln.matmul with fused bias, Q scaled by
// 1/sqrt(key_dim) = 0.57735, heads merged into the batch for Q·Kᵀ, masked
// logits replaced by -1e9, softmax over the keys, masked probabilities
// zeroed (zero_masked_probs), P·V, output projection with its bias.
// CHECK-LABEL: func.func @mha
// CHECK: %[[QP:.*]] = kiln.matmul ins(%{{.*}}, %{{.*}}, bias %{{.*}} : tensor<8x6xf32>, tensor<6x6xf32>, tensor<6xf32>)
// CHECK: %[[KP:.*]] = kiln.matmul ins(%{{.*}}, %{{.*}}, bias %{{.*}} : tensor<8x6xf32>, tensor<6x6xf32>, tensor<6xf32>)
// CHECK: %[[VP:.*]] = kiln.matmul ins(%{{.*}}, %{{.*}}, bias %{{.*}} : tensor<8x6xf32>, tensor<6x6xf32>, tensor<6xf32>)
// CHECK: linalg.generic
// CHECK: %[[RSQRT:.*]] = arith.constant 0.577350259 : f32
// CHECK: arith.mulf %{{.*}}, %[[RSQRT]] : f32
// CHECK: linalg.transpose {{.*}} permutation = [0, 2, 3, 1]
// CHECK: %[[L:.*]] = kiln.matmul ins(%{{.*}}, %{{.*}} : tensor<4x4x3xf32>, tensor<4x3x4xf32>) {{.*}} -> tensor<4x4x4xf32>
// CHECK: %[[KEEP:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<2x4x4xi1>, tensor<2x4xi1>) outs(%{{.*}} : tensor<2x4x4xi1>)
// CHECK: %[[ML:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[KEEP]] : tensor<2x2x4x4xf32>, tensor<2x4x4xi1>)
// CHECK: %[[NEG:.*]] = arith.constant -1.000000e+09 : f32
// CHECK: arith.select %{{.*}}, %{{.*}}, %[[NEG]] : f32
// CHECK: %[[P:.*]] = linalg.softmax dimension(3) ins(%[[ML]] : tensor<2x2x4x4xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[P]], %[[KEEP]] : tensor<2x2x4x4xf32>, tensor<2x4x4xi1>)
// CHECK: kiln.matmul ins(%{{.*}}, %{{.*}} : tensor<4x4x4xf32>, tensor<4x4x3xf32>)
// CHECK: kiln.matmul ins(%{{.*}}, %{{.*}}, bias %{{.*}} : tensor<8x6xf32>, tensor<6x6xf32>, tensor<6xf32>)
// CHECK-NOT: kiln.attention
func.func @mha(%x: tensor<2x4x6xf32>, %w: tensor<6x2x3xf32>, %b: tensor<2x3xf32>, %wo: tensor<2x3x6xf32>, %bo: tensor<6xf32>, %am: tensor<2x4x4xi1>, %m: tensor<2x4xi1>) -> tensor<2x4x6xf32> {
  %0 = keras.multi_head_attention %x, %x query_proj %w, %b key_proj %w, %b value_proj %w, %b output_proj %wo, %bo attention_mask %am query_mask %m {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = true} : (tensor<2x4x6xf32>, tensor<2x4x6xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<2x3x6xf32>, tensor<6xf32>, tensor<2x4x4xi1>, tensor<2x4xi1>) -> tensor<2x4x6xf32>
  return %0 : tensor<2x4x6xf32>
}

// -----

// MHA as tf.keras and Keras <= 3.9 mask it (additive_mask): -1e9 is added to
// the masked logits rather than replacing them (spec §2.13).
// CHECK-LABEL: func.func @mha_additive_mask
// CHECK: %[[ML:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<2x2x4x4xf32>, tensor<2x4x4xi1>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[K:.*]]: i1, %{{.*}}: f32):
// CHECK-NEXT: %[[NEG:.*]] = arith.constant -1.000000e+09 : f32
// CHECK-NEXT: %[[SUB:.*]] = arith.addf %[[X]], %[[NEG]] : f32
// CHECK-NEXT: %[[SEL:.*]] = arith.select %[[K]], %[[X]], %[[SUB]] : f32
// CHECK-NEXT: linalg.yield %[[SEL]] : f32
// CHECK: linalg.softmax dimension(3) ins(%[[ML]] : tensor<2x2x4x4xf32>)
func.func @mha_additive_mask(%x: tensor<2x4x6xf32>, %w: tensor<6x2x3xf32>, %wo: tensor<2x3x6xf32>, %m: tensor<2x4xi1>) -> tensor<2x4x6xf32> {
  %0 = keras.multi_head_attention %x, %x query_proj %w key_proj %w value_proj %w output_proj %wo query_mask %m {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false, additive_mask = true} : (tensor<2x4x6xf32>, tensor<2x4x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x6xf32>, tensor<2x4xi1>) -> tensor<2x4x6xf32>
  return %0 : tensor<2x4x6xf32>
}

// -----

// GQA: the 2 key/value heads are repeated to 4 query heads by a broadcast
// over a new group axis after the head axis (head u reads kv head u / 2).
// CHECK-DAG: #[[REP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, 0, d3, d4)>
// CHECK-LABEL: func.func @gqa
// CHECK: tensor.reshape {{.*}} -> tensor<?x2x1x4x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[REP]], {{.*}}]{{.*}} ins(%{{.*}} : tensor<?x2x1x4x3xf32>) outs(%{{.*}} : tensor<?x2x2x4x3xf32>)
// CHECK: tensor.reshape {{.*}} -> tensor<?x4x4x3xf32>
// CHECK: linalg.softmax dimension(3)
// CHECK-NOT: kiln.attention
func.func @gqa(%x: tensor<?x4x6xf32>, %gq: tensor<6x4x3xf32>, %gk: tensor<6x2x3xf32>, %gv: tensor<6x2x3xf32>, %go: tensor<4x3x6xf32>) -> tensor<?x4x6xf32> {
  %0 = keras.grouped_query_attention %x, %x query_proj %gq key_proj %gk value_proj %gv output_proj %go {num_query_heads = 4 : i64, num_key_value_heads = 2 : i64, head_dim = 3 : i64, use_causal_mask = true, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x4x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<4x3x6xf32>) -> tensor<?x4x6xf32>
  return %0 : tensor<?x4x6xf32>
}
