// Softmax, LayerNormalization and BatchNormalization
// (lib/Conversion/KerasToLinalg/NormalizationLayers.cpp, spec §2.13-2.15).
// RUN: kiln-opt %s --kiln-lower-keras --split-input-file | FileCheck %s

// One axis: linalg.softmax over it.
// CHECK-LABEL: func.func @softmax_last_axis
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?x6xf32>
// CHECK: %[[Y:.*]] = linalg.softmax dimension(2) ins(%[[X]] : tensor<?x?x6xf32>) outs(%[[E]] : tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
// CHECK: return %[[Y]]
func.func @softmax_last_axis(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.softmax %x [2] : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @softmax_middle_axis
// CHECK: linalg.softmax dimension(1) ins(%{{.*}} : tensor<?x?x6xf32>)
func.func @softmax_middle_axis(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.softmax %x [1] : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// Trailing axes [1, 2]: merged into one (S * 6) axis, no transpose.
// CHECK-LABEL: func.func @softmax_trailing_axes
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK-NOT: linalg.transpose
// CHECK: %[[N:.*]] = arith.muli %{{.*}}, %c6 : index
// CHECK: %[[FLAT:.*]] = tensor.reshape %[[X]]({{.*}}) : (tensor<?x?x6xf32>, tensor<2xindex>) -> tensor<?x?xf32>
// CHECK: %[[SM:.*]] = linalg.softmax dimension(1) ins(%[[FLAT]] : tensor<?x?xf32>)
// CHECK: %[[Y:.*]] = tensor.reshape %[[SM]]({{.*}}) : (tensor<?x?xf32>, tensor<3xindex>) -> tensor<?x?x6xf32>
// CHECK-NOT: linalg.transpose
// CHECK: return %[[Y]]
func.func @softmax_trailing_axes(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.softmax %x [1, 2] : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// Non-adjacent axes [1, 3]: moved to the end, merged, normalized, moved back.
// CHECK-LABEL: func.func @softmax_split_axes
// CHECK-SAME: (%[[X:.*]]: tensor<?x3x4x5xf32>)
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[X]] : tensor<?x3x4x5xf32>) outs(%{{.*}} : tensor<?x4x3x5xf32>) permutation = [0, 2, 1, 3]
// CHECK: %[[FLAT:.*]] = tensor.reshape %[[T]]({{.*}}) : (tensor<?x4x3x5xf32>, tensor<3xindex>) -> tensor<?x4x15xf32>
// CHECK: %[[SM:.*]] = linalg.softmax dimension(2) ins(%[[FLAT]] : tensor<?x4x15xf32>)
// CHECK: %[[U:.*]] = tensor.reshape %[[SM]]({{.*}}) : (tensor<?x4x15xf32>, tensor<4xindex>) -> tensor<?x4x3x5xf32>
// CHECK: %[[Y:.*]] = linalg.transpose ins(%[[U]] : tensor<?x4x3x5xf32>) outs(%{{.*}} : tensor<?x3x4x5xf32>) permutation = [0, 2, 1, 3]
// CHECK: return %[[Y]]
func.func @softmax_split_axes(%x: tensor<?x3x4x5xf32>) -> tensor<?x3x4x5xf32> {
  %0 = keras.softmax %x [1, 3] : tensor<?x3x4x5xf32>
  return %0 : tensor<?x3x4x5xf32>
}

// -----

// Mean and biased variance over the last axis in two passes, then
// (x - mean) * rsqrt(var + eps) * gamma + beta.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
// CHECK-DAG: #[[PARAM:.*]] = affine_map<(d0, d1, d2) -> (0, 0, d2)>
// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>, %[[G:.*]]: tensor<6xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK: %[[CI:.*]] = arith.index_cast %c6{{.*}} : index to i64
// CHECK: %[[COUNT:.*]] = arith.sitofp %[[CI]] : i64 to f32
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x?xf32>)
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%[[X]] : tensor<?x?x6xf32>) outs(%[[Z]] : tensor<?x?xf32>) dimensions = [2]
// CHECK: arith.addf
// CHECK: %[[SUMK:.*]] = tensor.reshape %[[SUM]]({{.*}}) : (tensor<?x?xf32>, tensor<3xindex>) -> tensor<?x?x1xf32>
// CHECK: %[[CEN:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], {{.*}}} ins(%[[X]], %[[SUMK]] : tensor<?x?x6xf32>, tensor<?x?x1xf32>)
// CHECK-NEXT: ^bb0(%[[XI:[^:]+]]: f32, %[[SI:[^:]+]]: f32,
// CHECK-NEXT: %[[MEAN:.*]] = arith.divf %[[SI]], %[[COUNT]] : f32
// CHECK-NEXT: %[[C:.*]] = arith.subf %[[XI]], %[[MEAN]] : f32
// CHECK-NEXT: linalg.yield %[[C]]
// CHECK: %[[SQ:.*]] = linalg.reduce ins(%[[CEN]] : tensor<?x?x6xf32>) outs(%{{.*}} : tensor<?x?xf32>) dimensions = [2]
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[SQK:.*]] = tensor.reshape %[[SQ]]
// CHECK-DAG: %[[GB:.*]] = tensor.reshape %[[G]]({{.*}}) : (tensor<6xf32>, tensor<3xindex>) -> tensor<1x1x6xf32>
// CHECK-DAG: %[[BB:.*]] = tensor.reshape %[[B]]({{.*}}) : (tensor<6xf32>, tensor<3xindex>) -> tensor<1x1x6xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[PARAM]], #[[PARAM]], #[[ID]]], {{.*}}} ins(%[[CEN]], %[[SQK]], %[[GB]], %[[BB]] :
// CHECK-NEXT: ^bb0(%[[CI2:[^:]+]]: f32, %[[VI:[^:]+]]: f32, %[[GI:[^:]+]]: f32, %[[BI:[^:]+]]: f32,
// CHECK-DAG: %[[VAR:.*]] = arith.divf %[[VI]], %[[COUNT]] : f32
// CHECK-DAG: %[[EPS:.*]] = arith.constant 1.000000e-03 : f32
// CHECK-DAG: %[[VE:.*]] = arith.addf %[[VAR]], %[[EPS]] : f32
// CHECK-DAG: %[[INV:.*]] = math.rsqrt %[[VE]] : f32
// CHECK-DAG: %[[N:.*]] = arith.mulf %[[CI2]], %[[INV]] : f32
// CHECK-DAG: %[[NG:.*]] = arith.mulf %[[N]], %[[GI]] : f32
// CHECK-DAG: %[[R:.*]] = arith.addf %[[NG]], %[[BI]] : f32
// CHECK: linalg.yield %[[R]]
func.func @layer_norm(%x: tensor<?x?x6xf32>, %g: tensor<6xf32>, %b: tensor<6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.layer_normalization %x gamma %g beta %b {axes = array<i64: 2>, epsilon = 1.0e-3 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// Several axes, neither gamma nor beta: the count is 5 * 6.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[SAMPLE:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, 0)>
// CHECK-LABEL: func.func @layer_norm_two_axes
// CHECK: %[[CI:.*]] = arith.index_cast %c30{{.*}} : index to i64
// CHECK: %[[COUNT:.*]] = arith.sitofp %[[CI]] : i64 to f32
// CHECK: linalg.reduce ins(%{{.*}} : tensor<?x5x6xf32>) outs(%{{.*}} : tensor<?xf32>) dimensions = [1, 2]
// CHECK: tensor.reshape {{.*}} -> tensor<?x1x1xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[SAMPLE]], #[[ID]]]
// CHECK: linalg.reduce {{.*}} dimensions = [1, 2]
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[SAMPLE]], #[[ID]]]
// CHECK-NEXT: ^bb0(%[[CI2:[^:]+]]: f32, %[[VI:[^:]+]]: f32,
// CHECK: %[[VAR:.*]] = arith.divf %[[VI]], %[[COUNT]] : f32
// CHECK: %[[EPS:.*]] = arith.constant 9.99999974E-6 : f32
// CHECK: %[[VE:.*]] = arith.addf %[[VAR]], %[[EPS]] : f32
// CHECK: %[[INV:.*]] = math.rsqrt %[[VE]] : f32
// CHECK: %[[N:.*]] = arith.mulf %[[CI2]], %[[INV]] : f32
// CHECK-NEXT: linalg.yield %[[N]]
func.func @layer_norm_two_axes(%x: tensor<?x5x6xf32>) -> tensor<?x5x6xf32> {
  %0 = keras.layer_normalization %x {axes = array<i64: 1, 2>, epsilon = 1.0e-5 : f64} : (tensor<?x5x6xf32>) -> tensor<?x5x6xf32>
  return %0 : tensor<?x5x6xf32>
}

// -----

// A dynamic normalized axis: the count comes from tensor.dim at run time.
// CHECK-LABEL: func.func @layer_norm_dynamic_axis
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf32>)
// CHECK: %[[D:.*]] = tensor.dim %[[X]], %c1
// CHECK: %[[CI:.*]] = arith.index_cast %[[D]] : index to i64
// CHECK: arith.sitofp %[[CI]] : i64 to f32
// CHECK: linalg.reduce {{.*}} dimensions = [1]
func.func @layer_norm_dynamic_axis(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = keras.layer_normalization %x {axes = array<i64: 1>, epsilon = 1.0e-3 : f64} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Only beta: no multiplication by gamma.
// CHECK-LABEL: func.func @layer_norm_beta_only
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<?x6xf32>, tensor<?x1xf32>, tensor<1x6xf32>)
// CHECK-NEXT: ^bb0(%[[CI:[^:]+]]: f32, %{{[^:]+}}: f32, %[[BI:[^:]+]]: f32,
// CHECK: %[[INV:.*]] = math.rsqrt
// CHECK-NEXT: %[[N:.*]] = arith.mulf %[[CI]], %[[INV]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.addf %[[N]], %[[BI]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @layer_norm_beta_only(%x: tensor<?x6xf32>, %b: tensor<6xf32>) -> tensor<?x6xf32> {
  %0 = keras.layer_normalization %x beta %b {axes = array<i64: 1>, epsilon = 1.0e-3 : f64} : (tensor<?x6xf32>, tensor<6xf32>) -> tensor<?x6xf32>
  return %0 : tensor<?x6xf32>
}

