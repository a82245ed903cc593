// RUN: kiln-opt --kiln-fuse-attention --split-input-file %s | FileCheck %s

// Additive (Bahdanau) scores Σ_d w_d · tanh(c · (q_d + k_d)), as
// kiln-lower-keras writes AdditiveAttention and Attention(score_mode=
// "concat"): one linalg.generic reducing over the feature dim into zeros.
// They fuse into kiln.attention with score = additive, the weight vector as
// score_weights and c as tanh_scale; a scale of the scores stays the op's
// scale.

// AdditiveAttention(use_scale=True): a [D] weight vector, masked keys
// penalised by 1e9 (Keras' subtraction, kept exact as an additive mask of
// the padding mask's own shape, broadcast over the queries).
// CHECK-LABEL: func.func @additive_weights
// CHECK-SAME: %[[Q:[^:]*]]: tensor<2x4x8xf32>, %[[K:[^:]*]]: tensor<2x6x8xf32>, %[[V:[^:]*]]: tensor<2x6x5xf32>, %[[W:[^:]*]]: tensor<8xf32>
// CHECK: kiln.attention ins(%{{.*}}, %{{.*}}, %{{.*}}, mask %{{.*}} : tensor<2x1x4x8xf32>, tensor<2x1x6x8xf32>, tensor<2x1x6x5xf32>, tensor<2x1x1x6xf32>) score_weights(%[[W]] : tensor<8xf32>) outs(%{{.*}} : tensor<2x1x4x5xf32>) {scale = 1.000000e+00 : f32, score = #kiln.score<additive>}
// CHECK-NOT: math.tanh
// CHECK-NOT: linalg.softmax
// CHECK: return
func.func @additive_weights(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %w: tensor<8xf32>, %keep: tensor<2x6xi1>) -> tensor<2x4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%q, %k, %w : tensor<2x4x8xf32>, tensor<2x6x8xf32>, tensor<8xf32>) outs(%z : tensor<2x4x6xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32, %acc: f32):
    %x = arith.addf %a, %b : f32
    %t = math.tanh %x : f32
    %y = arith.mulf %c, %t : f32
    %s = arith.addf %acc, %y : f32
    linalg.yield %s : f32
  } -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %keep : tensor<2x4x6xf32>, tensor<2x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant 1.0e+09 : f32
    %d = arith.subf %a0, %c : f32
    %m = arith.select %a1, %a0, %d : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Attention(score_mode="concat", use_scale=True): tanh(c · (q + k)) with c a
// 0-d constant input, the sum times the concat weight afterwards (the op's
// scale); the key first in the sum, the weights absent (all ones).
// CHECK-LABEL: func.func @concat_scaled
// CHECK: kiln.attention ins({{.*}} : tensor<2x1x4x8xf32>, tensor<2x1x6x8xf32>, tensor<2x1x6x5xf32>) outs(%{{.*}} : tensor<2x1x4x5xf32>) {scale = -1.500000e+00 : f32, score = #kiln.score<additive>, tanh_scale = 7.500000e-01 : f32}
// CHECK-NOT: score_weights
// CHECK-NOT: linalg.softmax
// CHECK: return
func.func @concat_scaled(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %c = arith.constant dense<0.75> : tensor<f32>
  %w = arith.constant dense<-1.5> : tensor<f32>
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> ()>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%k, %q, %c : tensor<2x6x8xf32>, tensor<2x4x8xf32>, tensor<f32>) outs(%z : tensor<2x4x6xf32>) {
  ^bb0(%a: f32, %b: f32, %s: f32, %acc: f32):
    %x = arith.addf %a, %b : f32
    %y = arith.mulf %s, %x : f32
    %t = math.tanh %y : f32
    %r = arith.addf %t, %acc : f32
    linalg.yield %r : f32
  } -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> ()>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %w : tensor<2x4x6xf32>, tensor<f32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %m = arith.mulf %a0, %a1 : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Multi-head additive scores over [B, H, T, D] with a causal select mask;
