// RUN: kiln-opt --kiln-fuse-attention --split-input-file %s | FileCheck %s

// The probabilities themselves have other users (Keras'
// return_attention_scores): the chain still fuses, kiln.attention also
// returns the probabilities and those users read them, reshaped back to the
// softmax's shape.

// Luong attention returning its weights: [B, T, S] probabilities, one head.
// CHECK-LABEL: func.func @luong_weights
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x1x4x6xf32>
// CHECK: %[[A:.*]]:2 = kiln.attention ins({{.*}} : tensor<2x1x4x8xf32>, tensor<2x1x6x8xf32>, tensor<2x1x6x5xf32>) outs(%{{.*}}, probs %[[E]] : tensor<2x1x4x5xf32>, tensor<2x1x4x6xf32>) {scale = 1.000000e+00 : f32} -> tensor<2x1x4x5xf32>, tensor<2x1x4x6xf32>
// CHECK-DAG: %[[O:.*]] = tensor.reshape %[[A]]#0({{.*}}) : (tensor<2x1x4x5xf32>, tensor<3xindex>) -> tensor<2x4x5xf32>
// CHECK-DAG: %[[P:.*]] = tensor.reshape %[[A]]#1({{.*}}) : (tensor<2x1x4x6xf32>, tensor<3xindex>) -> tensor<2x4x6xf32>
// CHECK-NOT: linalg.softmax
// CHECK: return %[[O]], %[[P]]
func.func @luong_weights(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> (tensor<2x4x5xf32>, tensor<2x4x6xf32>) {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o, %p : tensor<2x4x5xf32>, tensor<2x4x6xf32>
}

// -----

// MultiHeadAttention's explicit path with return_attention_scores: the
// [B, N, T, S] probabilities are returned and folded into [B·N, T, S] for
// P·V; masked probabilities are zeroed with the keep-mask of the select.
// CHECK-LABEL: func.func @mha_scores_zeroed
// CHECK-SAME: %[[KEEP:[^:]*]]: tensor<2x4x6xi1>
// CHECK: %[[M:.*]] = tensor.reshape %[[KEEP]]({{.*}}) : (tensor<2x4x6xi1>, tensor<4xindex>) -> tensor<2x1x4x6xi1>
// CHECK: %[[A:.*]]:2 = kiln.attention ins({{.*}}, mask %[[M]] : tensor<2x3x4x8xf32>, tensor<2x3x6x8xf32>, tensor<2x3x6x5xf32>, tensor<2x1x4x6xi1>) outs({{.*}} : tensor<2x3x4x5xf32>, tensor<2x3x4x6xf32>) {mask_fill = -1.000000e+09 : f32, scale = 0.353553385 : f32, zero_masked} -> tensor<2x3x4x5xf32>, tensor<2x3x4x6xf32>
// CHECK-NOT: linalg.softmax
// CHECK: return %{{.*}}, %[[A]]#1 : tensor<6x4x5xf32>, tensor<2x3x4x6xf32>
func.func @mha_scores_zeroed(%q: tensor<6x4x8xf32>, %kt: tensor<6x8x6xf32>, %v: tensor<6x6x5xf32>, %keep: tensor<2x4x6xi1>) -> (tensor<6x4x5xf32>, tensor<2x3x4x6xf32>) {
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c6 = arith.constant 6 : index
  %e1 = tensor.empty() : tensor<6x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<6x4x8xf32>, tensor<6x8x6xf32>) outs(%e1 : tensor<6x4x6xf32>) {alpha = 0.353553385 : f32} -> tensor<6x4x6xf32>
  %shape4 = tensor.from_elements %c2, %c3, %c4, %c6 : tensor<4xindex>
  %s1 = tensor.reshape %s0(%shape4) : (tensor<6x4x6xf32>, tensor<4xindex>) -> tensor<2x3x4x6xf32>
  %e4 = tensor.empty() : tensor<2x3x4x6xf32>
  %s2 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%s1, %keep : tensor<2x3x4x6xf32>, tensor<2x4x6xi1>) outs(%e4 : tensor<2x3x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant -1.0e+09 : f32
    %m = arith.select %a1, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x3x4x6xf32>
  %p0 = linalg.softmax dimension(3) ins(%s2 : tensor<2x3x4x6xf32>) outs(%e4 : tensor<2x3x4x6xf32>) -> tensor<2x3x4x6xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%p0, %keep : tensor<2x3x4x6xf32>, tensor<2x4x6xi1>) outs(%e4 : tensor<2x3x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %z = arith.constant 0.0 : f32
    %m = arith.select %a1, %a0, %z : f32
    linalg.yield %m : f32
  } -> tensor<2x3x4x6xf32>
  %shape3 = tensor.from_elements %c6, %c4, %c6 : tensor<3xindex>
  %p3 = tensor.reshape %p(%shape3) : (tensor<2x3x4x6xf32>, tensor<3xindex>) -> tensor<6x4x6xf32>
  %e2 = tensor.empty() : tensor<6x4x5xf32>
  %o = kiln.matmul ins(%p3, %v : tensor<6x4x6xf32>, tensor<6x6x5xf32>) outs(%e2 : tensor<6x4x5xf32>) -> tensor<6x4x5xf32>
  return %o, %p : tensor<6x4x5xf32>, tensor<2x3x4x6xf32>
}

