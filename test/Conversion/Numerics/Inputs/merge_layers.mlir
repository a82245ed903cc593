// Merges with Keras rank broadcasting: lower-rank inputs gain axes after the
// batch axis, then size-1 dims broadcast.
func.func @merge_layers(%a: tensor<?x3x4xf32>, %b: tensor<?x4xf32>, %c: tensor<?x1x4xf32>,
                        %dd: tensor<?x3x1xf32>, %e: tensor<?x2x3x4xf32>, %s: tensor<?x1xf32>)
    -> (tensor<?x3x4xf32>, tensor<?x3x4xf32>, tensor<?x3x4xf32>, tensor<?x3x4xf32>,
        tensor<?x3x4xf32>, tensor<?x3x4xf32>, tensor<?x2x3x4xf32>, tensor<?x2x3x4xf32>,
        tensor<?x4xf32>)
    attributes {kiln.model, kiln.input_names = ["a", "b", "c", "dd", "e", "s"],
                kiln.output_names = ["add", "subtract", "multiply", "average", "maximum",
                                     "minimum", "add_rank4", "multiply_rank4", "subtract_col"]} {
  %0 = keras.add %a, %b, %c : (tensor<?x3x4xf32>, tensor<?x4xf32>, tensor<?x1x4xf32>) -> tensor<?x3x4xf32>
  %1 = keras.subtract %a, %b : (tensor<?x3x4xf32>, tensor<?x4xf32>) -> tensor<?x3x4xf32>
  %2 = keras.multiply %a, %dd : (tensor<?x3x4xf32>, tensor<?x3x1xf32>) -> tensor<?x3x4xf32>
  %3 = keras.average %a, %b, %c : (tensor<?x3x4xf32>, tensor<?x4xf32>, tensor<?x1x4xf32>) -> tensor<?x3x4xf32>
  %4 = keras.maximum %b, %a : (tensor<?x4xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  %5 = keras.minimum %c, %dd : (tensor<?x1x4xf32>, tensor<?x3x1xf32>) -> tensor<?x3x4xf32>
  %6 = keras.add %e, %b : (tensor<?x2x3x4xf32>, tensor<?x4xf32>) -> tensor<?x2x3x4xf32>
  %7 = keras.multiply %e, %s, %a : (tensor<?x2x3x4xf32>, tensor<?x1xf32>, tensor<?x3x4xf32>) -> tensor<?x2x3x4xf32>
  %8 = keras.subtract %s, %b : (tensor<?x1xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 :
      tensor<?x3x4xf32>, tensor<?x3x4xf32>, tensor<?x3x4xf32>, tensor<?x3x4xf32>,
      tensor<?x3x4xf32>, tensor<?x3x4xf32>, tensor<?x2x3x4xf32>, tensor<?x2x3x4xf32>,
      tensor<?x4xf32>
}
