// kiln-model-io adds @<model>__body(!llvm.ptr), the entry libkiln_runtime
// calls: it fetches the inputs, calls the bufferized model, hands each result
// to the runtime and frees it.
// RUN: kiln-opt %s --kiln-model-io --split-input-file | FileCheck %s

// CHECK-DAG: func.func private @kiln_rt_input_f32_r2(!llvm.ptr, i64) -> memref<?x?xf32> attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @kiln_rt_input_i32_r2(!llvm.ptr, i64) -> memref<?x?xi32> attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @kiln_rt_output_f32(!llvm.ptr, i64, memref<*xf32>) attributes {llvm.emit_c_interface}
// The model itself loses the kiln.model marker, which moves to the body.
// CHECK-LABEL: func.func @model(
// CHECK-SAME: attributes {kiln.input_names = ["x", "ids"], kiln.output_names = ["y", "z"]}
// CHECK-LABEL: func.func @model__body(
// CHECK-SAME: %[[CTX:.*]]: !llvm.ptr) attributes {kiln.input_names = ["x", "ids"], kiln.model, kiln.output_names = ["y", "z"]}
// CHECK: %[[I0:.*]] = arith.constant 0 : i64
// CHECK: %[[X:.*]] = call @kiln_rt_input_f32_r2(%[[CTX]], %[[I0]]) : (!llvm.ptr, i64) -> memref<?x?xf32>
// CHECK: %[[XC:.*]] = memref.cast %[[X]] : memref<?x?xf32> to memref<?x4xf32>
// CHECK: %[[I1:.*]] = arith.constant 1 : i64
// CHECK: %[[IDS:.*]] = call @kiln_rt_input_i32_r2(%[[CTX]], %[[I1]]) : (!llvm.ptr, i64) -> memref<?x?xi32>
// CHECK: %[[IDSC:.*]] = memref.cast %[[IDS]] : memref<?x?xi32> to memref<?x7xi32>
// CHECK: %[[R:.*]]:2 = call @model(%[[XC]], %[[IDSC]]) : (memref<?x4xf32>, memref<?x7xi32>) -> (memref<?x3xf32>, memref<2x3x4xf32>)
// CHECK: %[[Y:.*]] = memref.cast %[[R]]#0 : memref<?x3xf32> to memref<*xf32>
// CHECK: %[[O0:.*]] = arith.constant 0 : i64
// CHECK: call @kiln_rt_output_f32(%[[CTX]], %[[O0]], %[[Y]]) : (!llvm.ptr, i64, memref<*xf32>) -> ()
// CHECK: %[[Z:.*]] = memref.cast %[[R]]#1 : memref<2x3x4xf32> to memref<*xf32>
// CHECK: %[[O1:.*]] = arith.constant 1 : i64
// CHECK: call @kiln_rt_output_f32(%[[CTX]], %[[O1]], %[[Z]])
// Results are freed with one bufferization.dealloc of their base buffers,
// which frees aliasing outputs once.
// CHECK: %[[B0:[a-z_0-9]+]], %{{.*}} = memref.extract_strided_metadata %[[R]]#0
// CHECK: %[[B1:[a-z_0-9]+]], %{{.*}} = memref.extract_strided_metadata %[[R]]#1
// CHECK: bufferization.dealloc (%[[B0]], %[[B1]] : memref<f32>, memref<f32>) if (%{{.*}}, %{{.*}})
// CHECK-NEXT: return
func.func @model(%x: memref<?x4xf32>, %ids: memref<?x7xi32>) -> (memref<?x3xf32>, memref<2x3x4xf32>)
    attributes {kiln.model, kiln.input_names = ["x", "ids"], kiln.output_names = ["y", "z"]} {
  %c0 = arith.constant 0 : index
  %d = memref.dim %x, %c0 : memref<?x4xf32>
  %a = memref.alloc(%d) : memref<?x3xf32>
  %b = memref.alloc() : memref<2x3x4xf32>
  return %a, %b : memref<?x3xf32>, memref<2x3x4xf32>
}

// -----

// An i32 output uses kiln_rt_output_i32; the input entry point is named by
// element type and rank (rank 3 here, rank 0 for a scalar).
// CHECK-DAG: func.func private @kiln_rt_input_f32_r3(!llvm.ptr, i64) -> memref<?x?x?xf32>
// CHECK-DAG: func.func private @kiln_rt_input_f32_r0(!llvm.ptr, i64) -> memref<f32>
// CHECK-DAG: func.func private @kiln_rt_output_i32(!llvm.ptr, i64, memref<*xi32>) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @ints__body(
// CHECK: call @kiln_rt_input_f32_r3
// CHECK: memref.cast %{{.*}} : memref<?x?x?xf32> to memref<2x?x5xf32>
// CHECK: call @kiln_rt_input_f32_r0
// CHECK: memref.cast %{{.*}} : memref<f32> to memref<f32>
// CHECK: %[[R:.*]] = call @ints(
// CHECK: memref.cast %[[R]] : memref<2x5xi32> to memref<*xi32>
// CHECK: call @kiln_rt_output_i32(
// CHECK: %[[B:[a-z_0-9]+]], %{{.*}} = memref.extract_strided_metadata %[[R]]
// CHECK: bufferization.dealloc (%[[B]] : memref<i32>)
func.func @ints(%x: memref<2x?x5xf32>, %s: memref<f32>) -> memref<2x5xi32> attributes {kiln.model} {
  %a = memref.alloc() : memref<2x5xi32>
  return %a : memref<2x5xi32>
}

// -----

// Functions without the marker get no body.
// CHECK-LABEL: func.func @helper
// CHECK-NOT: __body
// CHECK-NOT: kiln_rt_
func.func @helper(%x: memref<2x4xf32>) -> memref<2x4xf32> {
  return %x : memref<2x4xf32>
}
