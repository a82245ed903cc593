// RUN: kiln-opt --kiln-fuse-attention --split-input-file %s | FileCheck %s

// Attention in f16 or bf16 with the softmax computed in f32: the scores are
// widened before it and the probabilities narrowed after it for P·V. The
// fused op computes in f32 (Q, K, V widened on the way in, the output
// narrowed on the way out), which is at least as accurate as the chain.
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @f16_softmax_in_f32
// CHECK-SAME: (%[[Q:.*]]: tensor<2x4x8xf16>, %[[K:.*]]: tensor<2x6x8xf16>, %[[V:.*]]: tensor<2x6x5xf16>)
// CHECK-DAG: arith.extf %{{.*}} : f16 to f32
// CHECK: %[[A:.*]] = kiln.attention ins({{.*}} : tensor<2x1x4x8xf32>, tensor<2x1x6x8xf32>, tensor<2x1x6x5xf32>) {{.*}} {scale = 0.353553385 : f32} -> tensor<2x1x4x5xf32>
// CHECK: %[[O:.*]] = tensor.reshape %[[A]]
// CHECK: %[[N:.*]] = linalg.generic {{.*}} ins(%[[O]] : tensor<2x4x5xf32>) outs(%{{.*}} : tensor<2x4x5xf16>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: arith.truncf %{{.*}} : f32 to f16
// CHECK: return %[[N]]
// CHECK-NOT: linalg.softmax
// CHECK-NOT: linalg.batch_matmul
func.func @f16_softmax_in_f32(%q: tensor<2x4x8xf16>, %k: tensor<2x6x8xf16>, %v: tensor<2x6x5xf16>) -> tensor<2x4x5xf16> {
  %zero = arith.constant 0.0 : f16
  %e0 = tensor.empty() : tensor<2x8x6xf16>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf16>) outs(%e0 : tensor<2x8x6xf16>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf16>
  %f1 = linalg.fill ins(%zero : f16) outs(%e1 : tensor<2x4x6xf16>) -> tensor<2x4x6xf16>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<2x4x8xf16>, tensor<2x8x6xf16>) outs(%f1 : tensor<2x4x6xf16>) -> tensor<2x4x6xf16>
  %e32 = tensor.empty() : tensor<2x4x6xf32>
  %w = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s : tensor<2x4x6xf16>) outs(%e32 : tensor<2x4x6xf32>) {
  ^bb0(%a: f16, %o: f32):
    %x = arith.extf %a : f16 to f32
    linalg.yield %x : f32
  } -> tensor<2x4x6xf32>
  %ws = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%w : tensor<2x4x6xf32>) outs(%e32 : tensor<2x4x6xf32>) {
  ^bb0(%a: f32, %o: f32):
    %c = arith.constant 0.353553385 : f32
    %x = arith.mulf %a, %c : f32
    linalg.yield %x : f32
  } -> tensor<2x4x6xf32>
  %p32 = linalg.softmax dimension(2) ins(%ws : tensor<2x4x6xf32>) outs(%e32 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%p32 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf16>) {
  ^bb0(%a: f32, %o: f16):
    %x = arith.truncf %a : f32 to f16
    linalg.yield %x : f16
  } -> tensor<2x4x6xf16>
  %e2 = tensor.empty() : tensor<2x4x5xf16>
  %f2 = linalg.fill ins(%zero : f16) outs(%e2 : tensor<2x4x5xf16>) -> tensor<2x4x5xf16>
  %o = linalg.batch_matmul ins(%p, %v : tensor<2x4x6xf16>, tensor<2x6x5xf16>) outs(%f2 : tensor<2x4x5xf16>) -> tensor<2x4x5xf16>
  return %o : tensor<2x4x5xf16>
}

// -----

