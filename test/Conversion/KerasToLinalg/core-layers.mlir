// Dense, EinsumDense, Dot, Activation, Dropout, Rescaling and Embedding
// (lib/Conversion/KerasToLinalg/CoreLayers.cpp, ActivationLowering.cpp).
// RUN: kiln-opt %s --kiln-lower-keras --split-input-file | FileCheck %s

//===----------------------------------------------------------------------===//
// Dense
//===----------------------------------------------------------------------===//

// A rank-2 Dense is one kiln.matmul with the bias and a oneDNN-supported
// activation fused.
// CHECK-LABEL: func.func @dense_fused_gelu
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[K:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}) : tensor<?x3xf32>
// CHECK: %[[Y:.*]] = kiln.matmul ins(%[[X]], %[[K]], bias %[[B]] : tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) outs(%[[E]] : tensor<?x3xf32>) {activation = #kiln.activation<gelu_erf>} -> tensor<?x3xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[Y]]
func.func @dense_fused_gelu(%x: tensor<?x4xf32>, %k: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<?x3xf32> {
  %0 = keras.dense %x, %k, %b activation <gelu> : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Each activation oneDNN fuses maps to its post-op.
// CHECK-LABEL: func.func @dense_fused_kinds
// CHECK: kiln.matmul {{.*}} -> tensor<2x3xf32>
// CHECK-NOT: {activation
// CHECK: kiln.matmul {{.*}} {activation = #kiln.activation<relu>}
// CHECK: kiln.matmul {{.*}} {activation = #kiln.activation<tanh>}
// CHECK: kiln.matmul {{.*}} {activation = #kiln.activation<sigmoid>}
// CHECK: kiln.matmul {{.*}} {activation = #kiln.activation<gelu_tanh>}
// CHECK: kiln.matmul {{.*}} {activation = #kiln.activation<elu>}
// CHECK: kiln.matmul {{.*}} {activation = #kiln.activation<swish>}
// CHECK-NOT: linalg.generic
func.func @dense_fused_kinds(%x: tensor<2x4xf32>, %k: tensor<4x3xf32>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>,
        tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = keras.dense %x, %k activation <linear> : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  %1 = keras.dense %x, %k activation <relu> : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  %2 = keras.dense %x, %k activation <tanh> : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  %3 = keras.dense %x, %k activation <sigmoid> : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  %4 = keras.dense %x, %k activation <gelu_approximate> : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  %5 = keras.dense %x, %k activation <elu> : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  %6 = keras.dense %x, %k activation <silu> : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>,
      tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// An activation oneDNN does not fuse follows the matmul as a linalg.generic.
// CHECK-LABEL: func.func @dense_unfused_relu6
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[K:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK: %[[M:.*]] = kiln.matmul ins(%[[X]], %[[K]], bias %[[B]] : {{.*}}) outs(%{{.*}} : tensor<?x3xf32>) -> tensor<?x3xf32>
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%[[M]] : tensor<?x3xf32>)
// CHECK-DAG: arith.constant 6.000000e+00 : f32
// CHECK-DAG: arith.maximumf
// CHECK-DAG: arith.minimumf
// CHECK: return %[[Y]]
func.func @dense_unfused_relu6(%x: tensor<?x4xf32>, %k: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<?x3xf32> {
  %0 = keras.dense %x, %k, %b activation <relu6> : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// A softmax activation is a linalg.softmax over the last axis.
// CHECK-LABEL: func.func @dense_softmax
// CHECK: %[[M:.*]] = kiln.matmul {{.*}} -> tensor<?x3xf32>
// CHECK: linalg.softmax dimension(1) ins(%[[M]] : tensor<?x3xf32>)
func.func @dense_softmax(%x: tensor<?x4xf32>, %k: tensor<4x3xf32>) -> tensor<?x3xf32> {
  %0 = keras.dense %x, %k activation <softmax> : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Rank 3: the leading axes are flattened into rows for one matmul, then the
// result is unflattened with the dynamic sizes of the input.
// CHECK-LABEL: func.func @dense_rank3
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[K:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK-DAG: %[[D0:.*]] = tensor.dim %[[X]], %c0
// CHECK-DAG: %[[D1:.*]] = tensor.dim %[[X]], %c1
// CHECK: %[[ROWS:.*]] = arith.muli %[[D0]], %[[D1]] : index
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %[[ROWS]], %{{.*}} : tensor<2xindex>
// CHECK: %[[FLAT:.*]] = tensor.reshape %[[X]](%[[SHAPE]]) : (tensor<?x?x4xf32>, tensor<2xindex>) -> tensor<?x4xf32>
// CHECK: %[[M:.*]] = kiln.matmul ins(%[[FLAT]], %[[K]], bias %[[B]] : tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) outs(%{{.*}} : tensor<?x3xf32>) {activation = #kiln.activation<relu>} -> tensor<?x3xf32>
// CHECK: %[[OSHAPE:.*]] = tensor.from_elements %[[D0]], %[[D1]], %{{.*}} : tensor<3xindex>
// CHECK: %[[Y:.*]] = tensor.reshape %[[M]](%[[OSHAPE]]) : (tensor<?x3xf32>, tensor<3xindex>) -> tensor<?x?x3xf32>
// CHECK: return %[[Y]]
func.func @dense_rank3(%x: tensor<?x?x4xf32>, %k: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<?x?x3xf32> {
  %0 = keras.dense %x, %k, %b activation <relu> : (tensor<?x?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x?x3xf32>
  return %0 : tensor<?x?x3xf32>
}

// -----

// Rank 3 with an unfused activation: the generic runs on the rows.
// CHECK-LABEL: func.func @dense_rank3_unfused
// CHECK: tensor.reshape {{.*}} -> tensor<?x4xf32>
// CHECK: %[[M:.*]] = kiln.matmul {{.*}} -> tensor<?x3xf32>
// CHECK: %[[A:.*]] = linalg.generic {{.*}} ins(%[[M]] : tensor<?x3xf32>)
// CHECK: arith.divf
// CHECK: tensor.reshape %[[A]]({{.*}}) : (tensor<?x3xf32>, tensor<3xindex>) -> tensor<?x5x3xf32>
func.func @dense_rank3_unfused(%x: tensor<?x5x4xf32>, %k: tensor<4x3xf32>) -> tensor<?x5x3xf32> {
  %0 = keras.dense %x, %k activation <hard_sigmoid> : (tensor<?x5x4xf32>, tensor<4x3xf32>) -> tensor<?x5x3xf32>
  return %0 : tensor<?x5x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// EinsumDense
//===----------------------------------------------------------------------===//

// Free input letters are flattened into rows, free kernel letters into
// columns; the Keras-layout bias (2, 3) broadcasts over the trailing dims.
// CHECK-DAG: #[[ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[BIAS4:.*]] = affine_map<(d0, d1, d2, d3) -> (0, 0, d2, d3)>
// CHECK-LABEL: func.func @einsum_dense
// CHECK-SAME: (%[[X:.*]]: tensor<?x5x4xf32>, %[[K:.*]]: tensor<4x2x3xf32>, %[[B:.*]]: tensor<2x3xf32>)
// CHECK-DAG: %[[KM:.*]] = tensor.reshape %[[K]]({{.*}}) : (tensor<4x2x3xf32>, tensor<2xindex>) -> tensor<4x6xf32>
// CHECK-DAG: %[[XM:.*]] = tensor.reshape %[[X]]({{.*}}) : (tensor<?x5x4xf32>, tensor<2xindex>) -> tensor<?x4xf32>
// CHECK: %[[P:.*]] = kiln.matmul ins(%[[XM]], %[[KM]] : tensor<?x4xf32>, tensor<4x6xf32>) outs(%{{.*}} : tensor<?x6xf32>) -> tensor<?x6xf32>
// CHECK: %[[Y:.*]] = tensor.reshape %[[P]]({{.*}}) : (tensor<?x6xf32>, tensor<4xindex>) -> tensor<?x5x2x3xf32>
// CHECK: %[[BB:.*]] = tensor.reshape %[[B]]({{.*}}) : (tensor<2x3xf32>, tensor<4xindex>) -> tensor<1x1x2x3xf32>
// CHECK: %[[YB:.*]] = linalg.generic {indexing_maps = [#[[ID4]], #[[BIAS4]], #[[ID4]]], {{.*}}} ins(%[[Y]], %[[BB]] : tensor<?x5x2x3xf32>, tensor<1x1x2x3xf32>)
// CHECK: arith.addf
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[YB]] : tensor<?x5x2x3xf32>)
// CHECK: arith.maximumf
// CHECK: return %[[R]]
func.func @einsum_dense(%x: tensor<?x5x4xf32>, %k: tensor<4x2x3xf32>, %b: tensor<2x3xf32>) -> tensor<?x5x2x3xf32> {
  %0 = keras.einsum_dense %x, %k, %b equation "abc,cde->abde" activation <relu> : (tensor<?x5x4xf32>, tensor<4x2x3xf32>, tensor<2x3xf32>) -> tensor<?x5x2x3xf32>
  return %0 : tensor<?x5x2x3xf32>
}

// -----

// A letter in input, kernel and output is a batch letter: both operands are
// transposed to put it first and the matmul is batched over it.
// CHECK-LABEL: func.func @einsum_dense_batch_letter
// CHECK-SAME: (%[[X:.*]]: tensor<?x5x4xf32>, %[[K:.*]]: tensor<5x4x3xf32>)
// CHECK: %[[XT:.*]] = linalg.transpose ins(%[[X]] : tensor<?x5x4xf32>) outs(%{{.*}} : tensor<5x?x4xf32>) permutation = [1, 0, 2]
// CHECK: %[[XR:.*]] = tensor.reshape %[[XT]]({{.*}}) : (tensor<5x?x4xf32>, tensor<3xindex>) -> tensor<5x?x4xf32>
// CHECK: %[[P:.*]] = kiln.matmul ins(%[[XR]], %[[K]] : tensor<5x?x4xf32>, tensor<5x4x3xf32>) outs(%{{.*}} : tensor<5x?x3xf32>) -> tensor<5x?x3xf32>
// CHECK: %[[PR:.*]] = tensor.reshape %[[P]]
// CHECK: %[[Y:.*]] = linalg.transpose ins(%[[PR]] : tensor<5x?x3xf32>) outs(%{{.*}} : tensor<?x5x3xf32>) permutation = [1, 0, 2]
// CHECK: return %[[Y]]
func.func @einsum_dense_batch_letter(%x: tensor<?x5x4xf32>, %k: tensor<5x4x3xf32>) -> tensor<?x5x3xf32> {
  %0 = keras.einsum_dense %x, %k equation "abc,bcd->abd" activation <linear> : (tensor<?x5x4xf32>, tensor<5x4x3xf32>) -> tensor<?x5x3xf32>
  return %0 : tensor<?x5x3xf32>
}

// -----

// A contracted letter that is not last in the input is transposed to the end;
// an ellipsis expands to the input's extra dims.
// CHECK-LABEL: func.func @einsum_dense_ellipsis
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4x6xf32>, %[[K:.*]]: tensor<4x8xf32>)
// CHECK: %[[XT:.*]] = linalg.transpose ins(%[[X]] : tensor<?x?x4x6xf32>) outs(%{{.*}} : tensor<?x?x6x4xf32>) permutation = [0, 1, 3, 2]
// CHECK: %[[XR:.*]] = tensor.reshape %[[XT]]({{.*}}) : (tensor<?x?x6x4xf32>, tensor<2xindex>) -> tensor<?x4xf32>
// CHECK: kiln.matmul ins(%[[XR]], %[[K]] : tensor<?x4xf32>, tensor<4x8xf32>) outs(%{{.*}} : tensor<?x8xf32>)
// CHECK: tensor.reshape {{.*}} -> tensor<?x?x6x8xf32>
// CHECK: linalg.transpose {{.*}} outs(%{{.*}} : tensor<?x?x8x6xf32>) permutation = [0, 1, 3, 2]
func.func @einsum_dense_ellipsis(%x: tensor<?x?x4x6xf32>, %k: tensor<4x8xf32>) -> tensor<?x?x8x6xf32> {
  %0 = keras.einsum_dense %x, %k equation "...cb,cd->...db" activation <linear> : (tensor<?x?x4x6xf32>, tensor<4x8xf32>) -> tensor<?x?x8x6xf32>
  return %0 : tensor<?x?x8x6xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Dot
//===----------------------------------------------------------------------===//

// (B, 3, 4) . (B, 4, 5) over axes (2, 1) is directly a batched matmul.
// CHECK-LABEL: func.func @dot_axes
// CHECK-SAME: (%[[A:.*]]: tensor<?x3x4xf32>, %[[B:.*]]: tensor<?x4x5xf32>)
// CHECK-NOT: linalg.transpose
// CHECK: %[[AR:.*]] = tensor.reshape %[[A]]({{.*}}) : (tensor<?x3x4xf32>, tensor<3xindex>) -> tensor<?x3x4xf32>
// CHECK: %[[BR:.*]] = tensor.reshape %[[B]]({{.*}}) : (tensor<?x4x5xf32>, tensor<3xindex>) -> tensor<?x4x5xf32>
// CHECK: %[[P:.*]] = kiln.matmul ins(%[[AR]], %[[BR]] : tensor<?x3x4xf32>, tensor<?x4x5xf32>) outs(%{{.*}} : tensor<?x3x5xf32>) -> tensor<?x3x5xf32>
// CHECK: tensor.reshape %[[P]]({{.*}}) : (tensor<?x3x5xf32>, tensor<3xindex>) -> tensor<?x3x5xf32>
func.func @dot_axes(%a: tensor<?x3x4xf32>, %b: tensor<?x4x5xf32>) -> tensor<?x3x5xf32> {
  %0 = keras.dot %a, %b {axes = array<i64: 2, 1>, normalize = false} : (tensor<?x3x4xf32>, tensor<?x4x5xf32>) -> tensor<?x3x5xf32>
  return %0 : tensor<?x3x5xf32>
}

// -----

// Contracting axis 1 of the lhs moves it last; the rhs dot axis moves to 1.
// CHECK-LABEL: func.func @dot_transposed_axes
// CHECK-SAME: (%[[A:.*]]: tensor<?x4x3xf32>, %[[B:.*]]: tensor<?x5x4xf32>)
// CHECK-DAG: linalg.transpose ins(%[[A]] : tensor<?x4x3xf32>) outs(%{{.*}} : tensor<?x3x4xf32>) permutation = [0, 2, 1]
// CHECK-DAG: linalg.transpose ins(%[[B]] : tensor<?x5x4xf32>) outs(%{{.*}} : tensor<?x4x5xf32>) permutation = [0, 2, 1]
// CHECK: kiln.matmul {{.*}} : tensor<?x3x4xf32>, tensor<?x4x5xf32>) outs(%{{.*}} : tensor<?x3x5xf32>)
func.func @dot_transposed_axes(%a: tensor<?x4x3xf32>, %b: tensor<?x5x4xf32>) -> tensor<?x3x5xf32> {
  %0 = keras.dot %a, %b {axes = array<i64: 1, 2>, normalize = false} : (tensor<?x4x3xf32>, tensor<?x5x4xf32>) -> tensor<?x3x5xf32>
  return %0 : tensor<?x3x5xf32>
}

// -----

// normalize: each input is x * rsqrt(max(sum(x^2), 1e-14)) along its dot axis;
// the rank-1 per-sample result becomes (B, 1).
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @dot_normalize
// CHECK-SAME: (%[[A:.*]]: tensor<?x4xf32>, %[[B:.*]]: tensor<?x4xf32>)
// CHECK: %[[ZA:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?xf32>)
// CHECK: %[[SA:.*]] = linalg.reduce ins(%[[A]] : tensor<?x4xf32>) outs(%[[ZA]] : tensor<?xf32>) dimensions = [1]
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[SAK:.*]] = tensor.reshape %[[SA]]({{.*}}) : (tensor<?xf32>, tensor<2xindex>) -> tensor<?x1xf32>
// CHECK: %[[NA:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], {{.*}}} ins(%[[A]], %[[SAK]] : tensor<?x4xf32>, tensor<?x1xf32>)
// CHECK: %[[EPS:.*]] = arith.constant 9.99999982E-15 : f32
// CHECK: %[[CL:.*]] = arith.maximumf %{{.*}}, %[[EPS]] : f32
// CHECK: %[[INV:.*]] = math.rsqrt %[[CL]] : f32
// CHECK: arith.mulf %{{.*}}, %[[INV]] : f32
// CHECK: linalg.reduce ins(%[[B]] : tensor<?x4xf32>)
// CHECK: %[[NB:.*]] = linalg.generic
// CHECK: math.rsqrt
// CHECK-DAG: %[[AM:.*]] = tensor.reshape %[[NA]]({{.*}}) : (tensor<?x4xf32>, tensor<3xindex>) -> tensor<?x1x4xf32>
// CHECK-DAG: %[[BM:.*]] = tensor.reshape %[[NB]]({{.*}}) : (tensor<?x4xf32>, tensor<3xindex>) -> tensor<?x4x1xf32>
// CHECK: %[[P:.*]] = kiln.matmul ins(%[[AM]], %[[BM]] : tensor<?x1x4xf32>, tensor<?x4x1xf32>) outs(%{{.*}} : tensor<?x1x1xf32>)
// CHECK: tensor.reshape %[[P]]({{.*}}) : (tensor<?x1x1xf32>, tensor<2xindex>) -> tensor<?x1xf32>
func.func @dot_normalize(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>) -> tensor<?x1xf32> {
  %0 = keras.dot %a, %b {axes = array<i64: 1, 1>, normalize = true} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x1xf32>
  return %0 : tensor<?x1xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Dropout, Rescaling, Embedding
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @dropout
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK-NEXT: return %[[X]]
func.func @dropout(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.dropout "SpatialDropout1D" %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// x * scale + offset.
// CHECK-LABEL: func.func @rescaling
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?x6xf32>
// CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<?x?x6xf32>) outs(%[[E]] : tensor<?x?x6xf32>)
// CHECK-NEXT: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[S:.*]] = arith.constant 3.906250e-03 : f32
// CHECK-DAG: %[[O:.*]] = arith.constant -1.000000e+00 : f32
// CHECK-DAG: %[[M:.*]] = arith.mulf %[[IN]], %[[S]] : f32
// CHECK-DAG: %[[A:.*]] = arith.addf %[[M]], %[[O]] : f32
// CHECK: linalg.yield %[[A]]
func.func @rescaling(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.rescaling %x {scale = 0.00390625 : f64, offset = -1.0 : f64} : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// Float ids are truncated, clamped into [0, input_dim - 1] and gathered.
// CHECK-DAG: #[[IDS:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @embedding_f32_ids
// CHECK-SAME: (%[[I:.*]]: tensor<?x?xf32>, %[[T:.*]]: tensor<10x4xf32>)
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[IDS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[I]] : tensor<?x?xf32>) outs(%[[E]] : tensor<?x?x4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:[^:]+]]: f32,
// Float ids are clamped before fptosi (NaN or huge ids would be poison).
// CHECK-DAG: %[[LO:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[HI:.*]] = arith.constant 9 : i64
// CHECK: %[[FLO:.*]] = arith.maxnumf %[[IN]], %{{.*}} : f32
// CHECK: %[[FHI:.*]] = arith.minnumf %[[FLO]], %{{.*}} : f32
// CHECK: %[[ID:.*]] = arith.fptosi %[[FHI]] : f32 to i64
// CHECK: %[[A:.*]] = arith.maxsi %[[ID]], %[[LO]] : i64
// CHECK: %[[B:.*]] = arith.minsi %[[A]], %[[HI]] : i64
// CHECK: %[[ROW:.*]] = arith.index_cast %[[B]] : i64 to index
// CHECK: %[[COL:.*]] = linalg.index 2 : index
// CHECK: %[[V:.*]] = tensor.extract %[[T]][%[[ROW]], %[[COL]]] : tensor<10x4xf32>
// CHECK: linalg.yield %[[V]] : f32
func.func @embedding_f32_ids(%i: tensor<?x?xf32>, %t: tensor<10x4xf32>) -> tensor<?x?x4xf32> {
  %0 = keras.embedding %i, %t : (tensor<?x?xf32>, tensor<10x4xf32>) -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

// -----

// Integer ids are sign-extended, then clamped the same way.
// CHECK-LABEL: func.func @embedding_i32_ids
// CHECK: ^bb0(%[[IN:[^:]+]]: i32,
// CHECK-DAG: arith.constant 0 : i64
// CHECK-DAG: arith.constant 49 : i64
// CHECK: %[[ID:.*]] = arith.extsi %[[IN]] : i32 to i64
// CHECK: arith.maxsi %[[ID]]
// CHECK: arith.minsi
// CHECK: tensor.extract %{{.*}} : tensor<50x8xf32>
func.func @embedding_i32_ids(%i: tensor<?x7xi32>, %t: tensor<50x8xf32>) -> tensor<?x7x8xf32> {
  %0 = keras.embedding %i, %t : (tensor<?x7xi32>, tensor<50x8xf32>) -> tensor<?x7x8xf32>
  return %0 : tensor<?x7x8xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Activation: the formula of every kind (spec §2.4)
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @act_linear
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK-NOT: linalg
// CHECK: return %[[X]]
func.func @act_linear(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <linear> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @act_relu
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK-DAG: %[[D0:.*]] = tensor.dim %[[X]], %c0
// CHECK-DAG: %[[D1:.*]] = tensor.dim %[[X]], %c1
// CHECK: %[[E:.*]] = tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?x6xf32>
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]] : tensor<?x?x6xf32>) outs(%[[E]] : tensor<?x?x6xf32>)
// CHECK-NEXT: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[R:.*]] = arith.maximumf %[[IN]], %[[Z]] : f32
// CHECK: linalg.yield %[[R]]
// CHECK: return %[[Y]]
func.func @act_relu(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <relu> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @act_relu6
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[SIX:.*]] = arith.constant 6.000000e+00 : f32
// CHECK-DAG: %[[A:.*]] = arith.maximumf %[[IN]], %[[Z]] : f32
// CHECK-DAG: %[[B:.*]] = arith.minimumf %[[A]], %[[SIX]] : f32
// CHECK: linalg.yield %[[B]]
func.func @act_relu6(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <relu6> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// The leaky_relu function's default slope is 0.2; the LeakyReLU layer passes
// its own (0.3 by default) as alpha.
// CHECK-LABEL: func.func @act_leaky_relu
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[S:.*]] = arith.constant 2.000000e-01 : f32
// CHECK-DAG: %[[NEG:.*]] = arith.mulf %[[S]], %[[IN]] : f32
// CHECK-DAG: %[[C:.*]] = arith.cmpf oge, %[[IN]], %[[Z]] : f32
// CHECK-DAG: %[[R:.*]] = arith.select %[[C]], %[[IN]], %[[NEG]] : f32
// CHECK: linalg.yield %[[R]]
// CHECK: ^bb0(%[[IN2:[^:]+]]: f32,
// CHECK-DAG: %[[S2:.*]] = arith.constant 3.000000e-01 : f32
// CHECK-DAG: arith.mulf %[[S2]], %[[IN2]] : f32
// CHECK: linalg.yield
func.func @act_leaky_relu(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <leaky_relu> %x : tensor<?x?x6xf32>
  %1 = keras.activation <leaky_relu> %0 {alpha = 0.3 : f64} : tensor<?x?x6xf32>
  return %1 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @act_elu
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[EM:.*]] = math.expm1 %[[IN]] : f32
// CHECK-DAG: %[[NEG:.*]] = arith.mulf %[[ALPHA]], %[[EM]] : f32
// CHECK-DAG: %[[C:.*]] = arith.cmpf ogt, %[[IN]], %[[Z]] : f32
// CHECK-DAG: %[[R:.*]] = arith.select %[[C]], %[[IN]], %[[NEG]] : f32
// CHECK: linalg.yield %[[R]]
// CHECK: ^bb0(%[[IN2:[^:]+]]: f32,
// CHECK-DAG: %[[ALPHA2:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: arith.mulf %[[ALPHA2]], %{{.*}} : f32
// CHECK: linalg.yield
func.func @act_elu(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <elu> %x : tensor<?x?x6xf32>
  %1 = keras.activation <elu> %0 {alpha = 0.5 : f64} : tensor<?x?x6xf32>
  return %1 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @act_selu
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 1.67326319 : f32
// CHECK-DAG: %[[SCALE:.*]] = arith.constant 1.05070102 : f32
// CHECK-DAG: %[[EM:.*]] = math.expm1 %[[IN]] : f32
// CHECK-DAG: %[[NEG:.*]] = arith.mulf %[[ALPHA]], %[[EM]] : f32
// CHECK-DAG: %[[C:.*]] = arith.cmpf ogt, %[[IN]], %{{.*}} : f32
// CHECK-DAG: %[[ELU:.*]] = arith.select %[[C]], %[[IN]], %[[NEG]] : f32
// CHECK-DAG: %[[R:.*]] = arith.mulf %[[SCALE]], %[[ELU]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_selu(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <selu> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// Exact gelu: 0.5 x (1 + erf(x / sqrt 2)).
// CHECK-LABEL: func.func @act_gelu
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[RS2:.*]] = arith.constant 0.707106769 : f32
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[S:.*]] = arith.mulf %[[IN]], %[[RS2]] : f32
// CHECK-DAG: %[[E:.*]] = math.erf %[[S]] : f32
// CHECK-DAG: %[[P:.*]] = arith.addf %[[ONE]], %[[E]] : f32
// CHECK-DAG: %[[H:.*]] = arith.mulf %[[HALF]], %[[IN]] : f32
// CHECK-DAG: %[[R:.*]] = arith.mulf %[[H]], %[[P]] : f32
// CHECK: linalg.yield %[[R]]
// CHECK-NOT: math.tanh
func.func @act_gelu(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <gelu> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
// CHECK-LABEL: func.func @act_gelu_approximate
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-NOT: math.erf
// CHECK-DAG: %[[C1:.*]] = arith.constant 4.471500e-02 : f32
// CHECK-DAG: %[[C2:.*]] = arith.constant 0.797884583 : f32
// CHECK-DAG: %[[SQ:.*]] = arith.mulf %[[IN]], %[[IN]] : f32
// CHECK-DAG: %[[CUBE:.*]] = arith.mulf %[[SQ]], %[[IN]] : f32
// CHECK-DAG: %[[T1:.*]] = arith.mulf %[[C1]], %[[CUBE]] : f32
// CHECK-DAG: %[[T2:.*]] = arith.addf %[[IN]], %[[T1]] : f32
// CHECK-DAG: %[[T3:.*]] = arith.mulf %[[C2]], %[[T2]] : f32
// CHECK-DAG: %[[T:.*]] = math.tanh %[[T3]] : f32
// CHECK-DAG: %[[P:.*]] = arith.addf %{{.*}}, %[[T]] : f32
// CHECK-DAG: %[[R:.*]] = arith.mulf %{{.*}}, %[[P]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_gelu_approximate(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <gelu_approximate> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @act_sigmoid
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[N:.*]] = arith.negf %[[IN]] : f32
// CHECK-DAG: %[[E:.*]] = math.exp %[[N]] : f32
// CHECK-DAG: %[[D:.*]] = arith.addf %{{.*}}, %[[E]] : f32
// CHECK-DAG: %[[R:.*]] = arith.divf %{{.*}}, %[[D]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_sigmoid(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <sigmoid> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// Keras 3: clip(x / 6 + 0.5, 0, 1).
// CHECK-LABEL: func.func @act_hard_sigmoid
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[SIX:.*]] = arith.constant 6.000000e+00 : f32
// CHECK-DAG: %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[A:.*]] = arith.divf %[[IN]], %[[SIX]] : f32
// CHECK-DAG: %[[B:.*]] = arith.addf %[[A]], %[[HALF]] : f32
// CHECK-DAG: %[[C:.*]] = arith.maximumf %[[B]], %[[Z]] : f32
// CHECK-DAG: %[[R:.*]] = arith.minimumf %[[C]], %[[ONE]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_hard_sigmoid(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <hard_sigmoid> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// Keras 2 / TF.js: clip(0.2 x + 0.5, 0, 1).
// CHECK-LABEL: func.func @act_hard_sigmoid_keras2
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-NOT: arith.divf
// CHECK-DAG: %[[S:.*]] = arith.constant 2.000000e-01 : f32
// CHECK-DAG: %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[A:.*]] = arith.mulf %[[IN]], %[[S]] : f32
// CHECK-DAG: %[[B:.*]] = arith.addf %[[A]], %[[HALF]] : f32
// CHECK-DAG: %[[C:.*]] = arith.maximumf %[[B]], %{{.*}} : f32
// CHECK-DAG: %[[R:.*]] = arith.minimumf %[[C]], %{{.*}} : f32
// CHECK: linalg.yield %[[R]]
func.func @act_hard_sigmoid_keras2(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <hard_sigmoid_keras2> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// x * hard_sigmoid(x), with the Keras 3 hard_sigmoid.
// CHECK-LABEL: func.func @act_hard_silu
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[SIX:.*]] = arith.constant 6.000000e+00 : f32
// CHECK-DAG: %[[A:.*]] = arith.divf %[[IN]], %[[SIX]] : f32
// CHECK-DAG: %[[B:.*]] = arith.addf %[[A]], %{{.*}} : f32
// CHECK-DAG: %[[C:.*]] = arith.maximumf %[[B]], %{{.*}} : f32
// CHECK-DAG: %[[D:.*]] = arith.minimumf %[[C]], %{{.*}} : f32
// CHECK-DAG: %[[R:.*]] = arith.mulf %[[IN]], %[[D]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_hard_silu(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <hard_silu> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @act_tanh
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-NEXT: %[[R:.*]] = math.tanh %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @act_tanh(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <tanh> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @act_softmax
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?x6xf32>
// CHECK: %[[Y:.*]] = linalg.softmax dimension(2) ins(%[[X]] : tensor<?x?x6xf32>) outs(%[[E]] : tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
// CHECK: return %[[Y]]
func.func @act_softmax(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <softmax> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// x - max - log(sum(exp(x - max))) over the last axis.
// CHECK-LABEL: func.func @act_log_softmax
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[F:.*]] = linalg.fill ins(%[[NINF]] : f32) outs(%{{.*}} : tensor<?x?xf32>)
// CHECK: %[[MAX:.*]] = linalg.reduce ins(%[[X]] : tensor<?x?x6xf32>) outs(%[[F]] : tensor<?x?xf32>) dimensions = [2]
// CHECK: arith.maximumf
// CHECK: %[[MAXK:.*]] = tensor.reshape %[[MAX]]({{.*}}) : (tensor<?x?xf32>, tensor<3xindex>) -> tensor<?x?x1xf32>
// CHECK: %[[SH:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[MAXK]] : tensor<?x?x6xf32>, tensor<?x?x1xf32>)
// CHECK: arith.subf
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%[[SH]] : tensor<?x?x6xf32>) outs(%{{.*}} : tensor<?x?xf32>) dimensions = [2]
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: %[[SUMK:.*]] = tensor.reshape %[[SUM]]
// CHECK: linalg.generic {{.*}} ins(%[[SH]], %[[SUMK]] : tensor<?x?x6xf32>, tensor<?x?x1xf32>)
// CHECK-NEXT: ^bb0(%[[A:[^:]+]]: f32, %[[B:[^:]+]]: f32,
// CHECK-NEXT: %[[L:.*]] = math.log %[[B]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.subf %[[A]], %[[L]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @act_log_softmax(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <log_softmax> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @act_silu
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[N:.*]] = arith.negf %[[IN]] : f32
// CHECK-DAG: %[[E:.*]] = math.exp %[[N]] : f32
// CHECK-DAG: %[[D:.*]] = arith.addf %{{.*}}, %[[E]] : f32
// CHECK-DAG: %[[S:.*]] = arith.divf %{{.*}}, %[[D]] : f32
// CHECK-DAG: %[[R:.*]] = arith.mulf %[[IN]], %[[S]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_silu(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <silu> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// Stable softplus: max(x, 0) + log1p(exp(-|x|)).
// CHECK-LABEL: func.func @act_softplus
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[A:.*]] = math.absf %[[IN]] : f32
// CHECK-DAG: %[[N:.*]] = arith.negf %[[A]] : f32
// CHECK-DAG: %[[E:.*]] = math.exp %[[N]] : f32
// CHECK-DAG: %[[L:.*]] = math.log1p %[[E]] : f32
// CHECK-DAG: %[[M:.*]] = arith.maximumf %[[IN]], %[[Z]] : f32
// CHECK-DAG: %[[R:.*]] = arith.addf %[[M]], %[[L]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_softplus(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <softplus> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @act_softsign
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[A:.*]] = math.absf %[[IN]] : f32
// CHECK-DAG: %[[D:.*]] = arith.addf %[[ONE]], %[[A]] : f32
// CHECK-DAG: %[[R:.*]] = arith.divf %[[IN]], %[[D]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_softsign(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <softsign> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @act_exponential
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-NEXT: %[[R:.*]] = math.exp %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @act_exponential(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <exponential> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// x * tanh(softplus(x)).
// CHECK-LABEL: func.func @act_mish
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: math.log1p
// CHECK-DAG: %[[SP:.*]] = arith.addf %{{.*}}, %{{.*}} : f32
// CHECK-DAG: %[[T:.*]] = math.tanh %[[SP]] : f32
// CHECK-DAG: %[[R:.*]] = arith.mulf %[[IN]], %[[T]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_mish(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <mish> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// x if x >= 0 else alpha * expm1(x / alpha).
// CHECK-LABEL: func.func @act_celu
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-DAG: %[[ALPHA2:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-DAG: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[D:.*]] = arith.divf %[[IN]], %{{.*}} : f32
// CHECK-DAG: %[[E:.*]] = math.expm1 %[[D]] : f32
// CHECK-DAG: %[[NEG:.*]] = arith.mulf %{{.*}}, %[[E]] : f32
// CHECK-DAG: %[[C:.*]] = arith.cmpf oge, %[[IN]], %[[Z]] : f32
// CHECK-DAG: %[[R:.*]] = arith.select %[[C]], %[[IN]], %[[NEG]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_celu(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <celu> %x {alpha = 2.0 : f64} : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// (x + sqrt(x^2 + b)) / 2, b = 4 by default.
// CHECK-LABEL: func.func @act_squareplus
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[B:.*]] = arith.constant 4.000000e+00 : f32
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-DAG: %[[SQ:.*]] = arith.mulf %[[IN]], %[[IN]] : f32
// CHECK-DAG: %[[A:.*]] = arith.addf %[[SQ]], %[[B]] : f32
// CHECK-DAG: %[[S:.*]] = math.sqrt %[[A]] : f32
// CHECK-DAG: %[[N:.*]] = arith.addf %[[IN]], %[[S]] : f32
// CHECK-DAG: %[[R:.*]] = arith.divf %[[N]], %[[TWO]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_squareplus(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <squareplus> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// x - t above t, x + t below -t, else 0 (t = 0.5).
// CHECK-LABEL: func.func @act_soft_shrink
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[T:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[NT:.*]] = arith.constant -5.000000e-01 : f32
// CHECK-DAG: %[[HI:.*]] = arith.cmpf ogt, %[[IN]], %{{.*}} : f32
// CHECK-DAG: %[[LO:.*]] = arith.cmpf olt, %[[IN]], %[[NT]] : f32
// CHECK-DAG: %[[SUB:.*]] = arith.subf %[[IN]], %{{.*}} : f32
// CHECK-DAG: %[[ADD:.*]] = arith.addf %[[IN]], %{{.*}} : f32
// CHECK-DAG: %[[IN1:.*]] = arith.select %[[LO]], %[[ADD]], %{{.*}} : f32
// CHECK-DAG: %[[R:.*]] = arith.select %[[HI]], %[[SUB]], %[[IN1]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_soft_shrink(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <soft_shrink> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// x if |x| > t else 0.
// CHECK-LABEL: func.func @act_hard_shrink
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[T:.*]] = arith.constant 2.500000e-01 : f32
// CHECK-DAG: %[[A:.*]] = math.absf %[[IN]] : f32
// CHECK-DAG: %[[C:.*]] = arith.cmpf ogt, %[[A]], %[[T]] : f32
// CHECK-DAG: %[[R:.*]] = arith.select %[[C]], %[[IN]], %{{.*}} : f32
// CHECK: linalg.yield %[[R]]
func.func @act_hard_shrink(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <hard_shrink> %x {threshold = 0.25 : f64} : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @act_tanh_shrink
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-NEXT: %[[T:.*]] = math.tanh %[[IN]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.subf %[[IN]], %[[T]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @act_tanh_shrink(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <tanh_shrink> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @act_hard_tanh
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[LO:.*]] = arith.constant -1.000000e+00 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[A:.*]] = arith.maximumf %[[IN]], %[[LO]] : f32
// CHECK-DAG: %[[R:.*]] = arith.minimumf %[[A]], %[[HI]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_hard_tanh(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <hard_tanh> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// 0 for x <= -1, x for x >= 1, (x + 1)^2 / 4 between.
// CHECK-LABEL: func.func @act_sparse_plus
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[FOUR:.*]] = arith.constant 4.000000e+00 : f32
// CHECK-DAG: %[[LOC:.*]] = arith.cmpf ole, %[[IN]], %{{.*}} : f32
// CHECK-DAG: %[[HIC:.*]] = arith.cmpf oge, %[[IN]], %{{.*}} : f32
// CHECK-DAG: %[[SQ:.*]] = arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK-DAG: %[[MID:.*]] = arith.divf %[[SQ]], %[[FOUR]] : f32
// CHECK-DAG: %[[UP:.*]] = arith.select %[[HIC]], %[[IN]], %[[MID]] : f32
// CHECK-DAG: %[[R:.*]] = arith.select %[[LOC]], %{{.*}}, %[[UP]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_sparse_plus(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <sparse_plus> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// clip(0.5 (x + 1), 0, 1).
// CHECK-LABEL: func.func @act_sparse_sigmoid
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[A:.*]] = arith.addf %[[IN]], %{{.*}} : f32
// CHECK-DAG: %[[B:.*]] = arith.mulf %[[HALF]], %[[A]] : f32
// CHECK-DAG: %[[C:.*]] = arith.maximumf %[[B]], %{{.*}} : f32
// CHECK-DAG: %[[R:.*]] = arith.minimumf %[[C]], %{{.*}} : f32
// CHECK: linalg.yield %[[R]]
func.func @act_sparse_sigmoid(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <sparse_sigmoid> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// -softplus(-x).
// CHECK-LABEL: func.func @act_log_sigmoid
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[N:.*]] = arith.negf %[[IN]] : f32
// CHECK-DAG: %[[A:.*]] = math.absf %[[N]] : f32
// CHECK-DAG: math.log1p
// CHECK-DAG: %[[M:.*]] = arith.maximumf %[[N]], %{{.*}} : f32
// CHECK-DAG: %[[SP:.*]] = arith.addf %[[M]], %{{.*}} : f32
// CHECK-DAG: %[[R:.*]] = arith.negf %[[SP]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_log_sigmoid(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <log_sigmoid> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// ReLU layer: min(x, max_value) above threshold, slope * (x - threshold) below.
// CHECK-LABEL: func.func @act_relu_general
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[T:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[MAX:.*]] = arith.constant 6.000000e+00 : f32
// CHECK-DAG: %[[S:.*]] = arith.constant 1.000000e-01 : f32
// CHECK-DAG: %[[ABOVE:.*]] = arith.minimumf %[[IN]], %[[MAX]] : f32
// CHECK-DAG: %[[D:.*]] = arith.subf %[[IN]], %{{.*}} : f32
// CHECK-DAG: %[[BELOW:.*]] = arith.mulf %[[S]], %[[D]] : f32
// CHECK-DAG: %[[C:.*]] = arith.cmpf ogt, %[[IN]], %{{.*}} : f32
// CHECK-DAG: %[[R:.*]] = arith.select %[[C]], %[[ABOVE]], %[[BELOW]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_relu_general(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <relu_general> %x {alpha = 0.1 : f64, threshold = 0.5 : f64, max_value = 6.0 : f64} : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// x if x > theta (1.0 by default) else 0.
// CHECK-LABEL: func.func @act_thresholded_relu
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-DAG: %[[T:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[C:.*]] = arith.cmpf ogt, %[[IN]], %[[T]] : f32
// CHECK-DAG: %[[R:.*]] = arith.select %[[C]], %[[IN]], %[[Z]] : f32
// CHECK: linalg.yield %[[R]]
func.func @act_thresholded_relu(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.activation <thresholded_relu> %x : tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// glu: the two halves of the last axis as slices, a * sigmoid(b).
// CHECK-LABEL: func.func @glu
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK: %[[A:.*]] = tensor.extract_slice %[[X]][0, 0] [%{{.*}}, 4] [1, 1] : tensor<?x8xf32> to tensor<?x4xf32>
// CHECK: %[[B:.*]] = tensor.extract_slice %[[X]][0, 4] [%{{.*}}, 4] [1, 1] : tensor<?x8xf32> to tensor<?x4xf32>
// CHECK: linalg.generic {{.*}} ins(%[[A]], %[[B]] : tensor<?x4xf32>, tensor<?x4xf32>)
// CHECK: math.exp
// CHECK: arith.mulf
func.func @glu(%x: tensor<?x8xf32>) -> tensor<?x4xf32> {
  %0 = keras.glu %x : (tensor<?x8xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// sparsemax without sorting: a pairwise generic counts and sums the z_i >= z_j
// (reduction over the last iterator), then tau from the support.
// CHECK-LABEL: func.func @sparsemax
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: arith.cmpf oge
// CHECK: linalg.reduce
// CHECK: linalg.reduce
// CHECK: arith.maximumf
func.func @sparsemax(%x: tensor<?x5xf32>) -> tensor<?x5xf32> {
  %0 = keras.activation <sparsemax> %x : tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}
