// kiln-model-io runs after bufferization: tensor signatures, other element
// types, ranks above 8 and non-identity layouts are errors.
// RUN: kiln-opt %s --kiln-model-io --split-input-file -verify-diagnostics

// expected-error @+1 {{model inputs and outputs must be bufferized f32 or i32 memrefs of rank at most 8 with identity layout, got 'tensor<?x4xf32>'}}
func.func @tensor_args(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {kiln.model} {
  return %x : tensor<?x4xf32>
}

// -----

// expected-error @+1 {{got 'tensor<2x3xf32>'}}
func.func @tensor_result(%x: memref<2x3xf32>) -> tensor<2x3xf32> attributes {kiln.model} {
  %t = bufferization.to_tensor %x : memref<2x3xf32> to tensor<2x3xf32>
  return %t : tensor<2x3xf32>
}

// -----

// expected-error @+1 {{got 'memref<2x3xf16>'}}
func.func @f16(%x: memref<2x3xf16>) -> memref<2x3xf32> attributes {kiln.model} {
  %a = memref.alloc() : memref<2x3xf32>
  return %a : memref<2x3xf32>
}

// -----

// expected-error @+1 {{got 'memref<1x1x1x1x1x1x1x1x1xf32>'}}
func.func @rank9(%x: memref<1x1x1x1x1x1x1x1x1xf32>) -> memref<2xf32> attributes {kiln.model} {
  %a = memref.alloc() : memref<2xf32>
  return %a : memref<2xf32>
}

// -----

// expected-error @+1 {{got 'memref<4x3xf32, strided<[1, 4]>>'}}
func.func @strided(%x: memref<2x3xf32>) -> memref<4x3xf32, strided<[1, 4]>> attributes {kiln.model} {
  %a = memref.alloc() : memref<3x4xf32>
  %t = memref.transpose %a (i, j) -> (j, i) : memref<3x4xf32> to memref<4x3xf32, strided<[1, 4]>>
  return %t : memref<4x3xf32, strided<[1, 4]>>
}

// -----

// expected-error @+1 {{got 'memref<*xf32>'}}
func.func @unranked(%x: memref<*xf32>) -> memref<2xf32> attributes {kiln.model} {
  %a = memref.alloc() : memref<2xf32>
  return %a : memref<2xf32>
}
