// Conv1D, MaxPooling1D/AveragePooling1D and the global 1-D poolings
// (lib/Conversion/KerasToLinalg/ConvPoolLayers.cpp). The second RUN line folds
// the index arithmetic so that static pad amounts can be checked as numbers.
// RUN: kiln-opt %s --kiln-lower-keras --split-input-file | FileCheck %s
// RUN: kiln-opt %s --kiln-lower-keras --canonicalize --split-input-file | FileCheck %s --check-prefix=FOLD

//===----------------------------------------------------------------------===//
// Conv1D
//===----------------------------------------------------------------------===//

// valid: no padding at all.
// CHECK-LABEL: func.func @conv1d_valid
// CHECK-SAME: (%[[X:.*]]: tensor<?x10x4xf32>, %[[K:.*]]: tensor<3x4x8xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}) : tensor<?x8x8xf32>
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<?x8x8xf32>)
// CHECK: %[[Y:.*]] = linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%[[X]], %[[K]] : tensor<?x10x4xf32>, tensor<3x4x8xf32>) outs(%[[Z]] : tensor<?x8x8xf32>)
// CHECK-NOT: linalg.generic
// CHECK: return %[[Y]]
// FOLD-LABEL: func.func @conv1d_valid
// FOLD-NOT: tensor.pad
// FOLD: linalg.conv_1d_nwc_wcf
func.func @conv1d_valid(%x: tensor<?x10x4xf32>, %k: tensor<3x4x8xf32>) -> tensor<?x8x8xf32> {
  %0 = keras.conv1d %x, %k padding <valid> activation <linear> {stride = 1 : i64, dilation = 1 : i64} : (tensor<?x10x4xf32>, tensor<3x4x8xf32>) -> tensor<?x8x8xf32>
  return %0 : tensor<?x8x8xf32>
}

// -----

// valid with stride 3: out = (10 - 3) / 3 + 1 = 3.
// CHECK-LABEL: func.func @conv1d_valid_stride
// CHECK-NOT: tensor.pad
// CHECK: linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<3> : tensor<1xi64>} ins(%{{.*}}, %{{.*}} : tensor<?x10x4xf32>, tensor<3x4x8xf32>) outs(%{{.*}} : tensor<?x3x8xf32>)
func.func @conv1d_valid_stride(%x: tensor<?x10x4xf32>, %k: tensor<3x4x8xf32>) -> tensor<?x3x8xf32> {
  %0 = keras.conv1d %x, %k padding <valid> activation <linear> {stride = 3 : i64, dilation = 1 : i64} : (tensor<?x10x4xf32>, tensor<3x4x8xf32>) -> tensor<?x3x8xf32>
  return %0 : tensor<?x3x8xf32>
}

// -----

// same, stride 2, width 4: out = ceil(10 / 2) = 5, total pad
// max((5 - 1) * 2 + 4 - 10, 0) = 2, the smaller half (1) on the left.
// CHECK-LABEL: func.func @conv1d_same_stride
// CHECK-SAME: (%[[X:.*]]: tensor<?x10x4xf32>, %[[K:.*]]: tensor<4x4x8xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[OUT:.*]] = arith.divui
// CHECK: %[[OM1:.*]] = arith.subi %[[OUT]], %{{.*}} : index
// CHECK: %[[SPAN:.*]] = arith.muli %[[OM1]], %{{.*}} : index
// CHECK: %[[NEED:.*]] = arith.addi %[[SPAN]], %{{.*}} : index
// CHECK: %[[DIFF:.*]] = arith.subi %[[NEED]], %{{.*}} : index
// CHECK: %[[TOTAL:.*]] = arith.maxsi %[[DIFF]], %{{.*}} : index
// CHECK: %[[LEFT:.*]] = arith.divui %[[TOTAL]], %{{.*}} : index
// CHECK: %[[RIGHT:.*]] = arith.subi %[[TOTAL]], %[[LEFT]] : index
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, %[[LEFT]], 0] high[0, %[[RIGHT]], 0]
// CHECK: tensor.yield %[[ZERO]] : f32
// CHECK: } : tensor<?x10x4xf32> to tensor<?x?x4xf32>
// CHECK: %[[Y:.*]] = linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%[[P]], %[[K]] : tensor<?x?x4xf32>, tensor<4x4x8xf32>) outs(%{{.*}} : tensor<?x5x8xf32>)
// CHECK: %[[BB:.*]] = tensor.reshape %[[B]]({{.*}}) : (tensor<8xf32>, tensor<3xindex>) -> tensor<1x1x8xf32>
// CHECK: %[[YB:.*]] = linalg.generic {{.*}} ins(%[[Y]], %[[BB]] : tensor<?x5x8xf32>, tensor<1x1x8xf32>)
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}} ins(%[[YB]] : tensor<?x5x8xf32>)
// CHECK: arith.maximumf
// FOLD-LABEL: func.func @conv1d_same_stride
// FOLD: tensor.pad %{{.*}} low[0, 1, 0] high[0, 1, 0]
// FOLD: } : tensor<?x10x4xf32> to tensor<?x12x4xf32>
// FOLD: linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%{{.*}}, %{{.*}} : tensor<?x12x4xf32>, tensor<4x4x8xf32>) outs(%{{.*}} : tensor<?x5x8xf32>)
func.func @conv1d_same_stride(%x: tensor<?x10x4xf32>, %k: tensor<4x4x8xf32>, %b: tensor<8xf32>) -> tensor<?x5x8xf32> {
  %0 = keras.conv1d %x, %k, %b padding <same> activation <relu> {stride = 2 : i64, dilation = 1 : i64} : (tensor<?x10x4xf32>, tensor<4x4x8xf32>, tensor<8xf32>) -> tensor<?x5x8xf32>
  return %0 : tensor<?x5x8xf32>
}

