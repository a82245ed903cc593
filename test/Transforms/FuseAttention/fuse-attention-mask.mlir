// RUN: kiln-opt --kiln-fuse-attention --split-input-file %s | FileCheck %s

// Mask spellings: an additive f32 mask (same shape, broadcast by the
// generic's map, tensor-level addf) and boolean masks as selects of a large
// negative constant (-1e9, -inf, finfo.min, -1e4, tensor-level select),
// after a scale. The mask becomes a rank-4 operand of kiln.attention and a
// select's fill its mask_fill, exactly (a fully masked row: uniform for a
// finite fill, NaN for -inf, as the unfused softmax gives).
// CHECK-LABEL: func.func @additive_same_shape
// CHECK-SAME: %[[M:[^:]*]]: tensor<2x4x6xf32>
// CHECK: %[[M4:.*]] = tensor.reshape %[[M]]({{.*}}) : (tensor<2x4x6xf32>, tensor<4xindex>) -> tensor<2x1x4x6xf32>
// CHECK: kiln.attention ins({{.*}}, mask %[[M4]] : {{.*}}, tensor<2x1x4x6xf32>)
// CHECK-NOT: linalg.softmax
// CHECK-NOT: linalg.generic
func.func @additive_same_shape(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x4x6xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %m = arith.addf %a0, %a1 : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// A [B, S] padding mask broadcast over the queries.
// CHECK-LABEL: func.func @additive_broadcast_keys
// CHECK-SAME: %[[M:[^:]*]]: tensor<2x6xf32>
// CHECK: %[[M4:.*]] = tensor.reshape %[[M]]({{.*}}) : (tensor<2x6xf32>, tensor<4xindex>) -> tensor<2x1x1x6xf32>
// CHECK: kiln.attention ins({{.*}}, mask %[[M4]] : {{.*}}, tensor<2x1x1x6xf32>)
// CHECK-NOT: linalg.softmax
// CHECK-NOT: linalg.generic
func.func @additive_broadcast_keys(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x6xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %m = arith.addf %a0, %a1 : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// A [T, S] mask shared by the batch, written as mask + scores.
// CHECK-LABEL: func.func @additive_broadcast_batch_mask_first
// CHECK: kiln.attention ins({{.*}}, mask %{{.*}} : {{.*}}, tensor<1x1x4x6xf32>)
// CHECK-NOT: linalg.softmax
// CHECK-NOT: linalg.generic
func.func @additive_broadcast_batch_mask_first(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<4x6xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%mask, %s0 : tensor<4x6xf32>, tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %m = arith.addf %a0, %a1 : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// CHECK-LABEL: func.func @additive_tensor_addf
// CHECK: kiln.attention ins({{.*}}, mask %{{.*}} : {{.*}}, tensor<2x1x4x6xf32>)
// CHECK-NOT: arith.addf
// CHECK-NOT: linalg.softmax
func.func @additive_tensor_addf(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x4x6xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = arith.addf %s0, %mask : tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// select(keep, x, -1e9), as the keras lowering of MHA writes it.
// CHECK-LABEL: func.func @select_minus_1e9
// CHECK-SAME: %[[M:[^:]*]]: tensor<2x6xi1>
// CHECK: %[[M4:.*]] = tensor.reshape %[[M]]({{.*}}) : (tensor<2x6xi1>, tensor<4xindex>) -> tensor<2x1x1x6xi1>
// CHECK: kiln.attention ins({{.*}}, mask %[[M4]] : {{.*}}, tensor<2x1x1x6xi1>) outs({{.*}}) {mask_fill = -1.000000e+09 : f32, scale = 1.000000e+00 : f32}
// CHECK-NOT: linalg.softmax
// CHECK-NOT: linalg.generic
func.func @select_minus_1e9(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x6xi1>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
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

// CHECK-LABEL: func.func @select_minus_inf
// CHECK-SAME: %[[M:[^:]*]]: tensor<2x6xi1>
// CHECK: %[[M4:.*]] = tensor.reshape %[[M]]({{.*}}) : (tensor<2x6xi1>, tensor<4xindex>) -> tensor<2x1x1x6xi1>
// CHECK: kiln.attention ins({{.*}}, mask %[[M4]] : {{.*}}, tensor<2x1x1x6xi1>) outs({{.*}}) {mask_fill = 0xFF800000 : f32, scale = 1.000000e+00 : f32}
// CHECK-NOT: linalg.softmax
// CHECK-NOT: linalg.generic
func.func @select_minus_inf(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x6xi1>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
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

// CHECK-LABEL: func.func @select_finfo_min
// CHECK-SAME: %[[M:[^:]*]]: tensor<2x6xi1>
// CHECK: %[[M4:.*]] = tensor.reshape %[[M]]({{.*}}) : (tensor<2x6xi1>, tensor<4xindex>) -> tensor<2x1x1x6xi1>
// CHECK: kiln.attention ins({{.*}}, mask %[[M4]] : {{.*}}, tensor<2x1x1x6xi1>) outs({{.*}}) {mask_fill = -3.40282347E+38 : f32, scale = 1.000000e+00 : f32}
// CHECK-NOT: linalg.softmax
// CHECK-NOT: linalg.generic
func.func @select_finfo_min(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x6xi1>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant -3.40282347E+38 : f32
    %m = arith.select %a1, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// CHECK-LABEL: func.func @select_minus_1e4
// CHECK-SAME: %[[M:[^:]*]]: tensor<2x6xi1>
// CHECK: %[[M4:.*]] = tensor.reshape %[[M]]({{.*}}) : (tensor<2x6xi1>, tensor<4xindex>) -> tensor<2x1x1x6xi1>
// CHECK: kiln.attention ins({{.*}}, mask %[[M4]] : {{.*}}, tensor<2x1x1x6xi1>) outs({{.*}}) {mask_fill = -1.000000e+04 : f32, scale = 1.000000e+00 : f32}
// CHECK-NOT: linalg.softmax
// CHECK-NOT: linalg.generic
func.func @select_minus_1e4(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x6xi1>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant -1.0e+04 : f32
    %m = arith.select %a1, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// CHECK-LABEL: func.func @select_tensor_level
// CHECK: kiln.attention ins({{.*}}, mask %{{.*}} : {{.*}}, tensor<2x1x4x6xi1>) outs({{.*}}) {mask_fill = -1.000000e+09 : f32, scale = 1.000000e+00 : f32}
// CHECK-NOT: arith.select
// CHECK-NOT: linalg.softmax
func.func @select_tensor_level(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x4x6xi1>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %c = arith.constant dense<-1.0e+09> : tensor<2x4x6xf32>
  %s1 = arith.select %mask, %s0, %c : tensor<2x4x6xi1>, tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Scale, then mask (the usual order).
// CHECK-LABEL: func.func @scale_then_mask
// CHECK: kiln.attention ins({{.*}}, mask %{{.*}} : {{.*}}, tensor<2x1x4x6xi1>) {{.*}} {mask_fill = -1.000000e+09 : f32, scale = 1.250000e-01 : f32}
// CHECK-NOT: linalg.softmax
// CHECK-NOT: linalg.generic
func.func @scale_then_mask(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x4x6xi1>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s2 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %out: f32):
    %c = arith.constant 0.125 : f32
    %m = arith.mulf %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s2, %mask : tensor<2x4x6xf32>, tensor<2x4x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
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