// the probabilities are returned too.
// CHECK-LABEL: func.func @additive_heads_causal_probs
// CHECK: %[[A:.*]]:2 = kiln.attention ins({{.*}} : tensor<2x3x4x8xf32>, tensor<2x3x4x8xf32>, tensor<2x3x4x5xf32>) outs({{.*}}) {causal = #kiln.causal<top_left>, mask_fill = 0xFF800000 : f32, scale = 1.000000e+00 : f32, score = #kiln.score<additive>}
// CHECK: return %[[A]]#0, %[[A]]#1
func.func @additive_heads_causal_probs(%q: tensor<2x3x4x8xf32>, %k: tensor<2x3x4x8xf32>, %v: tensor<2x3x4x5xf32>) -> (tensor<2x3x4x5xf32>, tensor<2x3x4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<2x3x4x4xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x3x4x4xf32>) -> tensor<2x3x4x4xf32>
  %s0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d3, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%q, %k : tensor<2x3x4x8xf32>, tensor<2x3x4x8xf32>) outs(%z : tensor<2x3x4x4xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %x = arith.addf %a, %b : f32
    %t = math.tanh %x : f32
    %s = arith.addf %acc, %t : f32
    linalg.yield %s : f32
  } -> tensor<2x3x4x4xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%s0 : tensor<2x3x4x4xf32>) outs(%e1 : tensor<2x3x4x4xf32>) {
  ^bb0(%a0: f32, %out: f32):
    %i = linalg.index 2 : index
    %j = linalg.index 3 : index
    %keep = arith.cmpi ule, %j, %i : index
    %ninf = arith.constant 0xFF800000 : f32
    %m = arith.select %keep, %a0, %ninf : f32
    linalg.yield %m : f32
  } -> tensor<2x3x4x4xf32>
  %p = linalg.softmax dimension(3) ins(%s1 : tensor<2x3x4x4xf32>) outs(%e1 : tensor<2x3x4x4xf32>) -> tensor<2x3x4x4xf32>
  %e2 = tensor.empty() : tensor<2x3x4x5xf32>
  %zf = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32>
  %o = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4, d3)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%p, %v : tensor<2x3x4x4xf32>, tensor<2x3x4x5xf32>) outs(%zf : tensor<2x3x4x5xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x3x4x5xf32>
  return %o, %p : tensor<2x3x4x5xf32>, tensor<2x3x4x4xf32>
}

// -----

// Near miss: tanh of a difference is not the additive score.
// CHECK-LABEL: func.func @tanh_of_difference
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @tanh_of_difference(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%q, %k : tensor<2x4x8xf32>, tensor<2x6x8xf32>) outs(%z : tensor<2x4x6xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %x = arith.subf %a, %b : f32
    %t = math.tanh %x : f32
    %s = arith.addf %acc, %t : f32
    linalg.yield %s : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Near miss: the sum runs over the keys (d2), leaving [B, T, D] "scores".
// CHECK-LABEL: func.func @reduction_over_keys
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @reduction_over_keys(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x8x5xf32>) -> tensor<2x4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<2x4x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %s0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>], iterator_types = ["parallel", "parallel", "reduction", "parallel"]}
      ins(%q, %k : tensor<2x4x8xf32>, tensor<2x6x8xf32>) outs(%z : tensor<2x4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %x = arith.addf %a, %b : f32
    %t = math.tanh %x : f32
    %s = arith.addf %acc, %t : f32
    linalg.yield %s : f32
  } -> tensor<2x4x8xf32>
  %p = linalg.softmax dimension(2) ins(%s0 : tensor<2x4x8xf32>) outs(%e1 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x8xf32>, tensor<2x8x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Near miss: the weights are read per key, not per feature.
// CHECK-LABEL: func.func @weights_per_key
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @weights_per_key(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %w: tensor<6xf32>) -> tensor<2x4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%q, %k, %w : tensor<2x4x8xf32>, tensor<2x6x8xf32>, tensor<6xf32>) outs(%z : tensor<2x4x6xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32, %acc: f32):
    %x = arith.addf %a, %b : f32
    %t = math.tanh %x : f32
    %y = arith.mulf %c, %t : f32
    %s = arith.addf %acc, %y : f32
    linalg.yield %s : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Near miss: the pre-tanh scale is a function argument, not a constant.
// CHECK-LABEL: func.func @variable_tanh_scale
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @variable_tanh_scale(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %c: tensor<f32>) -> tensor<2x4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> ()>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%q, %k, %c : tensor<2x4x8xf32>, tensor<2x6x8xf32>, tensor<f32>) outs(%z : tensor<2x4x6xf32>) {
  ^bb0(%a: f32, %b: f32, %s: f32, %acc: f32):
    %x = arith.addf %a, %b : f32
    %y = arith.mulf %s, %x : f32
    %t = math.tanh %y : f32
    %r = arith.addf %acc, %t : f32
    linalg.yield %r : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Near miss: a scale on Q before the additive score does not move onto the
// logits (tanh(c·q + k) is not c·tanh(q + k)); the chain fuses with the
// scaled query kept as the op's query.
// CHECK-LABEL: func.func @scaled_query_stays
// CHECK: %[[QS:.*]] = linalg.generic
// CHECK: arith.mulf
// CHECK: tensor.reshape %[[QS]]
// CHECK: kiln.attention {{.*}} {scale = 1.000000e+00 : f32, score = #kiln.score<additive>}
func.func @scaled_query_stays(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %eq = tensor.empty() : tensor<2x4x8xf32>
  %qs = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%q : tensor<2x4x8xf32>) outs(%eq : tensor<2x4x8xf32>) {
  ^bb0(%a: f32, %out: f32):
    %c = arith.constant 0.5 : f32
    %m = arith.mulf %a, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x8xf32>
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%qs, %k : tensor<2x4x8xf32>, tensor<2x6x8xf32>) outs(%z : tensor<2x4x6xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %x = arith.addf %a, %b : f32
    %t = math.tanh %x : f32
    %s = arith.addf %acc, %t : f32
    linalg.yield %s : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}
