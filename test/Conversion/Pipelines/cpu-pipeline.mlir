// A small keras-dialect model through the whole CPU pipeline ends in the LLVM
// dialect only: the model function, the runtime body and the runtime
// declarations, with no keras, kiln, linalg, tensor, memref or other
// high-level op left.
// RUN: kiln-opt %s --kiln-cpu-pipeline --split-input-file | FileCheck %s
// RUN: kiln-opt %s --kiln-cpu-pipeline --split-input-file | FileCheck %s --check-prefix=ONLY-LLVM

// ONLY-LLVM-NOT: {{^ *(%[^=]+= )?(keras|kiln|linalg|tensor|memref|bufferization|arith|math|scf|cf|func|affine|vector)\.}}
// ONLY-LLVM-NOT: unrealized_conversion_cast

// Heap buffers go through the runtime's pool (MLIR's generic functions).
// CHECK-DAG: llvm.func @_mlir_memref_to_llvm_alloc(i64) -> !llvm.ptr
// CHECK-DAG: llvm.func @_mlir_memref_to_llvm_free(!llvm.ptr)
// CHECK-NOT: llvm.func @malloc(
// CHECK-DAG: llvm.func @_mlir_ciface_kiln_rt_matmul_f32(!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i64, i64, f32, f32)
// CHECK-DAG: llvm.func @_mlir_ciface_kiln_rt_input_f32_r2(!llvm.ptr, !llvm.ptr, i64)
// CHECK-DAG: llvm.func @_mlir_ciface_kiln_rt_output_f32(!llvm.ptr, i64, !llvm.ptr)
// CHECK-LABEL: llvm.func @mlp(
// CHECK-SAME: attributes {kiln.input_names = ["x"], kiln.output_names = ["y"]}
// CHECK: llvm.call @kiln_rt_matmul_f32(
// CHECK: llvm.intr.sqrt
// CHECK: llvm.intr.exp
// CHECK: llvm.return
// CHECK-LABEL: llvm.func @mlp__body(
// CHECK-SAME: %[[CTX:.*]]: !llvm.ptr) attributes {kiln.input_names = ["x"], kiln.model, kiln.output_names = ["y"]}
// CHECK: llvm.call @kiln_rt_input_f32_r2(%[[CTX]],
// CHECK: llvm.call @mlp(
// CHECK: llvm.call @kiln_rt_output_f32(%[[CTX]],
// CHECK: llvm.call @_mlir_memref_to_llvm_free(
// CHECK: llvm.return
// CHECK-NOT: keras.
// CHECK-NOT: linalg.
// CHECK-NOT: kiln.matmul
func.func @mlp(%x: tensor<?x4xf32>) -> tensor<?x3xf32>
    attributes {kiln.model, kiln.input_names = ["x"], kiln.output_names = ["y"]} {
  %k = arith.constant dense<0.5> : tensor<4x8xf32>
  %b = arith.constant dense<0.1> : tensor<8xf32>
  %k2 = arith.constant dense<0.25> : tensor<8x3xf32>
  %h = keras.dense %x, %k, %b activation <relu> : (tensor<?x4xf32>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %n = keras.layer_normalization %h {axes = array<i64: 1>, epsilon = 1.0e-3 : f64} : (tensor<?x8xf32>) -> tensor<?x8xf32>
  %d = keras.dropout "Dropout" %n : tensor<?x8xf32>
  %y = keras.dense %d, %k2 activation <softmax> : (tensor<?x8xf32>, tensor<8x3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// -----

// Integer ids, a convolution, math that goes through libm (erf) and pooling.
// CHECK-DAG: llvm.func @erff(f32) -> f32
// CHECK-DAG: llvm.func @_mlir_ciface_kiln_rt_input_i32_r2(!llvm.ptr, !llvm.ptr, i64)
// CHECK-LABEL: llvm.func @seq(
// CHECK: llvm.call @erff(
// CHECK: llvm.intr.maximum
// CHECK: llvm.return
// CHECK-LABEL: llvm.func @seq__body(
// CHECK: llvm.call @kiln_rt_input_i32_r2(
// CHECK: llvm.call @seq(
// CHECK: llvm.call @kiln_rt_output_f32(
// CHECK-NOT: keras.
// CHECK-NOT: linalg.
// CHECK-NOT: kiln.matmul
func.func @seq(%ids: tensor<?x8xi32>) -> tensor<?x4xf32>
    attributes {kiln.model, kiln.input_names = ["ids"], kiln.output_names = ["y"]} {
  %t = arith.constant dense<0.5> : tensor<10x6xf32>
  %k = arith.constant dense<0.25> : tensor<3x6x4xf32>
  %e = keras.embedding %ids, %t : (tensor<?x8xi32>, tensor<10x6xf32>) -> tensor<?x8x6xf32>
  %c = keras.conv1d %e, %k padding <causal> activation <linear> {stride = 1 : i64, dilation = 2 : i64} : (tensor<?x8x6xf32>, tensor<3x6x4xf32>) -> tensor<?x8x4xf32>
  %a = keras.activation <gelu> %c : tensor<?x8x4xf32>
  %p = keras.max_pooling1d %a padding <same> {pool_size = 2 : i64, stride = 2 : i64} : (tensor<?x8x4xf32>) -> tensor<?x4x4xf32>
  %g = keras.global_average_pooling1d %p {keepdims = false} : (tensor<?x4x4xf32>) -> tensor<?x4xf32>
  return %g : tensor<?x4xf32>
}
