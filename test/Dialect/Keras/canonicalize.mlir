// Dropout-like layers are the identity at inference and fold to their input.
// RUN: kiln-opt %s --canonicalize --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @dropout
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>)
// CHECK-NOT: keras.dropout
// CHECK: return %[[X]] : tensor<?x4xf32>
func.func @dropout(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = keras.dropout "Dropout" %x : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// A chain of train-only layers folds away completely; the consumer reads the
// original value.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK-NOT: keras.dropout
// CHECK: %[[R:.*]] = keras.activation <relu> %[[X]] : tensor<?x?x6xf32>
// CHECK-NOT: keras.dropout
// CHECK: return %[[R]]
func.func @chain(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.dropout "SpatialDropout1D" %x : tensor<?x?x6xf32>
  %1 = keras.dropout "GaussianNoise" %0 : tensor<?x?x6xf32>
  %2 = keras.dropout "AlphaDropout" %1 : tensor<?x?x6xf32>
  %3 = keras.activation <relu> %2 : tensor<?x?x6xf32>
  %4 = keras.dropout "ActivityRegularization" %3 : tensor<?x?x6xf32>
  return %4 : tensor<?x?x6xf32>
}

// -----

// Integer tensors fold too.
// CHECK-LABEL: func.func @dropout_i32
// CHECK-SAME: (%[[X:.*]]: tensor<?x7xi32>)
// CHECK-NEXT: return %[[X]] : tensor<?x7xi32>
func.func @dropout_i32(%x: tensor<?x7xi32>) -> tensor<?x7xi32> {
  %0 = keras.dropout "GaussianDropout" %x : tensor<?x7xi32>
  return %0 : tensor<?x7xi32>
}

// -----

// Other keras ops are pure but have no folder: an unused one is erased as
// dead code, a used one stays.
// CHECK-LABEL: func.func @dead_code
// CHECK-NOT: keras.rescaling
// CHECK: keras.activation <tanh>
// CHECK-NOT: keras.rescaling
func.func @dead_code(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = keras.rescaling %x {scale = 2.0 : f64, offset = 0.0 : f64} : tensor<?x4xf32>
  %1 = keras.activation <tanh> %x : tensor<?x4xf32>
  return %1 : tensor<?x4xf32>
}
