// Embedding(mask_zero=True) feeding a masked GlobalAveragePooling1D: masked
// steps are left out of the sum and the count; a fully masked row is NaN.
func.func @masked_pooling(%ids: tensor<?x?xi32>, %fids: tensor<?x5xf32>, %x: tensor<?x5x4xf32>,
                          %t: tensor<10x4xf32>)
    -> (tensor<?x4xf32>, tensor<?x1x4xf32>)
    attributes {kiln.model, kiln.input_names = ["ids", "fids", "x", "t"],
                kiln.output_names = ["emb_gap", "x_gap_keep"]} {
  %e = keras.embedding %ids, %t : (tensor<?x?xi32>, tensor<10x4xf32>) -> tensor<?x?x4xf32>
  %m = keras.embedding_mask %ids : (tensor<?x?xi32>) -> tensor<?x?xi1>
  %0 = keras.global_average_pooling1d %e mask %m : tensor<?x?xi1> {keepdims = false} : (tensor<?x?x4xf32>) -> tensor<?x4xf32>
  %mf = keras.embedding_mask %fids : (tensor<?x5xf32>) -> tensor<?x5xi1>
  %1 = keras.global_average_pooling1d %x mask %mf : tensor<?x5xi1> {keepdims = true} : (tensor<?x5x4xf32>) -> tensor<?x1x4xf32>
  return %0, %1 : tensor<?x4xf32>, tensor<?x1x4xf32>
}
