// RUN: kiln-opt --kiln-fuse-attention --split-input-file %s | FileCheck %s

// Heads: folded into the batch for the products ([B·H, T, D]) and unfolded
// for the mask and softmax ([B, H, T, S]), with tensor.reshape or
// expand/collapse_shape; the query scale behind a transpose and reshape;
// K/V heads repeated for grouped-query attention.

#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#bts = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>

// The keras lowering of MultiHeadAttention, after canonicalize.
// CHECK-LABEL: func.func @mha_keras
// CHECK-SAME: (%[[Q:[^:]*]]: tensor<?x4x2x3xf32>, %[[K:[^:]*]]: tensor<?x5x2x3xf32>, %[[V:[^:]*]]: tensor<?x5x2x3xf32>, %[[M:[^:]*]]: tensor<?x4x5xi1>
// CHECK: %[[QT:.*]] = linalg.transpose ins(%[[Q]] : tensor<?x4x2x3xf32>)
// CHECK: %[[QR:.*]] = tensor.reshape %[[QT]]
// CHECK: %[[Q4:.*]] = tensor.reshape %[[QR]]({{.*}}) : (tensor<?x4x3xf32>, tensor<4xindex>) -> tensor<?x2x4x3xf32>
// CHECK: %[[M4:.*]] = tensor.reshape %[[M]]({{.*}}) : (tensor<?x4x5xi1>, tensor<4xindex>) -> tensor<?x1x4x5xi1>
// CHECK: %[[A:.*]] = kiln.attention ins(%[[Q4]], %{{.*}}, %{{.*}}, mask %[[M4]] : tensor<?x2x4x3xf32>, tensor<?x2x5x3xf32>, tensor<?x2x5x3xf32>, tensor<?x1x4x5xi1>) outs(%{{.*}} : tensor<?x2x4x3xf32>) {mask_fill = -1.000000e+09 : f32, scale = 0.577350259 : f32}
// CHECK: %[[O:.*]] = tensor.reshape %[[A]]({{.*}}) : (tensor<?x2x4x3xf32>, tensor<3xindex>) -> tensor<?x4x3xf32>
// CHECK: tensor.reshape %[[O]]
// CHECK-NOT: kiln.matmul
// CHECK-NOT: linalg.softmax
// CHECK-NOT: linalg.generic
func.func @mha_keras(%q: tensor<?x4x2x3xf32>, %k: tensor<?x5x2x3xf32>, %v: tensor<?x5x2x3xf32>, %mask: tensor<?x4x5xi1>, %b: index) -> tensor<?x2x4x3xf32> {
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %cst = arith.constant 0.577350259 : f32
  %neg = arith.constant -1.000000e+09 : f32
  %bn = arith.muli %b, %c2 : index
  %eq = tensor.empty(%b) : tensor<?x4x2x3xf32>
  %qs = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%q : tensor<?x4x2x3xf32>) outs(%eq : tensor<?x4x2x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %cst : f32
    linalg.yield %m : f32
  } -> tensor<?x4x2x3xf32>
  %e1 = tensor.empty(%b) : tensor<?x2x4x3xf32>
  %qt = linalg.transpose ins(%qs : tensor<?x4x2x3xf32>) outs(%e1 : tensor<?x2x4x3xf32>) permutation = [0, 2, 1, 3]
  %sq = tensor.from_elements %bn, %c4, %c3 : tensor<3xindex>
  %qr = tensor.reshape %qt(%sq) : (tensor<?x2x4x3xf32>, tensor<3xindex>) -> tensor<?x4x3xf32>
  %e2 = tensor.empty(%b) : tensor<?x2x3x5xf32>
  %kt = linalg.transpose ins(%k : tensor<?x5x2x3xf32>) outs(%e2 : tensor<?x2x3x5xf32>) permutation = [0, 2, 3, 1]
  %sk = tensor.from_elements %bn, %c3, %c5 : tensor<3xindex>
  %kr = tensor.reshape %kt(%sk) : (tensor<?x2x3x5xf32>, tensor<3xindex>) -> tensor<?x3x5xf32>
  %e3 = tensor.empty(%b) : tensor<?x2x5x3xf32>
  %vt = linalg.transpose ins(%v : tensor<?x5x2x3xf32>) outs(%e3 : tensor<?x2x5x3xf32>) permutation = [0, 2, 1, 3]
  %sv = tensor.from_elements %bn, %c5, %c3 : tensor<3xindex>
  %vr = tensor.reshape %vt(%sv) : (tensor<?x2x5x3xf32>, tensor<3xindex>) -> tensor<?x5x3xf32>
  %e4 = tensor.empty(%bn) : tensor<?x4x5xf32>
  %s = kiln.matmul ins(%qr, %kr : tensor<?x4x3xf32>, tensor<?x3x5xf32>) outs(%e4 : tensor<?x4x5xf32>) -> tensor<?x4x5xf32>
  %s4 = tensor.from_elements %b, %c2, %c4, %c5 : tensor<4xindex>
  %l = tensor.reshape %s(%s4) : (tensor<?x4x5xf32>, tensor<4xindex>) -> tensor<?x2x4x5xf32>
  %e5 = tensor.empty(%b) : tensor<?x2x4x5xf32>
  %lm = linalg.generic {indexing_maps = [#id4, #bts, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%l, %mask : tensor<?x2x4x5xf32>, tensor<?x4x5xi1>) outs(%e5 : tensor<?x2x4x5xf32>) {
  ^bb0(%in: f32, %keep: i1, %out: f32):
    %r = arith.select %keep, %in, %neg : f32
    linalg.yield %r : f32
  } -> tensor<?x2x4x5xf32>
  %p = linalg.softmax dimension(3) ins(%lm : tensor<?x2x4x5xf32>) outs(%e5 : tensor<?x2x4x5xf32>) -> tensor<?x2x4x5xf32>
  %s3 = tensor.from_elements %bn, %c4, %c5 : tensor<3xindex>
  %pr = tensor.reshape %p(%s3) : (tensor<?x2x4x5xf32>, tensor<3xindex>) -> tensor<?x4x5xf32>
  %e6 = tensor.empty(%bn) : tensor<?x4x3xf32>
  %o = kiln.matmul ins(%pr, %vr : tensor<?x4x5xf32>, tensor<?x5x3xf32>) outs(%e6 : tensor<?x4x3xf32>) -> tensor<?x4x3xf32>
  %so = tensor.from_elements %b, %c2, %c4, %c3 : tensor<4xindex>
  %or = tensor.reshape %o(%so) : (tensor<?x4x3xf32>, tensor<4xindex>) -> tensor<?x2x4x3xf32>
  return %or : tensor<?x2x4x3xf32>
}

