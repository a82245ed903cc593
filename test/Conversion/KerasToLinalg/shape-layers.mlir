// Flatten, Reshape, Permute, RepeatVector and Concatenate
// (lib/Conversion/KerasToLinalg/ShapeLayers.cpp).
// RUN: kiln-opt %s --kiln-lower-keras --split-input-file | FileCheck %s

// (B, S, 6) -> (B, S * 6) with both sizes taken from the input at run time.
// CHECK-LABEL: func.func @flatten_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK-DAG: %[[B:.*]] = tensor.dim %[[X]], %c0
// CHECK-DAG: %[[S:.*]] = tensor.dim %[[X]], %c1
// CHECK-DAG: %[[C6:.*]] = arith.constant 6 : index
// CHECK: %[[N:.*]] = arith.muli %[[S]], %[[C6]] : index
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %[[B]], %[[N]] : tensor<2xindex>
// CHECK: %[[Y:.*]] = tensor.reshape %[[X]](%[[SHAPE]]) : (tensor<?x?x6xf32>, tensor<2xindex>) -> tensor<?x?xf32>
// CHECK: return %[[Y]]
func.func @flatten_dynamic(%x: tensor<?x?x6xf32>) -> tensor<?x?xf32> {
  %0 = keras.flatten %x : (tensor<?x?x6xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @flatten_static
// CHECK: tensor.reshape %{{.*}}(%{{.*}}) : (tensor<?x4x6xf32>, tensor<2xindex>) -> tensor<?x24xf32>
func.func @flatten_static(%x: tensor<?x4x6xf32>) -> tensor<?x24xf32> {
  %0 = keras.flatten %x : (tensor<?x4x6xf32>) -> tensor<?x24xf32>
  return %0 : tensor<?x24xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_static
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x6xf32>)
// CHECK: %[[B:.*]] = tensor.dim %[[X]], %c0
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[C12:.*]] = arith.constant 12 : index
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %[[B]], %[[C2]], %[[C12]] : tensor<3xindex>
// CHECK: tensor.reshape %[[X]](%[[SHAPE]]) : (tensor<?x4x6xf32>, tensor<3xindex>) -> tensor<?x2x12xf32>
func.func @reshape_static(%x: tensor<?x4x6xf32>) -> tensor<?x2x12xf32> {
  %0 = keras.reshape %x : (tensor<?x4x6xf32>) -> tensor<?x2x12xf32>
  return %0 : tensor<?x2x12xf32>
}

// -----

// Keras' -1 over a dynamic input: the unknown dim is the element count
// (without batch) divided by the product of the known target dims.
// CHECK-LABEL: func.func @reshape_dynamic_minus_one
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK-DAG: %[[B:.*]] = tensor.dim %[[X]], %c0
// CHECK-DAG: %[[S:.*]] = tensor.dim %[[X]], %c1
// CHECK: %[[TOTAL:.*]] = arith.muli %[[S]], %c6 : index
// CHECK: %[[UNKNOWN:.*]] = arith.divui %[[TOTAL]], %c3 : index
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %[[B]], %{{.*}}, %[[UNKNOWN]] : tensor<3xindex>
// CHECK: %[[Y:.*]] = tensor.reshape %[[X]](%[[SHAPE]]) : (tensor<?x?x6xf32>, tensor<3xindex>) -> tensor<?x3x?xf32>
// CHECK: return %[[Y]]
func.func @reshape_dynamic_minus_one(%x: tensor<?x?x6xf32>) -> tensor<?x3x?xf32> {
  %0 = keras.reshape %x : (tensor<?x?x6xf32>) -> tensor<?x3x?xf32>
  return %0 : tensor<?x3x?xf32>
}

// -----

// Rank change with the -1 first: (B, S, 6) -> (B, -1, 2, 3).
// CHECK-LABEL: func.func @reshape_rank_up
// CHECK: %[[TOTAL:.*]] = arith.muli %{{.*}}, %c6 : index
// CHECK: %[[UNKNOWN:.*]] = arith.divui %[[TOTAL]], %c6{{.*}} : index
// CHECK: tensor.from_elements %{{.*}}, %[[UNKNOWN]], %{{.*}}, %{{.*}} : tensor<4xindex>
// CHECK: tensor.reshape {{.*}} -> tensor<?x?x2x3xf32>
func.func @reshape_rank_up(%x: tensor<?x?x6xf32>) -> tensor<?x?x2x3xf32> {
  %0 = keras.reshape %x : (tensor<?x?x6xf32>) -> tensor<?x?x2x3xf32>
  return %0 : tensor<?x?x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @permute
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK-DAG: %[[B:.*]] = tensor.dim %[[X]], %c0
// CHECK-DAG: %[[S:.*]] = tensor.dim %[[X]], %c1
// CHECK: %[[E:.*]] = tensor.empty(%[[B]], %[[S]]) : tensor<?x6x?xf32>
// CHECK: %[[Y:.*]] = linalg.transpose ins(%[[X]] : tensor<?x?x6xf32>) outs(%[[E]] : tensor<?x6x?xf32>) permutation = [0, 2, 1]
// CHECK: return %[[Y]]
func.func @permute(%x: tensor<?x?x6xf32>) -> tensor<?x6x?xf32> {
  %0 = keras.permute %x [0, 2, 1] : (tensor<?x?x6xf32>) -> tensor<?x6x?xf32>
  return %0 : tensor<?x6x?xf32>
}

// -----

// CHECK-LABEL: func.func @permute_rank4
// CHECK: linalg.transpose ins(%{{.*}} : tensor<?x2x3x4xf32>) outs(%{{.*}} : tensor<?x4x2x3xf32>) permutation = [0, 3, 1, 2]
func.func @permute_rank4(%x: tensor<?x2x3x4xf32>) -> tensor<?x4x2x3xf32> {
  %0 = keras.permute %x [0, 3, 1, 2] : (tensor<?x2x3x4xf32>) -> tensor<?x4x2x3xf32>
  return %0 : tensor<?x4x2x3xf32>
}

// -----

// The identity permutation lowers to nothing.
// CHECK-LABEL: func.func @permute_identity
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK-NOT: linalg.transpose
// CHECK: return %[[X]]
func.func @permute_identity(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.permute %x [0, 1, 2] : (tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @repeat_vector
// CHECK-SAME: (%[[X:.*]]: tensor<?x5xf32>)
// CHECK: %[[B:.*]] = tensor.dim %[[X]], %c0
// CHECK: %[[E:.*]] = tensor.empty(%[[B]]) : tensor<?x3x5xf32>
// CHECK: %[[Y:.*]] = linalg.broadcast ins(%[[X]] : tensor<?x5xf32>) outs(%[[E]] : tensor<?x3x5xf32>) dimensions = [1]
// CHECK: return %[[Y]]
func.func @repeat_vector(%x: tensor<?x5xf32>) -> tensor<?x3x5xf32> {
  %0 = keras.repeat_vector %x {n = 3 : i64} : (tensor<?x5xf32>) -> tensor<?x3x5xf32>
  return %0 : tensor<?x3x5xf32>
}

// -----

// Each input is inserted at its running offset along the axis; the result's
// axis size is the sum of the inputs' (dynamic here).
// CHECK-LABEL: func.func @concatenate_dynamic
// CHECK-SAME: (%[[A:.*]]: tensor<?x?x6xf32>, %[[B:.*]]: tensor<?x4x6xf32>)
// CHECK: %[[N:.*]] = tensor.dim %[[A]], %c0
// CHECK: %[[SA:.*]] = tensor.dim %[[A]], %c1
// CHECK: %[[T0:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// CHECK: %[[TOTAL:.*]] = arith.addi %[[T0]], %c4 : index
// CHECK: %[[E:.*]] = tensor.empty(%[[N]], %[[TOTAL]]) : tensor<?x?x6xf32>
// CHECK: %[[OFF0:.*]] = arith.constant 0 : index
// CHECK: %[[SA2:.*]] = tensor.dim %[[A]], %c1
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, %[[OFF0]], 0] [%{{.*}}, %[[SA2]], 6] [1, 1, 1] : tensor<?x?x6xf32> into tensor<?x?x6xf32>
// CHECK: %[[OFF1:.*]] = arith.addi %[[OFF0]], %[[SA2]] : index
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[B]] into %[[I0]][0, %[[OFF1]], 0] [%{{.*}}, 4, 6] [1, 1, 1] : tensor<?x4x6xf32> into tensor<?x?x6xf32>
// CHECK: return %[[I1]]
func.func @concatenate_dynamic(%a: tensor<?x?x6xf32>, %b: tensor<?x4x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.concatenate %a, %b {axis = 1 : i64} : (tensor<?x?x6xf32>, tensor<?x4x6xf32>) -> tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// Last axis, three inputs: offsets 0, 2 and 5 along axis 2.
// CHECK-LABEL: func.func @concatenate_last_axis
// CHECK: tensor.empty(%{{.*}}) : tensor<?x3x9xf32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, %{{.*}}] [%{{.*}}, 3, 2] [1, 1, 1] : tensor<?x3x2xf32> into tensor<?x3x9xf32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, %{{.*}}] [%{{.*}}, 3, 3] [1, 1, 1] : tensor<?x3x3xf32> into tensor<?x3x9xf32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, %{{.*}}] [%{{.*}}, 3, 4] [1, 1, 1] : tensor<?x3x4xf32> into tensor<?x3x9xf32>
func.func @concatenate_last_axis(%a: tensor<?x3x2xf32>, %b: tensor<?x3x3xf32>, %c: tensor<?x3x4xf32>) -> tensor<?x3x9xf32> {
  %0 = keras.concatenate %a, %b, %c {axis = 2 : i64} : (tensor<?x3x2xf32>, tensor<?x3x3xf32>, tensor<?x3x4xf32>) -> tensor<?x3x9xf32>
  return %0 : tensor<?x3x9xf32>
}
