// One case per kiln.matmul verifier rule (lib/Dialect/Kiln/IR/KilnOps.cpp).
// RUN: kiln-opt %s -split-input-file -verify-diagnostics

func.func @mixed_tensor_memref(%a: tensor<2x4xf32>, %b: memref<4x3xf32>, %init: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.matmul' op operands must all be ranked tensors or all be memrefs}}
  %0 = kiln.matmul ins(%a, %b : tensor<2x4xf32>, memref<4x3xf32>) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @unranked_tensor(%a: tensor<*xf32>, %b: tensor<4x3xf32>, %init: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{operands must all be ranked tensors or all be memrefs}}
  %0 = kiln.matmul ins(%a, %b : tensor<*xf32>, tensor<4x3xf32>) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @unranked_memref(%a: memref<*xf32>, %b: memref<4x3xf32>, %init: memref<2x3xf32>) {
  // expected-error @+1 {{operands must all be ranked tensors or all be memrefs}}
  kiln.matmul ins(%a, %b : memref<*xf32>, memref<4x3xf32>) outs(%init : memref<2x3xf32>)
  return
}

// -----

func.func @tensor_no_result(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %init: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.matmul' op returns the new init value on tensors and nothing on memrefs}}
  kiln.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x3xf32>) outs(%init : tensor<2x3xf32>)
  return
}

// -----

