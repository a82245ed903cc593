// LayerNormalization over one and two axes, with and without gamma/beta, and
// BatchNormalization with moving statistics on the last and a middle axis.
func.func @normalization_layers(%x: tensor<?x?x6xf32>, %y: tensor<?x3x4xf32>,
                                %g: tensor<6xf32>, %b: tensor<6xf32>,
                                %g2: tensor<3x4xf32>, %b2: tensor<3x4xf32>,
                                %m: tensor<6xf32>, %v: tensor<6xf32>,
                                %m3: tensor<3xf32>, %v3: tensor<3xf32>)
    -> (tensor<?x?x6xf32>, tensor<?x?x6xf32>, tensor<?x?x6xf32>, tensor<?x3x4xf32>,
        tensor<?x?x6xf32>, tensor<?x?x6xf32>, tensor<?x?x6xf32>, tensor<?x3x4xf32>)
    attributes {kiln.model,
                kiln.input_names = ["x", "y", "g", "b", "g2", "b2", "m", "v", "m3", "v3"],
                kiln.output_names = ["ln", "ln_plain", "ln_beta", "ln_two_axes", "ln_axis1",
                                     "bn", "bn_plain", "bn_axis1"]} {
  %0 = keras.layer_normalization %x gamma %g beta %b {axes = array<i64: 2>, epsilon = 1.0e-3 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  %1 = keras.layer_normalization %x {axes = array<i64: 2>, epsilon = 1.0e-5 : f64} : (tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  %2 = keras.layer_normalization %x beta %b {axes = array<i64: 2>, epsilon = 1.0e-3 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  %3 = keras.layer_normalization %y gamma %g2 beta %b2 {axes = array<i64: 1, 2>, epsilon = 1.0e-3 : f64} : (tensor<?x3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<?x3x4xf32>
  %4 = keras.layer_normalization %x {axes = array<i64: 1>, epsilon = 1.0e-3 : f64} : (tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  %5 = keras.batch_normalization %x gamma %g beta %b mean %m variance %v {axis = 2 : i64, epsilon = 1.0e-3 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  %6 = keras.batch_normalization %x mean %m variance %v {axis = 2 : i64, epsilon = 1.0e-3 : f64} : (tensor<?x?x6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  %7 = keras.batch_normalization %y mean %m3 variance %v3 {axis = 1 : i64, epsilon = 1.0e-2 : f64} : (tensor<?x3x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<?x3x4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7 :
      tensor<?x?x6xf32>, tensor<?x?x6xf32>, tensor<?x?x6xf32>, tensor<?x3x4xf32>,
      tensor<?x?x6xf32>, tensor<?x?x6xf32>, tensor<?x?x6xf32>, tensor<?x3x4xf32>
}
