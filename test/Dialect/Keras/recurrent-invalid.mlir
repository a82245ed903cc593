// One case per keras.recurrent / keras.value_mask verifier rule
// (lib/Dialect/Keras/IR/KerasRecurrentOps.cpp).
// RUN: kiln-opt %s -split-input-file -verify-diagnostics

func.func @three_directions(%x: tensor<2x5x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>) {
  // expected-error @+1 {{go_backwards must list 1 or 2 directions}}
  %0 = keras.recurrent %x kernels(%k, %k, %k) recurrent_kernels(%r, %r, %r) {cell = #keras.cell<lstm>, units = 2 : i64, activation = #keras.activation<tanh>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = false, return_state = false, zero_output_for_mask = false, go_backwards = array<i1: false, true, false>, merge_mode = #keras.merge_mode<concat>} : (tensor<2x5x4xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @merge_one_direction(%x: tensor<2x5x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>) {
  // expected-error @+1 {{merge_mode applies to 2 directions only}}
  %0 = keras.recurrent %x kernels(%k) recurrent_kernels(%r) {cell = #keras.cell<lstm>, units = 2 : i64, activation = #keras.activation<tanh>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = false, return_state = false, zero_output_for_mask = false, go_backwards = array<i1: false>, merge_mode = #keras.merge_mode<sum>} : (tensor<2x5x4xf32>, tensor<4x8xf32>, tensor<2x8xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @softmax_cell(%x: tensor<2x5x4xf32>, %k: tensor<4x2xf32>, %r: tensor<2x2xf32>) {
  // expected-error @+1 {{cell activations must be elementwise activations}}
  %0 = keras.recurrent %x kernels(%k) recurrent_kernels(%r) {cell = #keras.cell<simple_rnn>, units = 2 : i64, activation = #keras.activation<softmax>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = false, return_state = false, zero_output_for_mask = false, go_backwards = array<i1: false>, merge_mode = #keras.merge_mode<concat>} : (tensor<2x5x4xf32>, tensor<4x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @rank2_input(%x: tensor<2x4xf32>, %k: tensor<4x2xf32>, %r: tensor<2x2xf32>) {
  // expected-error @+1 {{input must be (batch, steps, features), got (2, 4)}}
  %0 = keras.recurrent %x kernels(%k) recurrent_kernels(%r) {cell = #keras.cell<simple_rnn>, units = 2 : i64, activation = #keras.activation<tanh>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = false, return_state = false, zero_output_for_mask = false, go_backwards = array<i1: false>, merge_mode = #keras.merge_mode<concat>} : (tensor<2x4xf32>, tensor<4x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @kernel_count(%x: tensor<2x5x4xf32>, %k: tensor<4x2xf32>, %r: tensor<2x2xf32>) {
  // expected-error @+1 {{expects 2 kernels, got 1}}
  %0 = keras.recurrent %x kernels(%k) recurrent_kernels(%r, %r) {cell = #keras.cell<simple_rnn>, units = 2 : i64, activation = #keras.activation<tanh>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = false, return_state = false, zero_output_for_mask = false, go_backwards = array<i1: false, true>, merge_mode = #keras.merge_mode<concat>} : (tensor<2x5x4xf32>, tensor<4x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @lstm_kernel_width(%x: tensor<2x5x4xf32>, %k: tensor<4x6xf32>, %r: tensor<2x8xf32>) {
  // expected-error @+1 {{kernel (4, 6) must be (features 4, 8)}}
  %0 = keras.recurrent %x kernels(%k) recurrent_kernels(%r) {cell = #keras.cell<lstm>, units = 2 : i64, activation = #keras.activation<tanh>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = false, return_state = false, zero_output_for_mask = false, go_backwards = array<i1: false>, merge_mode = #keras.merge_mode<concat>} : (tensor<2x5x4xf32>, tensor<4x6xf32>, tensor<2x8xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @recurrent_kernel_shape(%x: tensor<2x5x4xf32>, %k: tensor<4x6xf32>, %r: tensor<3x6xf32>) {
  // expected-error @+1 {{recurrent kernel (3, 6) must be (2, 6)}}
  %0 = keras.recurrent %x kernels(%k) recurrent_kernels(%r) {cell = #keras.cell<gru_reset_before>, units = 2 : i64, activation = #keras.activation<tanh>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = false, return_state = false, zero_output_for_mask = false, go_backwards = array<i1: false>, merge_mode = #keras.merge_mode<concat>} : (tensor<2x5x4xf32>, tensor<4x6xf32>, tensor<3x6xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @gru_reset_after_bias(%x: tensor<2x5x4xf32>, %k: tensor<4x6xf32>, %r: tensor<2x6xf32>, %b: tensor<6xf32>) {
  // expected-error @+1 {{bias (6,) must be (2, 6)}}
  %0 = keras.recurrent %x kernels(%k) recurrent_kernels(%r) biases(%b) {cell = #keras.cell<gru>, units = 2 : i64, activation = #keras.activation<tanh>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = false, return_state = false, zero_output_for_mask = false, go_backwards = array<i1: false>, merge_mode = #keras.merge_mode<concat>} : (tensor<2x5x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>, tensor<6xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @mask_shape(%x: tensor<2x5x4xf32>, %k: tensor<4x2xf32>, %r: tensor<2x2xf32>, %m: tensor<2x4xi1>) {
  // expected-error @+1 {{mask (2, 4) must be (batch, steps) (2, 5)}}
  %0 = keras.recurrent %x kernels(%k) recurrent_kernels(%r) mask %m {cell = #keras.cell<simple_rnn>, units = 2 : i64, activation = #keras.activation<tanh>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = false, return_state = false, zero_output_for_mask = false, go_backwards = array<i1: false>, merge_mode = #keras.merge_mode<concat>} : (tensor<2x5x4xf32>, tensor<4x2xf32>, tensor<2x2xf32>, tensor<2x4xi1>) -> tensor<2x2xf32>
  return
}

// -----

func.func @lstm_needs_two_states(%x: tensor<2x5x4xf32>, %k: tensor<4x8xf32>, %r: tensor<2x8xf32>, %h: tensor<2x2xf32>) {
  // expected-error @+1 {{expects 2 initial states, got 1}}
  %0 = keras.recurrent %x kernels(%k) recurrent_kernels(%r) initial_states(%h) {cell = #keras.cell<lstm>, units = 2 : i64, activation = #keras.activation<tanh>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = false, return_state = false, zero_output_for_mask = false, go_backwards = array<i1: false>, merge_mode = #keras.merge_mode<concat>} : (tensor<2x5x4xf32>, tensor<4x8xf32>, tensor<2x8xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @state_width(%x: tensor<2x5x4xf32>, %k: tensor<4x2xf32>, %r: tensor<2x2xf32>, %h: tensor<2x3xf32>) {
  // expected-error @+1 {{initial state (2, 3) must be (batch, 2)}}
  %0 = keras.recurrent %x kernels(%k) recurrent_kernels(%r) initial_states(%h) {cell = #keras.cell<simple_rnn>, units = 2 : i64, activation = #keras.activation<tanh>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = false, return_state = false, zero_output_for_mask = false, go_backwards = array<i1: false>, merge_mode = #keras.merge_mode<concat>} : (tensor<2x5x4xf32>, tensor<4x2xf32>, tensor<2x2xf32>, tensor<2x3xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @missing_states(%x: tensor<2x5x4xf32>, %k: tensor<4x2xf32>, %r: tensor<2x2xf32>) {
  // expected-error @+1 {{expects 2 results, got 1}}
  %0 = keras.recurrent %x kernels(%k) recurrent_kernels(%r) {cell = #keras.cell<simple_rnn>, units = 2 : i64, activation = #keras.activation<tanh>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = false, return_state = true, zero_output_for_mask = false, go_backwards = array<i1: false>, merge_mode = #keras.merge_mode<concat>} : (tensor<2x5x4xf32>, tensor<4x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @concat_width(%x: tensor<2x5x4xf32>, %k: tensor<4x2xf32>, %r: tensor<2x2xf32>) {
  // expected-error @+1 {{result 0 (2, 5, 2) must be (2, 5, 4)}}
  %0 = keras.recurrent %x kernels(%k, %k) recurrent_kernels(%r, %r) {cell = #keras.cell<simple_rnn>, units = 2 : i64, activation = #keras.activation<tanh>, recurrent_activation = #keras.activation<sigmoid>, return_sequences = true, return_state = false, zero_output_for_mask = true, go_backwards = array<i1: false, true>, merge_mode = #keras.merge_mode<concat>} : (tensor<2x5x4xf32>, tensor<4x2xf32>, tensor<4x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x5x2xf32>
  return
}

// -----

func.func @value_mask_shape(%x: tensor<2x5x4xf32>) {
  // expected-error @+1 {{mask must be the input shape without its last axis}}
  %0 = keras.value_mask %x {mask_value = 0.0 : f32} : (tensor<2x5x4xf32>) -> tensor<2x4xi1>
  return
}
