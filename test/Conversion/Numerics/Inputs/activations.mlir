// Every activation kind but linear (a model returning its input is a separate
// case), and the parameterised kinds with non-default parameters, on one
// input with dynamic dims; check.py has the formulas.
func.func @activations(%x: tensor<?x?x8xf32>) -> (
    tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
    tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
    tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
    tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
    tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
    tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
    tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
    tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
    tensor<?x?x8xf32>)
    attributes {kiln.model, kiln.input_names = ["x"], kiln.output_names = [
        "relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "gelu_approximate", "sigmoid",
        "hard_sigmoid", "hard_sigmoid_keras2", "hard_silu", "tanh", "softmax", "log_softmax",
        "silu", "softplus", "softsign", "exponential", "mish", "celu", "squareplus", "soft_shrink",
        "hard_shrink", "tanh_shrink", "hard_tanh", "sparse_plus", "sparse_sigmoid", "log_sigmoid",
        "relu_general", "thresholded_relu", "leaky_relu_03", "elu_05", "celu_2", "squareplus_1",
        "soft_shrink_1", "hard_shrink_2", "thresholded_relu_05", "relu_max", "relu_slope",
        "relu_all", "relu_threshold"]} {
  %0 = keras.activation <relu> %x : tensor<?x?x8xf32>
  %1 = keras.activation <relu6> %x : tensor<?x?x8xf32>
  %2 = keras.activation <leaky_relu> %x : tensor<?x?x8xf32>
  %3 = keras.activation <elu> %x : tensor<?x?x8xf32>
  %4 = keras.activation <selu> %x : tensor<?x?x8xf32>
  %5 = keras.activation <gelu> %x : tensor<?x?x8xf32>
  %6 = keras.activation <gelu_approximate> %x : tensor<?x?x8xf32>
  %7 = keras.activation <sigmoid> %x : tensor<?x?x8xf32>
  %8 = keras.activation <hard_sigmoid> %x : tensor<?x?x8xf32>
  %9 = keras.activation <hard_sigmoid_keras2> %x : tensor<?x?x8xf32>
  %10 = keras.activation <hard_silu> %x : tensor<?x?x8xf32>
  %11 = keras.activation <tanh> %x : tensor<?x?x8xf32>
  %12 = keras.activation <softmax> %x : tensor<?x?x8xf32>
  %13 = keras.activation <log_softmax> %x : tensor<?x?x8xf32>
  %14 = keras.activation <silu> %x : tensor<?x?x8xf32>
  %15 = keras.activation <softplus> %x : tensor<?x?x8xf32>
  %16 = keras.activation <softsign> %x : tensor<?x?x8xf32>
  %17 = keras.activation <exponential> %x : tensor<?x?x8xf32>
  %18 = keras.activation <mish> %x : tensor<?x?x8xf32>
  %19 = keras.activation <celu> %x : tensor<?x?x8xf32>
  %20 = keras.activation <squareplus> %x : tensor<?x?x8xf32>
  %21 = keras.activation <soft_shrink> %x : tensor<?x?x8xf32>
  %22 = keras.activation <hard_shrink> %x : tensor<?x?x8xf32>
  %23 = keras.activation <tanh_shrink> %x : tensor<?x?x8xf32>
  %24 = keras.activation <hard_tanh> %x : tensor<?x?x8xf32>
  %25 = keras.activation <sparse_plus> %x : tensor<?x?x8xf32>
  %26 = keras.activation <sparse_sigmoid> %x : tensor<?x?x8xf32>
  %27 = keras.activation <log_sigmoid> %x : tensor<?x?x8xf32>
  %28 = keras.activation <relu_general> %x : tensor<?x?x8xf32>
  %29 = keras.activation <thresholded_relu> %x : tensor<?x?x8xf32>
  %30 = keras.activation <leaky_relu> %x {alpha = 0.3 : f64} : tensor<?x?x8xf32>
  %31 = keras.activation <elu> %x {alpha = 0.5 : f64} : tensor<?x?x8xf32>
  %32 = keras.activation <celu> %x {alpha = 2.0 : f64} : tensor<?x?x8xf32>
  %33 = keras.activation <squareplus> %x {alpha = 1.0 : f64} : tensor<?x?x8xf32>
  %34 = keras.activation <soft_shrink> %x {threshold = 1.0 : f64} : tensor<?x?x8xf32>
  %35 = keras.activation <hard_shrink> %x {threshold = 2.0 : f64} : tensor<?x?x8xf32>
  %36 = keras.activation <thresholded_relu> %x {threshold = 0.5 : f64} : tensor<?x?x8xf32>
  %37 = keras.activation <relu_general> %x {max_value = 4.0 : f64} : tensor<?x?x8xf32>
  %38 = keras.activation <relu_general> %x {alpha = 0.1 : f64} : tensor<?x?x8xf32>
  %39 = keras.activation <relu_general> %x {alpha = 0.1 : f64, max_value = 4.0 : f64, threshold = 0.5 : f64} : tensor<?x?x8xf32>
  %40 = keras.activation <relu_general> %x {threshold = 1.5 : f64} : tensor<?x?x8xf32>
  return
      %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19,
      %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, %32, %33, %34, %35, %36, %37,
      %38, %39, %40 :
      tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
      tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
      tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
      tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
      tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
      tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
      tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
      tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
      tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>,
      tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
}
