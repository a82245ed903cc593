// One-shot bufferization turns tensor kiln.attention into the memref form
// that writes its init buffer in place and returns nothing.
// RUN: kiln-opt %s --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" --split-input-file | FileCheck %s

// A tensor.empty init becomes a fresh allocation; the mask and attributes are kept.
// CHECK-LABEL: func.func @empty_init
// CHECK-SAME: (%[[Q:.*]]: memref<?x4x5x8xf32>, %[[K:.*]]: memref<?x2x7x8xf32>, %[[V:.*]]: memref<?x2x7x6xf32>, %[[M:.*]]: memref<?x1x1x7xi1>) -> memref<?x4x5x6xf32>
// CHECK: %[[DIM:.*]] = memref.dim %[[Q]]
// CHECK: %[[OUT:.*]] = memref.alloc(%[[DIM]]) {{.*}} : memref<?x4x5x6xf32>
// CHECK-NOT: memref.copy
// CHECK: kiln.attention ins(%[[Q]], %[[K]], %[[V]], mask %[[M]] : memref<?x4x5x8xf32>, memref<?x2x7x8xf32>, memref<?x2x7x6xf32>, memref<?x1x1x7xi1>) outs(%[[OUT]] : memref<?x4x5x6xf32>) {causal = #kiln.causal<bottom_right>, scale = 5.000000e-01 : f32}{{$}}
// CHECK: return %[[OUT]] : memref<?x4x5x6xf32>
func.func @empty_init(%q: tensor<?x4x5x8xf32>, %k: tensor<?x2x7x8xf32>, %v: tensor<?x2x7x6xf32>,
                      %m: tensor<?x1x1x7xi1>) -> tensor<?x4x5x6xf32> {
  %c0 = arith.constant 0 : index
  %d = tensor.dim %q, %c0 : tensor<?x4x5x8xf32>
  %e = tensor.empty(%d) : tensor<?x4x5x6xf32>
  %0 = kiln.attention ins(%q, %k, %v, mask %m : tensor<?x4x5x8xf32>, tensor<?x2x7x8xf32>, tensor<?x2x7x6xf32>, tensor<?x1x1x7xi1>) outs(%e : tensor<?x4x5x6xf32>) {scale = 0.5 : f32, causal = #kiln.causal<bottom_right>} -> tensor<?x4x5x6xf32>
  return %0 : tensor<?x4x5x6xf32>
}

// -----

// A writable init argument is written in place.
// CHECK-LABEL: func.func @in_place
// CHECK-SAME: (%[[Q:.*]]: memref<1x2x3x4xf32>, %[[K:.*]]: memref<1x2x5x4xf32>, %[[INIT:.*]]: memref<1x2x3x4xf32>) -> memref<1x2x3x4xf32>
// CHECK-NOT: memref.alloc
// CHECK: kiln.attention ins(%[[Q]], %[[K]], %[[K]] : memref<1x2x3x4xf32>, memref<1x2x5x4xf32>, memref<1x2x5x4xf32>) outs(%[[INIT]] : memref<1x2x3x4xf32>) {scale = 1.000000e+00 : f32}{{$}}
// CHECK: return %[[INIT]]
func.func @in_place(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %init: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %0 = kiln.attention ins(%q, %k, %k : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%init : tensor<1x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

// A read-only init gets a fresh buffer; its old contents are not copied
// since the op never reads them.
// CHECK-LABEL: func.func @read_only_init
// CHECK-SAME: (%[[Q:.*]]: memref<1x2x3x4xf32>, %[[K:.*]]: memref<1x2x5x4xf32>, %[[INIT:.*]]: memref<1x2x3x4xf32>)
// CHECK: %[[OUT:.*]] = memref.alloc() {{.*}} : memref<1x2x3x4xf32>
// CHECK-NOT: memref.copy
// CHECK: kiln.attention ins(%[[Q]], %[[K]], %[[K]] : {{.*}}) outs(%[[OUT]] : memref<1x2x3x4xf32>)
// CHECK: return %[[OUT]], %[[INIT]]
func.func @read_only_init(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>,
                          %init: tensor<1x2x3x4xf32> {bufferization.writable = false})
    -> (tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) {
  %0 = kiln.attention ins(%q, %k, %k : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%init : tensor<1x2x3x4xf32>) {scale = 1.0 : f32} -> tensor<1x2x3x4xf32>
  return %0, %init : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>
}

// -----

// Both inits, the output and the probabilities, become buffers the memref
// form writes; each result is its init's buffer.
// CHECK-LABEL: func.func @probs_init
// CHECK-SAME: (%[[Q:.*]]: memref<1x2x3x4xf32>, %[[K:.*]]: memref<1x2x5x4xf32>)
// CHECK-DAG: %[[OUT:.*]] = memref.alloc() {{.*}} : memref<1x2x3x4xf32>
// CHECK-DAG: %[[P:.*]] = memref.alloc() {{.*}} : memref<1x2x3x5xf32>
// CHECK-NOT: memref.copy
// CHECK: kiln.attention ins(%[[Q]], %[[K]], %[[K]] : {{.*}}) outs(%[[OUT]], probs %[[P]] : memref<1x2x3x4xf32>, memref<1x2x3x5xf32>) {causal = #kiln.causal<top_left>, scale = 1.000000e+00 : f32, zero_masked}
// CHECK: return %[[OUT]], %[[P]]
func.func @probs_init(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>)
    -> (tensor<1x2x3x4xf32>, tensor<1x2x3x5xf32>) {
  %e = tensor.empty() : tensor<1x2x3x4xf32>
  %p = tensor.empty() : tensor<1x2x3x5xf32>
  %0:2 = kiln.attention ins(%q, %k, %k : tensor<1x2x3x4xf32>, tensor<1x2x5x4xf32>, tensor<1x2x5x4xf32>) outs(%e, probs %p : tensor<1x2x3x4xf32>, tensor<1x2x3x5xf32>) {scale = 1.0 : f32, causal = #kiln.causal<top_left>, zero_masked} -> tensor<1x2x3x4xf32>, tensor<1x2x3x5xf32>
  return %0#0, %0#1 : tensor<1x2x3x4xf32>, tensor<1x2x3x5xf32>
}