// -----

// expand_shape / collapse_shape between the folded and unfolded heads, an
// additive [B, 1, 1, S]-style mask read through its map, the scale on K.
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#bs = affine_map<(d0, d1, d2, d3) -> (d0, d3)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @expand_collapse
// CHECK-SAME: (%[[Q:[^:]*]]: tensor<6x4x8xf32>, %[[K:[^:]*]]: tensor<6x7x8xf32>
// CHECK: tensor.reshape %[[K]]({{.*}}) : (tensor<6x7x8xf32>, tensor<4xindex>) -> tensor<2x3x7x8xf32>
// CHECK: kiln.attention ins({{.*}}, mask %{{.*}} : tensor<2x3x4x8xf32>, tensor<2x3x7x8xf32>, tensor<2x3x7x5xf32>, tensor<2x1x1x7xf32>) outs(%{{.*}} : tensor<2x3x4x5xf32>) {scale = 0.353553385 : f32}
// CHECK: tensor.reshape {{.*}} -> tensor<6x4x5xf32>
// CHECK-NOT: linalg.softmax
// CHECK-NOT: linalg.generic
func.func @expand_collapse(%q: tensor<6x4x8xf32>, %k: tensor<6x7x8xf32>, %v: tensor<6x7x5xf32>, %mask: tensor<2x7xf32>) -> tensor<6x4x5xf32> {
  %cst = arith.constant 0.353553385 : f32
  %ek = tensor.empty() : tensor<6x7x8xf32>
  %ks = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%k : tensor<6x7x8xf32>) outs(%ek : tensor<6x7x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %cst, %in : f32
    linalg.yield %m : f32
  } -> tensor<6x7x8xf32>
  %e0 = tensor.empty() : tensor<6x8x7xf32>
  %kt = linalg.transpose ins(%ks : tensor<6x7x8xf32>) outs(%e0 : tensor<6x8x7xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<6x4x7xf32>
  %s = kiln.matmul ins(%q, %kt : tensor<6x4x8xf32>, tensor<6x8x7xf32>) outs(%e1 : tensor<6x4x7xf32>) -> tensor<6x4x7xf32>
  %l = tensor.expand_shape %s [[0, 1], [2], [3]] output_shape [2, 3, 4, 7] : tensor<6x4x7xf32> into tensor<2x3x4x7xf32>
  %e2 = tensor.empty() : tensor<2x3x4x7xf32>
  %lm = linalg.generic {indexing_maps = [#id4, #bs, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%l, %mask : tensor<2x3x4x7xf32>, tensor<2x7xf32>) outs(%e2 : tensor<2x3x4x7xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %r = arith.addf %in, %m : f32
    linalg.yield %r : f32
  } -> tensor<2x3x4x7xf32>
  %p = linalg.softmax dimension(3) ins(%lm : tensor<2x3x4x7xf32>) outs(%e2 : tensor<2x3x4x7xf32>) -> tensor<2x3x4x7xf32>
  %pc = tensor.collapse_shape %p [[0, 1], [2], [3]] : tensor<2x3x4x7xf32> into tensor<6x4x7xf32>
  %e3 = tensor.empty() : tensor<6x4x5xf32>
  %o = kiln.matmul ins(%pc, %v : tensor<6x4x7xf32>, tensor<6x7x5xf32>) outs(%e3 : tensor<6x4x5xf32>) -> tensor<6x4x5xf32>
  return %o : tensor<6x4x5xf32>
}

// -----

// Heads folded into the batch throughout: [B·H, T, D] becomes
// [B·H, 1, T, D] (a static head count of 1).
// CHECK-LABEL: func.func @heads_in_batch
// CHECK: kiln.attention {{.*}} : tensor<?x1x4x8xf32>, tensor<?x1x6x8xf32>, tensor<?x1x6x8xf32>) outs(%{{.*}} : tensor<?x1x4x8xf32>) {scale = 0.353553385 : f32}
// CHECK: tensor.reshape {{.*}} -> tensor<?x4x8xf32>
// CHECK-NOT: linalg.softmax
func.func @heads_in_batch(%q: tensor<?x4x8xf32>, %k: tensor<?x6x8xf32>, %v: tensor<?x6x8xf32>, %n: index) -> tensor<?x4x8xf32> {
  %e0 = tensor.empty(%n) : tensor<?x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<?x6x8xf32>) outs(%e0 : tensor<?x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty(%n) : tensor<?x4x6xf32>
  %s = kiln.matmul ins(%q, %kt : tensor<?x4x8xf32>, tensor<?x8x6xf32>) outs(%e1 : tensor<?x4x6xf32>) {alpha = 0.353553385 : f32} -> tensor<?x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s : tensor<?x4x6xf32>) outs(%e1 : tensor<?x4x6xf32>) -> tensor<?x4x6xf32>
  %e2 = tensor.empty(%n) : tensor<?x4x8xf32>
  %o = kiln.matmul ins(%p, %v : tensor<?x4x6xf32>, tensor<?x6x8xf32>) outs(%e2 : tensor<?x4x8xf32>) -> tensor<?x4x8xf32>
  return %o : tensor<?x4x8xf32>
}

