// RUN: kiln-opt --kiln-fuse-attention --split-input-file %s | FileCheck %s

// A mask fed as its own input meets the scores' batch only at run time: the
// keras lowering of the add is an scf.if marked kiln.runtime_broadcast whose
// then-region adds the mask (its unit dim read at index 0) and whose
// else-region broadcasts run-time size-1 dims. The chain fuses; the mask
// keeps its dynamic batch (kiln.attention broadcasts a run-time 1), and the
// sizes read from the merge read the scores instead, so the merge dies.
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-LABEL: func.func @runtime_broadcast_mask
// CHECK-NOT: scf.if
// CHECK: %[[M:.*]] = tensor.reshape %arg3({{.*}}) : (tensor<?x1x6xf32>, tensor<4xindex>) -> tensor<?x1x1x6xf32>
// CHECK: kiln.attention ins({{.*}}, mask %[[M]] : {{.*}}, tensor<?x1x1x6xf32>)
// CHECK-NOT: scf.if
// CHECK-NOT: linalg.softmax
// CHECK-NOT: kiln_rt_shape_error()
// CHECK: return
func.func private @kiln_rt_shape_error()
func.func @runtime_broadcast_mask(%q: tensor<?x4x8xf32>, %kt: tensor<?x8x6xf32>, %v: tensor<?x6x5xf32>,
                                  %m: tensor<?x1x6xf32>) -> tensor<?x4x5xf32> {
  %c0 = arith.constant 0 : index
  %b = tensor.dim %q, %c0 : tensor<?x4x8xf32>
  %e1 = tensor.empty(%b) : tensor<?x4x6xf32>
  %s = kiln.matmul ins(%q, %kt : tensor<?x4x8xf32>, tensor<?x8x6xf32>) outs(%e1 : tensor<?x4x6xf32>) -> tensor<?x4x6xf32>
  %bm = tensor.dim %m, %c0 : tensor<?x1x6xf32>
  %out = arith.maxui %b, %bm : index
  %eq0 = arith.cmpi eq, %b, %out : index
  %eq1 = arith.cmpi eq, %bm, %out : index
  %same = arith.andi %eq0, %eq1 : i1
  %l = scf.if %same -> (tensor<?x4x6xf32>) {
    %e = tensor.empty(%out) : tensor<?x4x6xf32>
    %a = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%s, %m : tensor<?x4x6xf32>, tensor<?x1x6xf32>) outs(%e : tensor<?x4x6xf32>) {
    ^bb0(%x: f32, %y: f32, %o: f32):
      %r = arith.addf %x, %y : f32
      linalg.yield %r : f32
    } -> tensor<?x4x6xf32>
    scf.yield %a : tensor<?x4x6xf32>
  } else {
    func.call @kiln_rt_shape_error() : () -> ()
    %e = tensor.empty(%out) : tensor<?x4x6xf32>
    scf.yield %e : tensor<?x4x6xf32>
  } {kiln.runtime_broadcast}
  %d = tensor.dim %l, %c0 : tensor<?x4x6xf32>
  %e2 = tensor.empty(%d) : tensor<?x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%l : tensor<?x4x6xf32>) outs(%e2 : tensor<?x4x6xf32>) -> tensor<?x4x6xf32>
  %e3 = tensor.empty(%d) : tensor<?x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<?x4x6xf32>, tensor<?x6x5xf32>) outs(%e3 : tensor<?x4x5xf32>) -> tensor<?x4x5xf32>
  return %o : tensor<?x4x5xf32>
}

// -----

