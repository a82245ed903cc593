// sparsemax (over the last axis) and glu (which halves the last axis).
func.func @glu_sparsemax(%x: tensor<?x?x8xf32>) -> (tensor<?x?x8xf32>, tensor<?x?x4xf32>)
    attributes {kiln.model, kiln.input_names = ["x"], kiln.output_names = ["sparsemax", "glu"]} {
  %s = keras.activation <sparsemax> %x : tensor<?x?x8xf32>
  %g = keras.glu %x : (tensor<?x?x8xf32>) -> tensor<?x?x4xf32>
  return %s, %g : tensor<?x?x8xf32>, tensor<?x?x4xf32>
}
