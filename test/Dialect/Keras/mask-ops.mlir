// Round trip of the ops that combine Keras masks (i1 tensors of a tensor's
// shape without its last axis), through the custom and the generic form.
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// CHECK-LABEL: func.func @mask_or
// CHECK: keras.mask_or %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?x?xi1>, tensor<?x5xi1>, tensor<?x?xi1>) -> tensor<?x5xi1>
func.func @mask_or(%a: tensor<?x?xi1>, %b: tensor<?x5xi1>, %c: tensor<?x?xi1>) -> tensor<?x5xi1> {
  %0 = keras.mask_or %a, %b, %c : (tensor<?x?xi1>, tensor<?x5xi1>, tensor<?x?xi1>) -> tensor<?x5xi1>
  return %0 : tensor<?x5xi1>
}

// CHECK-LABEL: func.func @mask_and
// CHECK: keras.mask_and %{{.*}}, %{{.*}} : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
func.func @mask_and(%a: tensor<2xi1>, %b: tensor<2xi1>) -> tensor<2xi1> {
  %0 = keras.mask_and %a, %b : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// Any element type: the mask of an unmasked float sequence or of int ids.
// CHECK-LABEL: func.func @full_mask
// CHECK: keras.full_mask %{{.*}} : (tensor<?x7x4xf32>) -> tensor<?x7xi1>
// CHECK: keras.full_mask %{{.*}} : (tensor<3x2xi32>) -> tensor<3xi1>
func.func @full_mask(%x: tensor<?x7x4xf32>, %ids: tensor<3x2xi32>) -> (tensor<?x7xi1>, tensor<3xi1>) {
  %0 = keras.full_mask %x : (tensor<?x7x4xf32>) -> tensor<?x7xi1>
  %1 = keras.full_mask %ids : (tensor<3x2xi32>) -> tensor<3xi1>
  return %0, %1 : tensor<?x7xi1>, tensor<3xi1>
}

// Sizes along the axis add up; a dynamic one makes the result dynamic.
// CHECK-LABEL: func.func @concatenate_mask
// CHECK: keras.concatenate_mask %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<?x3xi1>, tensor<?x5xi1>) -> tensor<?x8xi1>
// CHECK: keras.concatenate_mask %{{.*}}, %{{.*}}, %{{.*}} {axis = 2 : i64} : (tensor<2x4x1xi1>, tensor<2x4x?xi1>, tensor<2x?x3xi1>) -> tensor<2x4x?xi1>
func.func @concatenate_mask(%a: tensor<?x3xi1>, %b: tensor<?x5xi1>, %c: tensor<2x4x1xi1>,
                            %d: tensor<2x4x?xi1>, %e: tensor<2x?x3xi1>) -> (tensor<?x8xi1>, tensor<2x4x?xi1>) {
  %0 = keras.concatenate_mask %a, %b {axis = 1 : i64} : (tensor<?x3xi1>, tensor<?x5xi1>) -> tensor<?x8xi1>
  %1 = keras.concatenate_mask %c, %d, %e {axis = 2 : i64} : (tensor<2x4x1xi1>, tensor<2x4x?xi1>, tensor<2x?x3xi1>) -> tensor<2x4x?xi1>
  return %0, %1 : tensor<?x8xi1>, tensor<2x4x?xi1>
}