// Near miss: the same scf.if without the marker is some other computation
// chosen at run time (here a zero fill when the sizes differ).
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-LABEL: func.func @unmarked_branch
// CHECK-NOT: kiln.attention
// CHECK: scf.if
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
func.func @unmarked_branch(%q: tensor<?x4x8xf32>, %kt: tensor<?x8x6xf32>, %v: tensor<?x6x5xf32>,
                           %m: tensor<?x1x6xf32>, %same: i1) -> tensor<?x4x5xf32> {
  %c0 = arith.constant 0 : index
  %b = tensor.dim %q, %c0 : tensor<?x4x8xf32>
  %e1 = tensor.empty(%b) : tensor<?x4x6xf32>
  %s = kiln.matmul ins(%q, %kt : tensor<?x4x8xf32>, tensor<?x8x6xf32>) outs(%e1 : tensor<?x4x6xf32>) -> tensor<?x4x6xf32>
  %l = scf.if %same -> (tensor<?x4x6xf32>) {
    %a = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%s, %m : tensor<?x4x6xf32>, tensor<?x1x6xf32>) outs(%e1 : tensor<?x4x6xf32>) {
    ^bb0(%x: f32, %y: f32, %o: f32):
      %r = arith.addf %x, %y : f32
      linalg.yield %r : f32
    } -> tensor<?x4x6xf32>
    scf.yield %a : tensor<?x4x6xf32>
  } else {
    %zero = arith.constant 0.0 : f32
    %z = linalg.fill ins(%zero : f32) outs(%e1 : tensor<?x4x6xf32>) -> tensor<?x4x6xf32>
    scf.yield %z : tensor<?x4x6xf32>
  }
  %p = linalg.softmax dimension(2) ins(%l : tensor<?x4x6xf32>) outs(%e1 : tensor<?x4x6xf32>) -> tensor<?x4x6xf32>
  %e3 = tensor.empty(%b) : tensor<?x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<?x4x6xf32>, tensor<?x6x5xf32>) outs(%e3 : tensor<?x4x5xf32>) -> tensor<?x4x5xf32>
  return %o : tensor<?x4x5xf32>
}

// -----

// Near miss: the marked merge's then-region adds a mask computed inside it;
// the fused op could not read it from outside the branch.
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-LABEL: func.func @mask_made_in_branch
// CHECK-NOT: kiln.attention
// CHECK: linalg.softmax
// CHECK-NOT: kiln.attention
func.func @mask_made_in_branch(%q: tensor<?x4x8xf32>, %kt: tensor<?x8x6xf32>, %v: tensor<?x6x5xf32>,
                               %m: tensor<?x1x6xf32>, %same: i1) -> tensor<?x4x5xf32> {
  %c0 = arith.constant 0 : index
  %b = tensor.dim %q, %c0 : tensor<?x4x8xf32>
  %e1 = tensor.empty(%b) : tensor<?x4x6xf32>
  %s = kiln.matmul ins(%q, %kt : tensor<?x4x8xf32>, tensor<?x8x6xf32>) outs(%e1 : tensor<?x4x6xf32>) -> tensor<?x4x6xf32>
  %l = scf.if %same -> (tensor<?x4x6xf32>) {
    %em = tensor.empty(%b) : tensor<?x1x6xf32>
    %neg = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%m : tensor<?x1x6xf32>) outs(%em : tensor<?x1x6xf32>) {
    ^bb0(%y: f32, %o: f32):
      %r = arith.negf %y : f32
      linalg.yield %r : f32
    } -> tensor<?x1x6xf32>
    %a = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%s, %neg : tensor<?x4x6xf32>, tensor<?x1x6xf32>) outs(%e1 : tensor<?x4x6xf32>) {
    ^bb0(%x: f32, %y: f32, %o: f32):
      %r = arith.addf %x, %y : f32
      linalg.yield %r : f32
    } -> tensor<?x4x6xf32>
    scf.yield %a : tensor<?x4x6xf32>
  } else {
    scf.yield %s : tensor<?x4x6xf32>
  } {kiln.runtime_broadcast}
  %p = linalg.softmax dimension(2) ins(%l : tensor<?x4x6xf32>) outs(%e1 : tensor<?x4x6xf32>) -> tensor<?x4x6xf32>
  %e3 = tensor.empty(%b) : tensor<?x4x5xf32>
  %o = kiln.matmul ins(%p, %v : tensor<?x4x6xf32>, tensor<?x6x5xf32>) outs(%e3 : tensor<?x4x5xf32>) -> tensor<?x4x5xf32>
  return %o : tensor<?x4x5xf32>
}
