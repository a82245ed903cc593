// Reshape with a dynamic -1, Flatten, Permute, RepeatVector, Concatenate and
// Rescaling on inputs with dynamic dims. The pure reshapes read x + k (one
// Rescaling each) so that no output is a view of the input or of another
// output, and Concatenate runs on static non-batch dims: those are separate,
// known problems.
func.func @shape_layers(%x: tensor<?x?x6xf32>, %v: tensor<?x6xf32>, %p: tensor<?x2x6xf32>,
                        %q: tensor<?x4x3xf32>, %xs: tensor<?x4x6xf32>)
    -> (tensor<?x3x?xf32>, tensor<?x?x2x3xf32>, tensor<?x?xf32>, tensor<?x6x?xf32>,
        tensor<?x6x2x2xf32>, tensor<?x3x6xf32>, tensor<?x6x6xf32>, tensor<?x4x12xf32>,
        tensor<?x?x6xf32>)
    attributes {kiln.model, kiln.input_names = ["x", "v", "p", "q", "xs"],
                kiln.output_names = ["reshape_minus_one", "reshape_first_unknown", "flatten",
                                     "permute", "permute4", "repeat", "concat1", "concat2",
                                     "rescale"]} {
  %x1 = keras.rescaling %x {scale = 1.0 : f64, offset = 1.0 : f64} : tensor<?x?x6xf32>
  %x2 = keras.rescaling %x {scale = 1.0 : f64, offset = 2.0 : f64} : tensor<?x?x6xf32>
  %x3 = keras.rescaling %x {scale = 1.0 : f64, offset = 3.0 : f64} : tensor<?x?x6xf32>
  %0 = keras.reshape %x1 : (tensor<?x?x6xf32>) -> tensor<?x3x?xf32>
  %1 = keras.reshape %x2 : (tensor<?x?x6xf32>) -> tensor<?x?x2x3xf32>
  %2 = keras.flatten %x3 : (tensor<?x?x6xf32>) -> tensor<?x?xf32>
  %3 = keras.permute %x [0, 2, 1] : (tensor<?x?x6xf32>) -> tensor<?x6x?xf32>
  %r = keras.reshape %2 : (tensor<?x?xf32>) -> tensor<?x2x2x6xf32>
  %4 = keras.permute %r [0, 3, 1, 2] : (tensor<?x2x2x6xf32>) -> tensor<?x6x2x2xf32>
  %5 = keras.repeat_vector %v {n = 3 : i64} : (tensor<?x6xf32>) -> tensor<?x3x6xf32>
  %6 = keras.concatenate %xs, %p {axis = 1 : i64} : (tensor<?x4x6xf32>, tensor<?x2x6xf32>) -> tensor<?x6x6xf32>
  %7 = keras.concatenate %q, %xs, %q {axis = 2 : i64} : (tensor<?x4x3xf32>, tensor<?x4x6xf32>, tensor<?x4x3xf32>) -> tensor<?x4x12xf32>
  %8 = keras.rescaling %x {scale = 0.5 : f64, offset = -1.0 : f64} : tensor<?x?x6xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 :
      tensor<?x3x?xf32>, tensor<?x?x2x3xf32>, tensor<?x?xf32>, tensor<?x6x?xf32>,
      tensor<?x6x2x2xf32>, tensor<?x3x6xf32>, tensor<?x6x6xf32>, tensor<?x4x12xf32>,
      tensor<?x?x6xf32>
}
