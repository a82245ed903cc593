// Memref kiln.recurrence becomes a call to libkiln_runtime's
// kiln_rt_recurrence_f32 with the ABI values of KilnRuntimeABI.h: cell and
// activation codes, and flags (RETURN_SEQUENCES 1, ZERO_OUTPUT_FOR_MASK 2,
// HAS_MASK 4, HAS_INITIAL_STATE 8, HAS_RECURRENT_BIAS 16, GO_BACKWARDS(d)
// 32 << d, FLIP_OUTPUTS(d) 128 << d).
// RUN: kiln-opt %s --kiln-lower-to-runtime --split-input-file | FileCheck %s

// CHECK: func.func private @kiln_rt_recurrence_f32(memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xi8>, memref<*xf32>, memref<*xf32>, memref<*xf32>, i64, i64, i64, f32, i64) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @bidirectional_lstm
// CHECK-SAME: (%[[P:.*]]: memref<?x?x2x8xf32>, %[[U:.*]]: memref<2x2x8xf32>, %[[M:.*]]: memref<?x?xi8>, %[[S:.*]]: memref<2x2x?x2xf32>, %[[O:.*]]: memref<?x?x2x2xf32>, %[[F:.*]]: memref<2x2x?x2xf32>)
// CHECK-DAG: %[[CELL:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[TANH:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[HSIG:.*]] = arith.constant 8 : i64
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 0.000000e+00 : f32
// 1 + 4 + 8 + 64 + 256
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 333 : i64
// CHECK-DAG: %[[UP:.*]] = memref.cast %[[P]] : memref<?x?x2x8xf32> to memref<*xf32>
// CHECK-DAG: %[[UU:.*]] = memref.cast %[[U]] : memref<2x2x8xf32> to memref<*xf32>
// CHECK-DAG: %[[UF:.*]] = memref.cast %[[F]] : memref<2x2x?x2xf32> to memref<*xf32>
// CHECK-DAG: %[[UM:.*]] = memref.cast %[[M]] : memref<?x?xi8> to memref<*xi8>
// CHECK-DAG: %[[US:.*]] = memref.cast %[[S]] : memref<2x2x?x2xf32> to memref<*xf32>
// CHECK-DAG: %[[UO:.*]] = memref.cast %[[O]] : memref<?x?x2x2xf32> to memref<*xf32>
// CHECK: call @kiln_rt_recurrence_f32(%[[UP]], %[[UU]], %{{.*}}, %[[UM]], %[[US]], %[[UO]], %{{.*}}, %[[CELL]], %[[TANH]], %[[HSIG]], %[[ALPHA]], %[[FLAGS]])
func.func @bidirectional_lstm(%p: memref<?x?x2x8xf32>, %u: memref<2x2x8xf32>, %m: memref<?x?xi8>, %s: memref<2x2x?x2xf32>, %o: memref<?x?x2x2xf32>, %f: memref<2x2x?x2xf32>) {
  kiln.recurrence ins(%p, %u : memref<?x?x2x8xf32>, memref<2x2x8xf32>) mask(%m : memref<?x?xi8>) initial_state(%s : memref<2x2x?x2xf32>) outs(%o, %f : memref<?x?x2x2xf32>, memref<2x2x?x2xf32>) {cell = #kiln.cell<lstm>, activation = #kiln.cell_activation<tanh>, recurrent_activation = #kiln.cell_activation<hard_sigmoid_keras2>, return_sequences, go_backwards = array<i1: false, true>, flip_outputs = array<i1: false, true>}
  return
}

// -----

// Without a mask the runtime gets an empty byte buffer it never reads.
// CHECK-LABEL: func.func @gru_last_output
// CHECK-DAG: %[[EMPTY:.*]] = memref.alloca() : memref<0x0xi8>
// CHECK-DAG: %[[GRU:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[LEAKY:.*]] = arith.constant 17 : i64
// CHECK-DAG: %[[SLOPE:.*]] = arith.constant 2.000000e-01 : f32
// 2 + 16 + 32
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 50 : i64
// CHECK-DAG: %[[UEMPTY:.*]] = memref.cast %[[EMPTY]] : memref<0x0xi8> to memref<*xi8>
// CHECK: call @kiln_rt_recurrence_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[UEMPTY]], %{{.*}}, %{{.*}}, %{{.*}}, %[[GRU]], %[[LEAKY]], %{{.*}}, %[[SLOPE]], %[[FLAGS]])
func.func @gru_last_output(%p: memref<3x5x1x6xf32>, %u: memref<1x2x6xf32>, %b: memref<1x6xf32>, %o: memref<3x1x2xf32>, %f: memref<1x1x3x2xf32>) {
  kiln.recurrence ins(%p, %u : memref<3x5x1x6xf32>, memref<1x2x6xf32>) recurrent_bias(%b : memref<1x6xf32>) outs(%o, %f : memref<3x1x2xf32>, memref<1x1x3x2xf32>) {cell = #kiln.cell<gru>, activation = #kiln.cell_activation<leaky_relu>, activation_alpha = 0.2 : f32, recurrent_activation = #kiln.cell_activation<sigmoid>, zero_output_for_mask, go_backwards = array<i1: true>, flip_outputs = array<i1: false>}
  return
}
