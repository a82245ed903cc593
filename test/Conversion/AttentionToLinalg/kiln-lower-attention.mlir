// The reference lowering of kiln.attention to linalg on tensors
// (lib/Conversion/AttentionToLinalg/AttentionToLinalg.cpp).
// RUN: kiln-opt %s --kiln-lower-attention --split-input-file | FileCheck %s

// GQA (kv head = query head floordiv 2), a boolean mask broadcast over heads
// and queries (and over the batch when its dynamic batch is 1 at run time:
// a copy made only then), and the bottom-right causal triangle
// (j <= i + (S - T)).
// CHECK-DAG: #[[Q:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>
// CHECK-DAG: #[[K:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 floordiv 2, d3, d4)>
// CHECK-DAG: #[[O5:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[M:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, 0, 0, d3)>
// CHECK-DAG: #[[V:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 floordiv 2, d4, d3)>
// CHECK-LABEL: func.func @gqa_bool_mask_bottom_right
// CHECK-SAME: (%[[QA:.*]]: tensor<?x4x5x8xf32>, %[[KA:.*]]: tensor<?x2x7x8xf32>, %[[VA:.*]]: tensor<?x2x7x6xf32>, %[[MA:.*]]: tensor<?x1x1x7xi1>, %[[INIT:.*]]: tensor<?x4x5x6xf32>)
// CHECK: %[[B:.*]] = tensor.dim %[[QA]], %{{.*}} : tensor<?x4x5x8xf32>
// CHECK: %[[E0:.*]] = tensor.empty(%[[B]]) : tensor<?x4x5x7xf32>
// CHECK: %[[Z0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E0]] : tensor<?x4x5x7xf32>)
// CHECK: %[[LOGITS:.*]] = linalg.generic {indexing_maps = [#[[Q]], #[[K]], #[[O5]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[QA]], %[[KA]] : {{.*}}) outs(%[[Z0]] : tensor<?x4x5x7xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[MB:.*]] = scf.if %{{.*}} -> (tensor<?x1x1x7xi1>) {
// CHECK-NEXT: scf.yield %[[MA]] : tensor<?x1x1x7xi1>
// CHECK-NEXT: } else {
// CHECK: func.call @kiln_rt_shape_error()
// CHECK: tensor.extract %[[MA]]
// CHECK: scf.yield
// CHECK-NEXT: }
// CHECK: %[[OFF:.*]] = arith.subi %[[C7:.*]], %[[C5:.*]] : index
// CHECK-DAG: %[[SCALE:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[NEG:.*]] = arith.constant -2.38197633E+38 : f32
// CHECK: %[[MASKED:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[M]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[LOGITS]], %[[MB]] : tensor<?x4x5x7xf32>, tensor<?x1x1x7xi1>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[KEEP:.*]]: i1, %{{.*}}: f32):
// CHECK-NEXT: %[[XS:.*]] = arith.mulf %[[X]], %[[SCALE]] : f32
// CHECK-NEXT: %[[I:.*]] = linalg.index 2 : index
// CHECK-NEXT: %[[J:.*]] = linalg.index 3 : index
// CHECK-NEXT: %[[LAST:.*]] = arith.addi %[[I]], %[[OFF]] : index
// CHECK-NEXT: %[[VIS:.*]] = arith.cmpi sle, %[[J]], %[[LAST]] : index
// CHECK-NEXT: %[[BOTH:.*]] = arith.andi %[[KEEP]], %[[VIS]] : i1
// CHECK-NEXT: %[[SEL:.*]] = arith.select %[[BOTH]], %[[XS]], %[[NEG]] : f32
// CHECK-NEXT: linalg.yield %[[SEL]] : f32
// CHECK: %[[P:.*]] = linalg.softmax dimension(3) ins(%[[MASKED]] : tensor<?x4x5x7xf32>)
// CHECK: %[[OUT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[INIT]] : tensor<?x4x5x6xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[Q]], #[[V]], #[[O5]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[P]], %[[VA]] : tensor<?x4x5x7xf32>, tensor<?x2x7x6xf32>) outs(%[[OUT]] : tensor<?x4x5x6xf32>)
// CHECK: return %[[R]]
func.func @gqa_bool_mask_bottom_right(%q: tensor<?x4x5x8xf32>, %k: tensor<?x2x7x8xf32>, %v: tensor<?x2x7x6xf32>,
               %m: tensor<?x1x1x7xi1>, %init: tensor<?x4x5x6xf32>) -> tensor<?x4x5x6xf32> {
  %0 = kiln.attention ins(%q, %k, %v, mask %m : tensor<?x4x5x8xf32>, tensor<?x2x7x8xf32>, tensor<?x2x7x6xf32>, tensor<?x1x1x7xi1>) outs(%init : tensor<?x4x5x6xf32>) {scale = 0.5 : f32, causal = #kiln.causal<bottom_right>} -> tensor<?x4x5x6xf32>
  return %0 : tensor<?x4x5x6xf32>
}

// -----

// Same heads for query and kv (plain maps), an additive mask, top-left
// causal with dynamic T and S (no offset).
// CHECK-DAG: #[[K:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d3, d4)>
// CHECK-DAG: #[[M:.*]] = affine_map<(d0, d1, d2, d3) -> (0, d1, d2, d3)>
// CHECK-LABEL: func.func @additive_mask_top_left
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[K]], #{{.*}}]
// CHECK: scf.if
// CHECK: kiln_rt_shape_error
// CHECK: scf.yield
// CHECK-NEXT: }
// CHECK-NOT: arith.subi
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[M]], #{{.*}}]
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[ADD:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[XS:.*]] = arith.mulf %[[X]], %{{.*}} : f32
// CHECK-NEXT: %[[XM:.*]] = arith.addf %[[XS]], %[[ADD]] : f32
// CHECK-NEXT: %[[I:.*]] = linalg.index 2 : index
// CHECK-NEXT: %[[J:.*]] = linalg.index 3 : index
// CHECK-NEXT: %[[VIS:.*]] = arith.cmpi sle, %[[J]], %[[I]] : index
// CHECK-NEXT: %[[SEL:.*]] = arith.select %[[VIS]], %[[XM]], %{{.*}} : f32
// CHECK-NEXT: linalg.yield %[[SEL]] : f32
// CHECK: linalg.softmax dimension(3)
func.func @additive_mask_top_left(%q: tensor<2x3x?x4xf32>, %k: tensor<2x3x?x4xf32>, %v: tensor<2x3x?x4xf32>,
                                  %m: tensor<1x3x?x?xf32>, %init: tensor<2x3x?x4xf32>) -> tensor<2x3x?x4xf32> {
  %0 = kiln.attention ins(%q, %k, %v, mask %m : tensor<2x3x?x4xf32>, tensor<2x3x?x4xf32>, tensor<2x3x?x4xf32>, tensor<1x3x?x?xf32>) outs(%init : tensor<2x3x?x4xf32>) {scale = 1.0 : f32, causal = #kiln.causal<top_left>} -> tensor<2x3x?x4xf32>
  return %0 : tensor<2x3x?x4xf32>
}

// -----

// No mask, no causal: the logits are only scaled, nothing is selected.
// CHECK-LABEL: func.func @plain
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[XS:.*]] = arith.mulf %[[X]], %{{.*}} : f32
// CHECK-NEXT: linalg.yield %[[XS]] : f32
// CHECK: linalg.softmax dimension(3)
// CHECK-NOT: kiln.attention
func.func @plain(%q: tensor<1x1x2x4xf32>, %k: tensor<1x1x3x4xf32>, %v: tensor<1x1x3x5xf32>, %init: tensor<1x1x2x5xf32>) -> tensor<1x1x2x5xf32> {
  %0 = kiln.attention ins(%q, %k, %v : tensor<1x1x2x4xf32>, tensor<1x1x3x4xf32>, tensor<1x1x3x5xf32>) outs(%init : tensor<1x1x2x5xf32>) {scale = 0.5 : f32} -> tensor<1x1x2x5xf32>
  return %0 : tensor<1x1x2x5xf32>
}

