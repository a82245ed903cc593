// RUN: kiln-opt --kiln-fuse-attention --split-input-file %s | FileCheck %s

// Causal masks from iota comparisons (linalg.index of the query loop i and
// the key loop j) or lower-triangular i1 constants become the op's causal
// attribute: j <= i is top_left, j <= i + (S - T) bottom_right. Another mask
// ANDed with the triangle stays the op's mask.

// CHECK-LABEL: func.func @iota_top_left
// CHECK-NOT: linalg.generic
// CHECK: kiln.attention ins({{[^,]*}}, {{[^,]*}}, {{[^,]*}} : tensor<2x1x4x8xf32>, tensor<2x1x6x8xf32>, tensor<2x1x6x5xf32>) outs({{.*}}) {causal = #kiln.causal<top_left>, mask_fill = -1.000000e+09 : f32, scale = 1.000000e+00 : f32}
// CHECK-NOT: linalg.softmax
// CHECK: return
func.func @iota_top_left(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %out: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %keep = arith.cmpi ule, %j, %i : index
    %c = arith.constant -1.0e+09 : f32
    %m = arith.select %keep, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// i >= j spelling, ANDed with a [B, S] padding mask: the padding mask stays.
// CHECK-LABEL: func.func @iota_and_padding
// CHECK-SAME: %[[M:[^:]*]]: tensor<2x6xi1>
// CHECK: %[[M4:.*]] = tensor.reshape %[[M]]({{.*}}) : (tensor<2x6xi1>, tensor<4xindex>) -> tensor<2x1x1x6xi1>
// CHECK: kiln.attention ins({{.*}}, mask %[[M4]] : {{.*}}, tensor<2x1x1x6xi1>) outs({{.*}}) {causal = #kiln.causal<top_left>, mask_fill = 0xFF800000 : f32, scale = 1.000000e+00 : f32}
// CHECK-NOT: linalg.softmax
// CHECK: return
func.func @iota_and_padding(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x6xi1>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %tri = arith.cmpi sge, %i, %j : index
    %keep = arith.andi %a1, %tri : i1
    %c = arith.constant 0xFF800000 : f32
    %m = arith.select %keep, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// j <= i + (S - T) with T = 4, S = 6.
// CHECK-LABEL: func.func @iota_bottom_right
// CHECK: kiln.attention ins({{[^,]*}}, {{[^,]*}}, {{[^,]*}} : {{.*}}) outs({{.*}}) {causal = #kiln.causal<bottom_right>, mask_fill = -1.000000e+09 : f32, scale = 1.000000e+00 : f32}
// CHECK-NOT: linalg.softmax
// CHECK: return
func.func @iota_bottom_right(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %out: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c2 = arith.constant 2 : index
    %ip = arith.addi %i, %c2 : index
    %keep = arith.cmpi ule, %j, %ip : index
    %c = arith.constant -1.0e+09 : f32
    %m = arith.select %keep, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// The keep-mask computed by its own generic (as kiln-lower-keras does for
// use_causal_mask), ANDed with a padding mask read through that generic.
// CHECK-LABEL: func.func @keep_generic
// CHECK-SAME: %[[M:[^:]*]]: tensor<2x6xi1>
// CHECK-NOT: linalg.generic
// CHECK: %[[M4:.*]] = tensor.reshape %[[M]]({{.*}}) : (tensor<2x6xi1>, tensor<4xindex>) -> tensor<2x1x1x6xi1>
// CHECK: kiln.attention ins({{.*}}, mask %[[M4]] : {{.*}}) outs({{.*}}) {causal = #kiln.causal<top_left>, mask_fill = -1.000000e+09 : f32, scale = 1.000000e+00 : f32}
// CHECK-NOT: linalg.softmax
// CHECK: return
func.func @keep_generic(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %pad: tensor<2x6xi1>) -> tensor<2x4x5xf32> {
  %ek = tensor.empty() : tensor<2x4x6xi1>
  %keep = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%pad : tensor<2x6xi1>) outs(%ek : tensor<2x4x6xi1>) {
  ^bb0(%p: i1, %out: i1):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %tri = arith.cmpi ule, %j, %i : index
    %both = arith.andi %p, %tri : i1
    linalg.yield %both : i1
  } -> tensor<2x4x6xi1>
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %keep : tensor<2x4x6xf32>, tensor<2x4x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant -1.0e+09 : f32
    %m = arith.select %a1, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// A lower-triangular i1 constant [T, S] broadcast over the batch.
// CHECK-LABEL: func.func @constant_tril
// CHECK: kiln.attention ins({{[^,]*}}, {{[^,]*}}, {{[^,]*}} : {{.*}}) outs({{.*}}) {causal = #kiln.causal<top_left>, mask_fill = -1.000000e+09 : f32, scale = 1.000000e+00 : f32}
// CHECK-NOT: linalg.softmax
// CHECK: return
func.func @constant_tril(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %tril = arith.constant dense<[[true, false, false, false, false, false], [true, true, false, false, false, false], [true, true, true, false, false, false], [true, true, true, true, false, false]]> : tensor<4x6xi1>
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %tril : tensor<2x4x6xf32>, tensor<4x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant -1.0e+09 : f32
    %m = arith.select %a1, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Keras Attention with use_causal_mask alone: select(j <= i, x, x - 1e9)
// keeps a key in every row, so the penalty is the op's top_left triangle.
// CHECK-LABEL: func.func @luong_causal
// CHECK-NOT: linalg.generic
// CHECK: kiln.attention ins({{[^,]*}}, {{[^,]*}}, {{[^,]*}} : {{.*}}) outs({{.*}}) {causal = #kiln.causal<top_left>, scale = 1.000000e+00 : f32}
// CHECK-NOT: linalg.softmax
// CHECK: return
func.func @luong_causal(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %out: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %keep = arith.cmpi ule, %j, %i : index
    %c = arith.constant 1.0e+09 : f32
    %d = arith.subf %a0, %c : f32
    %m = arith.select %keep, %a0, %d : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Keras Attention with a causal AND padding mask: a row may be masked
// entirely, where x - 1e9 is not the op's replacement, so the whole keep
// condition becomes an additive mask and no causal attribute is set.
// CHECK-LABEL: func.func @luong_causal_and_padding
// CHECK: linalg.generic
// CHECK: linalg.index
// CHECK: arith.select
// CHECK: kiln.attention ins({{.*}}, mask %{{.*}} : {{.*}}, tensor<2x1x4x6xf32>) outs({{.*}}) {scale = 1.000000e+00 : f32}
// CHECK-NOT: linalg.softmax
// CHECK: return
func.func @luong_causal_and_padding(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x6xi1>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %tri = arith.cmpi ule, %j, %i : index
    %keep = arith.andi %a1, %tri : i1
    %c = arith.constant 1.0e+09 : f32
    %d = arith.subf %a0, %c : f32
    %m = arith.select %keep, %a0, %d : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Near miss: j < i excludes the diagonal; it stays an i1 mask.
// CHECK-LABEL: func.func @iota_strict
// CHECK: arith.cmpi ult
// CHECK: kiln.attention ins({{.*}}, mask %{{.*}} : {{.*}}, tensor<2x1x4x6xi1>) outs({{.*}}) {mask_fill = -1.000000e+09 : f32, scale = 1.000000e+00 : f32}
// CHECK: return
func.func @iota_strict(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %out: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %keep = arith.cmpi ult, %j, %i : index
    %c = arith.constant -1.0e+09 : f32
    %m = arith.select %keep, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Near miss: the comparison on the wrong iterators (i <= j, the upper
// triangle).
// CHECK-LABEL: func.func @iota_wrong_iterators
// CHECK: kiln.attention ins({{.*}}, mask %{{.*}} : {{.*}}, tensor<2x1x4x6xi1>) outs({{.*}}) {mask_fill = -1.000000e+09 : f32, scale = 1.000000e+00 : f32}
// CHECK: return
func.func @iota_wrong_iterators(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %out: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %keep = arith.cmpi ule, %i, %j : index
    %c = arith.constant -1.0e+09 : f32
    %m = arith.select %keep, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Near miss: j <= i + 1 is neither triangle for T = 4, S = 6.
// CHECK-LABEL: func.func @iota_wrong_offset
// CHECK: kiln.attention ins({{.*}}, mask %{{.*}} : {{.*}}, tensor<2x1x4x6xi1>) outs({{.*}}) {mask_fill = -1.000000e+09 : f32, scale = 1.000000e+00 : f32}
// CHECK: return
func.func @iota_wrong_offset(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %out: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c1 = arith.constant 1 : index
    %ip = arith.addi %i, %c1 : index
    %keep = arith.cmpi ule, %j, %ip : index
    %c = arith.constant -1.0e+09 : f32
    %m = arith.select %keep, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Near miss: an upper-triangular constant is passed as the mask.
// CHECK-LABEL: func.func @constant_triu
// CHECK: %[[M4:.*]] = tensor.reshape %{{.*}}({{.*}}) : (tensor<4x6xi1>, tensor<4xindex>) -> tensor<1x1x4x6xi1>
// CHECK: kiln.attention ins({{.*}}, mask %[[M4]] : {{.*}}) outs({{.*}}) {mask_fill = -1.000000e+09 : f32, scale = 1.000000e+00 : f32}
// CHECK: return
func.func @constant_triu(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %triu = arith.constant dense<[[true, true, true, true, true, true], [false, true, true, true, true, true], [false, false, true, true, true, true], [false, false, false, true, true, true]]> : tensor<4x6xi1>
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %triu : tensor<2x4x6xf32>, tensor<4x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant -1.0e+09 : f32
    %m = arith.select %a1, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}
