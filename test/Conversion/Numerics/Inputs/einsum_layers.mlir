// EinsumDense: a batch letter (shared by input, kernel and output), heads
// split out of the kernel, a transposed kernel, an ellipsis, and an output
// that reorders the free letters; Keras-layout biases.
func.func @einsum_layers(%x: tensor<?x5x4xf32>, %x4: tensor<?x3x4x6xf32>,
                         %k1: tensor<5x4x3xf32>, %b1: tensor<3xf32>, %b1bd: tensor<5x3xf32>,
                         %k2: tensor<4x2x3xf32>, %b2: tensor<2x3xf32>,
                         %k3: tensor<3x4xf32>, %k4: tensor<4x8xf32>)
    -> (tensor<?x5x3xf32>, tensor<?x5x3xf32>, tensor<?x5x2x3xf32>, tensor<?x5x3xf32>,
        tensor<?x3x8x6xf32>, tensor<?x8x5xf32>)
    attributes {kiln.model,
                kiln.input_names = ["x", "x4", "k1", "b1", "b1bd", "k2", "b2", "k3", "k4"],
                kiln.output_names = ["batch_letter", "batch_letter_bias_bd", "split_heads",
                                     "kernel_transposed", "ellipsis", "free_first"]} {
  %0 = keras.einsum_dense %x, %k1, %b1 equation "abc,bcd->abd" activation <relu> : (tensor<?x5x4xf32>, tensor<5x4x3xf32>, tensor<3xf32>) -> tensor<?x5x3xf32>
  %1 = keras.einsum_dense %x, %k1, %b1bd equation "abc,bcd->abd" activation <linear> : (tensor<?x5x4xf32>, tensor<5x4x3xf32>, tensor<5x3xf32>) -> tensor<?x5x3xf32>
  %2 = keras.einsum_dense %x, %k2, %b2 equation "abc,cde->abde" activation <tanh> : (tensor<?x5x4xf32>, tensor<4x2x3xf32>, tensor<2x3xf32>) -> tensor<?x5x2x3xf32>
  %3 = keras.einsum_dense %x, %k3 equation "abc,dc->abd" activation <linear> : (tensor<?x5x4xf32>, tensor<3x4xf32>) -> tensor<?x5x3xf32>
  %4 = keras.einsum_dense %x4, %k4 equation "...cd,ce->...ed" activation <linear> : (tensor<?x3x4x6xf32>, tensor<4x8xf32>) -> tensor<?x3x8x6xf32>
  %5 = keras.einsum_dense %x, %k4 equation "abc,cd->adb" activation <linear> : (tensor<?x5x4xf32>, tensor<4x8xf32>) -> tensor<?x8x5xf32>
  return %0, %1, %2, %3, %4, %5 :
      tensor<?x5x3xf32>, tensor<?x5x3xf32>, tensor<?x5x2x3xf32>, tensor<?x5x3xf32>,
      tensor<?x3x8x6xf32>, tensor<?x8x5xf32>
}
