// One-shot bufferization turns tensor kiln.matmul into the memref form that
// writes its init buffer in place and returns nothing.
// RUN: kiln-opt %s --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" --split-input-file | FileCheck %s

// A tensor.empty init becomes a fresh allocation that the matmul writes.
// CHECK-LABEL: func.func @empty_init
// CHECK-SAME: (%[[A:.*]]: memref<?x4xf32>, %[[B:.*]]: memref<4x3xf32>, %[[BIAS:.*]]: memref<3xf32>) -> memref<?x3xf32>
// CHECK: %[[DIM:.*]] = memref.dim %[[A]]
// CHECK: %[[OUT:.*]] = memref.alloc(%[[DIM]]) {{.*}} : memref<?x3xf32>
// CHECK-NOT: memref.copy
// CHECK: kiln.matmul ins(%[[A]], %[[B]], bias %[[BIAS]] : memref<?x4xf32>, memref<4x3xf32>, memref<3xf32>) outs(%[[OUT]] : memref<?x3xf32>) {activation = #kiln.activation<relu>}{{$}}
// CHECK: return %[[OUT]] : memref<?x3xf32>
func.func @empty_init(%a: tensor<?x4xf32>, %b: tensor<4x3xf32>, %bias: tensor<3xf32>) -> tensor<?x3xf32> {
  %c0 = arith.constant 0 : index
  %d = tensor.dim %a, %c0 : tensor<?x4xf32>
  %e = tensor.empty(%d) : tensor<?x3xf32>
  %0 = kiln.matmul ins(%a, %b, bias %bias : tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) outs(%e : tensor<?x3xf32>) {activation = #kiln.activation<relu>} -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// A writable init argument is written in place; attributes are kept.
// CHECK-LABEL: func.func @in_place
// CHECK-SAME: (%[[A:.*]]: memref<2x5x4xf32>, %[[B:.*]]: memref<4x3xf32>, %[[INIT:.*]]: memref<2x5x3xf32>) -> memref<2x5x3xf32>
// CHECK-NOT: memref.alloc
// CHECK: kiln.matmul ins(%[[A]], %[[B]] : memref<2x5x4xf32>, memref<4x3xf32>) outs(%[[INIT]] : memref<2x5x3xf32>) {activation = #kiln.activation<elu>, activation_alpha = 5.000000e-01 : f32, alpha = 2.000000e+00 : f32}{{$}}
// CHECK: return %[[INIT]]
func.func @in_place(%a: tensor<2x5x4xf32>, %b: tensor<4x3xf32>, %init: tensor<2x5x3xf32>) -> tensor<2x5x3xf32> {
  %0 = kiln.matmul ins(%a, %b : tensor<2x5x4xf32>, tensor<4x3xf32>) outs(%init : tensor<2x5x3xf32>) {activation = #kiln.activation<elu>, alpha = 2.0 : f32, activation_alpha = 0.5 : f32} -> tensor<2x5x3xf32>
  return %0 : tensor<2x5x3xf32>
}

// -----

// A read-only init (a model input) gets a fresh buffer; since the matmul
// overwrites its init without reading it, the old contents are not copied.
// CHECK-LABEL: func.func @read_only_init
// CHECK-SAME: (%[[A:.*]]: memref<2x4xf32>, %[[B:.*]]: memref<4x3xf32>, %[[INIT:.*]]: memref<2x3xf32>)
// CHECK: %[[OUT:.*]] = memref.alloc() {{.*}} : memref<2x3xf32>
// CHECK-NOT: memref.copy
// CHECK: kiln.matmul ins(%[[A]], %[[B]] : memref<2x4xf32>, memref<4x3xf32>) outs(%[[OUT]] : memref<2x3xf32>){{$}}
// CHECK: return %[[OUT]], %[[INIT]]
func.func @read_only_init(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>,
                          %init: tensor<2x3xf32> {bufferization.writable = false})
    -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = kiln.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x3xf32>) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %init : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Chained matmuls: the second one's lhs is the first one's buffer.
// CHECK-LABEL: func.func @chain
// CHECK: %[[T:.*]] = memref.alloc() {{.*}} : memref<2x3xf32>
// CHECK: kiln.matmul ins(%{{.*}}, %{{.*}} : memref<2x4xf32>, memref<4x3xf32>) outs(%[[T]] : memref<2x3xf32>)
// CHECK: %[[U:.*]] = memref.alloc() {{.*}} : memref<2x5xf32>
// CHECK: kiln.matmul ins(%[[T]], %{{.*}} : memref<2x3xf32>, memref<3x5xf32>) outs(%[[U]] : memref<2x5xf32>) {activation = #kiln.activation<tanh>}
// CHECK: return %[[U]]
func.func @chain(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %c: tensor<3x5xf32>) -> tensor<2x5xf32> {
  %e0 = tensor.empty() : tensor<2x3xf32>
  %0 = kiln.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x3xf32>) outs(%e0 : tensor<2x3xf32>) -> tensor<2x3xf32>
  %e1 = tensor.empty() : tensor<2x5xf32>
  %1 = kiln.matmul ins(%0, %c : tensor<2x3xf32>, tensor<3x5xf32>) outs(%e1 : tensor<2x5xf32>) {activation = #kiln.activation<tanh>} -> tensor<2x5xf32>
  return %1 : tensor<2x5xf32>
}
