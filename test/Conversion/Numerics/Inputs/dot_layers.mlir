// Dot over various axes, with and without L2 normalisation (including a zero
// vector); rank-1 per-sample results become (B, 1).
func.func @dot_layers(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>, %a3: tensor<?x2x4xf32>,
                      %b3: tensor<?x5x4xf32>, %c3: tensor<?x4x2xf32>, %b3t: tensor<?x4x5xf32>)
    -> (tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x2x5xf32>, tensor<?x2x5xf32>,
        tensor<?x2x5xf32>, tensor<?x2x5xf32>, tensor<?x5xf32>, tensor<?x2x2xf32>)
    attributes {kiln.model, kiln.input_names = ["a", "b", "a3", "b3", "c3", "b3t"],
                kiln.output_names = ["ab", "ab_norm", "a3b3", "a3b3_norm", "c3b3", "c3b3_norm",
                                     "ab3t", "a3c3"]} {
  %0 = keras.dot %a, %b {axes = array<i64: 1, 1>, normalize = false} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x1xf32>
  %1 = keras.dot %a, %b {axes = array<i64: 1, 1>, normalize = true} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x1xf32>
  %2 = keras.dot %a3, %b3 {axes = array<i64: 2, 2>, normalize = false} : (tensor<?x2x4xf32>, tensor<?x5x4xf32>) -> tensor<?x2x5xf32>
  %3 = keras.dot %a3, %b3 {axes = array<i64: 2, 2>, normalize = true} : (tensor<?x2x4xf32>, tensor<?x5x4xf32>) -> tensor<?x2x5xf32>
  %4 = keras.dot %c3, %b3 {axes = array<i64: 1, 2>, normalize = false} : (tensor<?x4x2xf32>, tensor<?x5x4xf32>) -> tensor<?x2x5xf32>
  %5 = keras.dot %c3, %b3 {axes = array<i64: 1, 2>, normalize = true} : (tensor<?x4x2xf32>, tensor<?x5x4xf32>) -> tensor<?x2x5xf32>
  %6 = keras.dot %a, %b3t {axes = array<i64: 1, 1>, normalize = false} : (tensor<?x4xf32>, tensor<?x4x5xf32>) -> tensor<?x5xf32>
  %7 = keras.dot %a3, %c3 {axes = array<i64: 2, 1>, normalize = true} : (tensor<?x2x4xf32>, tensor<?x4x2xf32>) -> tensor<?x2x2xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7 :
      tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x2x5xf32>, tensor<?x2x5xf32>,
      tensor<?x2x5xf32>, tensor<?x2x5xf32>, tensor<?x5xf32>, tensor<?x2x2xf32>
}
