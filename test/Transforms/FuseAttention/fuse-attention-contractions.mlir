// RUN: kiln-opt --kiln-fuse-attention --split-input-file %s | FileCheck %s

// The spellings of the two contractions: kiln.matmul (K transposed by a
// linalg.transpose operand), linalg.batch_matmul / linalg.matmul (with
// transposing indexing maps), linalg.generic contractions (transposed K by
// the operand map, operands swapped, V read transposed), rank 2 and rank 4.

#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>

// CHECK-LABEL: func.func @kiln_matmul
// CHECK-SAME: (%[[Q:.*]]: tensor<2x4x8xf32>, %[[K:.*]]: tensor<2x6x8xf32>, %[[V:.*]]: tensor<2x6x5xf32>)
// CHECK-DAG: %[[Q4:.*]] = tensor.reshape %[[Q]]({{.*}}) : (tensor<2x4x8xf32>, tensor<4xindex>) -> tensor<2x1x4x8xf32>
// CHECK-DAG: %[[K4:.*]] = tensor.reshape %[[K]]({{.*}}) : (tensor<2x6x8xf32>, tensor<4xindex>) -> tensor<2x1x6x8xf32>
// CHECK-DAG: %[[V4:.*]] = tensor.reshape %[[V]]({{.*}}) : (tensor<2x6x5xf32>, tensor<4xindex>) -> tensor<2x1x6x5xf32>
// CHECK: %[[A:.*]] = kiln.attention ins(%[[Q4]], %[[K4]], %[[V4]] : {{.*}}) outs(%{{.*}} : tensor<2x1x4x5xf32>) {scale = 1.000000e+00 : f32}
// CHECK: %[[R:.*]] = tensor.reshape %[[A]]({{.*}}) : (tensor<2x1x4x5xf32>, tensor<3xindex>) -> tensor<2x4x5xf32>
// CHECK-NOT: kiln.matmul
// CHECK-NOT: linalg.softmax
// CHECK: return %[[R]]
func.func @kiln_matmul(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// K given as [B, D, S] without a transpose op: the fused op gets a
// linalg.transpose of it. kiln.matmul's alpha becomes the scale.
// CHECK-LABEL: func.func @kiln_matmul_kt_alpha
// CHECK-SAME: %[[KT:[^:]*]]: tensor<2x8x6xf32>
// CHECK: %[[K:.*]] = linalg.transpose ins(%[[KT]] : tensor<2x8x6xf32>) outs(%{{.*}} : tensor<2x6x8xf32>) permutation = [0, 2, 1]
// CHECK: tensor.reshape %[[K]]
// CHECK: kiln.attention {{.*}} {scale = 2.500000e-01 : f32}
// CHECK-NOT: linalg.softmax
func.func @kiln_matmul_kt_alpha(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x6xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {alpha = 2.500000e-01 : f32} -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// CHECK-LABEL: func.func @kiln_matmul_rank2
// CHECK: kiln.attention {{.*}} : tensor<1x1x4x8xf32>, tensor<1x1x6x8xf32>, tensor<1x1x6x5xf32>) outs(%{{.*}} : tensor<1x1x4x5xf32>)
// CHECK: tensor.reshape {{.*}} -> tensor<4x5xf32>
// CHECK-NOT: linalg.softmax
func.func @kiln_matmul_rank2(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x5xf32>) -> tensor<4x5xf32> {
  %e0 = tensor.empty() : tensor<8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<6x8xf32>) outs(%e0 : tensor<8x6xf32>) permutation = [1, 0]
  %e1 = tensor.empty() : tensor<4x6xf32>
  %s = kiln.matmul ins(%q, %kt : tensor<4x8xf32>, tensor<8x6xf32>) outs(%e1 : tensor<4x6xf32>) -> tensor<4x6xf32>
  %p = linalg.softmax dimension(1) ins(%s : tensor<4x6xf32>) outs(%e1 : tensor<4x6xf32>) -> tensor<4x6xf32>
  %e2 = tensor.empty() : tensor<4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<4x6xf32>, tensor<6x5xf32>) outs(%e2 : tensor<4x5xf32>) -> tensor<4x5xf32>
  return %o : tensor<4x5xf32>
}

// -----