// bf16, with the casts as tensor-level arith ops and the scale on the bf16
// scores before widening.
// CHECK-LABEL: func.func @bf16_tensor_casts
// CHECK: kiln.attention {{.*}} {scale = 1.250000e-01 : f32} -> tensor<2x1x4x5xf32>
// CHECK: arith.truncf %{{.*}} : f32 to bf16
// CHECK-NOT: linalg.softmax
// CHECK-NOT: linalg.batch_matmul
func.func @bf16_tensor_casts(%q: tensor<2x4x8xbf16>, %k: tensor<2x6x8xbf16>, %v: tensor<2x6x5xbf16>) -> tensor<2x4x5xbf16> {
  %zero = arith.constant 0.0 : bf16
  %e0 = tensor.empty() : tensor<2x8x6xbf16>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xbf16>) outs(%e0 : tensor<2x8x6xbf16>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xbf16>
  %f1 = linalg.fill ins(%zero : bf16) outs(%e1 : tensor<2x4x6xbf16>) -> tensor<2x4x6xbf16>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<2x4x8xbf16>, tensor<2x8x6xbf16>) outs(%f1 : tensor<2x4x6xbf16>) -> tensor<2x4x6xbf16>
  %c = arith.constant dense<0.125> : tensor<2x4x6xbf16>
  %ss = arith.mulf %s, %c : tensor<2x4x6xbf16>
  %w = arith.extf %ss : tensor<2x4x6xbf16> to tensor<2x4x6xf32>
  %e32 = tensor.empty() : tensor<2x4x6xf32>
  %p32 = linalg.softmax dimension(2) ins(%w : tensor<2x4x6xf32>) outs(%e32 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = arith.truncf %p32 : tensor<2x4x6xf32> to tensor<2x4x6xbf16>
  %e2 = tensor.empty() : tensor<2x4x5xbf16>
  %f2 = linalg.fill ins(%zero : bf16) outs(%e2 : tensor<2x4x5xbf16>) -> tensor<2x4x5xbf16>
  %o = linalg.batch_matmul ins(%p, %v : tensor<2x4x6xbf16>, tensor<2x6x5xbf16>) outs(%f2 : tensor<2x4x5xbf16>) -> tensor<2x4x5xbf16>
  return %o : tensor<2x4x5xbf16>
}

// -----

// Near miss: the softmax itself runs in f16 (no widening), a different
// (less accurate) computation than the fused op's f32 softmax.
// CHECK-LABEL: func.func @f16_softmax
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
func.func @f16_softmax(%q: tensor<2x4x8xf16>, %k: tensor<2x6x8xf16>, %v: tensor<2x6x5xf16>) -> tensor<2x4x5xf16> {
  %zero = arith.constant 0.0 : f16
  %e0 = tensor.empty() : tensor<2x8x6xf16>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf16>) outs(%e0 : tensor<2x8x6xf16>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf16>
  %f1 = linalg.fill ins(%zero : f16) outs(%e1 : tensor<2x4x6xf16>) -> tensor<2x4x6xf16>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<2x4x8xf16>, tensor<2x8x6xf16>) outs(%f1 : tensor<2x4x6xf16>) -> tensor<2x4x6xf16>
  %p = linalg.softmax dimension(2) ins(%s : tensor<2x4x6xf16>) outs(%e1 : tensor<2x4x6xf16>) -> tensor<2x4x6xf16>
  %e2 = tensor.empty() : tensor<2x4x5xf16>
  %f2 = linalg.fill ins(%zero : f16) outs(%e2 : tensor<2x4x5xf16>) -> tensor<2x4x5xf16>
  %o = linalg.batch_matmul ins(%p, %v : tensor<2x4x6xf16>, tensor<2x6x5xf16>) outs(%f2 : tensor<2x4x5xf16>) -> tensor<2x4x5xf16>
  return %o : tensor<2x4x5xf16>
}

// -----

// Near miss: the f32 probabilities are narrowed and used again in f32
// elsewhere through the narrowing (the cast has a second user).
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @narrowed_probs_used_elsewhere
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
func.func @narrowed_probs_used_elsewhere(%q: tensor<2x4x8xf16>, %k: tensor<2x6x8xf16>, %v: tensor<2x6x5xf16>) -> (tensor<2x4x5xf16>, tensor<2x4x6xf16>) {
  %zero = arith.constant 0.0 : f16
  %e0 = tensor.empty() : tensor<2x8x6xf16>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf16>) outs(%e0 : tensor<2x8x6xf16>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf16>
  %f1 = linalg.fill ins(%zero : f16) outs(%e1 : tensor<2x4x6xf16>) -> tensor<2x4x6xf16>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<2x4x8xf16>, tensor<2x8x6xf16>) outs(%f1 : tensor<2x4x6xf16>) -> tensor<2x4x6xf16>
  %w = arith.extf %s : tensor<2x4x6xf16> to tensor<2x4x6xf32>
  %e32 = tensor.empty() : tensor<2x4x6xf32>
  %p32 = linalg.softmax dimension(2) ins(%w : tensor<2x4x6xf32>) outs(%e32 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = arith.truncf %p32 : tensor<2x4x6xf32> to tensor<2x4x6xf16>
  %e2 = tensor.empty() : tensor<2x4x5xf16>
  %f2 = linalg.fill ins(%zero : f16) outs(%e2 : tensor<2x4x5xf16>) -> tensor<2x4x5xf16>
  %o = linalg.batch_matmul ins(%p, %v : tensor<2x4x6xf16>, tensor<2x6x5xf16>) outs(%f2 : tensor<2x4x5xf16>) -> tensor<2x4x5xf16>
  return %o, %p : tensor<2x4x5xf16>, tensor<2x4x6xf16>
}
