// Attention layers decomposed to primitive IR: Luong dot/concat (with and
// without scale, causal, query and value masks; batch 1 has every value
// masked), AdditiveAttention, MultiHeadAttention (self, cross with key and
// output_shape, causal + attention_mask with zeroed masked probabilities) and
// GroupQueryAttention (repeat head mapping), and attention masks that
// broadcast: (B, 1, S) for MultiHeadAttention, (T, S) with causal for
// GroupQueryAttention, and MultiHeadAttention with use_gate (O times
// sigmoid(x·Wg + bg)). Masks are `fX != 0`.
func.func @attention_layers(
    %q: tensor<?x3x4xf32>, %v: tensor<?x5x4xf32>, %k: tensor<?x5x4xf32>, %v6: tensor<?x5x6xf32>,
    %fq: tensor<?x3xf32>, %fv: tensor<?x5xf32>, %sv: tensor<4xf32>,
    %x: tensor<?x4x6xf32>, %fx: tensor<?x4xf32>, %fam: tensor<?x4x4xf32>,
    %wq: tensor<6x2x3xf32>, %bq: tensor<2x3xf32>, %wk: tensor<6x2x3xf32>, %bk: tensor<2x3xf32>,
    %wv: tensor<6x2x3xf32>, %bv: tensor<2x3xf32>, %wo: tensor<2x3x6xf32>, %bo: tensor<6xf32>,
    %wq2: tensor<4x2x3xf32>, %bq2: tensor<2x3xf32>, %wk2: tensor<4x2x3xf32>, %bk2: tensor<2x3xf32>,
    %wv2: tensor<6x2x5xf32>, %bv2: tensor<2x5xf32>, %wo2: tensor<2x5x7xf32>, %bo2: tensor<7xf32>,
    %gq: tensor<6x4x3xf32>, %gbq: tensor<4x3xf32>, %gk: tensor<6x2x3xf32>, %gbk: tensor<2x3xf32>,
    %gv: tensor<6x2x3xf32>, %gbv: tensor<2x3xf32>, %go: tensor<4x3x6xf32>, %gbo: tensor<6xf32>,
    %famrow: tensor<?x1x4xf32>, %famts: tensor<4x4xf32>, %wg: tensor<6x2x3xf32>,
    %bg: tensor<2x3xf32>)
    -> (tensor<?x3x4xf32>, tensor<?x3x6xf32>, tensor<?x3x4xf32>, tensor<?x3x4xf32>,
        tensor<?x3x6xf32>, tensor<?x4x6xf32>, tensor<?x3x7xf32>, tensor<?x4x6xf32>,
        tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<?x4x6xf32>,
        tensor<?x4x6xf32>)
    attributes {kiln.model,
                kiln.input_names = ["q", "v", "k", "v6", "fq", "fv", "sv", "x", "fx", "fam",
                                    "wq", "bq", "wk", "bk", "wv", "bv", "wo", "bo",
                                    "wq2", "bq2", "wk2", "bk2", "wv2", "bv2", "wo2", "bo2",
                                    "gq", "gbq", "gk", "gbk", "gv", "gbv", "go", "gbo",
                                    "famrow", "famts", "wg", "bg"],
                kiln.output_names = ["att_dot", "att_scale_causal", "att_concat", "add_att",
                                     "add_att_noscale", "mha_self", "mha_cross",
                                     "mha_causal_am", "gqa", "mha_masked_uniform", "mha_am_rows",
                                     "gqa_am_ts", "mha_gate"]} {
  %qm = keras.embedding_mask %fq : (tensor<?x3xf32>) -> tensor<?x3xi1>
  %vm = keras.embedding_mask %fv : (tensor<?x5xf32>) -> tensor<?x5xi1>
  %xm = keras.embedding_mask %fx : (tensor<?x4xf32>) -> tensor<?x4xi1>
  %am = keras.embedding_mask %fam : (tensor<?x4x4xf32>) -> tensor<?x4x4xi1>
  %scale = arith.constant dense<0.75> : tensor<f32>
  %cw = arith.constant dense<-1.5> : tensor<f32>
  %0 = keras.attention %q, %v query_mask %qm value_mask %vm {score_mode = "dot", use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>, tensor<?x3xi1>, tensor<?x5xi1>) -> tensor<?x3x4xf32>
  %1 = keras.attention %q, %v6 key %k value_mask %vm scale %scale {score_mode = "dot", use_causal_mask = true} : (tensor<?x3x4xf32>, tensor<?x5x6xf32>, tensor<?x5x4xf32>, tensor<?x5xi1>, tensor<f32>) -> tensor<?x3x6xf32>
  %2 = keras.attention %q, %v query_mask %qm value_mask %vm scale %scale concat_score_weight %cw {score_mode = "concat", use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>, tensor<?x3xi1>, tensor<?x5xi1>, tensor<f32>, tensor<f32>) -> tensor<?x3x4xf32>
  %3 = keras.additive_attention %q, %v query_mask %qm value_mask %vm scale %sv {use_causal_mask = true} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>, tensor<?x3xi1>, tensor<?x5xi1>, tensor<4xf32>) -> tensor<?x3x4xf32>
  %4 = keras.additive_attention %q, %v6 key %k {use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x6xf32>, tensor<?x5x4xf32>) -> tensor<?x3x6xf32>
  %5 = keras.multi_head_attention %x, %x query_proj %wq, %bq key_proj %wk, %bk value_proj %wv, %bv output_proj %wo, %bo {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<2x3x6xf32>, tensor<6xf32>) -> tensor<?x4x6xf32>
  %6 = keras.multi_head_attention %q, %v6 key %k query_proj %wq2, %bq2 key_proj %wk2, %bk2 value_proj %wv2, %bv2 output_proj %wo2, %bo2 query_mask %qm value_mask %vm {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 5 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x3x4xf32>, tensor<?x5x6xf32>, tensor<?x5x4xf32>, tensor<4x2x3xf32>, tensor<2x3xf32>, tensor<4x2x3xf32>, tensor<2x3xf32>, tensor<6x2x5xf32>, tensor<2x5xf32>, tensor<2x5x7xf32>, tensor<7xf32>, tensor<?x3xi1>, tensor<?x5xi1>) -> tensor<?x3x7xf32>
  %7 = keras.multi_head_attention %x, %x query_proj %wq key_proj %wk value_proj %wv output_proj %wo attention_mask %am query_mask %xm {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = true, zero_masked_probs = true} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<6x2x3xf32>, tensor<2x3x6xf32>, tensor<?x4x4xi1>, tensor<?x4xi1>) -> tensor<?x4x6xf32>
  %8 = keras.grouped_query_attention %x, %x query_proj %gq, %gbq key_proj %gk, %gbk value_proj %gv, %gbv output_proj %go, %gbo value_mask %xm {num_query_heads = 4 : i64, num_key_value_heads = 2 : i64, head_dim = 3 : i64, use_causal_mask = true, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x4x3xf32>, tensor<4x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<4x3x6xf32>, tensor<6xf32>, tensor<?x4xi1>) -> tensor<?x4x6xf32>
  %9 = keras.multi_head_attention %x, %x key %x query_proj %wq, %bq key_proj %wk, %bk value_proj %wv, %bv output_proj %wo, %bo attention_mask %am query_mask %xm key_mask %xm {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<2x3x6xf32>, tensor<6xf32>, tensor<?x4x4xi1>, tensor<?x4xi1>, tensor<?x4xi1>) -> tensor<?x4x6xf32>
  %amrow = keras.embedding_mask %famrow : (tensor<?x1x4xf32>) -> tensor<?x1x4xi1>
  %amts = keras.embedding_mask %famts : (tensor<4x4xf32>) -> tensor<4x4xi1>
  %10 = keras.multi_head_attention %x, %x query_proj %wq, %bq key_proj %wk, %bk value_proj %wv, %bv output_proj %wo, %bo attention_mask %amrow {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<2x3x6xf32>, tensor<6xf32>, tensor<?x1x4xi1>) -> tensor<?x4x6xf32>
  %11 = keras.grouped_query_attention %x, %x query_proj %gq, %gbq key_proj %gk, %gbk value_proj %gv, %gbv output_proj %go, %gbo attention_mask %amts {num_query_heads = 4 : i64, num_key_value_heads = 2 : i64, head_dim = 3 : i64, use_causal_mask = true, zero_masked_probs = true} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x4x3xf32>, tensor<4x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<4x3x6xf32>, tensor<6xf32>, tensor<4x4xi1>) -> tensor<?x4x6xf32>
  %12 = keras.multi_head_attention %x, %x query_proj %wq, %bq key_proj %wk, %bk value_proj %wv, %bv output_proj %wo, %bo gate_proj %wg gate_bias %bg query_mask %xm {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<2x3x6xf32>, tensor<6xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<?x4xi1>) -> tensor<?x4x6xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12 :
      tensor<?x3x4xf32>, tensor<?x3x6xf32>, tensor<?x3x4xf32>, tensor<?x3x4xf32>,
      tensor<?x3x6xf32>, tensor<?x4x6xf32>, tensor<?x3x7xf32>, tensor<?x4x6xf32>,
      tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<?x4x6xf32>,
      tensor<?x4x6xf32>
}