// -----

// Decomposed softmax, the probabilities also summed by another op after
// P·V (any user after the product may read them).
// CHECK-LABEL: func.func @decomposed_probs_reduced
// CHECK: %[[A:.*]]:2 = kiln.attention
// CHECK-NOT: math.exp
// CHECK: %[[P:.*]] = tensor.reshape %[[A]]#1
// CHECK: linalg.reduce ins(%[[P]]
func.func @decomposed_probs_reduced(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x6xf32>, %v: tensor<2x6x5xf32>) -> (tensor<2x4x5xf32>, tensor<2x4xf32>) {
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %er = tensor.empty() : tensor<2x4xf32>
  %minit = linalg.fill ins(%ninf : f32) outs(%er : tensor<2x4xf32>) -> tensor<2x4xf32>
  %max = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%s0 : tensor<2x4x6xf32>) outs(%minit : tensor<2x4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %m = arith.maxnumf %a, %acc : f32
    linalg.yield %m : f32
  } -> tensor<2x4xf32>
  %ex = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %max : tensor<2x4x6xf32>, tensor<2x4xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %d = arith.subf %a, %b : f32
    %x = math.exp %d : f32
    linalg.yield %x : f32
  } -> tensor<2x4x6xf32>
  %sinit = linalg.fill ins(%zero : f32) outs(%er : tensor<2x4xf32>) -> tensor<2x4xf32>
  %sum = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%ex : tensor<2x4x6xf32>) outs(%sinit : tensor<2x4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  } -> tensor<2x4xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%ex, %sum : tensor<2x4x6xf32>, tensor<2x4xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %x = arith.divf %a, %b : f32
    linalg.yield %x : f32
  } -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  %r0 = linalg.fill ins(%zero : f32) outs(%er : tensor<2x4xf32>) -> tensor<2x4xf32>
  %r = linalg.reduce ins(%p : tensor<2x4x6xf32>) outs(%r0 : tensor<2x4xf32>) dimensions = [2]
    (%a: f32, %acc: f32) {
      %s = arith.addf %a, %acc : f32
      linalg.yield %s : f32
    }
  return %o, %r : tensor<2x4x5xf32>, tensor<2x4xf32>
}

// -----

// Near miss: the softmax output before the zeroing is used elsewhere; the
// op returns only the zeroed probabilities.
// CHECK-LABEL: func.func @unzeroed_probs_used
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @unzeroed_probs_used(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x6xf32>, %v: tensor<2x6x5xf32>, %keep: tensor<2x4x6xi1>) -> (tensor<2x4x5xf32>, tensor<2x4x6xf32>) {
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %keep : tensor<2x4x6xf32>, tensor<2x4x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant -1.0e+09 : f32
    %m = arith.select %a1, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p0 = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%p0, %keep : tensor<2x4x6xf32>, tensor<2x4x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %z = arith.constant 0.0 : f32
    %m = arith.select %a1, %a0, %z : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o, %p0 : tensor<2x4x5xf32>, tensor<2x4x6xf32>
}

// -----

// Near miss: a user of the probabilities comes before P·V, where the fused
// op does not exist yet.
// CHECK-LABEL: func.func @probs_used_before_product
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @probs_used_before_product(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x6xf32>, %v: tensor<2x6x5xf32>) -> (tensor<2x4x5xf32>, tensor<2x4x6xf32>) {
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e3 = tensor.empty() : tensor<2x4x6xf32>
  %twice = linalg.add ins(%p, %p : tensor<2x4x6xf32>, tensor<2x4x6xf32>) outs(%e3 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o, %twice : tensor<2x4x5xf32>, tensor<2x4x6xf32>
}
