// RUN: kiln-opt --kiln-lower-keras --canonicalize --kiln-fuse-attention --split-input-file %s | FileCheck %s

// Attention spelled with Keras layers: Dot(axes=[2, 2])([q, k]) ->
// Softmax(axis=-1) -> Dot(axes=[2, 1])([p, v]). Dot lowers to transposes and
// kiln.matmul; the chain becomes exactly one kiln.attention.
// CHECK-LABEL: func.func @dot_softmax_dot
// CHECK: kiln.attention ins({{.*}} : tensor<?x1x4x8xf32>, tensor<?x1x6x8xf32>, tensor<?x1x6x5xf32>) outs({{.*}}) {scale = 1.000000e+00 : f32}
// CHECK-NOT: kiln.attention
// CHECK-NOT: linalg.softmax
// CHECK-NOT: kiln.matmul
// CHECK: return
func.func @dot_softmax_dot(%q: tensor<?x4x8xf32>, %k: tensor<?x6x8xf32>, %v: tensor<?x6x5xf32>) -> tensor<?x4x5xf32> {
  %s = keras.dot %q, %k {axes = array<i64: 2, 2>, normalize = false} : (tensor<?x4x8xf32>, tensor<?x6x8xf32>) -> tensor<?x4x6xf32>
  %p = keras.softmax %s [2] : tensor<?x4x6xf32>
  %o = keras.dot %p, %v {axes = array<i64: 2, 1>, normalize = false} : (tensor<?x4x6xf32>, tensor<?x6x5xf32>) -> tensor<?x4x5xf32>
  return %o : tensor<?x4x5xf32>
}

// -----

// With a Rescaling(scale=1/sqrt(8)) of the scores (x·c + 0 in one generic).
// CHECK-LABEL: func.func @dot_rescaling_softmax_dot
// CHECK: kiln.attention ins({{.*}}) outs({{.*}}) {scale = 0.353553385 : f32}
// CHECK-NOT: kiln.attention
// CHECK-NOT: linalg.softmax
// CHECK-NOT: kiln.matmul
// CHECK: return
func.func @dot_rescaling_softmax_dot(%q: tensor<?x4x8xf32>, %k: tensor<?x6x8xf32>, %v: tensor<?x6x5xf32>) -> tensor<?x4x5xf32> {
  %s = keras.dot %q, %k {axes = array<i64: 2, 2>, normalize = false} : (tensor<?x4x8xf32>, tensor<?x6x8xf32>) -> tensor<?x4x6xf32>
  %r = keras.rescaling %s {scale = 0.35355339059327373 : f64, offset = 0.0 : f64} : tensor<?x4x6xf32>
  %p = keras.softmax %r [2] : tensor<?x4x6xf32>
  %o = keras.dot %p, %v {axes = array<i64: 2, 1>, normalize = false} : (tensor<?x4x6xf32>, tensor<?x6x5xf32>) -> tensor<?x4x5xf32>
  return %o : tensor<?x4x5xf32>
}

// -----

// With a Multiply by a constant of the scores' shape.
// CHECK-LABEL: func.func @dot_multiply_softmax_dot
// CHECK: kiln.attention ins({{.*}}) outs({{.*}}) {scale = 1.250000e-01 : f32}
// CHECK-NOT: kiln.attention
// CHECK-NOT: linalg.softmax
// CHECK-NOT: kiln.matmul
// CHECK: return
func.func @dot_multiply_softmax_dot(%q: tensor<?x4x8xf32>, %k: tensor<?x6x8xf32>, %v: tensor<?x6x5xf32>) -> tensor<?x4x5xf32> {
  %c = arith.constant dense<0.125> : tensor<1x4x6xf32>
  %s = keras.dot %q, %k {axes = array<i64: 2, 2>, normalize = false} : (tensor<?x4x8xf32>, tensor<?x6x8xf32>) -> tensor<?x4x6xf32>
  %r = keras.multiply %s, %c : (tensor<?x4x6xf32>, tensor<1x4x6xf32>) -> tensor<?x4x6xf32>
  %p = keras.softmax %r [2] : tensor<?x4x6xf32>
  %o = keras.dot %p, %v {axes = array<i64: 2, 1>, normalize = false} : (tensor<?x4x6xf32>, tensor<?x6x5xf32>) -> tensor<?x4x5xf32>
  return %o : tensor<?x4x5xf32>
}

// -----

// Near miss: Softmax over the queries (axis 1) is not attention.
// CHECK-LABEL: func.func @dot_softmax_axis1_dot
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @dot_softmax_axis1_dot(%q: tensor<?x4x8xf32>, %k: tensor<?x6x8xf32>, %v: tensor<?x6x5xf32>) -> tensor<?x4x5xf32> {
  %s = keras.dot %q, %k {axes = array<i64: 2, 2>, normalize = false} : (tensor<?x4x8xf32>, tensor<?x6x8xf32>) -> tensor<?x4x6xf32>
  %p = keras.softmax %s [1] : tensor<?x4x6xf32>
  %o = keras.dot %p, %v {axes = array<i64: 2, 1>, normalize = false} : (tensor<?x4x6xf32>, tensor<?x6x5xf32>) -> tensor<?x4x5xf32>
  return %o : tensor<?x4x5xf32>
}
