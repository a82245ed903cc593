// RUN: kiln-opt --kiln-fuse-attention --split-input-file %s | FileCheck %s

// Near misses that must stay unfused: each is a small change to a chain
// that fuses (fuse-attention-*.mlir), and fusing it would compute
// something else or duplicate work.
// The softmax normalises over the queries (dim 1), not the keys.
// CHECK-LABEL: func.func @softmax_over_queries
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @softmax_over_queries(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(1) ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// The probabilities are scaled, not the logits.
// CHECK-LABEL: func.func @scale_after_softmax
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @scale_after_softmax(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p0 = linalg.softmax dimension(2) ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%p0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %out: f32):
    %c = arith.constant 0.125 : f32
    %m = arith.mulf %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Masked probabilities are zeroed after the softmax (MHA's
// zero_masked_probs).
// CHECK-LABEL: func.func @mask_after_softmax
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @mask_after_softmax(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x4x6xi1>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p0 = linalg.softmax dimension(2) ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%p0, %mask : tensor<2x4x6xf32>, tensor<2x4x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant 0.0 : f32
    %m = arith.select %a1, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// A use of an intermediate of the softmax that is not the probabilities
// themselves (the exponentials, also returned): fusing would have to keep
// the whole softmax alive. (A use of the probabilities fuses, the op
// returning them: fuse-attention-probs.mlir.)
// CHECK-LABEL: func.func @exp_used_elsewhere
// CHECK-NOT: kiln.attention
// CHECK: math.exp
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @exp_used_elsewhere(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x6xf32>, %v: tensor<2x6x5xf32>) -> (tensor<2x4x5xf32>, tensor<2x4x6xf32>) {
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %er = tensor.empty() : tensor<2x4xf32>
  %minit = linalg.fill ins(%ninf : f32) outs(%er : tensor<2x4xf32>) -> tensor<2x4xf32>
  %max = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%s0 : tensor<2x4x6xf32>) outs(%minit : tensor<2x4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %m = arith.maxnumf %a, %acc : f32
    linalg.yield %m : f32
  } -> tensor<2x4xf32>
  %ex = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %max : tensor<2x4x6xf32>, tensor<2x4xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %d = arith.subf %a, %b : f32
    %x = math.exp %d : f32
    linalg.yield %x : f32
  } -> tensor<2x4x6xf32>
  %sinit = linalg.fill ins(%zero : f32) outs(%er : tensor<2x4xf32>) -> tensor<2x4xf32>
  %sum = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%ex : tensor<2x4x6xf32>) outs(%sinit : tensor<2x4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  } -> tensor<2x4xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%ex, %sum : tensor<2x4x6xf32>, tensor<2x4xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %x = arith.divf %a, %b : f32
    linalg.yield %x : f32
  } -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o, %ex : tensor<2x4x5xf32>, tensor<2x4x6xf32>
}

// -----

// The scale is a function argument.
// CHECK-LABEL: func.func @non_constant_scale
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @non_constant_scale(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %scale: f32) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %out: f32):
    %m = arith.mulf %a0, %scale : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// A per-element constant scale is not a scalar.