// CHECK-LABEL: func.func @batch_matmul
// CHECK-SAME: (%[[Q:.*]]: tensor<2x4x8xf32>, %[[K:.*]]: tensor<2x6x8xf32>, %[[V:.*]]: tensor<2x6x5xf32>)
// CHECK: tensor.reshape %[[Q]]
// CHECK: tensor.reshape %[[K]]
// CHECK: tensor.reshape %[[V]]
// CHECK: kiln.attention {{.*}} {scale = 1.000000e+00 : f32}
// CHECK-NOT: linalg.batch_matmul
// CHECK-NOT: linalg.softmax
func.func @batch_matmul(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%f1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%f2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// batch_matmul with a transposed-B indexing map (matmul_transpose_b style).
// CHECK-LABEL: func.func @batch_matmul_transpose_b_map
// CHECK-SAME: (%[[Q:.*]]: tensor<2x4x8xf32>, %[[K:.*]]: tensor<2x6x8xf32>
// CHECK-NOT: linalg.transpose
// CHECK: tensor.reshape %[[K]]
// CHECK: kiln.attention
// CHECK-NOT: linalg.softmax
func.func @batch_matmul_transpose_b_map(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s = linalg.batch_matmul indexing_maps = [
         affine_map<(b, m, n, k) -> (b, m, k)>,
         affine_map<(b, m, n, k) -> (b, n, k)>,
         affine_map<(b, m, n, k) -> (b, m, n)>]
       ins(%q, %k : tensor<2x4x8xf32>, tensor<2x6x8xf32>) outs(%f1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%f2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_rank2
// CHECK: kiln.attention {{.*}} : tensor<1x1x4x8xf32>, tensor<1x1x6x8xf32>, tensor<1x1x6x5xf32>)
// CHECK-NOT: linalg.softmax
func.func @matmul_rank2(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x5xf32>) -> tensor<4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<6x8xf32>) outs(%e0 : tensor<8x6xf32>) permutation = [1, 0]
  %e1 = tensor.empty() : tensor<4x6xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<4x6xf32>) -> tensor<4x6xf32>
  %s = linalg.matmul ins(%q, %kt : tensor<4x8xf32>, tensor<8x6xf32>) outs(%f1 : tensor<4x6xf32>) -> tensor<4x6xf32>
  %p = linalg.softmax dimension(1) ins(%s : tensor<4x6xf32>) outs(%e1 : tensor<4x6xf32>) -> tensor<4x6xf32>
  %e2 = tensor.empty() : tensor<4x5xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<4x5xf32>) -> tensor<4x5xf32>
  %o = linalg.matmul ins(%p, %v : tensor<4x6xf32>, tensor<6x5xf32>) outs(%f2 : tensor<4x5xf32>) -> tensor<4x5xf32>
  return %o : tensor<4x5xf32>
}

// -----

// Generic contractions; K read as [B, S, D] through the map.
#qmap = affine_map<(b, t, s, d) -> (b, t, d)>
#kmap = affine_map<(b, t, s, d) -> (b, s, d)>
#smap = affine_map<(b, t, s, d) -> (b, t, s)>
#pmap = affine_map<(b, t, e, s) -> (b, t, s)>
#vmap = affine_map<(b, t, e, s) -> (b, s, e)>
#omap = affine_map<(b, t, e, s) -> (b, t, e)>

