func.func @m(%x: tensor<?x4xf32>) -> tensor<?x3xf32> attributes {kiln.model} {
  %y = keras.frobnicate %x : tensor<?x4xf32>
  return %y : tensor<?x3xf32>
}
