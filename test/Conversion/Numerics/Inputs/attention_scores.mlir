// Attention layers returning their scores (return_attention_scores): Luong
// dot and concat and AdditiveAttention (batch 1 has every value masked: its
// rows are near-uniform), MultiHeadAttention on the explicit path with a
// query mask (fully masked rows: zero with zero_masked_probs, Keras >= 3.10;
// uniform without, Keras <= 3.9 / tf.keras), GroupQueryAttention; and
// MultiHeadAttention on rank-4 inputs over attention_axes [1, 2] (scores
// (B, N, H, W, H', W')), [2, 1] (cross-attention; scores
// (B, N, W, H, W', H')), [2] (cross-attention, output_shape [2, 5]; scores
// (B, H, N, W, W')) and the default. Masks are `fX != 0`.
func.func @attention_scores(
    %q: tensor<?x3x4xf32>, %v: tensor<?x5x4xf32>, %fq: tensor<?x3xf32>, %fv: tensor<?x5xf32>,
    %sv: tensor<4xf32>, %x: tensor<?x4x6xf32>, %fx: tensor<?x4xf32>,
    %x4: tensor<?x3x4x6xf32>, %y4: tensor<?x3x5x6xf32>,
    %wq: tensor<6x2x3xf32>, %bq: tensor<2x3xf32>, %wk: tensor<6x2x3xf32>, %bk: tensor<2x3xf32>,
    %wv: tensor<6x2x3xf32>, %bv: tensor<2x3xf32>, %wo: tensor<2x3x6xf32>, %bo: tensor<6xf32>,
    %wo2: tensor<2x3x2x5xf32>, %bo2: tensor<2x5xf32>,
    %gq: tensor<6x4x3xf32>, %gbq: tensor<4x3xf32>, %gk: tensor<6x2x3xf32>, %gbk: tensor<2x3xf32>,
    %gv: tensor<6x2x3xf32>, %gbv: tensor<2x3xf32>, %go: tensor<4x3x6xf32>, %gbo: tensor<6xf32>)
    -> (tensor<?x3x4xf32>, tensor<?x3x5xf32>, tensor<?x3x4xf32>, tensor<?x3x5xf32>,
        tensor<?x3x4xf32>, tensor<?x3x5xf32>, tensor<?x4x6xf32>, tensor<?x2x4x4xf32>,
        tensor<?x4x6xf32>, tensor<?x2x4x4xf32>, tensor<?x4x6xf32>, tensor<?x4x4x4xf32>,
        tensor<?x3x4x6xf32>, tensor<?x2x3x4x3x4xf32>, tensor<?x3x4x2x5xf32>,
        tensor<?x3x2x4x5xf32>, tensor<?x3x4x6xf32>, tensor<?x3x4x2x5xf32>,
        tensor<?x2x4x3x5x3xf32>)
    attributes {kiln.model,
                kiln.input_names = ["q", "v", "fq", "fv", "sv", "x", "fx", "x4", "y4",
                                    "wq", "bq", "wk", "bk", "wv", "bv", "wo", "bo", "wo2", "bo2",
                                    "gq", "gbq", "gk", "gbk", "gv", "gbv", "go", "gbo"],
                kiln.output_names = ["att_dot", "att_dot_scores", "add", "add_scores", "concat",
                                     "concat_scores", "mha_zero", "mha_zero_scores",
                                     "mha_uniform", "mha_uniform_scores", "gqa", "gqa_scores",
                                     "mha_axes12", "mha_axes12_scores", "mha_axis2",
                                     "mha_axis2_scores", "mha_default4", "mha_axes21",
                                     "mha_axes21_scores"]} {
  %qm = keras.embedding_mask %fq : (tensor<?x3xf32>) -> tensor<?x3xi1>
  %vm = keras.embedding_mask %fv : (tensor<?x5xf32>) -> tensor<?x5xi1>
  %xm = keras.embedding_mask %fx : (tensor<?x4xf32>) -> tensor<?x4xi1>
  %scale = arith.constant dense<0.75> : tensor<f32>
  %cw = arith.constant dense<-1.5> : tensor<f32>
  %0:2 = keras.attention %q, %v query_mask %qm value_mask %vm {score_mode = "dot", use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>, tensor<?x3xi1>, tensor<?x5xi1>) -> (tensor<?x3x4xf32>, tensor<?x3x5xf32>)
  %1:2 = keras.additive_attention %q, %v query_mask %qm value_mask %vm scale %sv {use_causal_mask = true} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>, tensor<?x3xi1>, tensor<?x5xi1>, tensor<4xf32>) -> (tensor<?x3x4xf32>, tensor<?x3x5xf32>)
  %2:2 = keras.attention %q, %v value_mask %vm scale %scale concat_score_weight %cw {score_mode = "concat", use_causal_mask = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>, tensor<?x5xi1>, tensor<f32>, tensor<f32>) -> (tensor<?x3x4xf32>, tensor<?x3x5xf32>)
  %3:2 = keras.multi_head_attention %x, %x query_proj %wq, %bq key_proj %wk, %bk value_proj %wv, %bv output_proj %wo, %bo query_mask %xm {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = true} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<2x3x6xf32>, tensor<6xf32>, tensor<?x4xi1>) -> (tensor<?x4x6xf32>, tensor<?x2x4x4xf32>)
  %4:2 = keras.multi_head_attention %x, %x query_proj %wq, %bq key_proj %wk, %bk value_proj %wv, %bv output_proj %wo, %bo query_mask %xm {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = true, zero_masked_probs = false} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<2x3x6xf32>, tensor<6xf32>, tensor<?x4xi1>) -> (tensor<?x4x6xf32>, tensor<?x2x4x4xf32>)
  %5:2 = keras.grouped_query_attention %x, %x query_proj %gq, %gbq key_proj %gk, %gbk value_proj %gv, %gbv output_proj %go, %gbo value_mask %xm {num_query_heads = 4 : i64, num_key_value_heads = 2 : i64, head_dim = 3 : i64, use_causal_mask = true, zero_masked_probs = true} : (tensor<?x4x6xf32>, tensor<?x4x6xf32>, tensor<6x4x3xf32>, tensor<4x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<4x3x6xf32>, tensor<6xf32>, tensor<?x4xi1>) -> (tensor<?x4x6xf32>, tensor<?x4x4x4xf32>)
  %6:2 = keras.multi_head_attention %x4, %x4 query_proj %wq, %bq key_proj %wk, %bk value_proj %wv, %bv output_proj %wo, %bo {attention_axes = array<i64: 1, 2>, num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x3x4x6xf32>, tensor<?x3x4x6xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<2x3x6xf32>, tensor<6xf32>) -> (tensor<?x3x4x6xf32>, tensor<?x2x3x4x3x4xf32>)
  %7:2 = keras.multi_head_attention %x4, %y4 query_proj %wq, %bq key_proj %wk, %bk value_proj %wv, %bv output_proj %wo2, %bo2 {attention_axes = array<i64: 2>, num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x3x4x6xf32>, tensor<?x3x5x6xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<2x3x2x5xf32>, tensor<2x5xf32>) -> (tensor<?x3x4x2x5xf32>, tensor<?x3x2x4x5xf32>)
  %8 = keras.multi_head_attention %x4, %y4 query_proj %wq, %bq key_proj %wk, %bk value_proj %wv, %bv output_proj %wo, %bo {num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x3x4x6xf32>, tensor<?x3x5x6xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<2x3x6xf32>, tensor<6xf32>) -> tensor<?x3x4x6xf32>
  %9:2 = keras.multi_head_attention %x4, %y4 query_proj %wk, %bk key_proj %wq, %bq value_proj %wv, %bv output_proj %wo2, %bo2 {attention_axes = array<i64: 2, 1>, num_heads = 2 : i64, key_dim = 3 : i64, value_dim = 3 : i64, use_causal_mask = false, zero_masked_probs = false} : (tensor<?x3x4x6xf32>, tensor<?x3x5x6xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<6x2x3xf32>, tensor<2x3xf32>, tensor<2x3x2x5xf32>, tensor<2x5xf32>) -> (tensor<?x3x4x2x5xf32>, tensor<?x2x4x3x5x3xf32>)
  return %0#0, %0#1, %1#0, %1#1, %2#0, %2#1, %3#0, %3#1, %4#0, %4#1, %5#0, %5#1, %6#0, %6#1,
         %7#0, %7#1, %8, %9#0, %9#1 :
      tensor<?x3x4xf32>, tensor<?x3x5xf32>, tensor<?x3x4xf32>, tensor<?x3x5xf32>,
      tensor<?x3x4xf32>, tensor<?x3x5xf32>, tensor<?x4x6xf32>, tensor<?x2x4x4xf32>,
      tensor<?x4x6xf32>, tensor<?x2x4x4xf32>, tensor<?x4x6xf32>, tensor<?x4x4x4xf32>,
      tensor<?x3x4x6xf32>, tensor<?x2x3x4x3x4xf32>, tensor<?x3x4x2x5xf32>,
      tensor<?x3x2x4x5xf32>, tensor<?x3x4x6xf32>, tensor<?x3x4x2x5xf32>,
      tensor<?x2x4x3x5x3xf32>
}