// CHECK-LABEL: func.func @generic
// CHECK-SAME: (%[[Q:.*]]: tensor<2x4x8xf32>, %[[K:.*]]: tensor<2x6x8xf32>, %[[V:.*]]: tensor<2x6x5xf32>)
// CHECK-NOT: linalg.transpose
// CHECK: kiln.attention
// CHECK-NOT: linalg.generic
// CHECK-NOT: linalg.softmax
func.func @generic(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s = linalg.generic {indexing_maps = [#qmap, #kmap, #smap], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%q, %k : tensor<2x4x8xf32>, tensor<2x6x8xf32>) outs(%f1 : tensor<2x4x6xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %r = arith.addf %c, %m : f32
    linalg.yield %r : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  %o = linalg.generic {indexing_maps = [#pmap, #vmap, #omap], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%f2 : tensor<2x4x5xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %r = arith.addf %c, %m : f32
    linalg.yield %r : f32
  } -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Generic contractions with K as [B, D, S] (operand order swapped: K first),
// and V read as [B, Dv, S].
#kmap = affine_map<(b, t, s, d) -> (b, d, s)>
#qmap = affine_map<(b, t, s, d) -> (b, t, d)>
#smap = affine_map<(b, t, s, d) -> (b, t, s)>
#vmap = affine_map<(b, t, e, s) -> (b, e, s)>
#pmap = affine_map<(b, t, e, s) -> (b, t, s)>
#omap = affine_map<(b, t, e, s) -> (b, t, e)>

// CHECK-LABEL: func.func @generic_transposed_operands
// CHECK-SAME: (%[[Q:.*]]: tensor<2x4x8xf32>, %[[KT:.*]]: tensor<2x8x6xf32>, %[[VT:.*]]: tensor<2x5x6xf32>)
// CHECK-DAG: linalg.transpose ins(%[[KT]] : tensor<2x8x6xf32>) outs(%{{.*}} : tensor<2x6x8xf32>) permutation = [0, 2, 1]
// CHECK-DAG: linalg.transpose ins(%[[VT]] : tensor<2x5x6xf32>) outs(%{{.*}} : tensor<2x6x5xf32>) permutation = [0, 2, 1]
// CHECK: kiln.attention
// CHECK-NOT: linalg.softmax
func.func @generic_transposed_operands(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x6xf32>, %vt: tensor<2x5x6xf32>) -> tensor<2x4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s = linalg.generic {indexing_maps = [#kmap, #qmap, #smap], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%kt, %q : tensor<2x8x6xf32>, tensor<2x4x8xf32>) outs(%f1 : tensor<2x4x6xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %r = arith.addf %c, %m : f32
    linalg.yield %r : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  %o = linalg.generic {indexing_maps = [#vmap, #pmap, #omap], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%vt, %p : tensor<2x5x6xf32>, tensor<2x4x6xf32>) outs(%f2 : tensor<2x4x5xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %r = arith.addf %c, %m : f32
    linalg.yield %r : f32
  } -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Rank-4 generic contractions over [B, H, T, S]: no reshapes at all.
#qmap = affine_map<(b, h, t, s, d) -> (b, h, t, d)>
#kmap = affine_map<(b, h, t, s, d) -> (b, h, s, d)>
#smap = affine_map<(b, h, t, s, d) -> (b, h, t, s)>
#pmap = affine_map<(b, h, t, e, s) -> (b, h, t, s)>
#vmap = affine_map<(b, h, t, e, s) -> (b, h, s, e)>
#omap = affine_map<(b, h, t, e, s) -> (b, h, t, e)>

// CHECK-LABEL: func.func @generic_rank4
// CHECK-SAME: (%[[Q:.*]]: tensor<?x2x4x8xf32>, %[[K:.*]]: tensor<?x2x6x8xf32>, %[[V:.*]]: tensor<?x2x6x5xf32>, %[[N:.*]]: index)
// CHECK-NOT: tensor.reshape
// CHECK: %[[A:.*]] = kiln.attention ins(%[[Q]], %[[K]], %[[V]] : tensor<?x2x4x8xf32>, tensor<?x2x6x8xf32>, tensor<?x2x6x5xf32>)
// CHECK-NOT: tensor.reshape
// CHECK: return %[[A]]
func.func @generic_rank4(%q: tensor<?x2x4x8xf32>, %k: tensor<?x2x6x8xf32>, %v: tensor<?x2x6x5xf32>, %n: index) -> tensor<?x2x4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty(%n) : tensor<?x2x4x6xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<?x2x4x6xf32>) -> tensor<?x2x4x6xf32>
  %s = linalg.generic {indexing_maps = [#qmap, #kmap, #smap], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%q, %k : tensor<?x2x4x8xf32>, tensor<?x2x6x8xf32>) outs(%f1 : tensor<?x2x4x6xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %r = arith.addf %c, %m : f32
    linalg.yield %r : f32
  } -> tensor<?x2x4x6xf32>
  %p = linalg.softmax dimension(3) ins(%s : tensor<?x2x4x6xf32>) outs(%e1 : tensor<?x2x4x6xf32>) -> tensor<?x2x4x6xf32>
  %e2 = tensor.empty(%n) : tensor<?x2x4x5xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<?x2x4x5xf32>) -> tensor<?x2x4x5xf32>
  %o = linalg.generic {indexing_maps = [#pmap, #vmap, #omap], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%p, %v : tensor<?x2x4x6xf32>, tensor<?x2x6x5xf32>) outs(%f2 : tensor<?x2x4x5xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %r = arith.addf %c, %m : f32
    linalg.yield %r : f32
  } -> tensor<?x2x4x5xf32>
  return %o : tensor<?x2x4x5xf32>
}

// -----

// Mixed spellings: linalg.batch_matmul for the scores, kiln.matmul for P·V,
// dynamic batch.
// CHECK-LABEL: func.func @mixed_dynamic
// CHECK: kiln.attention {{.*}} : tensor<?x1x4x8xf32>, tensor<?x1x6x8xf32>, tensor<?x1x6x5xf32>) outs(%{{.*}} : tensor<?x1x4x5xf32>)
// CHECK: tensor.reshape {{.*}} -> tensor<?x4x5xf32>
// CHECK-NOT: linalg.softmax
func.func @mixed_dynamic(%q: tensor<?x4x8xf32>, %k: tensor<?x6x8xf32>, %v: tensor<?x6x5xf32>, %n: index) -> tensor<?x4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty(%n) : tensor<?x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<?x6x8xf32>) outs(%e0 : tensor<?x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty(%n) : tensor<?x4x6xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<?x4x6xf32>) -> tensor<?x4x6xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<?x4x8xf32>, tensor<?x8x6xf32>) outs(%f1 : tensor<?x4x6xf32>) -> tensor<?x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s : tensor<?x4x6xf32>) outs(%e1 : tensor<?x4x6xf32>) -> tensor<?x4x6xf32>
  %e2 = tensor.empty(%n) : tensor<?x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<?x4x6xf32>, tensor<?x6x5xf32>) outs(%e2 : tensor<?x4x5xf32>) -> tensor<?x4x5xf32>
  return %o : tensor<?x4x5xf32>
}