// -----

// inv = rsqrt(var + eps) * gamma; y = x * inv + (beta - mean * inv).
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2) -> (0, 0, d2)>
// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>, %[[G:.*]]: tensor<6xf32>, %[[B:.*]]: tensor<6xf32>, %[[M:.*]]: tensor<6xf32>, %[[V:.*]]: tensor<6xf32>)
// CHECK-DAG: %[[MB:.*]] = tensor.reshape %[[M]]({{.*}}) : (tensor<6xf32>, tensor<3xindex>) -> tensor<1x1x6xf32>
// CHECK-DAG: %[[VB:.*]] = tensor.reshape %[[V]]({{.*}}) : (tensor<6xf32>, tensor<3xindex>) -> tensor<1x1x6xf32>
// CHECK-DAG: %[[GB:.*]] = tensor.reshape %[[G]]({{.*}}) : (tensor<6xf32>, tensor<3xindex>) -> tensor<1x1x6xf32>
// CHECK-DAG: %[[BB:.*]] = tensor.reshape %[[B]]({{.*}}) : (tensor<6xf32>, tensor<3xindex>) -> tensor<1x1x6xf32>
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?x6xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[ID]]], {{.*}}} ins(%[[X]], %[[MB]], %[[VB]], %[[GB]], %[[BB]] : {{.*}}) outs(%[[E]] : tensor<?x?x6xf32>)
// CHECK-NEXT: ^bb0(%[[XI:[^:]+]]: f32, %[[MI:[^:]+]]: f32, %[[VI:[^:]+]]: f32, %[[GI:[^:]+]]: f32, %[[BI:[^:]+]]: f32,
// CHECK-DAG: %[[EPS:.*]] = arith.constant 1.000000e-03 : f32
// CHECK-DAG: %[[VE:.*]] = arith.addf %[[VI]], %[[EPS]] : f32
// CHECK-DAG: %[[RS:.*]] = math.rsqrt %[[VE]] : f32
// CHECK-DAG: %[[INV:.*]] = arith.mulf %[[RS]], %[[GI]] : f32
// CHECK-DAG: %[[MINV:.*]] = arith.mulf %[[MI]], %[[INV]] : f32
// CHECK-DAG: %[[NEG:.*]] = arith.negf %[[MINV]] : f32
// CHECK-DAG: %[[SHIFT:.*]] = arith.addf %[[NEG]], %[[BI]] : f32
// CHECK-DAG: %[[XS:.*]] = arith.mulf %[[XI]], %[[INV]] : f32
// CHECK-DAG: %[[R:.*]] = arith.addf %[[XS]], %[[SHIFT]] : f32
// CHECK: linalg.yield %[[R]]
func.func @batch_norm(%x: tensor<?x?x6xf32>, %g: tensor<6xf32>, %b: tensor<6xf32>, %m: tensor<6xf32>, %v: tensor<6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.batch_normalization %x gamma %g beta %b mean %m variance %v {axis = 2 : i64, epsilon = 1.0e-3 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// A middle axis, neither gamma nor beta: statistics broadcast along axis 1.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2) -> (0, d1, 0)>
// CHECK-LABEL: func.func @batch_norm_axis1
// CHECK: tensor.reshape {{.*}} : (tensor<4xf32>, tensor<3xindex>) -> tensor<1x4x1xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[CH]], #[[ID]]], {{.*}}} ins({{.*}} : tensor<?x4x?xf32>, tensor<1x4x1xf32>, tensor<1x4x1xf32>)
// CHECK-NEXT: ^bb0(%[[XI:[^:]+]]: f32, %[[MI:[^:]+]]: f32, %[[VI:[^:]+]]: f32,
// CHECK-DAG: %[[VE:.*]] = arith.addf %[[VI]], %{{.*}} : f32
// CHECK-DAG: %[[INV:.*]] = math.rsqrt %[[VE]] : f32
// CHECK-DAG: %[[MINV:.*]] = arith.mulf %[[MI]], %[[INV]] : f32
// CHECK-DAG: %[[NEG:.*]] = arith.negf %[[MINV]] : f32
// CHECK-DAG: %[[XS:.*]] = arith.mulf %[[XI]], %[[INV]] : f32
// CHECK-DAG: %[[R:.*]] = arith.addf %[[XS]], %[[NEG]] : f32
// CHECK: linalg.yield %[[R]]
func.func @batch_norm_axis1(%x: tensor<?x4x?xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<?x4x?xf32> {
  %0 = keras.batch_normalization %x mean %m variance %v {axis = 1 : i64, epsilon = 1.0e-3 : f64} : (tensor<?x4x?xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4x?xf32>
  return %0 : tensor<?x4x?xf32>
}
