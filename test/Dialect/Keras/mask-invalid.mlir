// Verifier errors of the ops that combine Keras masks.
// RUN: kiln-opt %s -split-input-file -verify-diagnostics

func.func @mask_or_one(%a: tensor<?x5xi1>) -> tensor<?x5xi1> {
  // expected-error @+1 {{'keras.mask_or' op expects at least two masks}}
  %0 = keras.mask_or %a : (tensor<?x5xi1>) -> tensor<?x5xi1>
  return %0 : tensor<?x5xi1>
}

// -----

// Masks combine without broadcasting.
func.func @mask_or_broadcast(%a: tensor<?x5xi1>, %b: tensor<?x1xi1>) -> tensor<?x5xi1> {
  // expected-error @+1 {{'keras.mask_or' op expects masks and result of one shape}}
  %0 = keras.mask_or %a, %b : (tensor<?x5xi1>, tensor<?x1xi1>) -> tensor<?x5xi1>
  return %0 : tensor<?x5xi1>
}

// -----

// Each operand fits the result, but not each other.
func.func @mask_and_operands_differ(%a: tensor<3xi1>, %b: tensor<4xi1>) -> tensor<?xi1> {
  // expected-error @+1 {{'keras.mask_and' op expects masks and result of one shape}}
  %0 = keras.mask_and %a, %b : (tensor<3xi1>, tensor<4xi1>) -> tensor<?xi1>
  return %0 : tensor<?xi1>
}

// -----

func.func @mask_and_rank(%a: tensor<2x3xi1>, %b: tensor<2x3xi1>) -> tensor<2xi1> {
  // expected-error @+1 {{'keras.mask_and' op expects masks and result of one shape}}
  %0 = keras.mask_and %a, %b : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @mask_or_not_bool(%a: tensor<3xi32>, %b: tensor<3xi32>) -> tensor<3xi32> {
  // expected-error @+1 {{'keras.mask_or' op operand #0 must be variadic of ranked tensor of 1-bit signless integer values}}
  %0 = keras.mask_or %a, %b : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @full_mask_rank1(%x: tensor<?xf32>) -> tensor<i1> {
  // expected-error @+1 {{'keras.full_mask' op input (None,) has no mask (rank < 2)}}
  %0 = keras.full_mask %x : (tensor<?xf32>) -> tensor<i1>
  return %0 : tensor<i1>
}

// -----

func.func @full_mask_shape(%x: tensor<?x7x4xf32>) -> tensor<?x4xi1> {
  // expected-error @+1 {{'keras.full_mask' op mask (None, 4) is not the shape of input (None, 7, 4) without its last axis}}
  %0 = keras.full_mask %x : (tensor<?x7x4xf32>) -> tensor<?x4xi1>
  return %0 : tensor<?x4xi1>
}

// -----

func.func @concatenate_mask_batch(%a: tensor<2x3xi1>, %b: tensor<2x3xi1>) -> tensor<4x3xi1> {
  // expected-error @+1 {{'keras.concatenate_mask' op axis 0 is out of range for rank 2}}
  %0 = keras.concatenate_mask %a, %b {axis = 0 : i64} : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<4x3xi1>
  return %0 : tensor<4x3xi1>
}

// -----

func.func @concatenate_mask_axis(%a: tensor<2x3xi1>, %b: tensor<2x3xi1>) -> tensor<2x6xi1> {
  // expected-error @+1 {{'keras.concatenate_mask' op axis 2 is out of range for rank 2}}
  %0 = keras.concatenate_mask %a, %b {axis = 2 : i64} : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x6xi1>
  return %0 : tensor<2x6xi1>
}

// -----

func.func @concatenate_mask_size(%a: tensor<?x3xi1>, %b: tensor<?x5xi1>) -> tensor<?x9xi1> {
  // expected-error @+1 {{'keras.concatenate_mask' op result shape (None, 9) does not match the expected (None, 8)}}
  %0 = keras.concatenate_mask %a, %b {axis = 1 : i64} : (tensor<?x3xi1>, tensor<?x5xi1>) -> tensor<?x9xi1>
  return %0 : tensor<?x9xi1>
}

// -----

func.func @concatenate_mask_other_dims(%a: tensor<2x3x4xi1>, %b: tensor<2x3x5xi1>) -> tensor<2x6x4xi1> {
  // expected-error @+1 {{'keras.concatenate_mask' op inputs (2, 3, 4) and (2, 3, 5) differ outside axis 1}}
  %0 = keras.concatenate_mask %a, %b {axis = 1 : i64} : (tensor<2x3x4xi1>, tensor<2x3x5xi1>) -> tensor<2x6x4xi1>
  return %0 : tensor<2x6x4xi1>
}