// -----

// The memref form is left alone.
// CHECK-LABEL: func.func @memref_untouched
// CHECK: kiln.attention ins
func.func @memref_untouched(%q: memref<1x1x2x4xf32>, %k: memref<1x1x3x4xf32>, %v: memref<1x1x3x5xf32>, %init: memref<1x1x2x5xf32>) {
  kiln.attention ins(%q, %k, %v : memref<1x1x2x4xf32>, memref<1x1x3x4xf32>, memref<1x1x3x5xf32>) outs(%init : memref<1x1x2x5xf32>) {scale = 0.5 : f32}
  return
}

// -----

// The additive score: Σ_d w[d] · tanh(c · (q[d] + k[d])) as one reduction
// generic reading the weights at d, then the scale.
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d4)>
// CHECK-LABEL: func.func @additive_score
// CHECK-SAME: %[[WA:[^:]*]]: tensor<8xf32>
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #[[W]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%{{.*}}, %{{.*}}, %[[WA]] : tensor<2x3x4x8xf32>, tensor<2x3x6x8xf32>, tensor<8xf32>)
// CHECK-NEXT: ^bb0(%[[Q:.*]]: f32, %[[K:.*]]: f32, %[[WE:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[Q]], %[[K]] : f32
// CHECK-NEXT: %[[C:.*]] = arith.constant 7.500000e-01 : f32
// CHECK-NEXT: %[[SC:.*]] = arith.mulf %[[C]], %[[SUM]] : f32
// CHECK-NEXT: %[[T:.*]] = math.tanh %[[SC]] : f32
// CHECK-NEXT: %[[TW:.*]] = arith.mulf %[[WE]], %[[T]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.addf %[[ACC]], %[[TW]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
// CHECK: arith.constant -1.500000e+00 : f32
// CHECK: linalg.softmax dimension(3)
func.func @additive_score(%q: tensor<2x3x4x8xf32>, %k: tensor<2x3x6x8xf32>, %v: tensor<2x3x6x5xf32>,
                          %w: tensor<8xf32>, %init: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = kiln.attention ins(%q, %k, %v : tensor<2x3x4x8xf32>, tensor<2x3x6x8xf32>, tensor<2x3x6x5xf32>) score_weights(%w : tensor<8xf32>) outs(%init : tensor<2x3x4x5xf32>) {scale = -1.5 : f32, score = #kiln.score<additive>, tanh_scale = 0.75 : f32} -> tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// -----

// A -inf fill, masked probabilities zeroed by the same keep predicate, and
// the probabilities returned as the second result.
// CHECK-LABEL: func.func @fill_zeroed_probs
// CHECK-DAG: %[[NEG:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MASKED:.*]] = linalg.generic
// CHECK: arith.select %{{.*}}, %{{.*}}, %[[NEG]] : f32
// CHECK: %[[P:.*]] = linalg.softmax dimension(3) ins(%[[MASKED]]
// CHECK: %[[Z:.*]] = linalg.generic {{.*}} ins(%[[P]], %{{.*}} : tensor<2x3x4x6xf32>, tensor<2x1x4x6xi1>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[KEEP:.*]]: i1, %{{.*}}: f32):
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[I:.*]] = linalg.index 2 : index
// CHECK-NEXT: %[[J:.*]] = linalg.index 3 : index
// CHECK-NEXT: %[[VIS:.*]] = arith.cmpi sle, %[[J]], %[[I]] : index
// CHECK-NEXT: %[[BOTH:.*]] = arith.andi %[[KEEP]], %[[VIS]] : i1
// CHECK-NEXT: %[[SEL:.*]] = arith.select %[[BOTH]], %[[X]], %[[ZERO]] : f32
// CHECK-NEXT: linalg.yield %[[SEL]] : f32
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[Z]], %{{.*}} : tensor<2x3x4x6xf32>, tensor<2x3x6x5xf32>)
// CHECK: return %[[R]], %[[Z]]
func.func @fill_zeroed_probs(%q: tensor<2x3x4x8xf32>, %k: tensor<2x3x6x8xf32>, %v: tensor<2x3x6x5xf32>,
                             %m: tensor<2x1x4x6xi1>, %init: tensor<2x3x4x5xf32>, %probs: tensor<2x3x4x6xf32>)
    -> (tensor<2x3x4x5xf32>, tensor<2x3x4x6xf32>) {
  %0:2 = kiln.attention ins(%q, %k, %v, mask %m : tensor<2x3x4x8xf32>, tensor<2x3x6x8xf32>, tensor<2x3x6x5xf32>, tensor<2x1x4x6xi1>) outs(%init, probs %probs : tensor<2x3x4x5xf32>, tensor<2x3x4x6xf32>) {scale = 1.0 : f32, causal = #kiln.causal<top_left>, mask_fill = 0xFF800000 : f32, zero_masked} -> tensor<2x3x4x5xf32>, tensor<2x3x4x6xf32>
  return %0#0, %0#1 : tensor<2x3x4x5xf32>, tensor<2x3x4x6xf32>
}