// -----

// Grouped-query attention as the keras lowering spells it: each of the 2 kv
// heads repeated for 2 query heads before rank-4 contractions. The fused op
// reads the repeated K/V (Hkv = Hq); the repetition stays.
#rep_in = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, 0, d3, d4)>
#rep_out = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
#qmap = affine_map<(b, h, t, s, d) -> (b, h, t, d)>
#kmap = affine_map<(b, h, t, s, d) -> (b, h, s, d)>
#smap = affine_map<(b, h, t, s, d) -> (b, h, t, s)>
#pmap = affine_map<(b, h, t, e, s) -> (b, h, t, s)>
#vmap = affine_map<(b, h, t, e, s) -> (b, h, s, e)>
#omap = affine_map<(b, h, t, e, s) -> (b, h, t, e)>
// CHECK-LABEL: func.func @gqa_repeated
// CHECK-SAME: (%[[Q:[^:]*]]: tensor<1x4x3x2xf32>
// CHECK: %[[KR:.*]] = tensor.collapse_shape
// CHECK: %[[VR:.*]] = tensor.collapse_shape
// CHECK: kiln.attention ins(%[[Q]], %[[KR]], %[[VR]] : tensor<1x4x3x2xf32>, tensor<1x4x5x2xf32>, tensor<1x4x5x2xf32>) outs(%{{.*}} : tensor<1x4x3x2xf32>) {scale = 0.707106769 : f32}
// CHECK-NOT: linalg.softmax
func.func @gqa_repeated(%q: tensor<1x4x3x2xf32>, %k: tensor<1x2x5x2xf32>, %v: tensor<1x2x5x2xf32>) -> tensor<1x4x3x2xf32> {
  %zero = arith.constant 0.0 : f32
  %ke = tensor.expand_shape %k [[0], [1, 2], [3], [4]] output_shape [1, 2, 1, 5, 2] : tensor<1x2x5x2xf32> into tensor<1x2x1x5x2xf32>
  %ve = tensor.expand_shape %v [[0], [1, 2], [3], [4]] output_shape [1, 2, 1, 5, 2] : tensor<1x2x5x2xf32> into tensor<1x2x1x5x2xf32>
  %er = tensor.empty() : tensor<1x2x2x5x2xf32>
  %kg = linalg.generic {indexing_maps = [#rep_in, #rep_out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%ke : tensor<1x2x1x5x2xf32>) outs(%er : tensor<1x2x2x5x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x2x2x5x2xf32>
  %vg = linalg.generic {indexing_maps = [#rep_in, #rep_out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%ve : tensor<1x2x1x5x2xf32>) outs(%er : tensor<1x2x2x5x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x2x2x5x2xf32>
  %kr = tensor.collapse_shape %kg [[0], [1, 2], [3], [4]] : tensor<1x2x2x5x2xf32> into tensor<1x4x5x2xf32>
  %vr = tensor.collapse_shape %vg [[0], [1, 2], [3], [4]] : tensor<1x2x2x5x2xf32> into tensor<1x4x5x2xf32>
  %e1 = tensor.empty() : tensor<1x4x3x5xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x4x3x5xf32>) -> tensor<1x4x3x5xf32>
  %s = linalg.generic {indexing_maps = [#qmap, #kmap, #smap], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%q, %kr : tensor<1x4x3x2xf32>, tensor<1x4x5x2xf32>) outs(%f1 : tensor<1x4x3x5xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %r = arith.addf %c, %m : f32
    linalg.yield %r : f32
  } -> tensor<1x4x3x5xf32>
  %ce = arith.constant dense<1.41421354> : tensor<1x4x3x5xf32>
  %sd = arith.divf %s, %ce : tensor<1x4x3x5xf32>
  %p = linalg.softmax dimension(3) ins(%sd : tensor<1x4x3x5xf32>) outs(%e1 : tensor<1x4x3x5xf32>) -> tensor<1x4x3x5xf32>
  %e2 = tensor.empty() : tensor<1x4x3x2xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x4x3x2xf32>) -> tensor<1x4x3x2xf32>
  %o = linalg.generic {indexing_maps = [#pmap, #vmap, #omap], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%p, %vr : tensor<1x4x3x5xf32>, tensor<1x4x5x2xf32>) outs(%f2 : tensor<1x4x3x2xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %r = arith.addf %c, %m : f32
    linalg.yield %r : f32
  } -> tensor<1x4x3x2xf32>
  return %o : tensor<1x4x3x2xf32>
}
