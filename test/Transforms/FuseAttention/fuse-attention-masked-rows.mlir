// RUN: kiln-opt --kiln-fuse-attention --split-input-file %s | FileCheck %s

// Rows whose keys are all masked come out of the fused op as out of the
// chain: the select's fill is kept exactly as mask_fill (a finite fill
// gives a uniform row, -inf a NaN row as the unfused softmax does), and
// probabilities zeroed afterwards with the same keep-mask (Keras >= 3.10
// Softmax masking, MHA's explicit path) become zero_masked (a zero row).

// select(keep, x, -inf): the fill stays -inf.
// CHECK-LABEL: func.func @fill_neg_inf
// CHECK: kiln.attention ins({{.*}}, mask %{{.*}} : {{.*}}, tensor<2x1x4x6xi1>) outs({{.*}}) {mask_fill = 0xFF800000 : f32, scale = 1.000000e+00 : f32}
func.func @fill_neg_inf(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x6xf32>, %v: tensor<2x6x5xf32>, %keep: tensor<2x4x6xi1>) -> tensor<2x4x5xf32> {
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %keep : tensor<2x4x6xf32>, tensor<2x4x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant 0xFF800000 : f32
    %m = arith.select %a1, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// A tensor-level select with finfo.min as the fill.
// CHECK-LABEL: func.func @fill_lowest_tensor_select
// CHECK: kiln.attention {{.*}} {mask_fill = -3.40282347E+38 : f32, scale = 1.000000e+00 : f32}
func.func @fill_lowest_tensor_select(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x6xf32>, %v: tensor<2x6x5xf32>, %keep: tensor<2x4x6xi1>) -> tensor<2x4x5xf32> {
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %lowest = arith.constant dense<-3.40282347E+38> : tensor<2x4x6xf32>
  %s1 = arith.select %keep, %s0, %lowest : tensor<2x4x6xi1>, tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// MultiHeadAttention, explicit path on Keras >= 3.10 (as kiln-lower-keras
// writes it): a keep-mask generic (padding AND causal), the select by -1e9,
// the softmax, then the masked probabilities zeroed with the same keep-mask.
// The causal triangle is split off; zero_masked zeroes what both mask.
// CHECK-LABEL: func.func @zeroed_causal_padding
// CHECK: kiln.attention ins({{.*}}, mask %{{.*}} : {{.*}}, tensor<2x1x1x6xi1>) outs({{.*}}) {causal = #kiln.causal<top_left>, mask_fill = -1.000000e+09 : f32, scale = 1.000000e+00 : f32, zero_masked}
// CHECK-NOT: linalg.softmax
// CHECK: return
func.func @zeroed_causal_padding(%q: tensor<2x3x6x8xf32>, %k: tensor<2x3x6x8xf32>, %v: tensor<2x3x6x5xf32>, %pad: tensor<2x6xi1>) -> tensor<2x3x6x5xf32> {
  %zero = arith.constant 0.0 : f32
  %ek = tensor.empty() : tensor<2x6x6xi1>
  %keep = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%pad : tensor<2x6xi1>) outs(%ek : tensor<2x6x6xi1>) {
  ^bb0(%a: i1, %out: i1):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c = arith.cmpi ule, %j, %i : index
    %r = arith.andi %a, %c : i1
    linalg.yield %r : i1
  } -> tensor<2x6x6xi1>
  %e1 = tensor.empty() : tensor<2x3x6x6xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x3x6x6xf32>) -> tensor<2x3x6x6xf32>
  %s0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d3, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%q, %k : tensor<2x3x6x8xf32>, tensor<2x3x6x8xf32>) outs(%z : tensor<2x3x6x6xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x3x6x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%s0, %keep : tensor<2x3x6x6xf32>, tensor<2x6x6xi1>) outs(%e1 : tensor<2x3x6x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant -1.0e+09 : f32
    %m = arith.select %a1, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x3x6x6xf32>
  %p0 = linalg.softmax dimension(3) ins(%s1 : tensor<2x3x6x6xf32>) outs(%e1 : tensor<2x3x6x6xf32>) -> tensor<2x3x6x6xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%p0, %keep : tensor<2x3x6x6xf32>, tensor<2x6x6xi1>) outs(%e1 : tensor<2x3x6x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant 0.0 : f32
    %m = arith.select %a1, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x3x6x6xf32>
  %e2 = tensor.empty() : tensor<2x3x6x5xf32>
  %zf = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x3x6x5xf32>) -> tensor<2x3x6x5xf32>
  %o = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4, d3)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%p, %v : tensor<2x3x6x6xf32>, tensor<2x3x6x5xf32>) outs(%zf : tensor<2x3x6x5xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x3x6x5xf32>
  return %o : tensor<2x3x6x5xf32>
}

// -----

// Near miss: the zeroing reads another keep-mask than the select.
// CHECK-LABEL: func.func @zeroing_other_mask
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @zeroing_other_mask(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x6xf32>, %v: tensor<2x6x5xf32>, %keep: tensor<2x4x6xi1>, %other: tensor<2x4x6xi1>) -> tensor<2x4x5xf32> {
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
      ins(%p0, %other : tensor<2x4x6xf32>, tensor<2x4x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %z = arith.constant 0.0 : f32
    %m = arith.select %a1, %a0, %z : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Near miss: the zeroing writes -0.0 (it would flip signs of zeros).
// CHECK-LABEL: func.func @zeroing_negative_zero
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @zeroing_negative_zero(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x6xf32>, %v: tensor<2x6x5xf32>, %keep: tensor<2x4x6xi1>) -> tensor<2x4x5xf32> {
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
    %z = arith.constant -0.0 : f32
    %m = arith.select %a1, %a0, %z : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Near miss: zeroing after an additive f32 mask (no keep-mask to zero by).
// CHECK-LABEL: func.func @zeroing_after_additive_mask
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @zeroing_after_additive_mask(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x6xf32>, %v: tensor<2x6x5xf32>, %add: tensor<2x4x6xf32>, %keep: tensor<2x4x6xi1>) -> tensor<2x4x5xf32> {
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = arith.addf %s0, %add : tensor<2x4x6xf32>
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
  return %o : tensor<2x4x5xf32>
}
