// RUN: kiln-opt --kiln-fuse-attention --split-input-file %s | FileCheck %s

// Keras Attention (Luong) masking penalises masked logits instead of
// replacing them: select(keep, x, x - c), x - c·(1 - m), x + (m - 1)·c.
// Each equals x + e for an f32 e computed from the mask alone (x - c ==
// x + (-c) exactly), so the chain fuses with e materialised as an additive
// mask by a small linalg.generic.

// CHECK-LABEL: func.func @select_subtract
// CHECK-SAME: %[[M:[^:]*]]: tensor<2x4x6xi1>
// CHECK: %[[ADD:.*]] = linalg.generic {{.*}} ins(%[[M]] : tensor<2x4x6xi1>) outs({{.*}} : tensor<2x4x6xf32>)
// CHECK-NEXT: ^bb0(%[[K:.*]]: i1, %{{.*}}: f32):
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[PEN:.*]] = arith.constant -1.000000e+09 : f32
// CHECK-NEXT: %[[SEL:.*]] = arith.select %[[K]], %[[ZERO]], %[[PEN]] : f32
// CHECK-NEXT: linalg.yield %[[SEL]]
// CHECK: %[[M4:.*]] = tensor.reshape %[[ADD]]({{.*}}) : (tensor<2x4x6xf32>, tensor<4xindex>) -> tensor<2x1x4x6xf32>
// CHECK: kiln.attention ins({{.*}}, mask %[[M4]] : {{.*}}, tensor<2x1x4x6xf32>) outs({{.*}}) {scale = 1.000000e+00 : f32}
// CHECK-NOT: linalg.softmax
// CHECK: return
func.func @select_subtract(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x4x6xi1>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x4x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
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

// x + (-c) spelling of the penalty, the keep-mask a [B, S] padding mask:
// the additive mask keeps the padding mask's shape (broadcast over queries).
// CHECK-LABEL: func.func @select_add_negative
// CHECK: %[[ADD:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<2x6xi1>) outs({{.*}} : tensor<2x6xf32>)
// CHECK: arith.select
// CHECK: kiln.attention ins({{.*}}, mask %{{.*}} : {{.*}}, tensor<2x1x1x6xf32>)
// CHECK-NOT: linalg.softmax
// CHECK: return
func.func @select_add_negative(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x6xi1>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant -1.0e+09 : f32
    %d = arith.addf %c, %a0 : f32
    %m = arith.select %a1, %a0, %d : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// x - 1e9 · (1 - m) with an f32 0/1 mask: the mask is -(1e9 · (1 - m)),
// computed over the loops m varies along only (batch and keys).
// CHECK-LABEL: func.func @one_minus_mask
// CHECK: %[[ADD:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<2x6xf32>) outs({{.*}} : tensor<2x6xf32>)
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: arith.negf
// CHECK: kiln.attention ins({{.*}}, mask %{{.*}} : {{.*}}, tensor<2x1x1x6xf32>)
// CHECK-NOT: linalg.softmax
// CHECK: return
func.func @one_minus_mask(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x6xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %one = arith.constant 1.0 : f32
    %c = arith.constant 1.0e+09 : f32
    %inv = arith.subf %one, %a1 : f32
    %pen = arith.mulf %c, %inv : f32
    %m = arith.subf %a0, %pen : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// x + (m - 1) · 1e9 on the scores.
// CHECK-LABEL: func.func @mask_minus_one
// CHECK: %[[ADD:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<2x4x6xf32>) outs({{.*}} : tensor<2x4x6xf32>)
// CHECK-NOT: arith.negf
// CHECK: kiln.attention ins({{.*}}, mask %{{.*}} : {{.*}}, tensor<2x1x4x6xf32>) outs({{.*}}) {scale = 1.000000e+00 : f32}
// CHECK-NOT: linalg.softmax
// CHECK: return
func.func @mask_minus_one(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x4x6xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %one = arith.constant 1.0 : f32
    %c = arith.constant 1.0e+09 : f32
    %d = arith.subf %a1, %one : f32
    %pen = arith.mulf %d, %c : f32
    %m = arith.addf %a0, %pen : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Near miss: the "mask" reads the scores (x + x·m is not additive).
// CHECK-LABEL: func.func @penalty_reads_scores
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @penalty_reads_scores(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x4x6xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %pen = arith.mulf %a0, %a1 : f32
    %m = arith.addf %a0, %pen : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Near miss: select(keep, x, x + 1e9) raises the masked logits.
// CHECK-LABEL: func.func @positive_penalty
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @positive_penalty(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x4x6xi1>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x4x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant 1.0e+09 : f32
    %d = arith.addf %a0, %c : f32
    %m = arith.select %a1, %a0, %d : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// The mask first: m·1e9 - 1e9 + x reads x from the operand that carries the
// scores even when both have the scores' type.
// CHECK-LABEL: func.func @mask_first
// CHECK-SAME: %[[M:[^:]*]]: tensor<2x4x6xf32>
// CHECK: %[[ADD:.*]] = linalg.generic {{.*}} ins(%[[M]] : tensor<2x4x6xf32>) outs({{.*}} : tensor<2x4x6xf32>)
// CHECK: kiln.attention ins({{.*}}, mask %{{.*}} : {{.*}}, tensor<2x1x4x6xf32>) outs({{.*}}) {scale = 1.000000e+00 : f32}
// CHECK-NOT: linalg.softmax
// CHECK: return
func.func @mask_first(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x4x6xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%mask, %s0 : tensor<2x4x6xf32>, tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %c = arith.constant 1.0e+09 : f32
    %pen = arith.mulf %a0, %c : f32
    %pen2 = arith.subf %pen, %c : f32
    %m = arith.addf %pen2, %a1 : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}
