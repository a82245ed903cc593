func.func @a(%x: tensor<?x?x4xf32>, %y: tensor<?x?x4xf32>) -> tensor<?x?x4xf32> attributes {kiln.model, kiln.input_names = ["x", "y"], kiln.output_names = ["z"]} {
  %z = keras.add %x, %y : (tensor<?x?x4xf32>, tensor<?x?x4xf32>) -> tensor<?x?x4xf32>
  return %z : tensor<?x?x4xf32>
}
