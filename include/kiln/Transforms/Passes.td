#ifndef KILN_TRANSFORMS_PASSES_TD
#define KILN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FuseAttention : Pass<"kiln-fuse-attention", "mlir::ModuleOp"> {
  let summary = "Fuse scaled dot-product attention chains on tensors into kiln.attention";
  let description = [{
    Recognises attention by its computation, on tensor IR after
    `kiln-lower-keras` or on plain linalg on tensors:

        scores = Q · Kᵀ        contraction over the head dim: kiln.matmul,
                               linalg.matmul / batch_matmul (any indexing
                               maps) or a linalg.generic contraction; K may
                               be transposed by a linalg.transpose operand
                               or by the indexing map
        or Σ_d [w_d ·] tanh([c ·] (q_d + k_d))
                               the additive (Bahdanau) score: a
                               linalg.generic reducing over the head dim
                               into zeros, w an f32 [D] input read at d, c
                               a scalar constant (kiln.attention's
                               score = additive, score_weights, tanh_scale)
        scores *= c, /= c      optional, c a splat f32 constant, on the
                               scores or (dot scores only) on Q or K before
                               the product
        scores += m            optional additive f32 mask, broadcast by the
                               generic's indexing map
        or select(k, x, c)     optional boolean mask, c <= -1e4 (-1e4, -1e9,
                               finfo.min, -inf), kept exactly as the op's
                               mask_fill
        or x + e, x - e        e computed in the generic's body from masks
                               only (x + (m - 1)·c, x - c·(1 - m)), and
                               Keras Attention's select(k, x, x - c) ==
                               x + select(k, 0, -c): exact additive f32
                               masks, materialised by a small generic
        scores = f32(scores)   optional widening (arith.extf, on tensors or
                               in a generic) of f16/bf16 scores
        p = softmax(scores)    over the key (last) axis: linalg.softmax,
                               the decomposed max / exp(x - max) / sum / div,
                               or through the log-sum-exp:
                               exp(x - (max + log Σ exp(x - max)))
        p = select(k, p, 0)    optional, with the very keep-mask tensor k of
                               the boolean mask step (Keras >= 3.10 Softmax
                               masking): the op's zero_masked
        p = narrow(p)          optional narrowing (arith.truncf) of the f32
                               probabilities for an f16/bf16 P·V
        out = p · V

    with reshapes that keep the two trailing dims between the steps (heads
    folded into the batch and split again). The chain is replaced by one
    `kiln.attention` whose [B, H, T, D] operands are tensor.reshape /
    linalg.transpose views of the original Q, K, V, and whose result is
    reshaped back. Every intermediate value of the chain must have a single
    use (else the fusion would duplicate work), except the probabilities p
    themselves: their other users (Keras' return_attention_scores), when
    they come after the P·V product, read the op's probabilities result.
    Anything not understood (softmax over another axis, a scale or mask
    after the softmax or after the mask, a non-constant scale, accumulation
    into a non-zero init, a use of the logits' softmax before the zeroing)
    leaves the IR unchanged, as does a dynamic head count (which
    kiln-lower-attention could not lower). K/V heads repeated for
    grouped-query attention stay repeated (the fused op sees Hkv = Hq); a
    single leading dim becomes the batch with one head. The softmax must
    run in f32; Q, K, V in f16 or bf16 are widened into the op and its
    output narrowed back (the fused op accumulates in f32, at least as
    accurate as the chain).

    A mask added through a Keras merge whose dynamic dims meet only at run
    time (the scf.if marked `kiln.runtime_broadcast` by kiln-lower-keras)
    is read from the if's then-region: kiln.attention broadcasts a mask's
    run-time size-1 dims and refuses other mismatches as the else-region
    would, and the size queries on the merge read the scores' sizes. The fused op computes what the chain computed, fully masked rows
    included: a finite fill gives a uniform row, -inf a NaN row, zeroing a
    zero row.

    Causal keep conditions become the op's `causal` attribute: an iota
    comparison `linalg.index(j) <= linalg.index(i)` (top_left) or
    `j <= i + (S - T)` with static S, T (bottom_right) on the query (i) and
    key (j) loops, in the masking generic or in the generic computing its
    i1 keep-mask, or a lower-triangular i1 constant; the other conjuncts of
    an AND stay the op's mask. For Keras Attention's x - c penalty the
    triangle is split off only when nothing else masks (every row then
    keeps a key); with another mask the whole condition becomes the
    additive mask, since a fully masked row differs between x - c and
    replacement.
    A `+ 0` after a scale (keras.rescaling without offset) is ignored.

    The `num-fused` statistic counts fusions where LLVM statistics are
    compiled in (not in Release builds of LLVM, Debian's included); the
    `remarks` option reports each fusion and the total as remarks instead.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::linalg::LinalgDialect",
    "mlir::tensor::TensorDialect", "kiln::KilnDialect"
  ];
  let options = [
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Emit a remark at each fused chain and one with the number of fusions">
  ];
  let statistics = [
    Statistic<"numFused", "num-fused", "Number of attention chains fused into kiln.attention">
  ];
}

#endif // KILN_TRANSFORMS_PASSES_TD
