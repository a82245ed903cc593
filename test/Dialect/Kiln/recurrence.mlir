// kiln.recurrence round-trips in tensor and memref form.
// RUN: kiln-opt %s | kiln-opt | FileCheck %s

// CHECK-LABEL: func.func @bidirectional_lstm
// CHECK: %{{.*}}:2 = kiln.recurrence ins(%arg0, %arg1 : tensor<?x?x2x12xf32>, tensor<2x3x12xf32>) mask(%arg2 : tensor<?x?xi8>) initial_state(%arg3 : tensor<2x2x?x3xf32>) outs(%arg4, %arg5 : tensor<?x?x2x3xf32>, tensor<2x2x?x3xf32>) {activation = #kiln.cell_activation<tanh>, cell = #kiln.cell<lstm>, flip_outputs = array<i1: false, true>, go_backwards = array<i1: false, true>, recurrent_activation = #kiln.cell_activation<sigmoid>, return_sequences} -> tensor<?x?x2x3xf32>, tensor<2x2x?x3xf32>
func.func @bidirectional_lstm(%p: tensor<?x?x2x12xf32>, %u: tensor<2x3x12xf32>, %m: tensor<?x?xi8>, %s: tensor<2x2x?x3xf32>, %o: tensor<?x?x2x3xf32>, %f: tensor<2x2x?x3xf32>) -> (tensor<?x?x2x3xf32>, tensor<2x2x?x3xf32>) {
  %0:2 = kiln.recurrence ins(%p, %u : tensor<?x?x2x12xf32>, tensor<2x3x12xf32>) mask(%m : tensor<?x?xi8>) initial_state(%s : tensor<2x2x?x3xf32>) outs(%o, %f : tensor<?x?x2x3xf32>, tensor<2x2x?x3xf32>) {cell = #kiln.cell<lstm>, activation = #kiln.cell_activation<tanh>, recurrent_activation = #kiln.cell_activation<sigmoid>, return_sequences, go_backwards = array<i1: false, true>, flip_outputs = array<i1: false, true>} -> tensor<?x?x2x3xf32>, tensor<2x2x?x3xf32>
  return %0#0, %0#1 : tensor<?x?x2x3xf32>, tensor<2x2x?x3xf32>
}

// CHECK-LABEL: func.func @gru_memref
// CHECK: kiln.recurrence ins(%arg0, %arg1 : memref<2x7x1x6xf32>, memref<1x2x6xf32>) recurrent_bias(%arg2 : memref<1x6xf32>) outs(%arg3, %arg4 : memref<2x1x2xf32>, memref<1x1x2x2xf32>) {activation = #kiln.cell_activation<relu>, cell = #kiln.cell<gru>, flip_outputs = array<i1: false>, go_backwards = array<i1: true>, recurrent_activation = #kiln.cell_activation<hard_sigmoid>, zero_output_for_mask}
func.func @gru_memref(%p: memref<2x7x1x6xf32>, %u: memref<1x2x6xf32>, %b: memref<1x6xf32>, %o: memref<2x1x2xf32>, %f: memref<1x1x2x2xf32>) {
  kiln.recurrence ins(%p, %u : memref<2x7x1x6xf32>, memref<1x2x6xf32>) recurrent_bias(%b : memref<1x6xf32>) outs(%o, %f : memref<2x1x2xf32>, memref<1x1x2x2xf32>) {cell = #kiln.cell<gru>, activation = #kiln.cell_activation<relu>, recurrent_activation = #kiln.cell_activation<hard_sigmoid>, zero_output_for_mask, go_backwards = array<i1: true>, flip_outputs = array<i1: false>}
  return
}
