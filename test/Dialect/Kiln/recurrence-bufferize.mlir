// kiln.recurrence bufferizes in place: operands become their buffers, each
// of the two inits is written without being read (no copy of tensor.empty).
// RUN: kiln-opt %s --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" | FileCheck %s

// CHECK-LABEL: func.func @lstm
// CHECK-SAME: (%[[P:.*]]: memref<?x?x1x8xf32>, %[[U:.*]]: memref<1x2x8xf32>)
// CHECK-DAG: %[[OUT:.*]] = memref.alloc(%{{.*}}, %{{.*}}) {{.*}} : memref<?x?x1x2xf32>
// CHECK-DAG: %[[FINAL:.*]] = memref.alloc(%{{.*}}) {{.*}} : memref<1x2x?x2xf32>
// CHECK-NOT: memref.copy
// CHECK: kiln.recurrence ins(%[[P]], %[[U]] : memref<?x?x1x8xf32>, memref<1x2x8xf32>) outs(%[[OUT]], %[[FINAL]] : memref<?x?x1x2xf32>, memref<1x2x?x2xf32>)
// CHECK: return %[[OUT]], %[[FINAL]]
func.func @lstm(%p: tensor<?x?x1x8xf32>, %u: tensor<1x2x8xf32>) -> (tensor<?x?x1x2xf32>, tensor<1x2x?x2xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %b = tensor.dim %p, %c0 : tensor<?x?x1x8xf32>
  %t = tensor.dim %p, %c1 : tensor<?x?x1x8xf32>
  %o = tensor.empty(%b, %t) : tensor<?x?x1x2xf32>
  %f = tensor.empty(%b) : tensor<1x2x?x2xf32>
  %0:2 = kiln.recurrence ins(%p, %u : tensor<?x?x1x8xf32>, tensor<1x2x8xf32>) outs(%o, %f : tensor<?x?x1x2xf32>, tensor<1x2x?x2xf32>) {cell = #kiln.cell<lstm>, activation = #kiln.cell_activation<tanh>, recurrent_activation = #kiln.cell_activation<sigmoid>, return_sequences, go_backwards = array<i1: false>, flip_outputs = array<i1: false>} -> tensor<?x?x1x2xf32>, tensor<1x2x?x2xf32>
  return %0#0, %0#1 : tensor<?x?x1x2xf32>, tensor<1x2x?x2xf32>
}
