// The model function's arguments are the caller's memory: kiln-lower-keras
// marks them read-only for bufferization. Other functions are left alone.
// RUN: kiln-opt %s --kiln-lower-keras --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @model
// CHECK-SAME: (%{{.*}}: tensor<?x4xf32> {bufferization.writable = false}, %{{.*}}: tensor<?x7xi32> {bufferization.writable = false})
// CHECK-SAME: attributes {kiln.input_names = ["x", "ids"], kiln.model, kiln.output_names = ["y", "e"]}
// CHECK-NOT: keras.
func.func @model(%x: tensor<?x4xf32>, %ids: tensor<?x7xi32>) -> (tensor<?x3xf32>, tensor<?x7x2xf32>)
    attributes {kiln.model, kiln.input_names = ["x", "ids"], kiln.output_names = ["y", "e"]} {
  %k = arith.constant dense<0.5> : tensor<4x3xf32>
  %t = arith.constant dense<1.0> : tensor<5x2xf32>
  %y = keras.dense %x, %k activation <relu> : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  %e = keras.embedding %ids, %t : (tensor<?x7xi32>, tensor<5x2xf32>) -> tensor<?x7x2xf32>
  return %y, %e : tensor<?x3xf32>, tensor<?x7x2xf32>
}

// -----

// An argument attribute the model already has is kept next to the new one.
// CHECK-LABEL: func.func @model_with_arg_attrs
// CHECK-SAME: (%{{.*}}: tensor<2x4xf32> {bufferization.writable = false, kiln.name = "x"})
func.func @model_with_arg_attrs(%x: tensor<2x4xf32> {kiln.name = "x"}) -> tensor<2x4xf32>
    attributes {kiln.model} {
  %0 = keras.activation <tanh> %x : tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @not_a_model
// CHECK-SAME: (%{{.*}}: tensor<2x4xf32>) -> tensor<2x4xf32> {
// CHECK-NOT: bufferization.writable
func.func @not_a_model(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %0 = keras.activation <tanh> %x : tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Only the function marked kiln.model changes.
// CHECK-LABEL: func.func @helper
// CHECK-SAME: (%{{.*}}: tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%{{.*}}: tensor<2x4xf32> {bufferization.writable = false})
func.func @helper(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  return %x : tensor<2x4xf32>
}
func.func @main(%x: tensor<2x4xf32>) -> tensor<2x4xf32> attributes {kiln.model} {
  %0 = func.call @helper(%x) : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
