// The ops that combine Keras masks (lib/Conversion/KerasToLinalg/MaskLowering.cpp).
// RUN: kiln-opt %s --kiln-lower-keras --split-input-file | FileCheck %s

// OR folds all masks in one elementwise generic; a dynamic dim of the result
// takes its size from the first mask.
// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @mask_or
// CHECK-SAME: (%[[A:.*]]: tensor<?x?xi1>, %[[B:.*]]: tensor<?x5xi1>, %[[C:.*]]: tensor<?x?xi1>)
// CHECK: %[[N:.*]] = tensor.dim %[[A]], %c0
// CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x5xi1>
// CHECK: %[[M:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ID2]], #[[ID2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[A]], %[[B]], %[[C]] : tensor<?x?xi1>, tensor<?x5xi1>, tensor<?x?xi1>) outs(%[[E]] : tensor<?x5xi1>)
// CHECK-NEXT: ^bb0(%[[X:[^:]+]]: i1, %[[Y:[^:]+]]: i1, %[[Z:[^:]+]]: i1,
// CHECK-NEXT: %[[XY:.*]] = arith.ori %[[X]], %[[Y]] : i1
// CHECK-NEXT: %[[XYZ:.*]] = arith.ori %[[XY]], %[[Z]] : i1
// CHECK-NEXT: linalg.yield %[[XYZ]] : i1
// CHECK: return %[[M]]
func.func @mask_or(%a: tensor<?x?xi1>, %b: tensor<?x5xi1>, %c: tensor<?x?xi1>) -> tensor<?x5xi1> {
  %0 = keras.mask_or %a, %b, %c : (tensor<?x?xi1>, tensor<?x5xi1>, tensor<?x?xi1>) -> tensor<?x5xi1>
  return %0 : tensor<?x5xi1>
}

// -----

// CHECK-LABEL: func.func @mask_and
// CHECK-SAME: (%[[A:.*]]: tensor<2xi1>, %[[B:.*]]: tensor<2xi1>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2xi1>
// CHECK: %[[M:.*]] = linalg.generic {{.*}} ins(%[[A]], %[[B]] : tensor<2xi1>, tensor<2xi1>) outs(%[[E]] : tensor<2xi1>)
// CHECK-NEXT: ^bb0(%[[X:[^:]+]]: i1, %[[Y:[^:]+]]: i1,
// CHECK-NEXT: %[[XY:.*]] = arith.andi %[[X]], %[[Y]] : i1
// CHECK-NEXT: linalg.yield %[[XY]] : i1
// CHECK: return %[[M]]
func.func @mask_and(%a: tensor<2xi1>, %b: tensor<2xi1>) -> tensor<2xi1> {
  %0 = keras.mask_and %a, %b : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// All True, with the input's batch size.
// CHECK-LABEL: func.func @full_mask
// CHECK-SAME: (%[[X:.*]]: tensor<?x7x4xf32>)
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %c0
// CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x7xi1>
// CHECK: %[[T:.*]] = arith.constant true
// CHECK: %[[M:.*]] = linalg.fill ins(%[[T]] : i1) outs(%[[E]] : tensor<?x7xi1>)
// CHECK: return %[[M]]
func.func @full_mask(%x: tensor<?x7x4xf32>) -> tensor<?x7xi1> {
  %0 = keras.full_mask %x : (tensor<?x7x4xf32>) -> tensor<?x7xi1>
  return %0 : tensor<?x7xi1>
}

// -----

// Each mask is inserted at its running offset along the axis, as Concatenate
// inserts tensors.
// CHECK-LABEL: func.func @concatenate_mask
// CHECK-SAME: (%[[A:.*]]: tensor<?x3xi1>, %[[B:.*]]: tensor<?x?xi1>)
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xi1>
// CHECK: %[[S0:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, %{{.*}}] [%{{.*}}, 3] [1, 1] : tensor<?x3xi1> into tensor<?x?xi1>
// CHECK: %[[OFF:.*]] = arith.addi %{{.*}}, %c3{{.*}} : index
// CHECK: %[[S1:.*]] = tensor.insert_slice %[[B]] into %[[S0]][0, %[[OFF]]] [%{{.*}}, %{{.*}}] [1, 1] : tensor<?x?xi1> into tensor<?x?xi1>
// CHECK: return %[[S1]]
func.func @concatenate_mask(%a: tensor<?x3xi1>, %b: tensor<?x?xi1>) -> tensor<?x?xi1> {
  %0 = keras.concatenate_mask %a, %b {axis = 1 : i64} : (tensor<?x3xi1>, tensor<?x?xi1>) -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}
