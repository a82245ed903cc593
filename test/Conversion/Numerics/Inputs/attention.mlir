// kiln.attention on the model's inputs, one op per output: no mask, additive
// mask, boolean mask (with a fully masked row), causal top-left and
// bottom-right with T != S (including T > S, whose first rows see no key),
// grouped-query heads (Hq = 4, Hkv = 2) and scales other than 1/sqrt(D);
// the additive score (weights, tanh scale), the probabilities as a second
// result, zeroed masked probabilities and a -inf mask fill (the fully masked
// row then is zero and NaN).
// Model inputs are f32 or i32 only, so the boolean mask is bmf != 0.
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @attention(%q: tensor<?x2x4x8xf32>, %k: tensor<?x2x6x8xf32>, %v: tensor<?x2x6x5xf32>,
                     %am: tensor<?x1x4x6xf32>, %bmf: tensor<?x1x4x6xf32>,
                     %q4: tensor<?x4x4x8xf32>, %vs: tensor<?x2x4x5xf32>, %w: tensor<8xf32>)
    -> (tensor<?x2x4x5xf32>, tensor<?x2x4x5xf32>, tensor<?x2x4x5xf32>, tensor<?x2x4x5xf32>,
        tensor<?x2x4x5xf32>, tensor<?x2x6x5xf32>, tensor<?x4x4x5xf32>, tensor<?x4x4x5xf32>,
        tensor<?x2x4x5xf32>, tensor<?x2x4x5xf32>, tensor<?x2x4x6xf32>, tensor<?x2x4x5xf32>,
        tensor<?x2x4x6xf32>, tensor<?x2x4x5xf32>)
    attributes {kiln.model, kiln.input_names = ["q", "k", "v", "am", "bmf", "q4", "vs", "w"],
                kiln.output_names = ["plain", "additive", "boolean", "causal_tl", "causal_br",
                                     "causal_br_long_query", "gqa", "gqa_masked_causal",
                                     "additive_causal", "additive_score", "additive_score_probs",
                                     "zeroed", "zeroed_probs", "fill_neg_inf"]} {
  %c0 = arith.constant 0 : index
  %b = tensor.dim %q, %c0 : tensor<?x2x4x8xf32>
  %eb = tensor.empty(%b) : tensor<?x1x4x6xi1>
  %bm = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%bmf : tensor<?x1x4x6xf32>) outs(%eb : tensor<?x1x4x6xi1>) {
  ^bb0(%x: f32, %o: i1):
    %zero = arith.constant 0.0 : f32
    %keep = arith.cmpf une, %x, %zero : f32
    linalg.yield %keep : i1
  } -> tensor<?x1x4x6xi1>
  %e = tensor.empty(%b) : tensor<?x2x4x5xf32>
  %e6 = tensor.empty(%b) : tensor<?x2x6x5xf32>
  %e4 = tensor.empty(%b) : tensor<?x4x4x5xf32>
  %0 = kiln.attention ins(%q, %k, %v : tensor<?x2x4x8xf32>, tensor<?x2x6x8xf32>, tensor<?x2x6x5xf32>) outs(%e : tensor<?x2x4x5xf32>) {scale = 0.353553385 : f32} -> tensor<?x2x4x5xf32>
  %1 = kiln.attention ins(%q, %k, %v, mask %am : tensor<?x2x4x8xf32>, tensor<?x2x6x8xf32>, tensor<?x2x6x5xf32>, tensor<?x1x4x6xf32>) outs(%e : tensor<?x2x4x5xf32>) {scale = 0.353553385 : f32} -> tensor<?x2x4x5xf32>
  %2 = kiln.attention ins(%q, %k, %v, mask %bm : tensor<?x2x4x8xf32>, tensor<?x2x6x8xf32>, tensor<?x2x6x5xf32>, tensor<?x1x4x6xi1>) outs(%e : tensor<?x2x4x5xf32>) {scale = 0.353553385 : f32} -> tensor<?x2x4x5xf32>
  %3 = kiln.attention ins(%q, %k, %v : tensor<?x2x4x8xf32>, tensor<?x2x6x8xf32>, tensor<?x2x6x5xf32>) outs(%e : tensor<?x2x4x5xf32>) {scale = 0.353553385 : f32, causal = #kiln.causal<top_left>} -> tensor<?x2x4x5xf32>
  %4 = kiln.attention ins(%q, %k, %v : tensor<?x2x4x8xf32>, tensor<?x2x6x8xf32>, tensor<?x2x6x5xf32>) outs(%e : tensor<?x2x4x5xf32>) {scale = 0.353553385 : f32, causal = #kiln.causal<bottom_right>} -> tensor<?x2x4x5xf32>
  %5 = kiln.attention ins(%k, %q, %vs : tensor<?x2x6x8xf32>, tensor<?x2x4x8xf32>, tensor<?x2x4x5xf32>) outs(%e6 : tensor<?x2x6x5xf32>) {scale = 0.353553385 : f32, causal = #kiln.causal<bottom_right>} -> tensor<?x2x6x5xf32>
  %6 = kiln.attention ins(%q4, %k, %v : tensor<?x4x4x8xf32>, tensor<?x2x6x8xf32>, tensor<?x2x6x5xf32>) outs(%e4 : tensor<?x4x4x5xf32>) {scale = 0.2 : f32} -> tensor<?x4x4x5xf32>
  %7 = kiln.attention ins(%q4, %k, %v, mask %bm : tensor<?x4x4x8xf32>, tensor<?x2x6x8xf32>, tensor<?x2x6x5xf32>, tensor<?x1x4x6xi1>) outs(%e4 : tensor<?x4x4x5xf32>) {scale = 0.5 : f32, causal = #kiln.causal<top_left>} -> tensor<?x4x4x5xf32>
  %8 = kiln.attention ins(%q, %k, %v, mask %am : tensor<?x2x4x8xf32>, tensor<?x2x6x8xf32>, tensor<?x2x6x5xf32>, tensor<?x1x4x6xf32>) outs(%e : tensor<?x2x4x5xf32>) {scale = 1.0 : f32, causal = #kiln.causal<bottom_right>} -> tensor<?x2x4x5xf32>
  %ep = tensor.empty(%b) : tensor<?x2x4x6xf32>
  %9:2 = kiln.attention ins(%q, %k, %v, mask %bm : tensor<?x2x4x8xf32>, tensor<?x2x6x8xf32>, tensor<?x2x6x5xf32>, tensor<?x1x4x6xi1>) score_weights(%w : tensor<8xf32>) outs(%e, probs %ep : tensor<?x2x4x5xf32>, tensor<?x2x4x6xf32>) {scale = -1.5 : f32, score = #kiln.score<additive>, tanh_scale = 0.75 : f32, mask_fill = -1.0e9 : f32} -> tensor<?x2x4x5xf32>, tensor<?x2x4x6xf32>
  %10:2 = kiln.attention ins(%q, %k, %v, mask %bm : tensor<?x2x4x8xf32>, tensor<?x2x6x8xf32>, tensor<?x2x6x5xf32>, tensor<?x1x4x6xi1>) outs(%e, probs %ep : tensor<?x2x4x5xf32>, tensor<?x2x4x6xf32>) {scale = 0.353553385 : f32, causal = #kiln.causal<bottom_right>, zero_masked} -> tensor<?x2x4x5xf32>, tensor<?x2x4x6xf32>
  %11 = kiln.attention ins(%q, %k, %v, mask %bm : tensor<?x2x4x8xf32>, tensor<?x2x6x8xf32>, tensor<?x2x6x5xf32>, tensor<?x1x4x6xi1>) outs(%e : tensor<?x2x4x5xf32>) {scale = 0.353553385 : f32, mask_fill = 0xFF800000 : f32} -> tensor<?x2x4x5xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9#0, %9#1, %10#0, %10#1, %11 :
      tensor<?x2x4x5xf32>, tensor<?x2x4x5xf32>, tensor<?x2x4x5xf32>, tensor<?x2x4x5xf32>,
      tensor<?x2x4x5xf32>, tensor<?x2x6x5xf32>, tensor<?x4x4x5xf32>, tensor<?x4x4x5xf32>,
      tensor<?x2x4x5xf32>, tensor<?x2x4x5xf32>, tensor<?x2x4x6xf32>, tensor<?x2x4x5xf32>,
      tensor<?x2x4x6xf32>, tensor<?x2x4x5xf32>
}
