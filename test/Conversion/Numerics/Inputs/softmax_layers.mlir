// The Softmax layer over one axis and over several (adjacent or not).
func.func @softmax_layers(%x: tensor<?x3x4x5xf32>)
    -> (tensor<?x3x4x5xf32>, tensor<?x3x4x5xf32>, tensor<?x3x4x5xf32>, tensor<?x3x4x5xf32>,
        tensor<?x3x4x5xf32>)
    attributes {kiln.model, kiln.input_names = ["x"],
                kiln.output_names = ["last", "axis1", "axes12", "axes13", "axes123"]} {
  %0 = keras.softmax %x [3] : tensor<?x3x4x5xf32>
  %1 = keras.softmax %x [1] : tensor<?x3x4x5xf32>
  %2 = keras.softmax %x [1, 2] : tensor<?x3x4x5xf32>
  %3 = keras.softmax %x [1, 3] : tensor<?x3x4x5xf32>
  %4 = keras.softmax %x [1, 2, 3] : tensor<?x3x4x5xf32>
  return %0, %1, %2, %3, %4 :
      tensor<?x3x4x5xf32>, tensor<?x3x4x5xf32>, tensor<?x3x4x5xf32>, tensor<?x3x4x5xf32>,
      tensor<?x3x4x5xf32>
}
