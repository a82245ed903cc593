// Dense with every activation oneDNN fuses (and some it does not), with and
// without bias, at rank 2 and 3.
func.func @dense_layers(%x: tensor<?x5xf32>, %x3: tensor<?x?x5xf32>, %k: tensor<5x7xf32>, %b: tensor<7xf32>)
    -> (tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x?x7xf32>, tensor<?x?x7xf32>)
    attributes {kiln.model, kiln.input_names = ["x", "x3", "k", "b"],
                kiln.output_names = ["b_linear", "n_linear", "b_relu", "n_relu", "b_tanh", "n_tanh", "b_sigmoid", "n_sigmoid", "b_gelu", "n_gelu", "b_gelu_approximate", "n_gelu_approximate", "b_elu", "n_elu", "b_silu", "n_silu", "b_relu6", "n_relu6", "b_softmax", "n_softmax", "b_hard_sigmoid", "n_hard_sigmoid", "b_mish", "n_mish", "r3_gelu", "r3_selu"]} {
  %0 = keras.dense %x, %k, %b activation <linear> : (tensor<?x5xf32>, tensor<5x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  %1 = keras.dense %x, %k activation <linear> : (tensor<?x5xf32>, tensor<5x7xf32>) -> tensor<?x7xf32>
  %2 = keras.dense %x, %k, %b activation <relu> : (tensor<?x5xf32>, tensor<5x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  %3 = keras.dense %x, %k activation <relu> : (tensor<?x5xf32>, tensor<5x7xf32>) -> tensor<?x7xf32>
  %4 = keras.dense %x, %k, %b activation <tanh> : (tensor<?x5xf32>, tensor<5x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  %5 = keras.dense %x, %k activation <tanh> : (tensor<?x5xf32>, tensor<5x7xf32>) -> tensor<?x7xf32>
  %6 = keras.dense %x, %k, %b activation <sigmoid> : (tensor<?x5xf32>, tensor<5x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  %7 = keras.dense %x, %k activation <sigmoid> : (tensor<?x5xf32>, tensor<5x7xf32>) -> tensor<?x7xf32>
  %8 = keras.dense %x, %k, %b activation <gelu> : (tensor<?x5xf32>, tensor<5x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  %9 = keras.dense %x, %k activation <gelu> : (tensor<?x5xf32>, tensor<5x7xf32>) -> tensor<?x7xf32>
  %10 = keras.dense %x, %k, %b activation <gelu_approximate> : (tensor<?x5xf32>, tensor<5x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  %11 = keras.dense %x, %k activation <gelu_approximate> : (tensor<?x5xf32>, tensor<5x7xf32>) -> tensor<?x7xf32>
  %12 = keras.dense %x, %k, %b activation <elu> : (tensor<?x5xf32>, tensor<5x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  %13 = keras.dense %x, %k activation <elu> : (tensor<?x5xf32>, tensor<5x7xf32>) -> tensor<?x7xf32>
  %14 = keras.dense %x, %k, %b activation <silu> : (tensor<?x5xf32>, tensor<5x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  %15 = keras.dense %x, %k activation <silu> : (tensor<?x5xf32>, tensor<5x7xf32>) -> tensor<?x7xf32>
  %16 = keras.dense %x, %k, %b activation <relu6> : (tensor<?x5xf32>, tensor<5x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  %17 = keras.dense %x, %k activation <relu6> : (tensor<?x5xf32>, tensor<5x7xf32>) -> tensor<?x7xf32>
  %18 = keras.dense %x, %k, %b activation <softmax> : (tensor<?x5xf32>, tensor<5x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  %19 = keras.dense %x, %k activation <softmax> : (tensor<?x5xf32>, tensor<5x7xf32>) -> tensor<?x7xf32>
  %20 = keras.dense %x, %k, %b activation <hard_sigmoid> : (tensor<?x5xf32>, tensor<5x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  %21 = keras.dense %x, %k activation <hard_sigmoid> : (tensor<?x5xf32>, tensor<5x7xf32>) -> tensor<?x7xf32>
  %22 = keras.dense %x, %k, %b activation <mish> : (tensor<?x5xf32>, tensor<5x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  %23 = keras.dense %x, %k activation <mish> : (tensor<?x5xf32>, tensor<5x7xf32>) -> tensor<?x7xf32>
  %24 = keras.dense %x3, %k, %b activation <gelu> : (tensor<?x?x5xf32>, tensor<5x7xf32>, tensor<7xf32>) -> tensor<?x?x7xf32>
  %25 = keras.dense %x3, %k, %b activation <selu> : (tensor<?x?x5xf32>, tensor<5x7xf32>, tensor<7xf32>) -> tensor<?x?x7xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19, %20, %21, %22, %23, %24, %25 :
      tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x?x7xf32>, tensor<?x?x7xf32>
}
