// One case per keras verifier rule (KerasOps.cpp, KerasShapes.cpp).
// RUN: kiln-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// dense
//===----------------------------------------------------------------------===//

func.func @dense_rank1(%x: tensor<4xf32>, %k: tensor<4x3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'keras.dense' op input of rank 1 needs rank >= 2 (4,)}}
  %0 = keras.dense %x, %k activation <linear> : (tensor<4xf32>, tensor<4x3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @dense_kernel_rank(%x: tensor<?x4xf32>, %k: tensor<4x3x1xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{kernel must be a static matrix, got (4, 3, 1)}}
  %0 = keras.dense %x, %k activation <linear> : (tensor<?x4xf32>, tensor<4x3x1xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @dense_kernel_dynamic(%x: tensor<?x4xf32>, %k: tensor<4x?xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{kernel must be a static matrix, got (4, None)}}
  %0 = keras.dense %x, %k activation <linear> : (tensor<?x4xf32>, tensor<4x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @dense_kernel_mismatch(%x: tensor<?x5xf32>, %k: tensor<4x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{input (None, 5) does not match kernel (4, 3)}}
  %0 = keras.dense %x, %k activation <linear> : (tensor<?x5xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @dense_bias_size(%x: tensor<?x4xf32>, %k: tensor<4x3xf32>, %b: tensor<4xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{bias (4,) does not match kernel (4, 3)}}
  %0 = keras.dense %x, %k, %b activation <linear> : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @dense_bias_rank(%x: tensor<?x4xf32>, %k: tensor<4x3xf32>, %b: tensor<1x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{bias (1, 3) does not match kernel (4, 3)}}
  %0 = keras.dense %x, %k, %b activation <linear> : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<1x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @dense_result(%x: tensor<?x5x4xf32>, %k: tensor<4x3xf32>) -> tensor<?x6x3xf32> {
  // expected-error @+1 {{result shape (None, 6, 3) does not match the expected (None, 5, 3)}}
  %0 = keras.dense %x, %k activation <linear> : (tensor<?x5x4xf32>, tensor<4x3xf32>) -> tensor<?x6x3xf32>
  return %0 : tensor<?x6x3xf32>
}

// -----

func.func @dense_i32(%x: tensor<?x4xi32>, %k: tensor<4x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float values}}
  %0 = keras.dense %x, %k activation <linear> : (tensor<?x4xi32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// einsum_dense
//===----------------------------------------------------------------------===//

func.func @einsum_no_arrow(%x: tensor<?x4xf32>, %k: tensor<4x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{malformed einsum equation 'ab,bc'}}
  %0 = keras.einsum_dense %x, %k equation "ab,bc" activation <linear> : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @einsum_no_comma(%x: tensor<?x4xf32>, %k: tensor<4x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{malformed einsum equation 'abbc->ac'}}
  %0 = keras.einsum_dense %x, %k equation "abbc->ac" activation <linear> : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @einsum_empty_output(%x: tensor<?x4xf32>, %k: tensor<4x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{malformed einsum equation 'ab,bc->'}}
  %0 = keras.einsum_dense %x, %k equation "ab,bc->" activation <linear> : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @einsum_bad_char(%x: tensor<?x4xf32>, %k: tensor<4x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{malformed einsum equation 'a1,1c->ac'}}
  %0 = keras.einsum_dense %x, %k equation "a1,1c->ac" activation <linear> : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @einsum_ellipsis_one_side(%x: tensor<?x5x4xf32>, %k: tensor<4x3xf32>) -> tensor<?x5x3xf32> {
  // expected-error @+1 {{einsum equation '...b,bc->ac' must use '...' in both input and output or in neither}}
  %0 = keras.einsum_dense %x, %k equation "...b,bc->ac" activation <linear> : (tensor<?x5x4xf32>, tensor<4x3xf32>) -> tensor<?x5x3xf32>
  return %0 : tensor<?x5x3xf32>
}

// -----

func.func @einsum_ellipsis_kernel(%x: tensor<?x4xf32>, %k: tensor<4x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{must use '...' in both input and output or in neither}}
  %0 = keras.einsum_dense %x, %k equation "...b,...bc->...c" activation <linear> : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @einsum_rank(%x: tensor<?x5x4xf32>, %k: tensor<4x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{einsum equation 'ab,bc->ac' does not fit an input of rank 3}}
  %0 = keras.einsum_dense %x, %k equation "ab,bc->ac" activation <linear> : (tensor<?x5x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @einsum_ellipsis_rank(%x: tensor<?x4xf32>, %k: tensor<4x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{einsum equation '...abc,cd->...abd' does not fit an input of rank 2}}
  %0 = keras.einsum_dense %x, %k equation "...abc,cd->...abd" activation <linear> : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @einsum_repeat(%x: tensor<?x4xf32>, %k: tensor<4x3xf32>) -> tensor<?x3x3xf32> {
  // expected-error @+1 {{einsum equation 'ab,bc->acc' repeats a letter in one operand}}
  %0 = keras.einsum_dense %x, %k equation "ab,bc->acc" activation <linear> : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3x3xf32>
  return %0 : tensor<?x3x3xf32>
}

// -----

func.func @einsum_kernel_rank(%x: tensor<?x4xf32>, %k: tensor<4x3x2xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{kernel (4, 3, 2) does not fit equation 'ab,bc->ac'}}
  %0 = keras.einsum_dense %x, %k equation "ab,bc->ac" activation <linear> : (tensor<?x4xf32>, tensor<4x3x2xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @einsum_disagree(%x: tensor<?x5xf32>, %k: tensor<4x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{input (None, 5) and kernel (4, 3) disagree on 'b'}}
  %0 = keras.einsum_dense %x, %k equation "ab,bc->ac" activation <linear> : (tensor<?x5xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @einsum_disagree_batch_letter(%x: tensor<?x5x4xf32>, %k: tensor<4x6x3xf32>) -> tensor<?x5x3xf32> {
  // expected-error @+1 {{input (None, 5, 4) and kernel (4, 6, 3) disagree on 'b'}}
  %0 = keras.einsum_dense %x, %k equation "abc,cbd->abd" activation <linear> : (tensor<?x5x4xf32>, tensor<4x6x3xf32>) -> tensor<?x5x3xf32>
  return %0 : tensor<?x5x3xf32>
}

// -----

func.func @einsum_unknown_output_letter(%x: tensor<?x4xf32>, %k: tensor<4x3xf32>) -> tensor<?x3x2xf32> {
  // expected-error @+1 {{output letter 'z' appears in no operand of 'ab,bc->acz'}}
  %0 = keras.einsum_dense %x, %k equation "ab,bc->acz" activation <linear> : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3x2xf32>
  return %0 : tensor<?x3x2xf32>
}

// -----

func.func @einsum_dropped_input_letter(%x: tensor<?x5x4xf32>, %k: tensor<4x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{input letter 'b' is neither contracted nor kept in 'abc,cd->ad'}}
  %0 = keras.einsum_dense %x, %k equation "abc,cd->ad" activation <linear> : (tensor<?x5x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @einsum_result(%x: tensor<?x4xf32>, %k: tensor<4x3xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{result shape (None, 4) does not match the expected (None, 3)}}
  %0 = keras.einsum_dense %x, %k equation "ab,bc->ac" activation <linear> : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @einsum_bias_rank(%x: tensor<?x4xf32>, %k: tensor<4x3xf32>, %b: tensor<2x1x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{bias (2, 1, 3) has more dims than output}}
  %0 = keras.einsum_dense %x, %k, %b equation "ab,bc->ac" activation <linear> : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<2x1x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @einsum_bias_broadcast(%x: tensor<?x5x4xf32>, %k: tensor<4x3xf32>, %b: tensor<4x3xf32>) -> tensor<?x5x3xf32> {
  // expected-error @+1 {{bias (4, 3) does not broadcast to output (None, 5, 3)}}
  %0 = keras.einsum_dense %x, %k, %b equation "abc,cd->abd" activation <linear> : (tensor<?x5x4xf32>, tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<?x5x3xf32>
  return %0 : tensor<?x5x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// activation, dropout, rescaling
//===----------------------------------------------------------------------===//

// expected-note @+1 {{prior use here}}
func.func @activation_type(%x: tensor<?x4xf32>) -> tensor<?x5xf32> {
  // expected-error @+1 {{use of value '%x' expects different type than prior uses}}
  %0 = keras.activation <relu> %x : tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}

// -----

func.func @activation_bad_kind(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+2 {{expected ::kiln::keras::ActivationKind to be one of: linear, relu,}}
  // expected-error @+1 {{failed to parse Keras_ActivationKindAttr parameter 'value'}}
  %0 = keras.activation <swish> %x : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @activation_generic_type(%x: tensor<?x4xf32>) -> tensor<?x5xf32> {
  // expected-error @+1 {{'keras.activation' op requires the same type for all operands and results}}
  %0 = "keras.activation"(%x) <{kind = #keras.activation<relu>}> : (tensor<?x4xf32>) -> tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}

// -----

func.func @rescaling_i32(%x: tensor<?x4xi32>) -> tensor<?x4xi32> {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float values}}
  %0 = keras.rescaling %x {scale = 2.0 : f64, offset = 0.0 : f64} : tensor<?x4xi32>
  return %0 : tensor<?x4xi32>
}

// -----

//===----------------------------------------------------------------------===//
// flatten, reshape, permute, repeat_vector
//===----------------------------------------------------------------------===//

func.func @flatten_scalar(%x: tensor<f32>) -> tensor<1xf32> {
  // expected-error @+1 {{cannot flatten a scalar}}
  %0 = keras.flatten %x : (tensor<f32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

func.func @flatten_result(%x: tensor<?x4x6xf32>) -> tensor<?x25xf32> {
  // expected-error @+1 {{result shape (None, 25) does not match the expected (None, 24)}}
  %0 = keras.flatten %x : (tensor<?x4x6xf32>) -> tensor<?x25xf32>
  return %0 : tensor<?x25xf32>
}

// -----

func.func @reshape_batch(%x: tensor<2x4x6xf32>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{must keep the batch dim}}
  %0 = keras.reshape %x : (tensor<2x4x6xf32>) -> tensor<3x4x4xf32>
  return %0 : tensor<3x4x4xf32>
}

// -----

func.func @reshape_scalar(%x: tensor<f32>) -> tensor<1xf32> {
  // expected-error @+1 {{must keep the batch dim}}
  %0 = keras.reshape %x : (tensor<f32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

func.func @reshape_two_unknown(%x: tensor<?x4x6xf32>) -> tensor<?x?x?xf32> {
  // expected-error @+1 {{target shape (None, None) has more than one unknown dim}}
  %0 = keras.reshape %x : (tensor<?x4x6xf32>) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

// -----

func.func @reshape_zero_dim(%x: tensor<?x4x6xf32>) -> tensor<?x0x24xf32> {
  // expected-error @+1 {{target shape (0, 24) has dim 0}}
  %0 = keras.reshape %x : (tensor<?x4x6xf32>) -> tensor<?x0x24xf32>
  return %0 : tensor<?x0x24xf32>
}

// -----

func.func @reshape_count(%x: tensor<?x4x6xf32>) -> tensor<?x5x5xf32> {
  // expected-error @+1 {{cannot reshape (None, 4, 6) to (5, 5)}}
  %0 = keras.reshape %x : (tensor<?x4x6xf32>) -> tensor<?x5x5xf32>
  return %0 : tensor<?x5x5xf32>
}

// -----

func.func @reshape_unknown_not_divisible(%x: tensor<?x4x6xf32>) -> tensor<?x5x?xf32> {
  // expected-error @+1 {{cannot reshape (None, 4, 6) to (5, None)}}
  %0 = keras.reshape %x : (tensor<?x4x6xf32>) -> tensor<?x5x?xf32>
  return %0 : tensor<?x5x?xf32>
}

// -----

func.func @permute_rank(%x: tensor<?x4x6xf32>) -> tensor<?x6x4xf32> {
  // expected-error @+1 {{permutation of rank 2 does not fit input (None, 4, 6)}}
  %0 = keras.permute %x [0, 2] : (tensor<?x4x6xf32>) -> tensor<?x6x4xf32>
  return %0 : tensor<?x6x4xf32>
}

// -----

func.func @permute_batch_moved(%x: tensor<?x4x6xf32>) -> tensor<4x?x6xf32> {
  // expected-error @+1 {{permutation of rank 3 does not fit input (None, 4, 6)}}
  %0 = keras.permute %x [1, 0, 2] : (tensor<?x4x6xf32>) -> tensor<4x?x6xf32>
  return %0 : tensor<4x?x6xf32>
}

// -----

func.func @permute_duplicate(%x: tensor<?x4x6xf32>) -> tensor<?x4x4xf32> {
  // expected-error @+1 {{dims do not form a permutation}}
  %0 = keras.permute %x [0, 1, 1] : (tensor<?x4x6xf32>) -> tensor<?x4x4xf32>
  return %0 : tensor<?x4x4xf32>
}

// -----

func.func @permute_out_of_range(%x: tensor<?x4x6xf32>) -> tensor<?x4x6xf32> {
  // expected-error @+1 {{dims do not form a permutation}}
  %0 = keras.permute %x [0, 1, 3] : (tensor<?x4x6xf32>) -> tensor<?x4x6xf32>
  return %0 : tensor<?x4x6xf32>
}

// -----

func.func @permute_result(%x: tensor<?x4x6xf32>) -> tensor<?x4x6xf32> {
  // expected-error @+1 {{result shape (None, 4, 6) does not match the expected (None, 6, 4)}}
  %0 = keras.permute %x [0, 2, 1] : (tensor<?x4x6xf32>) -> tensor<?x4x6xf32>
  return %0 : tensor<?x4x6xf32>
}

// -----

func.func @repeat_vector_rank(%x: tensor<?x4x6xf32>) -> tensor<?x3x4x6xf32> {
  // expected-error @+1 {{RepeatVector expects a rank-2 input, got (None, 4, 6)}}
  %0 = keras.repeat_vector %x {n = 3 : i64} : (tensor<?x4x6xf32>) -> tensor<?x3x4x6xf32>
  return %0 : tensor<?x3x4x6xf32>
}

// -----

func.func @repeat_vector_n(%x: tensor<?x4xf32>) -> tensor<?x0x4xf32> {
  // expected-error @+1 {{RepeatVector n must be positive}}
  %0 = keras.repeat_vector %x {n = 0 : i64} : (tensor<?x4xf32>) -> tensor<?x0x4xf32>
  return %0 : tensor<?x0x4xf32>
}

// -----

func.func @repeat_vector_result(%x: tensor<?x4xf32>) -> tensor<?x2x4xf32> {
  // expected-error @+1 {{result shape (None, 2, 4) does not match the expected (None, 3, 4)}}
  %0 = keras.repeat_vector %x {n = 3 : i64} : (tensor<?x4xf32>) -> tensor<?x2x4xf32>
  return %0 : tensor<?x2x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// merges
//===----------------------------------------------------------------------===//

func.func @subtract_three(%a: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'keras.subtract' op expects exactly 2 inputs}}
  %0 = keras.subtract %a, %a, %a : (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @subtract_one(%a: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'keras.subtract' op expects exactly 2 inputs}}
  %0 = keras.subtract %a : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @add_none() -> tensor<?x4xf32> {
  // expected-error @+1 {{'keras.add' op expects at least one input}}
  %0 = keras.add : () -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @add_scalar(%a: tensor<f32>, %b: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{merge inputs must have a batch dim}}
  %0 = keras.add %b, %a : (tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @add_broadcast(%a: tensor<?x4xf32>, %b: tensor<?x5xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{inputs (None, 4) and (None, 5) cannot be broadcast together}}
  %0 = keras.add %a, %b : (tensor<?x4xf32>, tensor<?x5xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Keras inserts the missing axes after the batch axis, not before the last:
// (B, 3) against (B, 3, 4) becomes (B, 1, 3), which does not broadcast.
func.func @multiply_rank_expansion(%a: tensor<?x3x4xf32>, %b: tensor<?x3xf32>) -> tensor<?x3x4xf32> {
  // expected-error @+1 {{inputs (None, 3, 4) and (None, 3) cannot be broadcast together}}
  %0 = keras.multiply %a, %b : (tensor<?x3x4xf32>, tensor<?x3xf32>) -> tensor<?x3x4xf32>
  return %0 : tensor<?x3x4xf32>
}

// -----

func.func @average_result(%a: tensor<?x3x4xf32>, %b: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{result shape (None, 4) does not match the expected (None, 3, 4)}}
  %0 = keras.average %a, %b : (tensor<?x3x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @maximum_result(%a: tensor<?x1x4xf32>, %b: tensor<?x4xf32>) -> tensor<?x2x4xf32> {
  // expected-error @+1 {{result shape (None, 2, 4) does not match the expected (None, 1, 4)}}
  %0 = keras.maximum %a, %b : (tensor<?x1x4xf32>, tensor<?x4xf32>) -> tensor<?x2x4xf32>
  return %0 : tensor<?x2x4xf32>
}

// -----

func.func @minimum_i32(%a: tensor<?x4xi32>) -> tensor<?x4xi32> {
  // expected-error @+1 {{operand #0 must be variadic of ranked tensor of 32-bit float values}}
  %0 = keras.minimum %a : (tensor<?x4xi32>) -> tensor<?x4xi32>
  return %0 : tensor<?x4xi32>
}

// -----

//===----------------------------------------------------------------------===//
// concatenate
//===----------------------------------------------------------------------===//

func.func @concatenate_none() -> tensor<?x4xf32> {
  // expected-error @+1 {{'keras.concatenate' op expects at least one input}}
  %0 = keras.concatenate {axis = 1 : i64} : () -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @concatenate_axis_range(%a: tensor<?x4xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = keras.concatenate %a, %a {axis = 2 : i64} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

func.func @concatenate_negative_axis(%a: tensor<?x4xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{axis -1 is out of range for rank 2}}
  %0 = keras.concatenate %a, %a {axis = -1 : i64} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

func.func @concatenate_batch_axis(%a: tensor<2x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{axis 0 is out of range for rank 2}}
  %0 = keras.concatenate %a, %a {axis = 0 : i64} : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @concatenate_rank(%a: tensor<?x4xf32>, %b: tensor<?x4x1xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{inputs (None, 4) and (None, 4, 1) differ in rank}}
  %0 = keras.concatenate %a, %b {axis = 1 : i64} : (tensor<?x4xf32>, tensor<?x4x1xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

func.func @concatenate_other_axis(%a: tensor<?x3x4xf32>, %b: tensor<?x3x5xf32>) -> tensor<?x6x4xf32> {
  // expected-error @+1 {{inputs (None, 3, 4) and (None, 3, 5) differ outside axis 1}}
  %0 = keras.concatenate %a, %b {axis = 1 : i64} : (tensor<?x3x4xf32>, tensor<?x3x5xf32>) -> tensor<?x6x4xf32>
  return %0 : tensor<?x6x4xf32>
}

// -----

func.func @concatenate_result(%a: tensor<?x3x4xf32>, %b: tensor<?x2x4xf32>) -> tensor<?x6x4xf32> {
  // expected-error @+1 {{result shape (None, 6, 4) does not match the expected (None, 5, 4)}}
  %0 = keras.concatenate %a, %b {axis = 1 : i64} : (tensor<?x3x4xf32>, tensor<?x2x4xf32>) -> tensor<?x6x4xf32>
  return %0 : tensor<?x6x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// dot
//===----------------------------------------------------------------------===//

func.func @dot_axes_count(%a: tensor<?x4xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{'keras.dot' op expects two axes}}
  %0 = keras.dot %a, %a {axes = array<i64: 1>, normalize = false} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x1xf32>
  return %0 : tensor<?x1xf32>
}

// -----

func.func @dot_rank(%a: tensor<4xf32>) -> tensor<1xf32> {
  // expected-error @+1 {{Dot inputs need rank >= 2, got (4,) and (4,)}}
  %0 = keras.dot %a, %a {axes = array<i64: 0, 0>, normalize = false} : (tensor<4xf32>, tensor<4xf32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

func.func @dot_batch_axis(%a: tensor<?x4xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{Dot axes (0, 1) are out of range or the batch axis}}
  %0 = keras.dot %a, %a {axes = array<i64: 0, 1>, normalize = false} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x1xf32>
  return %0 : tensor<?x1xf32>
}

// -----

func.func @dot_axis_range(%a: tensor<?x4xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{Dot axes (1, 2) are out of range or the batch axis}}
  %0 = keras.dot %a, %a {axes = array<i64: 1, 2>, normalize = false} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x1xf32>
  return %0 : tensor<?x1xf32>
}

// -----

func.func @dot_negative_axis(%a: tensor<?x4xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{Dot axes (-1, -1) are out of range or the batch axis}}
  %0 = keras.dot %a, %a {axes = array<i64: -1, -1>, normalize = false} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x1xf32>
  return %0 : tensor<?x1xf32>
}

// -----

func.func @dot_mismatch(%a: tensor<?x4xf32>, %b: tensor<?x5xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{Dot inputs (None, 4) and (None, 5) do not match on the batch or dot axes}}
  %0 = keras.dot %a, %b {axes = array<i64: 1, 1>, normalize = false} : (tensor<?x4xf32>, tensor<?x5xf32>) -> tensor<?x1xf32>
  return %0 : tensor<?x1xf32>
}

// -----

func.func @dot_batch_mismatch(%a: tensor<2x4xf32>, %b: tensor<3x4xf32>) -> tensor<2x1xf32> {
  // expected-error @+1 {{Dot inputs (2, 4) and (3, 4) do not match on the batch or dot axes}}
  %0 = keras.dot %a, %b {axes = array<i64: 1, 1>, normalize = true} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @dot_result(%a: tensor<?x3x4xf32>, %b: tensor<?x5x4xf32>) -> tensor<?x5x3xf32> {
  // expected-error @+1 {{result shape (None, 5, 3) does not match the expected (None, 3, 5)}}
  %0 = keras.dot %a, %b {axes = array<i64: 2, 2>, normalize = false} : (tensor<?x3x4xf32>, tensor<?x5x4xf32>) -> tensor<?x5x3xf32>
  return %0 : tensor<?x5x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// softmax, layer_normalization, batch_normalization
//===----------------------------------------------------------------------===//

func.func @softmax_no_axes(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'keras.softmax' op no axes given}}
  %0 = keras.softmax %x [] : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @softmax_axis_range(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{axes must be sorted, distinct and within rank 2}}
  %0 = keras.softmax %x [2] : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @softmax_negative_axis(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{axes must be sorted, distinct and within rank 2}}
  %0 = keras.softmax %x [-1] : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @softmax_unsorted(%x: tensor<?x3x4xf32>) -> tensor<?x3x4xf32> {
  // expected-error @+1 {{axes must be sorted, distinct and within rank 3}}
  %0 = keras.softmax %x [2, 1] : tensor<?x3x4xf32>
  return %0 : tensor<?x3x4xf32>
}

// -----

func.func @softmax_duplicate(%x: tensor<?x3x4xf32>) -> tensor<?x3x4xf32> {
  // expected-error @+1 {{axes must be sorted, distinct and within rank 3}}
  %0 = keras.softmax %x [1, 1] : tensor<?x3x4xf32>
  return %0 : tensor<?x3x4xf32>
}

// -----

func.func @layer_norm_axes(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'keras.layer_normalization' op axes must be sorted, distinct and within rank 2}}
  %0 = keras.layer_normalization %x {axes = array<i64: 3>, epsilon = 1.0e-3 : f64} : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @layer_norm_no_axes(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'keras.layer_normalization' op no axes given}}
  %0 = keras.layer_normalization %x {axes = array<i64>, epsilon = 1.0e-3 : f64} : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @layer_norm_result(%x: tensor<?x4xf32>) -> tensor<?x5xf32> {
  // expected-error @+1 {{result shape (None, 5) does not match the expected (None, 4)}}
  %0 = keras.layer_normalization %x {axes = array<i64: 1>, epsilon = 1.0e-3 : f64} : (tensor<?x4xf32>) -> tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}

// -----

func.func @layer_norm_epsilon(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{epsilon must be non-negative}}
  %0 = keras.layer_normalization %x {axes = array<i64: 1>, epsilon = -1.0e-3 : f64} : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @layer_norm_gamma(%x: tensor<?x4xf32>, %g: tensor<5xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{gamma (5,) does not match the normalized dims (4,)}}
  %0 = keras.layer_normalization %x gamma %g {axes = array<i64: 1>, epsilon = 1.0e-3 : f64} : (tensor<?x4xf32>, tensor<5xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @layer_norm_beta(%x: tensor<?x3x4xf32>, %g: tensor<3x4xf32>, %b: tensor<4xf32>) -> tensor<?x3x4xf32> {
  // expected-error @+1 {{beta (4,) does not match the normalized dims (3, 4)}}
  %0 = keras.layer_normalization %x gamma %g beta %b {axes = array<i64: 1, 2>, epsilon = 1.0e-3 : f64} : (tensor<?x3x4xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<?x3x4xf32>
  return %0 : tensor<?x3x4xf32>
}

// -----

func.func @batch_norm_axis(%x: tensor<?x4xf32>, %p: tensor<4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'keras.batch_normalization' op axes must be sorted, distinct and within rank 2}}
  %0 = keras.batch_normalization %x mean %p variance %p {axis = 2 : i64, epsilon = 1.0e-3 : f64} : (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @batch_norm_result(%x: tensor<?x4xf32>, %p: tensor<4xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{result shape (None, 3) does not match the expected (None, 4)}}
  %0 = keras.batch_normalization %x mean %p variance %p {axis = 1 : i64, epsilon = 1.0e-3 : f64} : (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @batch_norm_epsilon(%x: tensor<?x4xf32>, %p: tensor<4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{epsilon must be non-negative}}
  %0 = keras.batch_normalization %x mean %p variance %p {axis = 1 : i64, epsilon = -1.0 : f64} : (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @batch_norm_gamma(%x: tensor<?x4xf32>, %p: tensor<4xf32>, %g: tensor<3xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{gamma (3,) does not match the normalized dims (4,)}}
  %0 = keras.batch_normalization %x gamma %g mean %p variance %p {axis = 1 : i64, epsilon = 1.0e-3 : f64} : (tensor<?x4xf32>, tensor<3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @batch_norm_beta(%x: tensor<?x4xf32>, %p: tensor<4xf32>, %b: tensor<1x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{beta (1, 4) does not match the normalized dims (4,)}}
  %0 = keras.batch_normalization %x beta %b mean %p variance %p {axis = 1 : i64, epsilon = 1.0e-3 : f64} : (tensor<?x4xf32>, tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @batch_norm_mean(%x: tensor<?x3x4xf32>, %p: tensor<4xf32>) -> tensor<?x3x4xf32> {
  // expected-error @+1 {{moving_mean (4,) does not match the normalized dims (3,)}}
  %0 = keras.batch_normalization %x mean %p variance %p {axis = 1 : i64, epsilon = 1.0e-3 : f64} : (tensor<?x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x3x4xf32>
  return %0 : tensor<?x3x4xf32>
}

// -----

func.func @batch_norm_variance(%x: tensor<?x4xf32>, %p: tensor<4xf32>, %v: tensor<5xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{moving_variance (5,) does not match the normalized dims (4,)}}
  %0 = keras.batch_normalization %x mean %p variance %v {axis = 1 : i64, epsilon = 1.0e-3 : f64} : (tensor<?x4xf32>, tensor<4xf32>, tensor<5xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// embedding
//===----------------------------------------------------------------------===//

func.func @embedding_table_rank(%i: tensor<?x7xi32>, %t: tensor<10x4x1xf32>) -> tensor<?x7x4xf32> {
  // expected-error @+1 {{embedding table must be a static matrix, got (10, 4, 1)}}
  %0 = keras.embedding %i, %t : (tensor<?x7xi32>, tensor<10x4x1xf32>) -> tensor<?x7x4xf32>
  return %0 : tensor<?x7x4xf32>
}

// -----

func.func @embedding_table_dynamic(%i: tensor<?x7xi32>, %t: tensor<?x4xf32>) -> tensor<?x7x4xf32> {
  // expected-error @+1 {{embedding table must be a static matrix, got (None, 4)}}
  %0 = keras.embedding %i, %t : (tensor<?x7xi32>, tensor<?x4xf32>) -> tensor<?x7x4xf32>
  return %0 : tensor<?x7x4xf32>
}

// -----

func.func @embedding_result(%i: tensor<?x7xi32>, %t: tensor<10x4xf32>) -> tensor<?x7x10xf32> {
  // expected-error @+1 {{result shape (None, 7, 10) does not match the expected (None, 7, 4)}}
  %0 = keras.embedding %i, %t : (tensor<?x7xi32>, tensor<10x4xf32>) -> tensor<?x7x10xf32>
  return %0 : tensor<?x7x10xf32>
}

// -----

func.func @embedding_i64_ids(%i: tensor<?x7xi64>, %t: tensor<10x4xf32>) -> tensor<?x7x4xf32> {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 32-bit signless integer values}}
  %0 = keras.embedding %i, %t : (tensor<?x7xi64>, tensor<10x4xf32>) -> tensor<?x7x4xf32>
  return %0 : tensor<?x7x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// pooling
//===----------------------------------------------------------------------===//

func.func @global_average_rank(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'keras.global_average_pooling1d' op expects (batch, steps, channels), got (None, 4)}}
  %0 = keras.global_average_pooling1d %x {keepdims = false} : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @global_average_keepdims(%x: tensor<?x?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{result shape (None, 4) does not match the expected (None, 1, 4)}}
  %0 = keras.global_average_pooling1d %x {keepdims = true} : (tensor<?x?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @global_average_mask_shape(%x: tensor<?x5x4xf32>, %m: tensor<?x6xi1>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'keras.global_average_pooling1d' op mask (None, 6) does not match input (None, 5, 4)}}
  %0 = keras.global_average_pooling1d %x mask %m : tensor<?x6xi1> {keepdims = false} : (tensor<?x5x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @global_average_mask_rank(%x: tensor<?x5x4xf32>, %m: tensor<?x5x4xi1>) -> tensor<?x4xf32> {
  // expected-error @+1 {{mask (None, 5, 4) does not match input (None, 5, 4)}}
  %0 = keras.global_average_pooling1d %x mask %m : tensor<?x5x4xi1> {keepdims = false} : (tensor<?x5x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @global_average_mask_type(%x: tensor<?x5x4xf32>, %m: tensor<?x5xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{operand #1 must be ranked tensor of 1-bit signless integer values}}
  %0 = "keras.global_average_pooling1d"(%x, %m) <{keepdims = false}> : (tensor<?x5x4xf32>, tensor<?x5xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @embedding_mask_shape(%i: tensor<?x7xi32>) -> tensor<?x6xi1> {
  // expected-error @+1 {{'keras.embedding_mask' op mask shape must equal the ids shape}}
  %0 = keras.embedding_mask %i : (tensor<?x7xi32>) -> tensor<?x6xi1>
  return %0 : tensor<?x6xi1>
}

// -----

func.func @embedding_mask_rank(%i: tensor<?x7xi32>) -> tensor<?x7x1xi1> {
  // expected-error @+1 {{mask shape must equal the ids shape}}
  %0 = keras.embedding_mask %i : (tensor<?x7xi32>) -> tensor<?x7x1xi1>
  return %0 : tensor<?x7x1xi1>
}

// -----

func.func @embedding_mask_result_type(%i: tensor<?x7xi32>) -> tensor<?x7xi32> {
  // expected-error @+1 {{result #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = keras.embedding_mask %i : (tensor<?x7xi32>) -> tensor<?x7xi32>
  return %0 : tensor<?x7xi32>
}

// -----

func.func @global_max_rank(%x: tensor<?x2x3x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'keras.global_max_pooling1d' op expects (batch, steps, channels), got (None, 2, 3, 4)}}
  %0 = keras.global_max_pooling1d %x {keepdims = false} : (tensor<?x2x3x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @global_max_result(%x: tensor<?x?x4xf32>) -> tensor<?x1x4xf32> {
  // expected-error @+1 {{result shape (None, 1, 4) does not match the expected (None, 4)}}
  %0 = keras.global_max_pooling1d %x {keepdims = false} : (tensor<?x?x4xf32>) -> tensor<?x1x4xf32>
  return %0 : tensor<?x1x4xf32>
}

// -----

func.func @max_pool_rank(%x: tensor<?x4xf32>) -> tensor<?x2xf32> {
  // expected-error @+1 {{'keras.max_pooling1d' op expects (batch, steps, channels), got (None, 4)}}
  %0 = keras.max_pooling1d %x padding <valid> {pool_size = 2 : i64, stride = 2 : i64} : (tensor<?x4xf32>) -> tensor<?x2xf32>
  return %0 : tensor<?x2xf32>
}

// -----

func.func @max_pool_size(%x: tensor<?x8x4xf32>) -> tensor<?x8x4xf32> {
  // expected-error @+1 {{pool_size and strides must be positive, padding valid or same}}
  %0 = keras.max_pooling1d %x padding <valid> {pool_size = 0 : i64, stride = 1 : i64} : (tensor<?x8x4xf32>) -> tensor<?x8x4xf32>
  return %0 : tensor<?x8x4xf32>
}

// -----

func.func @average_pool_stride(%x: tensor<?x8x4xf32>) -> tensor<?x8x4xf32> {
  // expected-error @+1 {{'keras.average_pooling1d' op pool_size and strides must be positive, padding valid or same}}
  %0 = keras.average_pooling1d %x padding <same> {pool_size = 2 : i64, stride = 0 : i64} : (tensor<?x8x4xf32>) -> tensor<?x8x4xf32>
  return %0 : tensor<?x8x4xf32>
}

// -----

func.func @average_pool_causal(%x: tensor<?x8x4xf32>) -> tensor<?x8x4xf32> {
  // expected-error @+1 {{pool_size and strides must be positive, padding valid or same}}
  %0 = keras.average_pooling1d %x padding <causal> {pool_size = 2 : i64, stride = 1 : i64} : (tensor<?x8x4xf32>) -> tensor<?x8x4xf32>
  return %0 : tensor<?x8x4xf32>
}

// -----

func.func @max_pool_too_long(%x: tensor<?x3x4xf32>) -> tensor<?x1x4xf32> {
  // expected-error @+1 {{pool_size 4 is larger than the input (None, 3, 4)}}
  %0 = keras.max_pooling1d %x padding <valid> {pool_size = 4 : i64, stride = 1 : i64} : (tensor<?x3x4xf32>) -> tensor<?x1x4xf32>
  return %0 : tensor<?x1x4xf32>
}

// -----

func.func @max_pool_result(%x: tensor<?x9x4xf32>) -> tensor<?x4x4xf32> {
  // expected-error @+1 {{result shape (None, 4, 4) does not match the expected (None, 5, 4)}}
  %0 = keras.max_pooling1d %x padding <same> {pool_size = 2 : i64, stride = 2 : i64} : (tensor<?x9x4xf32>) -> tensor<?x4x4xf32>
  return %0 : tensor<?x4x4xf32>
}

// -----

func.func @average_pool_result(%x: tensor<?x9x4xf32>) -> tensor<?x5x4xf32> {
  // expected-error @+1 {{result shape (None, 5, 4) does not match the expected (None, 4, 4)}}
  %0 = keras.average_pooling1d %x padding <valid> {pool_size = 2 : i64, stride = 2 : i64} : (tensor<?x9x4xf32>) -> tensor<?x5x4xf32>
  return %0 : tensor<?x5x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// conv1d
//===----------------------------------------------------------------------===//

func.func @conv1d_rank(%x: tensor<?x4xf32>, %k: tensor<3x4x8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{'keras.conv1d' op expects (batch, steps, channels), got (None, 4)}}
  %0 = keras.conv1d %x, %k padding <valid> activation <linear> {stride = 1 : i64, dilation = 1 : i64} : (tensor<?x4xf32>, tensor<3x4x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

func.func @conv1d_kernel_rank(%x: tensor<?x10x4xf32>, %k: tensor<4x8xf32>) -> tensor<?x10x8xf32> {
  // expected-error @+1 {{kernel must be static (width, in, out), got (4, 8)}}
  %0 = keras.conv1d %x, %k padding <same> activation <linear> {stride = 1 : i64, dilation = 1 : i64} : (tensor<?x10x4xf32>, tensor<4x8xf32>) -> tensor<?x10x8xf32>
  return %0 : tensor<?x10x8xf32>
}

// -----

func.func @conv1d_kernel_dynamic(%x: tensor<?x10x4xf32>, %k: tensor<?x4x8xf32>) -> tensor<?x10x8xf32> {
  // expected-error @+1 {{kernel must be static (width, in, out), got (None, 4, 8)}}
  %0 = keras.conv1d %x, %k padding <same> activation <linear> {stride = 1 : i64, dilation = 1 : i64} : (tensor<?x10x4xf32>, tensor<?x4x8xf32>) -> tensor<?x10x8xf32>
  return %0 : tensor<?x10x8xf32>
}

// -----

func.func @conv1d_channels(%x: tensor<?x10x5xf32>, %k: tensor<3x4x8xf32>) -> tensor<?x10x8xf32> {
  // expected-error @+1 {{input (None, 10, 5) does not match kernel (3, 4, 8)}}
  %0 = keras.conv1d %x, %k padding <same> activation <linear> {stride = 1 : i64, dilation = 1 : i64} : (tensor<?x10x5xf32>, tensor<3x4x8xf32>) -> tensor<?x10x8xf32>
  return %0 : tensor<?x10x8xf32>
}

// -----

func.func @conv1d_stride(%x: tensor<?x10x4xf32>, %k: tensor<3x4x8xf32>) -> tensor<?x10x8xf32> {
  // expected-error @+1 {{strides and dilation_rate must be positive and not both > 1}}
  %0 = keras.conv1d %x, %k padding <same> activation <linear> {stride = 0 : i64, dilation = 1 : i64} : (tensor<?x10x4xf32>, tensor<3x4x8xf32>) -> tensor<?x10x8xf32>
  return %0 : tensor<?x10x8xf32>
}

// -----

func.func @conv1d_dilation(%x: tensor<?x10x4xf32>, %k: tensor<3x4x8xf32>) -> tensor<?x10x8xf32> {
  // expected-error @+1 {{strides and dilation_rate must be positive and not both > 1}}
  %0 = keras.conv1d %x, %k padding <same> activation <linear> {stride = 1 : i64, dilation = -1 : i64} : (tensor<?x10x4xf32>, tensor<3x4x8xf32>) -> tensor<?x10x8xf32>
  return %0 : tensor<?x10x8xf32>
}

// -----

func.func @conv1d_stride_and_dilation(%x: tensor<?x10x4xf32>, %k: tensor<3x4x8xf32>) -> tensor<?x5x8xf32> {
  // expected-error @+1 {{strides and dilation_rate must be positive and not both > 1}}
  %0 = keras.conv1d %x, %k padding <same> activation <linear> {stride = 2 : i64, dilation = 2 : i64} : (tensor<?x10x4xf32>, tensor<3x4x8xf32>) -> tensor<?x5x8xf32>
  return %0 : tensor<?x5x8xf32>
}

// -----

func.func @conv1d_window(%x: tensor<?x4x4xf32>, %k: tensor<3x4x8xf32>) -> tensor<?x1x8xf32> {
  // expected-error @+1 {{kernel window 5 is longer than the input (None, 4, 4)}}
  %0 = keras.conv1d %x, %k padding <valid> activation <linear> {stride = 1 : i64, dilation = 2 : i64} : (tensor<?x4x4xf32>, tensor<3x4x8xf32>) -> tensor<?x1x8xf32>
  return %0 : tensor<?x1x8xf32>
}

// -----

func.func @conv1d_result(%x: tensor<?x10x4xf32>, %k: tensor<3x4x8xf32>) -> tensor<?x10x8xf32> {
  // expected-error @+1 {{result shape (None, 10, 8) does not match the expected (None, 8, 8)}}
  %0 = keras.conv1d %x, %k padding <valid> activation <linear> {stride = 1 : i64, dilation = 1 : i64} : (tensor<?x10x4xf32>, tensor<3x4x8xf32>) -> tensor<?x10x8xf32>
  return %0 : tensor<?x10x8xf32>
}

// -----

func.func @conv1d_causal_stride_result(%x: tensor<?x10x4xf32>, %k: tensor<3x4x8xf32>) -> tensor<?x4x8xf32> {
  // expected-error @+1 {{result shape (None, 4, 8) does not match the expected (None, 5, 8)}}
  %0 = keras.conv1d %x, %k padding <causal> activation <linear> {stride = 2 : i64, dilation = 1 : i64} : (tensor<?x10x4xf32>, tensor<3x4x8xf32>) -> tensor<?x4x8xf32>
  return %0 : tensor<?x4x8xf32>
}

// -----

func.func @conv1d_bias(%x: tensor<?x10x4xf32>, %k: tensor<3x4x8xf32>, %b: tensor<4xf32>) -> tensor<?x10x8xf32> {
  // expected-error @+1 {{bias (4,) does not match kernel (3, 4, 8)}}
  %0 = keras.conv1d %x, %k, %b padding <same> activation <linear> {stride = 1 : i64, dilation = 1 : i64} : (tensor<?x10x4xf32>, tensor<3x4x8xf32>, tensor<4xf32>) -> tensor<?x10x8xf32>
  return %0 : tensor<?x10x8xf32>
}

// -----

func.func @glu_odd(%x: tensor<?x7xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{glu needs an even last dim, got (None, 7)}}
  %0 = keras.glu %x : (tensor<?x7xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @glu_wrong_width(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{result shape (None, 8) does not match the expected (None, 4)}}
  %0 = keras.glu %x : (tensor<?x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}
