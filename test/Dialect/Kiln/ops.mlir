// Round trip of kiln.matmul on tensors and memrefs, through the custom and the
// generic form.
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @tensor_rank2
// GENERIC-LABEL: sym_name = "tensor_rank2"
func.func @tensor_rank2(%a: tensor<?x4xf32>, %b: tensor<4x3xf32>, %init: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // Default attributes are elided.
  // CHECK: %{{.*}} = kiln.matmul ins(%{{.*}}, %{{.*}} : tensor<?x4xf32>, tensor<4x3xf32>) outs(%{{.*}} : tensor<?x3xf32>) -> tensor<?x3xf32>
  // GENERIC: "kiln.matmul"(%{{.*}}, %{{.*}}, %{{.*}}) <{activation = #kiln.activation<none>, activation_alpha = 1.000000e+00 : f32, alpha = 1.000000e+00 : f32}> : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  %0 = kiln.matmul ins(%a, %b : tensor<?x4xf32>, tensor<4x3xf32>) outs(%init : tensor<?x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @tensor_bias_activation
// GENERIC-LABEL: sym_name = "tensor_bias_activation"
func.func @tensor_bias_activation(%a: tensor<?x4xf32>, %b: tensor<4x3xf32>, %bias: tensor<3xf32>,
                                  %init: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>) {
  // CHECK: kiln.matmul ins(%{{.*}}, %{{.*}}, bias %{{.*}} : tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) outs(%{{.*}} : tensor<?x3xf32>) {activation = #kiln.activation<gelu_erf>} -> tensor<?x3xf32>
  // GENERIC: "kiln.matmul"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) <{activation = #kiln.activation<gelu_erf>, activation_alpha = 1.000000e+00 : f32, alpha = 1.000000e+00 : f32}> : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  %0 = kiln.matmul ins(%a, %b, bias %bias : tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) outs(%init : tensor<?x3xf32>) {activation = #kiln.activation<gelu_erf>} -> tensor<?x3xf32>
  // CHECK: kiln.matmul ins(%{{.*}}, %{{.*}}, bias %{{.*}} : tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) outs(%{{.*}} : tensor<?x3xf32>) {activation = #kiln.activation<elu>, activation_alpha = 5.000000e-01 : f32, alpha = 2.000000e+00 : f32} -> tensor<?x3xf32>
  %1 = kiln.matmul ins(%a, %b, bias %bias : tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) outs(%init : tensor<?x3xf32>) {activation = #kiln.activation<elu>, alpha = 2.0 : f32, activation_alpha = 0.5 : f32} -> tensor<?x3xf32>
  return %0, %1 : tensor<?x3xf32>, tensor<?x3xf32>
}

// CHECK-LABEL: func.func @activations
func.func @activations(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %init: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // The default activation, none, is elided.
  // CHECK: kiln.matmul ins(%{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<4x3xf32>) outs(%{{.*}} : tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = kiln.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x3xf32>) outs(%init : tensor<2x3xf32>) {activation = #kiln.activation<none>} -> tensor<2x3xf32>
  // CHECK: {activation = #kiln.activation<relu>}
  %1 = kiln.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x3xf32>) outs(%0 : tensor<2x3xf32>) {activation = #kiln.activation<relu>} -> tensor<2x3xf32>
  // CHECK: {activation = #kiln.activation<tanh>}
  %2 = kiln.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x3xf32>) outs(%1 : tensor<2x3xf32>) {activation = #kiln.activation<tanh>} -> tensor<2x3xf32>
  // CHECK: {activation = #kiln.activation<sigmoid>}
  %3 = kiln.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x3xf32>) outs(%2 : tensor<2x3xf32>) {activation = #kiln.activation<sigmoid>} -> tensor<2x3xf32>
  // CHECK: {activation = #kiln.activation<gelu_tanh>}
  %4 = kiln.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x3xf32>) outs(%3 : tensor<2x3xf32>) {activation = #kiln.activation<gelu_tanh>} -> tensor<2x3xf32>
  // CHECK: {activation = #kiln.activation<swish>}
  %5 = kiln.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x3xf32>) outs(%4 : tensor<2x3xf32>) {activation = #kiln.activation<swish>} -> tensor<2x3xf32>
  return %5 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @tensor_rank3
func.func @tensor_rank3(%a: tensor<?x5x4xf32>, %b: tensor<?x4x3xf32>, %shared: tensor<4x3xf32>,
                        %init: tensor<?x5x3xf32>) -> (tensor<?x5x3xf32>, tensor<?x5x3xf32>) {
  // Batched rhs.
  // CHECK: kiln.matmul ins(%{{.*}}, %{{.*}} : tensor<?x5x4xf32>, tensor<?x4x3xf32>) outs(%{{.*}} : tensor<?x5x3xf32>) -> tensor<?x5x3xf32>
  %0 = kiln.matmul ins(%a, %b : tensor<?x5x4xf32>, tensor<?x4x3xf32>) outs(%init : tensor<?x5x3xf32>) -> tensor<?x5x3xf32>
  // Rank-2 rhs broadcast across the batch.
  // CHECK: kiln.matmul ins(%{{.*}}, %{{.*}} : tensor<?x5x4xf32>, tensor<4x3xf32>) outs(%{{.*}} : tensor<?x5x3xf32>) -> tensor<?x5x3xf32>
  %1 = kiln.matmul ins(%a, %shared : tensor<?x5x4xf32>, tensor<4x3xf32>) outs(%init : tensor<?x5x3xf32>) -> tensor<?x5x3xf32>
  return %0, %1 : tensor<?x5x3xf32>, tensor<?x5x3xf32>
}

// CHECK-LABEL: func.func @memref_forms
// GENERIC-LABEL: sym_name = "memref_forms"
func.func @memref_forms(%a: memref<?x4xf32>, %b: memref<4x3xf32>, %bias: memref<3xf32>,
                        %init: memref<?x3xf32>, %a3: memref<2x5x4xf32>,
                        %bt: memref<4x3xf32, strided<[1, 4]>>, %init3: memref<2x5x3xf32>) {
  // Memref form: writes init, returns nothing.
  // CHECK: kiln.matmul ins(%{{.*}}, %{{.*}} : memref<?x4xf32>, memref<4x3xf32>) outs(%{{.*}} : memref<?x3xf32>){{$}}
  // GENERIC: "kiln.matmul"(%{{.*}}, %{{.*}}, %{{.*}}) <{activation = #kiln.activation<none>, activation_alpha = 1.000000e+00 : f32, alpha = 1.000000e+00 : f32}> : (memref<?x4xf32>, memref<4x3xf32>, memref<?x3xf32>) -> ()
  kiln.matmul ins(%a, %b : memref<?x4xf32>, memref<4x3xf32>) outs(%init : memref<?x3xf32>)
  // CHECK: kiln.matmul ins(%{{.*}}, %{{.*}}, bias %{{.*}} : memref<?x4xf32>, memref<4x3xf32>, memref<3xf32>) outs(%{{.*}} : memref<?x3xf32>) {activation = #kiln.activation<relu>}{{$}}
  kiln.matmul ins(%a, %b, bias %bias : memref<?x4xf32>, memref<4x3xf32>, memref<3xf32>) outs(%init : memref<?x3xf32>) {activation = #kiln.activation<relu>}
  // Strided (transposed) views and rank 3 with a shared rhs.
  // CHECK: kiln.matmul ins(%{{.*}}, %{{.*}} : memref<2x5x4xf32>, memref<4x3xf32, strided<[1, 4]>>) outs(%{{.*}} : memref<2x5x3xf32>)
  kiln.matmul ins(%a3, %bt : memref<2x5x4xf32>, memref<4x3xf32, strided<[1, 4]>>) outs(%init3 : memref<2x5x3xf32>)
  return
}
