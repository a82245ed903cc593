// kiln-decompose-aggregates turns linalg.softmax into its max / exp(x - max) /
// sum / divide generics before bufferization.
// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(kiln-decompose-aggregates))' --split-input-file | FileCheck %s

// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[RED:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @softmax_last
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x6xf32>)
// CHECK-NOT: linalg.softmax
// CHECK: %[[OUT:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?x6xf32>
// CHECK: %[[ACC:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[ACC]] : tensor<?x?xf32>)
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[RED]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]] : tensor<?x?x6xf32>) outs(%[[INIT]] : tensor<?x?xf32>)
// CHECK: arith.maxnumf
// CHECK: %[[EXP:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[RED]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]], %[[MAX]] : tensor<?x?x6xf32>, tensor<?x?xf32>) outs(%[[OUT]] : tensor<?x?x6xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[ZINIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[ACC]] : tensor<?x?xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[RED]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[EXP]] : tensor<?x?x6xf32>) outs(%[[ZINIT]] : tensor<?x?xf32>)
// CHECK: arith.addf
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[RED]], #[[ID]]], {{.*}}} ins(%[[EXP]], %[[SUM]] : tensor<?x?x6xf32>, tensor<?x?xf32>) outs(%[[OUT]] : tensor<?x?x6xf32>)
// CHECK: arith.divf
// CHECK: return %[[Y]]
func.func @softmax_last(%x: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d0 = tensor.dim %x, %c0 : tensor<?x?x6xf32>
  %d1 = tensor.dim %x, %c1 : tensor<?x?x6xf32>
  %e = tensor.empty(%d0, %d1) : tensor<?x?x6xf32>
  %0 = linalg.softmax dimension(2) ins(%x : tensor<?x?x6xf32>) outs(%e : tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// A middle dimension is reduced too, and every softmax of the function goes.
// CHECK-DAG: #[[RED1:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @two_softmaxes
// CHECK-NOT: linalg.softmax
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[RED1]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK: math.exp
// CHECK: arith.divf
// CHECK: math.exp
// CHECK: arith.divf
// CHECK-NOT: linalg.softmax
// CHECK: return
func.func @two_softmaxes(%x: tensor<2x5x6xf32>) -> tensor<2x5x6xf32> {
  %e = tensor.empty() : tensor<2x5x6xf32>
  %0 = linalg.softmax dimension(1) ins(%x : tensor<2x5x6xf32>) outs(%e : tensor<2x5x6xf32>) -> tensor<2x5x6xf32>
  %1 = linalg.softmax dimension(2) ins(%0 : tensor<2x5x6xf32>) outs(%e : tensor<2x5x6xf32>) -> tensor<2x5x6xf32>
  return %1 : tensor<2x5x6xf32>
}

// -----

// Other linalg ops are left alone.
// CHECK-LABEL: func.func @no_aggregates
// CHECK: linalg.transpose
// CHECK-NOT: linalg.generic
func.func @no_aggregates(%x: tensor<2x5xf32>) -> tensor<5x2xf32> {
  %e = tensor.empty() : tensor<5x2xf32>
  %0 = linalg.transpose ins(%x : tensor<2x5xf32>) outs(%e : tensor<5x2xf32>) permutation = [1, 0]
  return %0 : tensor<5x2xf32>
}
