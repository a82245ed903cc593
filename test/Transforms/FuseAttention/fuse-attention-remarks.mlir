// RUN: kiln-opt --kiln-fuse-attention=remarks %s -verify-diagnostics -o /dev/null
// RUN: kiln-opt --kiln-fuse-attention=remarks %s -o /dev/null 2>&1 | FileCheck %s

// The `remarks` option reports every fusion at its P·V product and the
// number of fusions on the module: the count that the num-fused statistic
// would print, which -mlir-pass-statistics shows only where LLVM statistics
// are compiled in (not in Debian's Release LLVM 22).

// CHECK: remark: fused an attention chain into kiln.attention
// CHECK: remark: fused an attention chain into kiln.attention
// CHECK: remark: kiln-fuse-attention fused 2 attention chain(s)
// CHECK-NOT: remark:

// expected-remark @below {{kiln-fuse-attention fused 2 attention chain(s)}}
module {
func.func @two(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x6xf32>, %v: tensor<2x6x5xf32>) -> (tensor<2x4x5xf32>, tensor<2x4x5xf32>) {
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  // expected-remark @below {{fused an attention chain into kiln.attention}}
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  %s1 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {alpha = 0.5 : f32} -> tensor<2x4x6xf32>
  %p1 = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  // expected-remark @below {{fused an attention chain into kiln.attention}}
  %o1 = kiln.matmul ins(%p1, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  // Not attention: the softmax is over the queries.
  %p2 = linalg.softmax dimension(1) ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %o2 = kiln.matmul ins(%p2, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o, %o1 : tensor<2x4x5xf32>, tensor<2x4x5xf32>
}
}
