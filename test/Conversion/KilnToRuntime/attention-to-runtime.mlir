// Memref kiln.attention with dot scores becomes a call to libkiln_runtime's
// flash-attention kernel with the ABI values of KilnRuntimeABI.h (causal:
// 0 none, 1 top_left, 2 bottom_right; flags: ADDITIVE_MASK 1, BOOL_MASK 2,
// ZERO_MASKED 4); a boolean mask goes to the i1-typed declaration.
// RUN: kiln-opt %s --kiln-lower-to-runtime --split-input-file | FileCheck %s

// CHECK: func.func private @kiln_rt_attention_f32(memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, f32, f32, i64, i64) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @additive_mask_causal
// CHECK-SAME: (%[[Q:.*]]: memref<?x2x?x8xf32>, %[[K:.*]]: memref<?x1x?x8xf32>, %[[V:.*]]: memref<?x1x?x4xf32>, %[[M:.*]]: memref<?x1x1x?xf32>, %[[O:.*]]: memref<?x2x?x4xf32>)
// CHECK-DAG: %[[SCALE:.*]] = arith.constant 0.353553{{.*}} : f32
// CHECK-DAG: %[[FILL:.*]] = arith.constant -2.38197{{.*}}E+38 : f32
// CHECK-DAG: %[[CAUSAL:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[UM:.*]] = memref.cast %[[M]] : memref<?x1x1x?xf32> to memref<*xf32>
// CHECK-DAG: %[[UO:.*]] = memref.cast %[[O]] : memref<?x2x?x4xf32> to memref<*xf32>
// CHECK: call @kiln_rt_attention_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[UM]], %[[UO]], %[[SCALE]], %[[FILL]], %[[CAUSAL]], %[[FLAGS]])
func.func @additive_mask_causal(%q: memref<?x2x?x8xf32>, %k: memref<?x1x?x8xf32>, %v: memref<?x1x?x4xf32>, %m: memref<?x1x1x?xf32>, %o: memref<?x2x?x4xf32>) {
  kiln.attention ins(%q, %k, %v, mask %m : memref<?x2x?x8xf32>, memref<?x1x?x8xf32>, memref<?x1x?x4xf32>, memref<?x1x1x?xf32>) outs(%o : memref<?x2x?x4xf32>) {scale = 0.353553385 : f32, causal = #kiln.causal<bottom_right>}
  return
}

// -----

// CHECK: func.func private @kiln_rt_attention_bool_mask_f32(memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xi1>, memref<*xf32>, f32, f32, i64, i64) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @bool_mask_zeroed
// CHECK-DAG: %[[FILL:.*]] = arith.constant 0xFF800000 : f32
// CHECK-DAG: %[[NONE:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 6 : i64
// CHECK-DAG: %[[UM:.*]] = memref.cast %{{.*}} : memref<2x1x3x5xi1> to memref<*xi1>
// CHECK: call @kiln_rt_attention_bool_mask_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[UM]], %{{.*}}, %{{.*}}, %[[FILL]], %[[NONE]], %[[FLAGS]])
func.func @bool_mask_zeroed(%q: memref<2x4x3x8xf32>, %k: memref<2x4x5x8xf32>, %v: memref<2x4x5x8xf32>, %m: memref<2x1x3x5xi1>, %o: memref<2x4x3x8xf32>) {
  kiln.attention ins(%q, %k, %v, mask %m : memref<2x4x3x8xf32>, memref<2x4x5x8xf32>, memref<2x4x5x8xf32>, memref<2x1x3x5xi1>) outs(%o : memref<2x4x3x8xf32>) {scale = 1.0 : f32, mask_fill = 0xFF800000 : f32, zero_masked}
  return
}

// -----

// Without a mask the kernel gets the output as a placeholder it never reads.
// CHECK-LABEL: func.func @no_mask
// CHECK: %[[UO:.*]] = memref.cast %arg3 : memref<1x1x6x4xf32> to memref<*xf32>
// CHECK: call @kiln_rt_attention_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[UO]], %[[UO]],
func.func @no_mask(%q: memref<1x1x6x4xf32>, %k: memref<1x1x6x4xf32>, %v: memref<1x1x6x4xf32>, %o: memref<1x1x6x4xf32>) {
  kiln.attention ins(%q, %k, %v : memref<1x1x6x4xf32>, memref<1x1x6x4xf32>, memref<1x1x6x4xf32>) outs(%o : memref<1x1x6x4xf32>) {scale = 0.5 : f32}
  return
}
