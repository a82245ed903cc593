// keras.recurrent (one direction and Bidirectional), keras.masking and
// keras.value_mask round-trip.
// RUN: kiln-opt %s | kiln-opt | FileCheck %s

// CHECK-LABEL: func.func @lstm_sequences_and_states
// CHECK: keras.recurrent %arg0 kernels(%arg1) recurrent_kernels(%arg2) biases(%arg3) mask %arg4 initial_states(%arg5, %arg5) {activation = #keras.activation<tanh>, cell = #keras.cell<lstm>, go_backwards = array<i1: false>, merge_mode = #keras.merge_mode<concat>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = true, return_state = true, units = 3 : i64, zero_output_for_mask = false}
func.func @lstm_sequences_and_states(%x: tensor<?x?x2xf32>, %k: tensor<2x12xf32>, %r: tensor<3x12xf32>, %b: tensor<12xf32>, %m: tensor<?x?xi1>, %s: tensor<?x3xf32>) -> (tensor<?x?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>) {
  %0:3 = keras.recurrent %x kernels(%k) recurrent_kernels(%r) biases(%b) mask %m initial_states(%s, %s) {cell = #keras.cell<lstm>, units = 3 : i64, activation = #keras.activation<tanh>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = true, return_state = true, zero_output_for_mask = false, go_backwards = array<i1: false>, merge_mode = #keras.merge_mode<concat>} : (tensor<?x?x2xf32>, tensor<2x12xf32>, tensor<3x12xf32>, tensor<12xf32>, tensor<?x?xi1>, tensor<?x3xf32>, tensor<?x3xf32>) -> (tensor<?x?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>)
  return %0#0, %0#1, %0#2 : tensor<?x?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>
}

// CHECK-LABEL: func.func @bidirectional_gru_unmerged
// CHECK: keras.recurrent %arg0 kernels(%arg1, %arg1) recurrent_kernels(%arg2, %arg2) biases(%arg3, %arg3) {{{.*}}cell = #keras.cell<gru>, go_backwards = array<i1: false, true>, merge_mode = #keras.merge_mode<none>
func.func @bidirectional_gru_unmerged(%x: tensor<2x5x4xf32>, %k: tensor<4x6xf32>, %r: tensor<2x6xf32>, %b: tensor<2x6xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %0:2 = keras.recurrent %x kernels(%k, %k) recurrent_kernels(%r, %r) biases(%b, %b) {cell = #keras.cell<gru>, units = 2 : i64, activation = #keras.activation<tanh>, recurrent_activation = #keras.activation<hard_sigmoid_keras2>, return_sequences = false, return_state = false, zero_output_for_mask = false, go_backwards = array<i1: false, true>, merge_mode = #keras.merge_mode<none>} : (tensor<2x5x4xf32>, tensor<4x6xf32>, tensor<4x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>)
  return %0#0, %0#1 : tensor<2x2xf32>, tensor<2x2xf32>
}

// CHECK-LABEL: func.func @masking
// CHECK: keras.masking %arg0 {mask_value = -1.000000e+00 : f32}
// CHECK: keras.value_mask %arg0 {mask_value = -1.000000e+00 : f32} : (tensor<?x?x3xf32>) -> tensor<?x?xi1>
func.func @masking(%x: tensor<?x?x3xf32>) -> (tensor<?x?x3xf32>, tensor<?x?xi1>) {
  %0 = keras.masking %x {mask_value = -1.0 : f32} : (tensor<?x?x3xf32>) -> tensor<?x?x3xf32>
  %1 = keras.value_mask %x {mask_value = -1.0 : f32} : (tensor<?x?x3xf32>) -> tensor<?x?xi1>
  return %0, %1 : tensor<?x?x3xf32>, tensor<?x?xi1>
}
