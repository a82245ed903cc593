// Round trip of every keras op, with and without its optional operands and
// attributes, through the custom and the generic form.
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

//===----------------------------------------------------------------------===//
// Core layers
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @dense
// GENERIC-LABEL: sym_name = "dense"
func.func @dense(%x: tensor<?x4xf32>, %x3: tensor<?x?x4xf32>, %k: tensor<4x3xf32>,
                 %b: tensor<3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x?x3xf32>) {
  // CHECK: keras.dense %{{.*}}, %{{.*}} activation <linear> : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  // GENERIC: "keras.dense"(%{{.*}}, %{{.*}}) <{activation = #keras.activation<linear>}> : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  %0 = keras.dense %x, %k activation <linear> : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  // CHECK: keras.dense %{{.*}}, %{{.*}}, %{{.*}} activation <gelu_approximate> : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  // GENERIC: "keras.dense"(%{{.*}}, %{{.*}}, %{{.*}}) <{activation = #keras.activation<gelu_approximate>}>
  %1 = keras.dense %x, %k, %b activation <gelu_approximate> : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  // CHECK: keras.dense %{{.*}}, %{{.*}}, %{{.*}} activation <relu> : (tensor<?x?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x?x3xf32>
  %2 = keras.dense %x3, %k, %b activation <relu> : (tensor<?x?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x?x3xf32>
  return %0, %1, %2 : tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x?x3xf32>
}

// CHECK-LABEL: func.func @einsum_dense
// GENERIC-LABEL: sym_name = "einsum_dense"
func.func @einsum_dense(%x: tensor<?x5x4xf32>, %k: tensor<4x2x3xf32>, %b: tensor<2x3xf32>,
                        %k2: tensor<4x6xf32>, %b2: tensor<6xf32>)
    -> (tensor<?x5x2x3xf32>, tensor<?x5x2x3xf32>, tensor<?x5x6xf32>) {
  // CHECK: keras.einsum_dense %{{.*}}, %{{.*}} equation "abc,cde->abde" activation <linear> : (tensor<?x5x4xf32>, tensor<4x2x3xf32>) -> tensor<?x5x2x3xf32>
  // GENERIC: "keras.einsum_dense"(%{{.*}}, %{{.*}}) <{activation = #keras.activation<linear>, equation = "abc,cde->abde"}>
  %0 = keras.einsum_dense %x, %k equation "abc,cde->abde" activation <linear> : (tensor<?x5x4xf32>, tensor<4x2x3xf32>) -> tensor<?x5x2x3xf32>
  // CHECK: keras.einsum_dense %{{.*}}, %{{.*}}, %{{.*}} equation "abc,cde->abde" activation <tanh> : (tensor<?x5x4xf32>, tensor<4x2x3xf32>, tensor<2x3xf32>) -> tensor<?x5x2x3xf32>
  %1 = keras.einsum_dense %x, %k, %b equation "abc,cde->abde" activation <tanh> : (tensor<?x5x4xf32>, tensor<4x2x3xf32>, tensor<2x3xf32>) -> tensor<?x5x2x3xf32>
  // CHECK: keras.einsum_dense %{{.*}}, %{{.*}}, %{{.*}} equation "...b,bc->...c" activation <relu>
  %2 = keras.einsum_dense %x, %k2, %b2 equation "...b,bc->...c" activation <relu> : (tensor<?x5x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x5x6xf32>
  return %0, %1, %2 : tensor<?x5x2x3xf32>, tensor<?x5x2x3xf32>, tensor<?x5x6xf32>
}

// CHECK-LABEL: func.func @activation_kinds
func.func @activation_kinds(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  // CHECK: keras.activation <linear> %{{.*}} : tensor<?x?x6xf32>
  %0 = keras.activation <linear> %x : tensor<?x?x6xf32>
  // CHECK: keras.activation <relu> %{{.*}} : tensor<?x?x6xf32>
  %1 = keras.activation <relu> %0 : tensor<?x?x6xf32>
  // CHECK: keras.activation <relu6> %{{.*}} : tensor<?x?x6xf32>
  %2 = keras.activation <relu6> %1 : tensor<?x?x6xf32>
  // CHECK: keras.activation <leaky_relu> %{{.*}} : tensor<?x?x6xf32>
  %3 = keras.activation <leaky_relu> %2 : tensor<?x?x6xf32>
  // CHECK: keras.activation <elu> %{{.*}} : tensor<?x?x6xf32>
  %4 = keras.activation <elu> %3 : tensor<?x?x6xf32>
  // CHECK: keras.activation <selu> %{{.*}} : tensor<?x?x6xf32>
  %5 = keras.activation <selu> %4 : tensor<?x?x6xf32>
  // CHECK: keras.activation <gelu> %{{.*}} : tensor<?x?x6xf32>
  %6 = keras.activation <gelu> %5 : tensor<?x?x6xf32>
  // CHECK: keras.activation <gelu_approximate> %{{.*}} : tensor<?x?x6xf32>
  %7 = keras.activation <gelu_approximate> %6 : tensor<?x?x6xf32>
  // CHECK: keras.activation <sigmoid> %{{.*}} : tensor<?x?x6xf32>
  %8 = keras.activation <sigmoid> %7 : tensor<?x?x6xf32>
  // CHECK: keras.activation <hard_sigmoid> %{{.*}} : tensor<?x?x6xf32>
  %9 = keras.activation <hard_sigmoid> %8 : tensor<?x?x6xf32>
  // CHECK: keras.activation <hard_sigmoid_keras2> %{{.*}} : tensor<?x?x6xf32>
  %10 = keras.activation <hard_sigmoid_keras2> %9 : tensor<?x?x6xf32>
  // CHECK: keras.activation <hard_silu> %{{.*}} : tensor<?x?x6xf32>
  %11 = keras.activation <hard_silu> %10 : tensor<?x?x6xf32>
  // CHECK: keras.activation <tanh> %{{.*}} : tensor<?x?x6xf32>
  %12 = keras.activation <tanh> %11 : tensor<?x?x6xf32>
  // CHECK: keras.activation <softmax> %{{.*}} : tensor<?x?x6xf32>
  %13 = keras.activation <softmax> %12 : tensor<?x?x6xf32>
  // CHECK: keras.activation <log_softmax> %{{.*}} : tensor<?x?x6xf32>
  %14 = keras.activation <log_softmax> %13 : tensor<?x?x6xf32>
  // CHECK: keras.activation <silu> %{{.*}} : tensor<?x?x6xf32>
  %15 = keras.activation <silu> %14 : tensor<?x?x6xf32>
  // CHECK: keras.activation <softplus> %{{.*}} : tensor<?x?x6xf32>
  %16 = keras.activation <softplus> %15 : tensor<?x?x6xf32>
  // CHECK: keras.activation <softsign> %{{.*}} : tensor<?x?x6xf32>
  %17 = keras.activation <softsign> %16 : tensor<?x?x6xf32>
  // CHECK: keras.activation <exponential> %{{.*}} : tensor<?x?x6xf32>
  %18 = keras.activation <exponential> %17 : tensor<?x?x6xf32>
  // CHECK: keras.activation <mish> %{{.*}} : tensor<?x?x6xf32>
  %19 = keras.activation <mish> %18 : tensor<?x?x6xf32>
  // CHECK: keras.activation <celu> %{{.*}} : tensor<?x?x6xf32>
  %20 = keras.activation <celu> %19 : tensor<?x?x6xf32>
  // CHECK: keras.activation <squareplus> %{{.*}} : tensor<?x?x6xf32>
  %21 = keras.activation <squareplus> %20 : tensor<?x?x6xf32>
  // CHECK: keras.activation <soft_shrink> %{{.*}} : tensor<?x?x6xf32>
  %22 = keras.activation <soft_shrink> %21 : tensor<?x?x6xf32>
  // CHECK: keras.activation <hard_shrink> %{{.*}} : tensor<?x?x6xf32>
  %23 = keras.activation <hard_shrink> %22 : tensor<?x?x6xf32>
  // CHECK: keras.activation <tanh_shrink> %{{.*}} : tensor<?x?x6xf32>
  %24 = keras.activation <tanh_shrink> %23 : tensor<?x?x6xf32>
  // CHECK: keras.activation <hard_tanh> %{{.*}} : tensor<?x?x6xf32>
  %25 = keras.activation <hard_tanh> %24 : tensor<?x?x6xf32>
  // CHECK: keras.activation <sparse_plus> %{{.*}} : tensor<?x?x6xf32>
  %26 = keras.activation <sparse_plus> %25 : tensor<?x?x6xf32>
  // CHECK: keras.activation <sparse_sigmoid> %{{.*}} : tensor<?x?x6xf32>
  %27 = keras.activation <sparse_sigmoid> %26 : tensor<?x?x6xf32>
  // CHECK: keras.activation <log_sigmoid> %{{.*}} : tensor<?x?x6xf32>
  %28 = keras.activation <log_sigmoid> %27 : tensor<?x?x6xf32>
  // CHECK: keras.activation <relu_general> %{{.*}} : tensor<?x?x6xf32>
  %29 = keras.activation <relu_general> %28 : tensor<?x?x6xf32>
  // CHECK: keras.activation <thresholded_relu> %{{.*}} : tensor<?x?x6xf32>
  %30 = keras.activation <thresholded_relu> %29 : tensor<?x?x6xf32>
  return %30 : tensor<?x?x6xf32>
}

// CHECK-LABEL: func.func @activation_params
// GENERIC-LABEL: sym_name = "activation_params"
func.func @activation_params(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK: keras.activation <leaky_relu> %{{.*}} {alpha = 3.000000e-01 : f64} : tensor<2x3xf32>
  // GENERIC: "keras.activation"(%{{.*}}) <{alpha = 3.000000e-01 : f64, kind = #keras.activation<leaky_relu>}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = keras.activation <leaky_relu> %x {alpha = 0.3 : f64} : tensor<2x3xf32>
  // CHECK: keras.activation <soft_shrink> %{{.*}} {threshold = 2.500000e-01 : f64} : tensor<2x3xf32>
  %1 = keras.activation <soft_shrink> %0 {threshold = 0.25 : f64} : tensor<2x3xf32>
  // CHECK: keras.activation <relu_general> %{{.*}} {alpha = 1.000000e-01 : f64, max_value = 6.000000e+00 : f64, threshold = 5.000000e-01 : f64} : tensor<2x3xf32>
  // GENERIC: "keras.activation"(%{{.*}}) <{alpha = 1.000000e-01 : f64, kind = #keras.activation<relu_general>, max_value = 6.000000e+00 : f64, threshold = 5.000000e-01 : f64}>
  %2 = keras.activation <relu_general> %1 {max_value = 6.0 : f64, threshold = 0.5 : f64, alpha = 0.1 : f64} : tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @dropout_rescaling
// GENERIC-LABEL: sym_name = "dropout_rescaling"
func.func @dropout_rescaling(%x: tensor<?x4xf32>, %ids: tensor<?x7xi32>) -> (tensor<?x4xf32>, tensor<?x7xi32>) {
  // CHECK: keras.dropout "GaussianNoise" %{{.*}} : tensor<?x4xf32>
  // GENERIC: "keras.dropout"(%{{.*}}) <{layer_class = "GaussianNoise"}> : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %0 = keras.dropout "GaussianNoise" %x : tensor<?x4xf32>
  // Dropout takes any tensor, integer ones too.
  // CHECK: keras.dropout "Dropout" %{{.*}} : tensor<?x7xi32>
  %1 = keras.dropout "Dropout" %ids : tensor<?x7xi32>
  // CHECK: keras.rescaling %{{.*}} {offset = -1.000000e+00 : f64, scale = 7.812500e-03 : f64} : tensor<?x4xf32>
  // GENERIC: "keras.rescaling"(%{{.*}}) <{offset = -1.000000e+00 : f64, scale = 7.812500e-03 : f64}>
  %2 = keras.rescaling %0 {scale = 0.0078125 : f64, offset = -1.0 : f64} : tensor<?x4xf32>
  return %2, %1 : tensor<?x4xf32>, tensor<?x7xi32>
}

//===----------------------------------------------------------------------===//
// Reshaping
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reshaping
// GENERIC-LABEL: sym_name = "reshaping"
func.func @reshaping(%x: tensor<?x4x6xf32>, %d: tensor<?x?x6xf32>, %v: tensor<?x5xf32>)
    -> (tensor<?x24xf32>, tensor<?x?xf32>, tensor<?x2x12xf32>, tensor<?x3x?xf32>,
        tensor<?x6x4xf32>, tensor<?x3x5xf32>) {
  // CHECK: keras.flatten %{{.*}} : (tensor<?x4x6xf32>) -> tensor<?x24xf32>
  // GENERIC: "keras.flatten"(%{{.*}}) : (tensor<?x4x6xf32>) -> tensor<?x24xf32>
  %0 = keras.flatten %x : (tensor<?x4x6xf32>) -> tensor<?x24xf32>
  // CHECK: keras.flatten %{{.*}} : (tensor<?x?x6xf32>) -> tensor<?x?xf32>
  %1 = keras.flatten %d : (tensor<?x?x6xf32>) -> tensor<?x?xf32>
  // CHECK: keras.reshape %{{.*}} : (tensor<?x4x6xf32>) -> tensor<?x2x12xf32>
  // GENERIC: "keras.reshape"(%{{.*}}) : (tensor<?x4x6xf32>) -> tensor<?x2x12xf32>
  %2 = keras.reshape %x : (tensor<?x4x6xf32>) -> tensor<?x2x12xf32>
  // CHECK: keras.reshape %{{.*}} : (tensor<?x?x6xf32>) -> tensor<?x3x?xf32>
  %3 = keras.reshape %d : (tensor<?x?x6xf32>) -> tensor<?x3x?xf32>
  // CHECK: keras.permute %{{.*}} [0, 2, 1] : (tensor<?x4x6xf32>) -> tensor<?x6x4xf32>
  // GENERIC: "keras.permute"(%{{.*}}) <{permutation = array<i64: 0, 2, 1>}> : (tensor<?x4x6xf32>) -> tensor<?x6x4xf32>
  %4 = keras.permute %x [0, 2, 1] : (tensor<?x4x6xf32>) -> tensor<?x6x4xf32>
  // CHECK: keras.repeat_vector %{{.*}} {n = 3 : i64} : (tensor<?x5xf32>) -> tensor<?x3x5xf32>
  // GENERIC: "keras.repeat_vector"(%{{.*}}) <{n = 3 : i64}> : (tensor<?x5xf32>) -> tensor<?x3x5xf32>
  %5 = keras.repeat_vector %v {n = 3 : i64} : (tensor<?x5xf32>) -> tensor<?x3x5xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<?x24xf32>, tensor<?x?xf32>, tensor<?x2x12xf32>,
      tensor<?x3x?xf32>, tensor<?x6x4xf32>, tensor<?x3x5xf32>
}

//===----------------------------------------------------------------------===//
// Merging
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @merging
// GENERIC-LABEL: sym_name = "merging"
func.func @merging(%a: tensor<?x3x4xf32>, %b: tensor<?x4xf32>, %c: tensor<?x1x4xf32>)
    -> (tensor<?x3x4xf32>, tensor<?x3x4xf32>, tensor<?x3x4xf32>, tensor<?x3x4xf32>,
        tensor<?x3x4xf32>, tensor<?x3x4xf32>, tensor<?x3x4xf32>) {
  // CHECK: keras.add %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?x3x4xf32>, tensor<?x4xf32>, tensor<?x1x4xf32>) -> tensor<?x3x4xf32>
  // GENERIC: "keras.add"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<?x3x4xf32>, tensor<?x4xf32>, tensor<?x1x4xf32>) -> tensor<?x3x4xf32>
  %0 = keras.add %a, %b, %c : (tensor<?x3x4xf32>, tensor<?x4xf32>, tensor<?x1x4xf32>) -> tensor<?x3x4xf32>
  // CHECK: keras.subtract %{{.*}}, %{{.*}} : (tensor<?x3x4xf32>, tensor<?x4xf32>) -> tensor<?x3x4xf32>
  %1 = keras.subtract %a, %b : (tensor<?x3x4xf32>, tensor<?x4xf32>) -> tensor<?x3x4xf32>
  // CHECK: keras.multiply %{{.*}}, %{{.*}} : (tensor<?x3x4xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  %2 = keras.multiply %a, %a : (tensor<?x3x4xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  // CHECK: keras.average %{{.*}}, %{{.*}} : (tensor<?x3x4xf32>, tensor<?x1x4xf32>) -> tensor<?x3x4xf32>
  %3 = keras.average %a, %c : (tensor<?x3x4xf32>, tensor<?x1x4xf32>) -> tensor<?x3x4xf32>
  // CHECK: keras.maximum %{{.*}}, %{{.*}} : (tensor<?x3x4xf32>, tensor<?x4xf32>) -> tensor<?x3x4xf32>
  %4 = keras.maximum %a, %b : (tensor<?x3x4xf32>, tensor<?x4xf32>) -> tensor<?x3x4xf32>
  // CHECK: keras.minimum %{{.*}} : (tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  %5 = keras.minimum %a : (tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  // CHECK: keras.concatenate %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<?x3x4xf32>, tensor<?x1x4xf32>) -> tensor<?x4x4xf32>
  // GENERIC: "keras.concatenate"(%{{.*}}, %{{.*}}) <{axis = 1 : i64}> : (tensor<?x3x4xf32>, tensor<?x1x4xf32>) -> tensor<?x4x4xf32>
  %6 = keras.concatenate %a, %c {axis = 1 : i64} : (tensor<?x3x4xf32>, tensor<?x1x4xf32>) -> tensor<?x4x4xf32>
  // CHECK: keras.concatenate %{{.*}}, %{{.*}} {axis = 2 : i64} : (tensor<?x4x4xf32>, tensor<?x4x4xf32>) -> tensor<?x4x8xf32>
  %7 = keras.concatenate %6, %6 {axis = 2 : i64} : (tensor<?x4x4xf32>, tensor<?x4x4xf32>) -> tensor<?x4x8xf32>
  return %0, %1, %2, %3, %4, %5, %0 : tensor<?x3x4xf32>, tensor<?x3x4xf32>, tensor<?x3x4xf32>,
      tensor<?x3x4xf32>, tensor<?x3x4xf32>, tensor<?x3x4xf32>, tensor<?x3x4xf32>
}

// CHECK-LABEL: func.func @dot
// GENERIC-LABEL: sym_name = "dot"
func.func @dot(%a: tensor<?x3x4xf32>, %b: tensor<?x5x4xf32>, %v: tensor<?x4xf32>)
    -> (tensor<?x3x5xf32>, tensor<?x1xf32>) {
  // CHECK: keras.dot %{{.*}}, %{{.*}} {axes = array<i64: 2, 2>, normalize = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>) -> tensor<?x3x5xf32>
  // GENERIC: "keras.dot"(%{{.*}}, %{{.*}}) <{axes = array<i64: 2, 2>, normalize = false}> : (tensor<?x3x4xf32>, tensor<?x5x4xf32>) -> tensor<?x3x5xf32>
  %0 = keras.dot %a, %b {axes = array<i64: 2, 2>, normalize = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>) -> tensor<?x3x5xf32>
  // CHECK: keras.dot %{{.*}}, %{{.*}} {axes = array<i64: 1, 1>, normalize = true} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x1xf32>
  %1 = keras.dot %v, %v {axes = array<i64: 1, 1>, normalize = true} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x1xf32>
  return %0, %1 : tensor<?x3x5xf32>, tensor<?x1xf32>
}

//===----------------------------------------------------------------------===//
// Normalization, softmax, embedding
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @normalization
// GENERIC-LABEL: sym_name = "normalization"
func.func @normalization(%x: tensor<?x?x6xf32>, %p: tensor<6xf32>, %p2: tensor<5x6xf32>,
                         %y: tensor<?x5x6xf32>) -> tensor<?x?x6xf32> {
  // CHECK: keras.softmax %{{.*}} [2] : tensor<?x?x6xf32>
  // GENERIC: "keras.softmax"(%{{.*}}) <{axes = array<i64: 2>}> : (tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  %0 = keras.softmax %x [2] : tensor<?x?x6xf32>
  // CHECK: keras.softmax %{{.*}} [1, 2] : tensor<?x?x6xf32>
  %1 = keras.softmax %0 [1, 2] : tensor<?x?x6xf32>
  // CHECK: keras.layer_normalization %{{.*}} gamma %{{.*}} beta %{{.*}} {axes = array<i64: 2>, epsilon = 1.000000e-03 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  // GENERIC: "keras.layer_normalization"(%{{.*}}, %{{.*}}, %{{.*}}) <{axes = array<i64: 2>, epsilon = 1.000000e-03 : f64, operandSegmentSizes = array<i32: 1, 1, 1>}>
  %2 = keras.layer_normalization %1 gamma %p beta %p {axes = array<i64: 2>, epsilon = 1.0e-3 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  // CHECK: keras.layer_normalization %{{.*}} gamma %{{.*}} {axes = array<i64: 2>, epsilon = 1.000000e-05 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  // GENERIC: "keras.layer_normalization"(%{{.*}}, %{{.*}}) <{axes = array<i64: 2>, epsilon = 1.000000e-05 : f64, operandSegmentSizes = array<i32: 1, 1, 0>}>
  %3 = keras.layer_normalization %2 gamma %p {axes = array<i64: 2>, epsilon = 1.0e-5 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  // CHECK: keras.layer_normalization %{{.*}} beta %{{.*}} {axes = array<i64: 2>, epsilon = 1.000000e-03 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  // GENERIC: "keras.layer_normalization"(%{{.*}}, %{{.*}}) <{axes = array<i64: 2>, epsilon = 1.000000e-03 : f64, operandSegmentSizes = array<i32: 1, 0, 1>}>
  %4 = keras.layer_normalization %3 beta %p {axes = array<i64: 2>, epsilon = 1.0e-3 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  // CHECK: keras.layer_normalization %{{.*}} {axes = array<i64: 2>, epsilon = 1.000000e-03 : f64} : (tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  %5 = keras.layer_normalization %4 {axes = array<i64: 2>, epsilon = 1.0e-3 : f64} : (tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  // CHECK: keras.layer_normalization %{{.*}} gamma %{{.*}} beta %{{.*}} {axes = array<i64: 1, 2>, epsilon = 1.000000e-03 : f64} : (tensor<?x5x6xf32>, tensor<5x6xf32>, tensor<5x6xf32>) -> tensor<?x5x6xf32>
  %6 = keras.layer_normalization %y gamma %p2 beta %p2 {axes = array<i64: 1, 2>, epsilon = 1.0e-3 : f64} : (tensor<?x5x6xf32>, tensor<5x6xf32>, tensor<5x6xf32>) -> tensor<?x5x6xf32>
  // CHECK: keras.batch_normalization %{{.*}} gamma %{{.*}} beta %{{.*}} mean %{{.*}} variance %{{.*}} {axis = 2 : i64, epsilon = 1.000000e-03 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  // GENERIC: "keras.batch_normalization"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) <{axis = 2 : i64, epsilon = 1.000000e-03 : f64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1>}>
  %7 = keras.batch_normalization %5 gamma %p beta %p mean %p variance %p {axis = 2 : i64, epsilon = 1.0e-3 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  // CHECK: keras.batch_normalization %{{.*}} gamma %{{.*}} mean %{{.*}} variance %{{.*}} {axis = 2 : i64, epsilon = 1.000000e-03 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  // GENERIC: "keras.batch_normalization"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) <{axis = 2 : i64, epsilon = 1.000000e-03 : f64, operandSegmentSizes = array<i32: 1, 1, 0, 1, 1>}>
  %8 = keras.batch_normalization %7 gamma %p mean %p variance %p {axis = 2 : i64, epsilon = 1.0e-3 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  // CHECK: keras.batch_normalization %{{.*}} beta %{{.*}} mean %{{.*}} variance %{{.*}} {axis = 2 : i64, epsilon = 1.000000e-03 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  %9 = keras.batch_normalization %8 beta %p mean %p variance %p {axis = 2 : i64, epsilon = 1.0e-3 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  // CHECK: keras.batch_normalization %{{.*}} mean %{{.*}} variance %{{.*}} {axis = 2 : i64, epsilon = 0.000000e+00 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  // GENERIC: "keras.batch_normalization"(%{{.*}}, %{{.*}}, %{{.*}}) <{axis = 2 : i64, epsilon = 0.000000e+00 : f64, operandSegmentSizes = array<i32: 1, 0, 0, 1, 1>}>
  %10 = keras.batch_normalization %9 mean %p variance %p {axis = 2 : i64, epsilon = 0.0 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  return %10 : tensor<?x?x6xf32>
}

// CHECK-LABEL: func.func @embedding
// GENERIC-LABEL: sym_name = "embedding"
func.func @embedding(%i: tensor<?x?xi32>, %f: tensor<?x7xf32>, %t: tensor<10x4xf32>)
    -> (tensor<?x?x4xf32>, tensor<?x7x4xf32>) {
  // CHECK: keras.embedding %{{.*}}, %{{.*}} : (tensor<?x?xi32>, tensor<10x4xf32>) -> tensor<?x?x4xf32>
  // GENERIC: "keras.embedding"(%{{.*}}, %{{.*}}) : (tensor<?x?xi32>, tensor<10x4xf32>) -> tensor<?x?x4xf32>
  %0 = keras.embedding %i, %t : (tensor<?x?xi32>, tensor<10x4xf32>) -> tensor<?x?x4xf32>
  // CHECK: keras.embedding %{{.*}}, %{{.*}} : (tensor<?x7xf32>, tensor<10x4xf32>) -> tensor<?x7x4xf32>
  %1 = keras.embedding %f, %t : (tensor<?x7xf32>, tensor<10x4xf32>) -> tensor<?x7x4xf32>
  return %0, %1 : tensor<?x?x4xf32>, tensor<?x7x4xf32>
}

//===----------------------------------------------------------------------===//
// Pooling and convolution
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @masking
// GENERIC-LABEL: sym_name = "masking"
func.func @masking(%ids: tensor<?x?xi32>, %fids: tensor<?x7xf32>, %x: tensor<?x?x6xf32>,
                   %y: tensor<?x7x6xf32>) -> (tensor<?x6xf32>, tensor<?x1x6xf32>) {
  // CHECK: %[[M:.*]] = keras.embedding_mask %{{.*}} : (tensor<?x?xi32>) -> tensor<?x?xi1>
  // GENERIC: "keras.embedding_mask"(%{{.*}}) : (tensor<?x?xi32>) -> tensor<?x?xi1>
  %m = keras.embedding_mask %ids : (tensor<?x?xi32>) -> tensor<?x?xi1>
  // CHECK: %[[MF:.*]] = keras.embedding_mask %{{.*}} : (tensor<?x7xf32>) -> tensor<?x7xi1>
  %mf = keras.embedding_mask %fids : (tensor<?x7xf32>) -> tensor<?x7xi1>
  // CHECK: keras.global_average_pooling1d %{{.*}} mask %[[M]] : tensor<?x?xi1> {keepdims = false} : (tensor<?x?x6xf32>) -> tensor<?x6xf32>
  // GENERIC: "keras.global_average_pooling1d"(%{{.*}}, %{{.*}}) <{keepdims = false}> : (tensor<?x?x6xf32>, tensor<?x?xi1>) -> tensor<?x6xf32>
  %0 = keras.global_average_pooling1d %x mask %m : tensor<?x?xi1> {keepdims = false} : (tensor<?x?x6xf32>) -> tensor<?x6xf32>
  // CHECK: keras.global_average_pooling1d %{{.*}} mask %[[MF]] : tensor<?x7xi1> {keepdims = true} : (tensor<?x7x6xf32>) -> tensor<?x1x6xf32>
  %1 = keras.global_average_pooling1d %y mask %mf : tensor<?x7xi1> {keepdims = true} : (tensor<?x7x6xf32>) -> tensor<?x1x6xf32>
  return %0, %1 : tensor<?x6xf32>, tensor<?x1x6xf32>
}


// CHECK-LABEL: func.func @pooling
// GENERIC-LABEL: sym_name = "pooling"
func.func @pooling(%x: tensor<?x?x6xf32>, %s: tensor<2x9x6xf32>)
    -> (tensor<?x6xf32>, tensor<?x1x6xf32>, tensor<?x6xf32>, tensor<?x1x6xf32>,
        tensor<2x4x6xf32>, tensor<2x5x6xf32>, tensor<?x?x6xf32>) {
  // CHECK: keras.global_average_pooling1d %{{.*}} {keepdims = false} : (tensor<?x?x6xf32>) -> tensor<?x6xf32>
  // GENERIC: "keras.global_average_pooling1d"(%{{.*}}) <{keepdims = false}> : (tensor<?x?x6xf32>) -> tensor<?x6xf32>
  %0 = keras.global_average_pooling1d %x {keepdims = false} : (tensor<?x?x6xf32>) -> tensor<?x6xf32>
  // CHECK: keras.global_average_pooling1d %{{.*}} {keepdims = true} : (tensor<?x?x6xf32>) -> tensor<?x1x6xf32>
  %1 = keras.global_average_pooling1d %x {keepdims = true} : (tensor<?x?x6xf32>) -> tensor<?x1x6xf32>
  // CHECK: keras.global_max_pooling1d %{{.*}} {keepdims = false} : (tensor<?x?x6xf32>) -> tensor<?x6xf32>
  // GENERIC: "keras.global_max_pooling1d"(%{{.*}}) <{keepdims = false}> : (tensor<?x?x6xf32>) -> tensor<?x6xf32>
  %2 = keras.global_max_pooling1d %x {keepdims = false} : (tensor<?x?x6xf32>) -> tensor<?x6xf32>
  // CHECK: keras.global_max_pooling1d %{{.*}} {keepdims = true} : (tensor<?x?x6xf32>) -> tensor<?x1x6xf32>
  %3 = keras.global_max_pooling1d %x {keepdims = true} : (tensor<?x?x6xf32>) -> tensor<?x1x6xf32>
  // CHECK: keras.max_pooling1d %{{.*}} padding <valid> {pool_size = 2 : i64, stride = 2 : i64} : (tensor<2x9x6xf32>) -> tensor<2x4x6xf32>
  // GENERIC: "keras.max_pooling1d"(%{{.*}}) <{padding = #keras.padding<valid>, pool_size = 2 : i64, stride = 2 : i64}> : (tensor<2x9x6xf32>) -> tensor<2x4x6xf32>
  %4 = keras.max_pooling1d %s padding <valid> {pool_size = 2 : i64, stride = 2 : i64} : (tensor<2x9x6xf32>) -> tensor<2x4x6xf32>
  // CHECK: keras.average_pooling1d %{{.*}} padding <same> {pool_size = 3 : i64, stride = 2 : i64} : (tensor<2x9x6xf32>) -> tensor<2x5x6xf32>
  // GENERIC: "keras.average_pooling1d"(%{{.*}}) <{padding = #keras.padding<same>, pool_size = 3 : i64, stride = 2 : i64}> : (tensor<2x9x6xf32>) -> tensor<2x5x6xf32>
  %5 = keras.average_pooling1d %s padding <same> {pool_size = 3 : i64, stride = 2 : i64} : (tensor<2x9x6xf32>) -> tensor<2x5x6xf32>
  // CHECK: keras.max_pooling1d %{{.*}} padding <same> {pool_size = 3 : i64, stride = 1 : i64} : (tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  %6 = keras.max_pooling1d %x padding <same> {pool_size = 3 : i64, stride = 1 : i64} : (tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<?x6xf32>, tensor<?x1x6xf32>, tensor<?x6xf32>,
      tensor<?x1x6xf32>, tensor<2x4x6xf32>, tensor<2x5x6xf32>, tensor<?x?x6xf32>
}

// CHECK-LABEL: func.func @conv1d
// GENERIC-LABEL: sym_name = "conv1d"
func.func @conv1d(%x: tensor<?x10x4xf32>, %d: tensor<?x?x4xf32>, %k: tensor<3x4x8xf32>,
                  %b: tensor<8xf32>)
    -> (tensor<?x8x8xf32>, tensor<?x5x8xf32>, tensor<?x10x8xf32>, tensor<?x?x8xf32>) {
  // CHECK: keras.conv1d %{{.*}}, %{{.*}} padding <valid> activation <linear> {dilation = 1 : i64, stride = 1 : i64} : (tensor<?x10x4xf32>, tensor<3x4x8xf32>) -> tensor<?x8x8xf32>
  // GENERIC: "keras.conv1d"(%{{.*}}, %{{.*}}) <{activation = #keras.activation<linear>, dilation = 1 : i64, padding = #keras.padding<valid>, stride = 1 : i64}> : (tensor<?x10x4xf32>, tensor<3x4x8xf32>) -> tensor<?x8x8xf32>
  %0 = keras.conv1d %x, %k padding <valid> activation <linear> {stride = 1 : i64, dilation = 1 : i64} : (tensor<?x10x4xf32>, tensor<3x4x8xf32>) -> tensor<?x8x8xf32>
  // CHECK: keras.conv1d %{{.*}}, %{{.*}}, %{{.*}} padding <same> activation <relu> {dilation = 1 : i64, stride = 2 : i64} : (tensor<?x10x4xf32>, tensor<3x4x8xf32>, tensor<8xf32>) -> tensor<?x5x8xf32>
  // GENERIC: "keras.conv1d"(%{{.*}}, %{{.*}}, %{{.*}}) <{activation = #keras.activation<relu>, dilation = 1 : i64, padding = #keras.padding<same>, stride = 2 : i64}>
  %1 = keras.conv1d %x, %k, %b padding <same> activation <relu> {stride = 2 : i64, dilation = 1 : i64} : (tensor<?x10x4xf32>, tensor<3x4x8xf32>, tensor<8xf32>) -> tensor<?x5x8xf32>
  // CHECK: keras.conv1d %{{.*}}, %{{.*}}, %{{.*}} padding <causal> activation <gelu> {dilation = 2 : i64, stride = 1 : i64} : (tensor<?x10x4xf32>, tensor<3x4x8xf32>, tensor<8xf32>) -> tensor<?x10x8xf32>
  %2 = keras.conv1d %x, %k, %b padding <causal> activation <gelu> {stride = 1 : i64, dilation = 2 : i64} : (tensor<?x10x4xf32>, tensor<3x4x8xf32>, tensor<8xf32>) -> tensor<?x10x8xf32>
  // CHECK: keras.conv1d %{{.*}}, %{{.*}} padding <same> activation <linear> {dilation = 1 : i64, stride = 1 : i64} : (tensor<?x?x4xf32>, tensor<3x4x8xf32>) -> tensor<?x?x8xf32>
  %3 = keras.conv1d %d, %k padding <same> activation <linear> {stride = 1 : i64, dilation = 1 : i64} : (tensor<?x?x4xf32>, tensor<3x4x8xf32>) -> tensor<?x?x8xf32>
  return %0, %1, %2, %3 : tensor<?x8x8xf32>, tensor<?x5x8xf32>, tensor<?x10x8xf32>, tensor<?x?x8xf32>
}

// glu halves the last axis (static or dynamic); sparsemax is an activation kind.
// CHECK-LABEL: func.func @glu_and_sparsemax
// CHECK: keras.glu %{{.*}} : (tensor<?x8xf32>) -> tensor<?x4xf32>
// CHECK: keras.glu %{{.*}} : (tensor<2x?xf32>) -> tensor<2x?xf32>
// CHECK: keras.activation <sparsemax> %{{.*}} : tensor<?x4xf32>
func.func @glu_and_sparsemax(%x: tensor<?x8xf32>, %y: tensor<2x?xf32>) -> (tensor<?x4xf32>, tensor<2x?xf32>) {
  %0 = keras.glu %x : (tensor<?x8xf32>) -> tensor<?x4xf32>
  %1 = keras.glu %y : (tensor<2x?xf32>) -> tensor<2x?xf32>
  %2 = keras.activation <sparsemax> %0 : tensor<?x4xf32>
  return %2, %1 : tensor<?x4xf32>, tensor<2x?xf32>
}
