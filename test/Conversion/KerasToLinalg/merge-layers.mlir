// Add, Subtract, Multiply, Average, Maximum, Minimum with Keras broadcasting
// (lib/Conversion/KerasToLinalg/MergeLayers.cpp): lower-rank inputs gain
// axes right after the batch axis, then size-1 dims broadcast.
// RUN: kiln-opt %s --kiln-lower-keras --split-input-file | FileCheck %s

// (B, 4) is expanded to (B, 1, 4), not (B, 4, 1); both size-1 inputs read
// index 0 of their middle dim.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[BC:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-LABEL: func.func @add_rank_expansion
// CHECK-SAME: (%[[A:.*]]: tensor<?x3x4xf32>, %[[B:.*]]: tensor<?x4xf32>, %[[C:.*]]: tensor<?x1x4xf32>)
// CHECK: %[[RA:.*]] = tensor.reshape %[[A]]
// CHECK: %[[BN:.*]] = tensor.dim %[[B]], %c0
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %[[BN]], %c1, %c4{{.*}} : tensor<3xindex>
// CHECK: %[[RB:.*]] = tensor.reshape %[[B]](%[[SHAPE]]) : (tensor<?x4xf32>, tensor<3xindex>) -> tensor<?x1x4xf32>
// CHECK: %[[RC:.*]] = tensor.reshape %[[C]]
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}) : tensor<?x3x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[BC]], #[[BC]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[RA]], %[[RB]], %[[RC]] : tensor<?x3x4xf32>, tensor<?x1x4xf32>, tensor<?x1x4xf32>) outs(%[[E]] : tensor<?x3x4xf32>)
// CHECK-NEXT: ^bb0(%[[X0:[^:]+]]: f32, %[[X1:[^:]+]]: f32, %[[X2:[^:]+]]: f32,
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[X0]], %[[X1]] : f32
// CHECK-NEXT: %[[T:.*]] = arith.addf %[[S]], %[[X2]] : f32
// CHECK-NEXT: linalg.yield %[[T]]
func.func @add_rank_expansion(%a: tensor<?x3x4xf32>, %b: tensor<?x4xf32>, %c: tensor<?x1x4xf32>) -> tensor<?x3x4xf32> {
  %0 = keras.add %a, %b, %c : (tensor<?x3x4xf32>, tensor<?x4xf32>, tensor<?x1x4xf32>) -> tensor<?x3x4xf32>
  return %0 : tensor<?x3x4xf32>
}

// -----

// Rank 2 against rank 4: two axes are inserted after the batch axis.
// CHECK-DAG: #[[ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[BC4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, 0, 0, d3)>
// CHECK-LABEL: func.func @multiply_two_new_axes
// CHECK-SAME: (%[[A:.*]]: tensor<?x2x3x5xf32>, %[[B:.*]]: tensor<?x5xf32>)
// CHECK: %[[RB:.*]] = tensor.reshape %[[B]]({{.*}}) : (tensor<?x5xf32>, tensor<4xindex>) -> tensor<?x1x1x5xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID4]], #[[BC4]], #[[ID4]]], {{.*}}} ins(%{{.*}}, %[[RB]] : tensor<?x2x3x5xf32>, tensor<?x1x1x5xf32>)
// CHECK: arith.mulf
func.func @multiply_two_new_axes(%a: tensor<?x2x3x5xf32>, %b: tensor<?x5xf32>) -> tensor<?x2x3x5xf32> {
  %0 = keras.multiply %a, %b : (tensor<?x2x3x5xf32>, tensor<?x5xf32>) -> tensor<?x2x3x5xf32>
  return %0 : tensor<?x2x3x5xf32>
}

// -----

// x0 - x1 in operand order; a size-1 last dim broadcasts.
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @subtract
// CHECK-SAME: (%[[A:.*]]: tensor<?x1xf32>, %[[B:.*]]: tensor<?x5xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[COL]], #[[ID2]], #[[ID2]]], {{.*}}} ins(%{{.*}}, %{{.*}} : tensor<?x1xf32>, tensor<?x5xf32>) outs(%{{.*}} : tensor<?x5xf32>)
// CHECK-NEXT: ^bb0(%[[X0:[^:]+]]: f32, %[[X1:[^:]+]]: f32,
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[X0]], %[[X1]] : f32
// CHECK-NEXT: linalg.yield %[[D]]
func.func @subtract(%a: tensor<?x1xf32>, %b: tensor<?x5xf32>) -> tensor<?x5xf32> {
  %0 = keras.subtract %a, %b : (tensor<?x1xf32>, tensor<?x5xf32>) -> tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}

// -----

// Sum divided by the number of inputs; dynamic dims come from the inputs.
// CHECK-LABEL: func.func @average_dynamic
// CHECK-SAME: (%[[A:.*]]: tensor<?x?x6xf32>, %[[B:.*]]: tensor<?x?x6xf32>, %[[C:.*]]: tensor<?x?x6xf32>)
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?x6xf32>
// CHECK: linalg.generic {{.*}} outs(%[[E]] : tensor<?x?x6xf32>)
// CHECK-NEXT: ^bb0(%[[X0:[^:]+]]: f32, %[[X1:[^:]+]]: f32, %[[X2:[^:]+]]: f32,
// CHECK: %[[S:.*]] = arith.addf %[[X0]], %[[X1]] : f32
// CHECK: %[[T:.*]] = arith.addf %[[S]], %[[X2]] : f32
// CHECK: %[[N:.*]] = arith.constant 3.000000e+00 : f32
// CHECK: %[[M:.*]] = arith.divf %[[T]], %[[N]] : f32
// CHECK: linalg.yield %[[M]]
func.func @average_dynamic(%a: tensor<?x?x6xf32>, %b: tensor<?x?x6xf32>, %c: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.average %a, %b, %c : (tensor<?x?x6xf32>, tensor<?x?x6xf32>, tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @maximum
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[X0:[^:]+]]: f32, %[[X1:[^:]+]]: f32,
// CHECK-NEXT: %[[R:.*]] = arith.maximumf %[[X0]], %[[X1]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @maximum(%a: tensor<?x?x6xf32>, %b: tensor<?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.maximum %a, %b : (tensor<?x?x6xf32>, tensor<?x6xf32>) -> tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @minimum
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[X0:[^:]+]]: f32, %[[X1:[^:]+]]: f32,
// CHECK-NEXT: %[[R:.*]] = arith.minimumf %[[X0]], %[[X1]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @minimum(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = keras.minimum %a, %b : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A single input: the generic copies it.
// CHECK-LABEL: func.func @add_single
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[X0:[^:]+]]: f32,
// CHECK-NEXT: linalg.yield %[[X0]]
func.func @add_single(%a: tensor<?x6xf32>) -> tensor<?x6xf32> {
  %0 = keras.add %a : (tensor<?x6xf32>) -> tensor<?x6xf32>
  return %0 : tensor<?x6xf32>
}
