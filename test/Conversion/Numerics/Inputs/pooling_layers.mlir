// Max and average pooling with valid and same padding (same windows are cut at
// the edges; averages divide by the real elements), and global pooling. The
// keepdims variants read another input than the plain ones: two outputs that
// share a buffer are a separate, known problem.
func.func @pooling_layers(%x: tensor<?x9x3xf32>, %xd: tensor<?x?x3xf32>)
    -> (tensor<?x4x3xf32>, tensor<?x5x3xf32>, tensor<?x3x3xf32>, tensor<?x4x3xf32>,
        tensor<?x7x3xf32>, tensor<?x5x3xf32>, tensor<?x9x3xf32>, tensor<?x3x3xf32>,
        tensor<?x3xf32>, tensor<?x1x3xf32>, tensor<?x3xf32>, tensor<?x1x3xf32>,
        tensor<?x?x3xf32>, tensor<?x?x3xf32>)
    attributes {kiln.model, kiln.input_names = ["x", "xd"],
                kiln.output_names = ["max_valid", "max_same", "max_same_4_3", "avg_valid",
                                     "avg_valid_3_1", "avg_same", "avg_same_2_1", "avg_same_4_3",
                                     "gap", "dyn_gap_keep", "gmp", "dyn_gmp_keep",
                                     "dyn_max_valid", "dyn_avg_valid"]} {
  %0 = keras.max_pooling1d %x padding <valid> {pool_size = 2 : i64, stride = 2 : i64} : (tensor<?x9x3xf32>) -> tensor<?x4x3xf32>
  %1 = keras.max_pooling1d %x padding <same> {pool_size = 3 : i64, stride = 2 : i64} : (tensor<?x9x3xf32>) -> tensor<?x5x3xf32>
  %2 = keras.max_pooling1d %x padding <same> {pool_size = 4 : i64, stride = 3 : i64} : (tensor<?x9x3xf32>) -> tensor<?x3x3xf32>
  %3 = keras.average_pooling1d %x padding <valid> {pool_size = 2 : i64, stride = 2 : i64} : (tensor<?x9x3xf32>) -> tensor<?x4x3xf32>
  %4 = keras.average_pooling1d %x padding <valid> {pool_size = 3 : i64, stride = 1 : i64} : (tensor<?x9x3xf32>) -> tensor<?x7x3xf32>
  %5 = keras.average_pooling1d %x padding <same> {pool_size = 3 : i64, stride = 2 : i64} : (tensor<?x9x3xf32>) -> tensor<?x5x3xf32>
  %6 = keras.average_pooling1d %x padding <same> {pool_size = 2 : i64, stride = 1 : i64} : (tensor<?x9x3xf32>) -> tensor<?x9x3xf32>
  %7 = keras.average_pooling1d %x padding <same> {pool_size = 4 : i64, stride = 3 : i64} : (tensor<?x9x3xf32>) -> tensor<?x3x3xf32>
  %8 = keras.global_average_pooling1d %x {keepdims = false} : (tensor<?x9x3xf32>) -> tensor<?x3xf32>
  %9 = keras.global_average_pooling1d %xd {keepdims = true} : (tensor<?x?x3xf32>) -> tensor<?x1x3xf32>
  %10 = keras.global_max_pooling1d %x {keepdims = false} : (tensor<?x9x3xf32>) -> tensor<?x3xf32>
  %11 = keras.global_max_pooling1d %xd {keepdims = true} : (tensor<?x?x3xf32>) -> tensor<?x1x3xf32>
  %12 = keras.max_pooling1d %xd padding <valid> {pool_size = 2 : i64, stride = 2 : i64} : (tensor<?x?x3xf32>) -> tensor<?x?x3xf32>
  %13 = keras.average_pooling1d %xd padding <valid> {pool_size = 3 : i64, stride = 2 : i64} : (tensor<?x?x3xf32>) -> tensor<?x?x3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13 :
      tensor<?x4x3xf32>, tensor<?x5x3xf32>, tensor<?x3x3xf32>, tensor<?x4x3xf32>,
      tensor<?x7x3xf32>, tensor<?x5x3xf32>, tensor<?x9x3xf32>, tensor<?x3x3xf32>,
      tensor<?x3xf32>, tensor<?x1x3xf32>, tensor<?x3xf32>, tensor<?x1x3xf32>,
      tensor<?x?x3xf32>, tensor<?x?x3xf32>
}