// -----

// same, width 4, stride 1: total pad 3 = 1 left + 2 right.
// FOLD-LABEL: func.func @conv1d_same_odd_total
// FOLD: tensor.pad %{{.*}} low[0, 1, 0] high[0, 2, 0]
// FOLD: } : tensor<?x10x4xf32> to tensor<?x13x4xf32>
// FOLD: linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} {{.*}} outs(%{{.*}} : tensor<?x10x8xf32>)
func.func @conv1d_same_odd_total(%x: tensor<?x10x4xf32>, %k: tensor<4x4x8xf32>) -> tensor<?x10x8xf32> {
  %0 = keras.conv1d %x, %k padding <same> activation <linear> {stride = 1 : i64, dilation = 1 : i64} : (tensor<?x10x4xf32>, tensor<4x4x8xf32>) -> tensor<?x10x8xf32>
  return %0 : tensor<?x10x8xf32>
}

// -----

// same with dilation 3 and width 3: window 7, pad 3 + 3.
// FOLD-LABEL: func.func @conv1d_same_dilation
// FOLD: tensor.pad %{{.*}} low[0, 3, 0] high[0, 3, 0]
// FOLD: linalg.conv_1d_nwc_wcf {dilations = dense<3> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%{{.*}}, %{{.*}} : tensor<?x16x4xf32>, tensor<3x4x8xf32>) outs(%{{.*}} : tensor<?x10x8xf32>)
func.func @conv1d_same_dilation(%x: tensor<?x10x4xf32>, %k: tensor<3x4x8xf32>) -> tensor<?x10x8xf32> {
  %0 = keras.conv1d %x, %k padding <same> activation <linear> {stride = 1 : i64, dilation = 3 : i64} : (tensor<?x10x4xf32>, tensor<3x4x8xf32>) -> tensor<?x10x8xf32>
  return %0 : tensor<?x10x8xf32>
}

// -----

// causal: (width - 1) * dilation = 4 zeros on the left only.
// CHECK-LABEL: func.func @conv1d_causal_dilation
// CHECK-SAME: (%[[X:.*]]: tensor<?x10x4xf32>, %[[K:.*]]: tensor<3x4x8xf32>)
// CHECK: %[[C4:.*]] = arith.constant 4 : index
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, %[[C4]], 0] high[0, %[[C0]], 0]
// CHECK: } : tensor<?x10x4xf32> to tensor<?x14x4xf32>
// CHECK: linalg.conv_1d_nwc_wcf {dilations = dense<2> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%[[P]], %[[K]] : tensor<?x14x4xf32>, tensor<3x4x8xf32>) outs(%{{.*}} : tensor<?x10x8xf32>)
// FOLD-LABEL: func.func @conv1d_causal_dilation
// FOLD: tensor.pad %{{.*}} low[0, %c4, 0] high[0, %c0, 0]
// FOLD: } : tensor<?x10x4xf32> to tensor<?x14x4xf32>
func.func @conv1d_causal_dilation(%x: tensor<?x10x4xf32>, %k: tensor<3x4x8xf32>) -> tensor<?x10x8xf32> {
  %0 = keras.conv1d %x, %k padding <causal> activation <linear> {stride = 1 : i64, dilation = 2 : i64} : (tensor<?x10x4xf32>, tensor<3x4x8xf32>) -> tensor<?x10x8xf32>
  return %0 : tensor<?x10x8xf32>
}

