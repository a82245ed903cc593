// Conv1D with valid, same and causal padding, strides and dilations, with and
// without bias and activation; check.py pads and convolves in float64.
// Same and causal run on a static length (see also dyn_valid_s2).
func.func @conv1d_layers(%x: tensor<?x11x4xf32>, %xd: tensor<?x?x4xf32>, %k3: tensor<3x4x6xf32>,
                         %k4: tensor<4x4x6xf32>, %b: tensor<6xf32>)
    -> (tensor<?x9x6xf32>, tensor<?x3x6xf32>, tensor<?x7x6xf32>, tensor<?x6x6xf32>,
        tensor<?x11x6xf32>, tensor<?x11x6xf32>, tensor<?x4x6xf32>, tensor<?x11x6xf32>,
        tensor<?x6x6xf32>, tensor<?x?x6xf32>)
    attributes {kiln.model, kiln.input_names = ["x", "xd", "k3", "k4", "b"],
                kiln.output_names = ["valid", "valid_s3", "valid_d2", "same_s2", "same_odd",
                                     "same_d3", "same_s3", "causal_d2", "causal_s2",
                                     "dyn_valid_s2"]} {
  %0 = keras.conv1d %x, %k3 padding <valid> activation <linear> {stride = 1 : i64, dilation = 1 : i64} : (tensor<?x11x4xf32>, tensor<3x4x6xf32>) -> tensor<?x9x6xf32>
  %1 = keras.conv1d %x, %k3, %b padding <valid> activation <linear> {stride = 3 : i64, dilation = 1 : i64} : (tensor<?x11x4xf32>, tensor<3x4x6xf32>, tensor<6xf32>) -> tensor<?x3x6xf32>
  %2 = keras.conv1d %x, %k3 padding <valid> activation <linear> {stride = 1 : i64, dilation = 2 : i64} : (tensor<?x11x4xf32>, tensor<3x4x6xf32>) -> tensor<?x7x6xf32>
  %3 = keras.conv1d %x, %k4, %b padding <same> activation <relu> {stride = 2 : i64, dilation = 1 : i64} : (tensor<?x11x4xf32>, tensor<4x4x6xf32>, tensor<6xf32>) -> tensor<?x6x6xf32>
  %4 = keras.conv1d %x, %k4 padding <same> activation <linear> {stride = 1 : i64, dilation = 1 : i64} : (tensor<?x11x4xf32>, tensor<4x4x6xf32>) -> tensor<?x11x6xf32>
  %5 = keras.conv1d %x, %k3, %b padding <same> activation <linear> {stride = 1 : i64, dilation = 3 : i64} : (tensor<?x11x4xf32>, tensor<3x4x6xf32>, tensor<6xf32>) -> tensor<?x11x6xf32>
  %6 = keras.conv1d %x, %k3 padding <same> activation <gelu> {stride = 3 : i64, dilation = 1 : i64} : (tensor<?x11x4xf32>, tensor<3x4x6xf32>) -> tensor<?x4x6xf32>
  %7 = keras.conv1d %x, %k3, %b padding <causal> activation <linear> {stride = 1 : i64, dilation = 2 : i64} : (tensor<?x11x4xf32>, tensor<3x4x6xf32>, tensor<6xf32>) -> tensor<?x11x6xf32>
  %8 = keras.conv1d %x, %k4, %b padding <causal> activation <tanh> {stride = 2 : i64, dilation = 1 : i64} : (tensor<?x11x4xf32>, tensor<4x4x6xf32>, tensor<6xf32>) -> tensor<?x6x6xf32>
  %9 = keras.conv1d %xd, %k3, %b padding <valid> activation <linear> {stride = 2 : i64, dilation = 1 : i64} : (tensor<?x?x4xf32>, tensor<3x4x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 :
      tensor<?x9x6xf32>, tensor<?x3x6xf32>, tensor<?x7x6xf32>, tensor<?x6x6xf32>,
      tensor<?x11x6xf32>, tensor<?x11x6xf32>, tensor<?x4x6xf32>, tensor<?x11x6xf32>,
      tensor<?x6x6xf32>, tensor<?x?x6xf32>
}
