// Memref kiln.matmul becomes a call to libkiln_runtime's kiln_rt_matmul_f32
// with unranked operands and the ABI values of KilnRuntimeABI.h.
// RUN: kiln-opt %s --kiln-lower-to-runtime --split-input-file | FileCheck %s

// The declaration is private and asks for the C interface.
// CHECK: func.func private @kiln_rt_matmul_f32(memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, i64, i64, f32, f32) attributes {llvm.emit_c_interface}
// CHECK-NOT: func.func private @kiln_rt_matmul_f32
// CHECK-LABEL: func.func @bias_gelu_tanh
// CHECK-SAME: (%[[A:.*]]: memref<?x4xf32>, %[[B:.*]]: memref<4x3xf32>, %[[BIAS:.*]]: memref<3xf32>, %[[C:.*]]: memref<?x3xf32>)
// CHECK-DAG: %[[HAS_BIAS:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[ACT:.*]] = arith.constant 5 : i64
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[UA:.*]] = memref.cast %[[A]] : memref<?x4xf32> to memref<*xf32>
// CHECK-DAG: %[[UB:.*]] = memref.cast %[[B]] : memref<4x3xf32> to memref<*xf32>
// CHECK-DAG: %[[UBIAS:.*]] = memref.cast %[[BIAS]] : memref<3xf32> to memref<*xf32>
// CHECK-DAG: %[[UC:.*]] = memref.cast %[[C]] : memref<?x3xf32> to memref<*xf32>
// CHECK: call @kiln_rt_matmul_f32(%[[UA]], %[[UB]], %[[UBIAS]], %[[UC]], %[[HAS_BIAS]], %[[ACT]], %[[ONE]], %[[ONE]]) : (memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, i64, i64, f32, f32) -> ()
// CHECK-NOT: kiln.matmul
// CHECK: return
func.func @bias_gelu_tanh(%a: memref<?x4xf32>, %b: memref<4x3xf32>, %bias: memref<3xf32>, %c: memref<?x3xf32>) {
  kiln.matmul ins(%a, %b, bias %bias : memref<?x4xf32>, memref<4x3xf32>, memref<3xf32>) outs(%c : memref<?x3xf32>) {activation = #kiln.activation<gelu_tanh>}
  return
}

// -----

// Without a bias, has_bias is 0 and the output stands in for the bias
// operand; alpha and activation_alpha pass through.
// CHECK-LABEL: func.func @no_bias_elu
// CHECK-SAME: (%[[A:.*]]: memref<?x4xf32>, %[[B:.*]]: memref<4x3xf32>, %[[C:.*]]: memref<?x3xf32>)
// CHECK-DAG: %[[HAS_BIAS:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[ACT:.*]] = arith.constant 6 : i64
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-DAG: %[[ACT_ALPHA:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[UA:.*]] = memref.cast %[[A]] : memref<?x4xf32> to memref<*xf32>
// CHECK-DAG: %[[UB:.*]] = memref.cast %[[B]] : memref<4x3xf32> to memref<*xf32>
// CHECK-DAG: %[[UC1:.*]] = memref.cast %[[C]] : memref<?x3xf32> to memref<*xf32>
// CHECK-DAG: %[[UC2:.*]] = memref.cast %[[C]] : memref<?x3xf32> to memref<*xf32>
// CHECK: call @kiln_rt_matmul_f32(%[[UA]], %[[UB]], %{{.*}}, %{{.*}}, %[[HAS_BIAS]], %[[ACT]], %[[ALPHA]], %[[ACT_ALPHA]])
func.func @no_bias_elu(%a: memref<?x4xf32>, %b: memref<4x3xf32>, %c: memref<?x3xf32>) {
  kiln.matmul ins(%a, %b : memref<?x4xf32>, memref<4x3xf32>) outs(%c : memref<?x3xf32>) {activation = #kiln.activation<elu>, alpha = 2.0 : f32, activation_alpha = 0.5 : f32}
  return
}

// -----

// Every activation passes its ABI value: none 0, relu 1, tanh 2, sigmoid 3,
// gelu_erf 4, gelu_tanh 5, elu 6, swish 7.
// CHECK-LABEL: func.func @activation_values
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : i64
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : i64
// CHECK-DAG: %[[C7:.*]] = arith.constant 7 : i64
// CHECK: call @kiln_rt_matmul_f32({{.*}}, %[[C0]], %[[C0]], {{.*}})
// CHECK: call @kiln_rt_matmul_f32({{.*}}, %[[C0]], %[[C1]], {{.*}})
// CHECK: call @kiln_rt_matmul_f32({{.*}}, %[[C0]], %[[C2]], {{.*}})
// CHECK: call @kiln_rt_matmul_f32({{.*}}, %[[C0]], %[[C3]], {{.*}})
// CHECK: call @kiln_rt_matmul_f32({{.*}}, %[[C0]], %[[C4]], {{.*}})
// CHECK: call @kiln_rt_matmul_f32({{.*}}, %[[C0]], %[[C7]], {{.*}})
func.func @activation_values(%a: memref<2x4xf32>, %b: memref<4x3xf32>, %c: memref<2x3xf32>) {
  kiln.matmul ins(%a, %b : memref<2x4xf32>, memref<4x3xf32>) outs(%c : memref<2x3xf32>)
  kiln.matmul ins(%a, %b : memref<2x4xf32>, memref<4x3xf32>) outs(%c : memref<2x3xf32>) {activation = #kiln.activation<relu>}
  kiln.matmul ins(%a, %b : memref<2x4xf32>, memref<4x3xf32>) outs(%c : memref<2x3xf32>) {activation = #kiln.activation<tanh>}
  kiln.matmul ins(%a, %b : memref<2x4xf32>, memref<4x3xf32>) outs(%c : memref<2x3xf32>) {activation = #kiln.activation<sigmoid>}
  kiln.matmul ins(%a, %b : memref<2x4xf32>, memref<4x3xf32>) outs(%c : memref<2x3xf32>) {activation = #kiln.activation<gelu_erf>}
  kiln.matmul ins(%a, %b : memref<2x4xf32>, memref<4x3xf32>) outs(%c : memref<2x3xf32>) {activation = #kiln.activation<swish>}
  return
}

// -----

// Rank 3 with a shared rank-2 rhs and a strided (transposed) view: the
// runtime reads strides from the descriptors, so nothing is copied.
// CHECK-LABEL: func.func @rank3_strided
// CHECK-SAME: (%[[A:.*]]: memref<2x5x4xf32>, %[[B:.*]]: memref<4x3xf32, strided<[1, 4]>>, %[[C:.*]]: memref<2x5x3xf32>)
// CHECK-NOT: memref.copy
// CHECK-DAG: memref.cast %[[A]] : memref<2x5x4xf32> to memref<*xf32>
// CHECK-DAG: memref.cast %[[B]] : memref<4x3xf32, strided<[1, 4]>> to memref<*xf32>
// CHECK-DAG: memref.cast %[[C]] : memref<2x5x3xf32> to memref<*xf32>
// CHECK: call @kiln_rt_matmul_f32
func.func @rank3_strided(%a: memref<2x5x4xf32>, %b: memref<4x3xf32, strided<[1, 4]>>, %c: memref<2x5x3xf32>) {
  kiln.matmul ins(%a, %b : memref<2x5x4xf32>, memref<4x3xf32, strided<[1, 4]>>) outs(%c : memref<2x5x3xf32>)
  return
}

// -----

// A module without kiln.matmul gets no declaration.
// CHECK-NOT: kiln_rt_matmul_f32
// CHECK-LABEL: func.func @nothing
func.func @nothing(%a: memref<2x4xf32>) {
  return
}