// -----

// causal with stride 2 over a dynamic length: out = ceil(L / 2).
// CHECK-LABEL: func.func @conv1d_causal_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[K:.*]]: tensor<3x4x8xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK-DAG: %[[N:.*]] = tensor.dim %[[X]], %c0
// CHECK-DAG: %[[L:.*]] = tensor.dim %[[X]], %c1
// CHECK: %[[SUM:.*]] = arith.addi %[[L]], %c1{{.*}} : index
// CHECK: %[[OUT:.*]] = arith.divui %[[SUM]], %c2 : index
// CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, %c2{{.*}}, 0] high[0, %c0{{.*}}, 0]
// CHECK: } : tensor<?x?x4xf32> to tensor<?x?x4xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[N]], %[[OUT]]) : tensor<?x?x8xf32>
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<?x?x8xf32>)
// CHECK: linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%[[P]], %[[K]] : tensor<?x?x4xf32>, tensor<3x4x8xf32>) outs(%[[Z]] : tensor<?x?x8xf32>)
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK: linalg.generic
// CHECK: math.tanh
func.func @conv1d_causal_dynamic(%x: tensor<?x?x4xf32>, %k: tensor<3x4x8xf32>, %b: tensor<8xf32>) -> tensor<?x?x8xf32> {
  %0 = keras.conv1d %x, %k, %b padding <causal> activation <tanh> {stride = 2 : i64, dilation = 1 : i64} : (tensor<?x?x4xf32>, tensor<3x4x8xf32>, tensor<8xf32>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// -----

// same over a dynamic length, stride 1: the pad folds to 1 + 1.
// FOLD-LABEL: func.func @conv1d_same_dynamic
// FOLD-SAME: (%[[X:.*]]: tensor<?x?x4xf32>
// FOLD-DAG: %[[C1:.*]] = arith.constant 1 : index
// FOLD-DAG: %[[L:.*]] = tensor.dim %[[X]], %[[C1]]
// FOLD: tensor.pad %[[X]] low[0, %[[C1]], 0] high[0, %[[C1]], 0]
// FOLD: tensor.empty(%{{.*}}, %[[L]]) : tensor<?x?x8xf32>
func.func @conv1d_same_dynamic(%x: tensor<?x?x4xf32>, %k: tensor<3x4x8xf32>) -> tensor<?x?x8xf32> {
  %0 = keras.conv1d %x, %k padding <same> activation <linear> {stride = 1 : i64, dilation = 1 : i64} : (tensor<?x?x4xf32>, tensor<3x4x8xf32>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

// Max pooling pads with -inf and starts from -inf.
// CHECK-LABEL: func.func @max_pool_valid
// CHECK-SAME: (%[[X:.*]]: tensor<?x9x6xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[NINF]] : f32) outs(%{{.*}} : tensor<?x4x6xf32>)
// CHECK: %[[W:.*]] = tensor.empty() : tensor<2xf32>
// CHECK: %[[Y:.*]] = linalg.pooling_nwc_max {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%[[X]], %[[W]] : tensor<?x9x6xf32>, tensor<2xf32>) outs(%[[INIT]] : tensor<?x4x6xf32>)
// CHECK: return %[[Y]]
func.func @max_pool_valid(%x: tensor<?x9x6xf32>) -> tensor<?x4x6xf32> {
  %0 = keras.max_pooling1d %x padding <valid> {pool_size = 2 : i64, stride = 2 : i64} : (tensor<?x9x6xf32>) -> tensor<?x4x6xf32>
  return %0 : tensor<?x4x6xf32>
}

// -----

// CHECK-LABEL: func.func @max_pool_same
// CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: tensor.pad
// CHECK: tensor.yield %[[NINF]] : f32
// CHECK: linalg.pooling_nwc_max {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} {{.*}} outs(%{{.*}} : tensor<?x5x6xf32>)
// FOLD-LABEL: func.func @max_pool_same
// FOLD: tensor.pad %{{.*}} low[0, 1, 0] high[0, 1, 0]
// FOLD: } : tensor<?x9x6xf32> to tensor<?x11x6xf32>
// FOLD: linalg.pooling_nwc_max {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?x11x6xf32>, tensor<3xf32>) outs(%{{.*}} : tensor<?x5x6xf32>)
func.func @max_pool_same(%x: tensor<?x9x6xf32>) -> tensor<?x5x6xf32> {
  %0 = keras.max_pooling1d %x padding <same> {pool_size = 3 : i64, stride = 2 : i64} : (tensor<?x9x6xf32>) -> tensor<?x5x6xf32>
  return %0 : tensor<?x5x6xf32>
}

// -----

// Average pooling: a sum pool over zero padding, then each window's sum is
// divided by the number of real elements in it.
// CHECK-LABEL: func.func @average_pool_same
// CHECK-SAME: (%[[X:.*]]: tensor<?x9x6xf32>)
// CHECK: %[[TOTAL:.*]] = arith.maxsi
// CHECK: %[[LEFT:.*]] = arith.divui %[[TOTAL]], %{{.*}} : index
// CHECK: arith.subi %[[TOTAL]], %[[LEFT]]
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, %[[LEFT]], 0]
// CHECK: tensor.yield %[[ZERO]] : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x5x6xf32>)
// CHECK: %[[W:.*]] = tensor.empty() : tensor<3xf32>
// CHECK: %[[S:.*]] = linalg.pooling_nwc_sum {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%[[P]], %[[W]] : tensor<?x?x6xf32>, tensor<3xf32>) outs(%[[INIT]] : tensor<?x5x6xf32>)
// CHECK: %[[LEN:.*]] = arith.constant 9 : index
// CHECK: linalg.generic {{.*}} ins(%[[S]] : tensor<?x5x6xf32>)
// CHECK-NEXT: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-NEXT: %[[O:.*]] = linalg.index 1 : index
// CHECK-DAG: %[[OS:.*]] = arith.muli %[[O]], %{{.*}} : index
// CHECK-DAG: %[[START:.*]] = arith.subi %[[OS]], %[[LEFT]] : index
// CHECK-DAG: %[[ENDW:.*]] = arith.addi %[[START]], %{{.*}} : index
// CHECK-DAG: %[[END:.*]] = arith.minsi %[[ENDW]], %[[LEN]] : index
// CHECK-DAG: %[[BEGIN:.*]] = arith.maxsi %[[START]], %{{.*}} : index
// CHECK-DAG: %[[COUNT:.*]] = arith.subi %[[END]], %[[BEGIN]] : index
// CHECK-DAG: %[[CI:.*]] = arith.index_cast %[[COUNT]] : index to i64
// CHECK-DAG: %[[CF:.*]] = arith.sitofp %[[CI]] : i64 to f32
// CHECK-DAG: %[[R:.*]] = arith.divf %[[IN]], %[[CF]] : f32
// CHECK: linalg.yield %[[R]]
func.func @average_pool_same(%x: tensor<?x9x6xf32>) -> tensor<?x5x6xf32> {
  %0 = keras.average_pooling1d %x padding <same> {pool_size = 3 : i64, stride = 2 : i64} : (tensor<?x9x6xf32>) -> tensor<?x5x6xf32>
  return %0 : tensor<?x5x6xf32>
}

// -----

// A dynamic length: the divisor uses tensor.dim.
// CHECK-LABEL: func.func @average_pool_valid_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK-DAG: %[[L:.*]] = tensor.dim %[[X]], %c1
// CHECK: %[[W:.*]] = tensor.empty() : tensor<2xf32>
// CHECK: %[[S:.*]] = linalg.pooling_nwc_sum {dilations = dense<1> : tensor<1xi64>, strides = dense<2> : tensor<1xi64>} ins(%[[X]], %[[W]] : tensor<?x?x6xf32>, tensor<2xf32>) outs(%{{.*}} : tensor<?x?x6xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[S]] : tensor<?x?x6xf32>)
// CHECK: arith.minsi %{{.*}}, %[[L]] : index
// CHECK: arith.divf
func.func @average_pool_valid_dynamic(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = keras.average_pooling1d %x padding <valid> {pool_size = 2 : i64, stride = 2 : i64} : (tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// Mean over the steps axis; keepdims reinserts it as size 1.
// CHECK-LABEL: func.func @global_average_pool_keepdims
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x6xf32>)
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%[[X]] : tensor<?x?x6xf32>) outs(%[[Z]] : tensor<?x6xf32>) dimensions = [1]
// CHECK: arith.addf
// CHECK: %[[L:.*]] = tensor.dim %[[X]], %c1
// CHECK: %[[LI:.*]] = arith.index_cast %[[L]] : index to i64
// CHECK: %[[LF:.*]] = arith.sitofp %[[LI]] : i64 to f32
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<?x6xf32>)
// CHECK-NEXT: ^bb0(%[[IN:[^:]+]]: f32,
// CHECK-NEXT: %[[R:.*]] = arith.divf %[[IN]], %[[LF]] : f32
// CHECK: %[[Y:.*]] = tensor.reshape %[[MEAN]]({{.*}}) : (tensor<?x6xf32>, tensor<3xindex>) -> tensor<?x1x6xf32>
// CHECK: return %[[Y]]
func.func @global_average_pool_keepdims(%x: tensor<?x?x6xf32>) -> tensor<?x1x6xf32> {
  %0 = keras.global_average_pooling1d %x {keepdims = true} : (tensor<?x?x6xf32>) -> tensor<?x1x6xf32>
  return %0 : tensor<?x1x6xf32>
}

// -----

// CHECK-LABEL: func.func @global_average_pool
// CHECK: linalg.reduce {{.*}} dimensions = [1]
// CHECK: %[[Y:.*]] = linalg.generic
// CHECK: arith.divf
// CHECK-NOT: tensor.reshape
// CHECK: return %[[Y]] : tensor<?x6xf32>
func.func @global_average_pool(%x: tensor<?x7x6xf32>) -> tensor<?x6xf32> {
  %0 = keras.global_average_pooling1d %x {keepdims = false} : (tensor<?x7x6xf32>) -> tensor<?x6xf32>
  return %0 : tensor<?x6xf32>
}

// -----

// Max over the steps axis from -inf.
// CHECK-LABEL: func.func @global_max_pool
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[Z:.*]] = linalg.fill ins(%[[NINF]] : f32) outs(%{{.*}} : tensor<?x6xf32>)
// CHECK: %[[Y:.*]] = linalg.reduce ins(%[[X]] : tensor<?x?x6xf32>) outs(%[[Z]] : tensor<?x6xf32>) dimensions = [1]
// CHECK: arith.maximumf
// CHECK: return %[[Y]]
func.func @global_max_pool(%x: tensor<?x?x6xf32>) -> tensor<?x6xf32> {
  %0 = keras.global_max_pooling1d %x {keepdims = false} : (tensor<?x?x6xf32>) -> tensor<?x6xf32>
  return %0 : tensor<?x6xf32>
}

// -----

// CHECK-LABEL: func.func @global_max_pool_keepdims
// CHECK: linalg.reduce {{.*}} dimensions = [1]
// CHECK: tensor.reshape {{.*}} -> tensor<?x1x6xf32>
func.func @global_max_pool_keepdims(%x: tensor<?x?x6xf32>) -> tensor<?x1x6xf32> {
  %0 = keras.global_max_pooling1d %x {keepdims = true} : (tensor<?x?x6xf32>) -> tensor<?x1x6xf32>
  return %0 : tensor<?x1x6xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Masks: Embedding(mask_zero=True) and masked GlobalAveragePooling1D
//===----------------------------------------------------------------------===//

// ids != 0.
// CHECK-LABEL: func.func @embedding_mask_i32
// CHECK-SAME: (%[[I:.*]]: tensor<?x?xi32>)
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xi1>
// CHECK: %[[M:.*]] = linalg.generic {{.*}} ins(%[[I]] : tensor<?x?xi32>) outs(%[[E]] : tensor<?x?xi1>)
// CHECK-NEXT: ^bb0(%[[IN:[^:]+]]: i32,
// CHECK-DAG: %[[Z:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[NE:.*]] = arith.cmpi ne, %[[IN]], %[[Z]] : i32
// CHECK: linalg.yield %[[NE]] : i1
// CHECK: return %[[M]]
func.func @embedding_mask_i32(%ids: tensor<?x?xi32>) -> tensor<?x?xi1> {
  %0 = keras.embedding_mask %ids : (tensor<?x?xi32>) -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// -----

// CHECK-LABEL: func.func @embedding_mask_f32
// CHECK: ^bb0(%[[IN:[^:]+]]: f32,
// Keras compares the raw ids with 0 (an id of 0.5 is unmasked).
// CHECK-DAG: %[[NE:.*]] = arith.cmpf une, %[[IN]], %{{.*}} : f32
// CHECK: linalg.yield %[[NE]] : i1
func.func @embedding_mask_f32(%ids: tensor<?x7xf32>) -> tensor<?x7xi1> {
  %0 = keras.embedding_mask %ids : (tensor<?x7xf32>) -> tensor<?x7xi1>
  return %0 : tensor<?x7xi1>
}

// -----

// With a mask: x * mask summed over steps, divided by the number of unmasked
// steps of the row (0/0 = NaN for a fully masked row, as in Keras).
// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[STEP:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @global_average_pool_masked
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>, %[[M:.*]]: tensor<?x?xi1>)
// CHECK: %[[W:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ID2]]], {{.*}}} ins(%[[M]] : tensor<?x?xi1>) outs(%{{.*}} : tensor<?x?xf32>)
// CHECK-NEXT: ^bb0(%[[B:[^:]+]]: i1,
// CHECK-NEXT: %[[F:.*]] = arith.uitofp %[[B]] : i1 to f32
// CHECK-NEXT: linalg.yield %[[F]]
// CHECK: %[[W3:.*]] = tensor.reshape %[[W]]({{.*}}) : (tensor<?x?xf32>, tensor<3xindex>) -> tensor<?x?x1xf32>
// CHECK: %[[XM:.*]] = linalg.generic {indexing_maps = [#[[ID3]], #[[STEP]], #[[ID3]]], {{.*}}} ins(%[[X]], %[[W3]] : tensor<?x?x6xf32>, tensor<?x?x1xf32>)
// CHECK: arith.mulf
// CHECK: %[[CNT:.*]] = linalg.reduce ins(%[[W]] : tensor<?x?xf32>) outs(%{{.*}} : tensor<?xf32>) dimensions = [1]
// CHECK: arith.addf
// CHECK: %[[CNT2:.*]] = tensor.reshape %[[CNT]]({{.*}}) : (tensor<?xf32>, tensor<2xindex>) -> tensor<?x1xf32>
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%[[XM]] : tensor<?x?x6xf32>) outs(%{{.*}} : tensor<?x6xf32>) dimensions = [1]
// CHECK: arith.addf
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]], #[[ID2]]], {{.*}}} ins(%[[SUM]], %[[CNT2]] : tensor<?x6xf32>, tensor<?x1xf32>)
// CHECK-NEXT: ^bb0(%[[S:[^:]+]]: f32, %[[C:[^:]+]]: f32,
// CHECK-NEXT: %[[R:.*]] = arith.divf %[[S]], %[[C]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
// CHECK: return %[[Y]]
func.func @global_average_pool_masked(%x: tensor<?x?x6xf32>, %m: tensor<?x?xi1>) -> tensor<?x6xf32> {
  %0 = keras.global_average_pooling1d %x mask %m : tensor<?x?xi1> {keepdims = false} : (tensor<?x?x6xf32>) -> tensor<?x6xf32>
  return %0 : tensor<?x6xf32>
}

// -----

// CHECK-LABEL: func.func @global_average_pool_masked_keepdims
// CHECK: arith.uitofp
// CHECK: arith.mulf
// CHECK: arith.divf
// CHECK: tensor.reshape {{.*}} : (tensor<?x6xf32>, tensor<3xindex>) -> tensor<?x1x6xf32>
func.func @global_average_pool_masked_keepdims(%x: tensor<?x7x6xf32>, %ids: tensor<?x7xi32>) -> tensor<?x1x6xf32> {
  %m = keras.embedding_mask %ids : (tensor<?x7xi32>) -> tensor<?x7xi1>
  %0 = keras.global_average_pooling1d %x mask %m : tensor<?x7xi1> {keepdims = true} : (tensor<?x7x6xf32>) -> tensor<?x1x6xf32>
  return %0 : tensor<?x1x6xf32>
}