func.func @memref_with_result(%a: memref<2x4xf32>, %b: memref<4x3xf32>, %init: memref<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{returns the new init value on tensors and nothing on memrefs}}
  %0 = kiln.matmul ins(%a, %b : memref<2x4xf32>, memref<4x3xf32>) outs(%init : memref<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @result_type(%a: tensor<?x4xf32>, %b: tensor<4x3xf32>, %init: tensor<?x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.matmul' op result type must equal the init type}}
  %0 = kiln.matmul ins(%a, %b : tensor<?x4xf32>, tensor<4x3xf32>) outs(%init : tensor<?x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f16(%a: tensor<2x4xf16>, %b: tensor<4x3xf16>, %init: tensor<2x3xf16>) -> tensor<2x3xf16> {
  // expected-error @+1 {{'kiln.matmul' op supports f32 only}}
  %0 = kiln.matmul ins(%a, %b : tensor<2x4xf16>, tensor<4x3xf16>) outs(%init : tensor<2x3xf16>) -> tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// -----

func.func @f32_bias_i32(%a: memref<2x4xf32>, %b: memref<4x3xf32>, %bias: memref<3xi32>, %init: memref<2x3xf32>) {
  // expected-error @+1 {{supports f32 only}}
  kiln.matmul ins(%a, %b, bias %bias : memref<2x4xf32>, memref<4x3xf32>, memref<3xi32>) outs(%init : memref<2x3xf32>)
  return
}

// -----

func.func @rank4(%a: tensor<1x2x2x4xf32>, %b: tensor<4x3xf32>, %init: tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32> {
  // expected-error @+1 {{'kiln.matmul' op expects lhs/init of rank 2 or 3 and rhs of that rank or 2}}
  %0 = kiln.matmul ins(%a, %b : tensor<1x2x2x4xf32>, tensor<4x3xf32>) outs(%init : tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  return %0 : tensor<1x2x2x3xf32>
}

// -----

func.func @rank1(%a: tensor<4xf32>, %b: tensor<4x3xf32>, %init: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{expects lhs/init of rank 2 or 3 and rhs of that rank or 2}}
  %0 = kiln.matmul ins(%a, %b : tensor<4xf32>, tensor<4x3xf32>) outs(%init : tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @lhs_rank(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %init: tensor<1x2x3xf32>) -> tensor<1x2x3xf32> {
  // expected-error @+1 {{expects lhs/init of rank 2 or 3 and rhs of that rank or 2}}
  %0 = kiln.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x3xf32>) outs(%init : tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  return %0 : tensor<1x2x3xf32>
}

// -----

func.func @rhs_rank3_for_rank2(%a: tensor<2x4xf32>, %b: tensor<1x4x3xf32>, %init: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{expects lhs/init of rank 2 or 3 and rhs of that rank or 2}}
  %0 = kiln.matmul ins(%a, %b : tensor<2x4xf32>, tensor<1x4x3xf32>) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @rhs_rank1(%a: memref<2x4xf32>, %b: memref<4xf32>, %init: memref<2x3xf32>) {
  // expected-error @+1 {{expects lhs/init of rank 2 or 3 and rhs of that rank or 2}}
  kiln.matmul ins(%a, %b : memref<2x4xf32>, memref<4xf32>) outs(%init : memref<2x3xf32>)
  return
}

// -----

func.func @contraction(%a: tensor<2x5xf32>, %b: tensor<4x3xf32>, %init: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.matmul' op operand shapes do not form a matrix product}}
  %0 = kiln.matmul ins(%a, %b : tensor<2x5xf32>, tensor<4x3xf32>) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @rows(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %init: tensor<5x3xf32>) -> tensor<5x3xf32> {
  // expected-error @+1 {{operand shapes do not form a matrix product}}
  %0 = kiln.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x3xf32>) outs(%init : tensor<5x3xf32>) -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

// -----

func.func @columns(%a: memref<?x4xf32>, %b: memref<4x3xf32>, %init: memref<?x6xf32>) {
  // expected-error @+1 {{operand shapes do not form a matrix product}}
  kiln.matmul ins(%a, %b : memref<?x4xf32>, memref<4x3xf32>) outs(%init : memref<?x6xf32>)
  return
}

// -----

func.func @lhs_batch(%a: tensor<2x5x4xf32>, %b: tensor<4x3xf32>, %init: tensor<3x5x3xf32>) -> tensor<3x5x3xf32> {
  // expected-error @+1 {{operand shapes do not form a matrix product}}
  %0 = kiln.matmul ins(%a, %b : tensor<2x5x4xf32>, tensor<4x3xf32>) outs(%init : tensor<3x5x3xf32>) -> tensor<3x5x3xf32>
  return %0 : tensor<3x5x3xf32>
}

// -----

func.func @rhs_batch(%a: tensor<2x5x4xf32>, %b: tensor<3x4x3xf32>, %init: tensor<2x5x3xf32>) -> tensor<2x5x3xf32> {
  // expected-error @+1 {{operand shapes do not form a matrix product}}
  %0 = kiln.matmul ins(%a, %b : tensor<2x5x4xf32>, tensor<3x4x3xf32>) outs(%init : tensor<2x5x3xf32>) -> tensor<2x5x3xf32>
  return %0 : tensor<2x5x3xf32>
}

// -----

func.func @bias_rank(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %bias: tensor<1x3xf32>, %init: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.matmul' op bias must be a vector of the output's column count}}
  %0 = kiln.matmul ins(%a, %b, bias %bias : tensor<2x4xf32>, tensor<4x3xf32>, tensor<1x3xf32>) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @bias_size(%a: memref<2x4xf32>, %b: memref<4x3xf32>, %bias: memref<4xf32>, %init: memref<2x3xf32>) {
  // expected-error @+1 {{bias must be a vector of the output's column count}}
  kiln.matmul ins(%a, %b, bias %bias : memref<2x4xf32>, memref<4x3xf32>, memref<4xf32>) outs(%init : memref<2x3xf32>)
  return
}

// -----

func.func @bad_activation(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %init: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{expected ::kiln::FusedActivation to be one of: none, relu, tanh, sigmoid, gelu_erf, gelu_tanh, elu, swish}}
  // expected-error @+1 {{failed to parse Kiln_FusedActivationAttr parameter 'value'}}
  %0 = kiln.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x3xf32>) outs(%init : tensor<2x3xf32>) {activation = #kiln.activation<gelu>} -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
