// LSTM/GRU/SimpleRNN/Bidirectional and Masking (lib/Conversion/KerasToLinalg/
// RecurrentLayers.cpp): one kiln.matmul projects every step of every
// direction, kiln.recurrence runs the recurrence, and the directions merge.
// Numerics: test/e2e (lstm_*, gru_*, simple_rnn, bidirectional_*, masking_layer).
// RUN: kiln-opt %s --kiln-lower-keras --split-input-file | FileCheck %s

// Constant weights are stacked at compile time: the projection kernel
// [F, D*G*U], the recurrent kernels [D, U, G*U] and, for GRU reset_after,
// the input (row 0) and recurrent (row 1) biases.
// CHECK-LABEL: func.func @bidirectional_gru_concat
// CHECK-DAG: %[[KERNEL:.*]] = arith.constant dense_resource<{{.*}}> : tensor<2x6xf32>
// CHECK-DAG: %[[IN_BIAS:.*]] = arith.constant dense_resource<{{.*}}> : tensor<6xf32>
// CHECK: %[[ROWS:.*]] = tensor.reshape %arg0
// CHECK-SAME: -> tensor<?x2xf32>
// CHECK: %[[PROJ:.*]] = kiln.matmul ins(%[[ROWS]], %[[KERNEL]], bias %[[IN_BIAS]] : tensor<?x2xf32>, tensor<2x6xf32>, tensor<6xf32>)
// CHECK: %[[PROJ4:.*]] = tensor.reshape %[[PROJ]]{{.*}} -> tensor<?x?x2x3xf32>
// CHECK-DAG: %[[RKERNEL:.*]] = arith.constant dense_resource<{{.*}}> : tensor<2x1x3xf32>
// CHECK-DAG: %[[RBIAS:.*]] = arith.constant dense_resource<{{.*}}> : tensor<2x3xf32>
// CHECK: %[[MASK:.*]] = linalg.generic
// CHECK: arith.extui %{{.*}} : i1 to i8
// CHECK: %[[R:.*]]:2 = kiln.recurrence ins(%[[PROJ4]], %[[RKERNEL]] : tensor<?x?x2x3xf32>, tensor<2x1x3xf32>) recurrent_bias(%[[RBIAS]] : tensor<2x3xf32>) mask(%[[MASK]] : tensor<?x?xi8>) outs(%{{.*}}, %{{.*}} : tensor<?x?x2x1xf32>, tensor<2x1x?x1xf32>) {activation = #kiln.cell_activation<tanh>, cell = #kiln.cell<gru>, flip_outputs = array<i1: false, true>, go_backwards = array<i1: false, true>, recurrent_activation = #kiln.cell_activation<sigmoid>, return_sequences, zero_output_for_mask}
// concat of the directions is a reshape of [B, T, D, U].
// CHECK: %[[OUT:.*]] = tensor.reshape %[[R]]#0{{.*}} -> tensor<?x?x2xf32>
// CHECK: return %[[OUT]]
func.func @bidirectional_gru_concat(%x: tensor<?x?x2xf32>, %m: tensor<?x?xi1>) -> tensor<?x?x2xf32> {
  %k0 = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %k1 = arith.constant dense<[[7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]> : tensor<2x3xf32>
  %r0 = arith.constant dense<[[0.1, 0.2, 0.3]]> : tensor<1x3xf32>
  %r1 = arith.constant dense<[[0.4, 0.5, 0.6]]> : tensor<1x3xf32>
  %b0 = arith.constant dense<[[1.0, 2.0, 3.0], [-1.0, -2.0, -3.0]]> : tensor<2x3xf32>
  %b1 = arith.constant dense<[[4.0, 5.0, 6.0], [-4.0, -5.0, -6.0]]> : tensor<2x3xf32>
  %0 = keras.recurrent %x kernels(%k0, %k1) recurrent_kernels(%r0, %r1) biases(%b0, %b1) mask %m {cell = #keras.cell<gru>, units = 1 : i64, activation = #keras.activation<tanh>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = true, return_state = false, zero_output_for_mask = true, go_backwards = array<i1: false, true>, merge_mode = #keras.merge_mode<concat>} : (tensor<?x?x2xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<?x?xi1>) -> tensor<?x?x2xf32>
  return %0 : tensor<?x?x2xf32>
}

// -----

// Weights that are not constants are stacked by tensor ops. Initial states
// become [D, S, B, U]; return_state slices the final states.
// CHECK-LABEL: func.func @lstm_states
// CHECK: kiln.matmul ins(%{{.*}}, %arg1, bias %arg3 : tensor<?x4xf32>, tensor<4x8xf32>, tensor<8xf32>)
// CHECK: %[[RK:.*]] = tensor.reshape %arg2{{.*}} -> tensor<1x2x8xf32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[%{{.*}}, 0, 0] [1, %{{.*}}, 2] [1, 1, 1] : tensor<1x?x2xf32> into tensor<2x?x2xf32>
// CHECK: %[[INIT:.*]] = tensor.reshape %{{.*}} -> tensor<1x2x?x2xf32>
// CHECK: %[[R:.*]]:2 = kiln.recurrence ins(%{{.*}}, %[[RK]] : tensor<?x?x1x8xf32>, tensor<1x2x8xf32>) initial_state(%[[INIT]] : tensor<1x2x?x2xf32>) outs({{.*}}) {activation = #kiln.cell_activation<relu>, cell = #kiln.cell<lstm>, flip_outputs = array<i1: false>, go_backwards = array<i1: true>, recurrent_activation = #kiln.cell_activation<hard_sigmoid>}
// CHECK: %[[LAST:.*]] = tensor.reshape %[[R]]#0{{.*}} -> tensor<?x2xf32>
// CHECK: %[[H:.*]] = tensor.extract_slice %[[R]]#1[0, 0, 0, 0] [1, 1, %{{.*}}, 2] [1, 1, 1, 1] : tensor<1x2x?x2xf32> to tensor<?x2xf32>
// CHECK: %[[C:.*]] = tensor.extract_slice %[[R]]#1[0, 1, 0, 0] [1, 1, %{{.*}}, 2] [1, 1, 1, 1] : tensor<1x2x?x2xf32> to tensor<?x2xf32>
// CHECK: return %[[LAST]], %[[H]], %[[C]]
func.func @lstm_states(%x: tensor<?x?x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>, %b: tensor<8xf32>, %h0: tensor<?x2xf32>, %c0: tensor<?x2xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>) {
  %0:3 = keras.recurrent %x kernels(%k) recurrent_kernels(%r) biases(%b) initial_states(%h0, %c0) {cell = #keras.cell<lstm>, units = 2 : i64, activation = #keras.activation<relu>, recurrent_activation = #keras.activation<hard_sigmoid>, return_sequences = false, return_state = true, zero_output_for_mask = false, go_backwards = array<i1: true>, merge_mode = #keras.merge_mode<concat>} : (tensor<?x?x4xf32>, tensor<4x8xf32>, tensor<2x8xf32>, tensor<8xf32>, tensor<?x2xf32>, tensor<?x2xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>)
  return %0#0, %0#1, %0#2 : tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>
}

// -----

// ave merges the two directions' slices elementwise; none returns both.
// CHECK-LABEL: func.func @bidirectional_simple_rnn_ave
// CHECK: %[[R:.*]]:2 = kiln.recurrence
// CHECK: %[[FWD:.*]] = tensor.extract_slice %[[R]]#0[0, 0, 0] [3, 1, 2] [1, 1, 1] : tensor<3x2x2xf32> to tensor<3x2xf32>
// CHECK: %[[BWD:.*]] = tensor.extract_slice %[[R]]#0[0, 1, 0] [3, 1, 2] [1, 1, 1] : tensor<3x2x2xf32> to tensor<3x2xf32>
// CHECK: linalg.generic {{.*}} ins(%[[FWD]], %[[BWD]] : tensor<3x2xf32>, tensor<3x2xf32>)
// CHECK: arith.addf
// CHECK: arith.mulf
func.func @bidirectional_simple_rnn_ave(%x: tensor<3x5x4xf32>, %k: tensor<4x2xf32>, %r: tensor<2x2xf32>) -> tensor<3x2xf32> {
  %0 = keras.recurrent %x kernels(%k, %k) recurrent_kernels(%r, %r) {cell = #keras.cell<simple_rnn>, units = 2 : i64, activation = #keras.activation<tanh>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = false, return_state = false, zero_output_for_mask = false, go_backwards = array<i1: false, true>, merge_mode = #keras.merge_mode<ave>} : (tensor<3x5x4xf32>, tensor<4x2xf32>, tensor<4x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Masking zeroes steps whose features all equal mask_value; its Keras mask
// is any(x != mask_value) over the features.
// CHECK-LABEL: func.func @masking
// CHECK: arith.cmpf une
// CHECK: linalg.reduce
// CHECK: arith.maximumf
// CHECK: arith.mulf
// CHECK: arith.cmpf une
// CHECK: linalg.reduce
// CHECK: arith.cmpf one
func.func @masking(%x: tensor<?x?x3xf32>) -> (tensor<?x?x3xf32>, tensor<?x?xi1>) {
  %0 = keras.masking %x {mask_value = -1.0 : f32} : (tensor<?x?x3xf32>) -> tensor<?x?x3xf32>
  %1 = keras.value_mask %x {mask_value = -1.0 : f32} : (tensor<?x?x3xf32>) -> tensor<?x?xi1>
  return %0, %1 : tensor<?x?x3xf32>, tensor<?x?xi1>
}