// CHECK-LABEL: func.func @non_splat_scale
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @non_splat_scale(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %c = arith.constant dense<[[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]]]> : tensor<1x1x6xf32>
  %cb = tensor.empty() : tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (0, 0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %c : tensor<2x4x6xf32>, tensor<1x1x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %m = arith.mulf %a0, %a1 : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// scale · (x + mask) is not scale · x + mask.
// CHECK-LABEL: func.func @scale_after_mask
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @scale_after_mask(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x4x6xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s2 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %m = arith.addf %a0, %a1 : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s2 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %out: f32):
    %c = arith.constant 0.125 : f32
    %m = arith.mulf %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// A fill of -100 does not mask: masked keys keep some weight.
// CHECK-LABEL: func.func @select_small_fill
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @select_small_fill(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x4x6xi1>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x4x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant -100.0 : f32
    %m = arith.select %a1, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// select(mask, fill, x): true means masked out here, not keep.
// CHECK-LABEL: func.func @select_inverted
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @select_inverted(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x4x6xi1>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x4x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant -1.0e+09 : f32
    %m = arith.select %a1, %c, %a0 : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// The penalty on the kept logits (select operands swapped, near miss of
// Keras Attention's select(keep, x, x - 1e9)): the true value is not x.
// CHECK-LABEL: func.func @subtract_penalty
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @subtract_penalty(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %mask: tensor<2x4x6xi1>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %mask : tensor<2x4x6xf32>, tensor<2x4x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant 1.0e+09 : f32
    %d = arith.subf %a0, %c : f32
    %m = arith.select %a1, %d, %a0 : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// Two masks: kiln.attention takes one.
// CHECK-LABEL: func.func @two_masks
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @two_masks(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %m1: tensor<2x4x6xf32>, %m2: tensor<2x4x6xi1>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %s2 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s0, %m1 : tensor<2x4x6xf32>, tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %m = arith.addf %a0, %a1 : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %s1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s2, %m2 : tensor<2x4x6xf32>, tensor<2x4x6xi1>) outs(%e1 : tensor<2x4x6xf32>) {
  ^bb0(%a0: f32, %a1: i1, %out: f32):
    %c = arith.constant -1.0e+09 : f32
    %m = arith.select %a1, %a0, %c : f32
    linalg.yield %m : f32
  } -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// linalg.batch_matmul accumulates into a non-zero init.
// CHECK-LABEL: func.func @accumulating_scores
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @accumulating_scores(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %acc: tensor<2x4x6xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = linalg.batch_matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%acc : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// A bias on the scores product.
// CHECK-LABEL: func.func @scores_with_bias
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @scores_with_bias(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %bias: tensor<6xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt, bias %bias : tensor<2x4x8xf32>, tensor<2x8x6xf32>, tensor<6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// alpha on the P·V product scales the output.
// CHECK-LABEL: func.func @scaled_output
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @scaled_output(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>) -> tensor<2x4x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %e2 = tensor.empty() : tensor<2x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<2x4x6xf32>, tensor<2x6x5xf32>) outs(%e2 : tensor<2x4x5xf32>) {alpha = 2.0 : f32} -> tensor<2x4x5xf32>
  return %o : tensor<2x4x5xf32>
}

// -----

// P·V contracts the queries of square [B, T, T] probabilities: Pᵀ·V.
// CHECK-LABEL: func.func @contract_over_queries
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @contract_over_queries(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %v: tensor<2x6x5xf32>, %w: tensor<2x4x5xf32>) -> tensor<2x6x5xf32> {
  %e0 = tensor.empty() : tensor<2x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<2x6x8xf32>) outs(%e0 : tensor<2x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x4x6xf32>
  %s0 = kiln.matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%s0 : tensor<2x4x6xf32>) outs(%e1 : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %et = tensor.empty() : tensor<2x6x4xf32>
  %pt = linalg.transpose ins(%p : tensor<2x4x6xf32>) outs(%et : tensor<2x6x4xf32>) permutation = [0, 2, 1]
  %e2 = tensor.empty() : tensor<2x6x5xf32>
  %o = kiln.matmul ins(%pt, %w : tensor<2x6x4xf32>, tensor<2x4x5xf32>) outs(%e2 : tensor<2x6x5xf32>) -> tensor<2x6x5xf32>
  return %o : tensor<2x6x5xf32>
}

// -----

// A dynamic head count: kiln-lower-attention could not lower the fused op.
#qmap = affine_map<(b, h, t, s, d) -> (b, h, t, d)>
#kmap = affine_map<(b, h, t, s, d) -> (b, h, s, d)>
#smap = affine_map<(b, h, t, s, d) -> (b, h, t, s)>
#pmap = affine_map<(b, h, t, e, s) -> (b, h, t, s)>
#vmap = affine_map<(b, h, t, e, s) -> (b, h, s, e)>
#omap = affine_map<(b, h, t, e, s) -> (b, h, t, e)>
// CHECK-LABEL: func.func @dynamic_heads
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @dynamic_heads(%q: tensor<1x?x4x8xf32>, %k: tensor<1x?x6x8xf32>, %v: tensor<1x?x6x5xf32>, %h: index) -> tensor<1x?x4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty(%h) : tensor<1x?x4x6xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x?x4x6xf32>) -> tensor<1x?x4x6xf32>
  %s = linalg.generic {indexing_maps = [#qmap, #kmap, #smap], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%q, %k : tensor<1x?x4x8xf32>, tensor<1x?x6x8xf32>) outs(%f1 : tensor<1x?x4x6xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %r = arith.addf %c, %m : f32
    linalg.yield %r : f32
  } -> tensor<1x?x4x6xf32>
  %p = linalg.softmax dimension(3) ins(%s : tensor<1x?x4x6xf32>) outs(%e1 : tensor<1x?x4x6xf32>) -> tensor<1x?x4x6xf32>
  %e2 = tensor.empty(%h) : tensor<1x?x4x5xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x?x4x5xf32>) -> tensor<1x?x4x5xf32>
  %o = linalg.generic {indexing_maps = [#pmap, #vmap, #omap], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%p, %v : tensor<1x?x4x6xf32>, tensor<1x?x6x5xf32>) outs(%f2 : tensor<1x?x4x5xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %r = arith.addf %c, %m : f32
    linalg.yield %r : f32
  } -> tensor<1x?x4x5xf32>
  return %o : tensor<1x?x4x5xf32>
}
