// Embedding with float ids (truncated) and i32 ids, out-of-range ones clamped.
func.func @embedding_layers(%ids_f: tensor<?x?xf32>, %ids_i: tensor<?x5xi32>, %t: tensor<10x3xf32>)
    -> (tensor<?x?x3xf32>, tensor<?x5x3xf32>)
    attributes {kiln.model, kiln.input_names = ["ids_f", "ids_i", "t"],
                kiln.output_names = ["ef", "ei"]} {
  %0 = keras.embedding %ids_f, %t : (tensor<?x?xf32>, tensor<10x3xf32>) -> tensor<?x?x3xf32>
  %1 = keras.embedding %ids_i, %t : (tensor<?x5xi32>, tensor<10x3xf32>) -> tensor<?x5x3xf32>
  return %0, %1 : tensor<?x?x3xf32>, tensor<?x5x3xf32>
}
