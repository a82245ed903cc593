// Weights as constants, the way the importer emits them (check.py has the
// same values).
func.func @constant_weights(%x: tensor<?x4xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>)
    attributes {kiln.model, kiln.input_names = ["x"], kiln.output_names = ["y", "z"]} {
  %k = arith.constant dense<[[0.5, -0.25, 1.0], [0.125, 0.75, -1.5], [-0.5, 0.5, 0.25], [1.25, 0.0, -0.75]]> : tensor<4x3xf32>
  %b = arith.constant dense<[0.1, -0.2, 0.3]> : tensor<3xf32>
  %y = keras.dense %x, %k, %b activation <gelu> : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %z = keras.dense %x, %k activation <hard_sigmoid_keras2> : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %y, %z : tensor<?x3xf32>, tensor<?x3xf32>
}
