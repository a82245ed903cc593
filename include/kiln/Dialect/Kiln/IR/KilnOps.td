#ifndef KILN_DIALECT_KILN_IR_KILNOPS_TD
#define KILN_DIALECT_KILN_IR_KILNOPS_TD

include "kiln/Dialect/Kiln/IR/KilnDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// Values match kiln_activation in include/kiln/Runtime/KilnRuntimeABI.h: they
// are written into generated code as the runtime's activation argument.
def Kiln_FusedActivation : I32EnumAttr<"FusedActivation",
    "activation oneDNN applies as a matmul post-op", [
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"relu", 1>,
    I32EnumAttrCase<"tanh", 2>,
    I32EnumAttrCase<"sigmoid", 3>,
    I32EnumAttrCase<"gelu_erf", 4>,
    I32EnumAttrCase<"gelu_tanh", 5>,
    I32EnumAttrCase<"elu", 6>,
    I32EnumAttrCase<"swish", 7>,
  ]> {
  let cppNamespace = "::kiln";
  let genSpecializedAttr = 0;
}

def Kiln_FusedActivationAttr : EnumAttr<Kiln_Dialect, Kiln_FusedActivation, "activation"> {
  let assemblyFormat = "`<` $value `>`";
}

def Kiln_MatmulOp : Kiln_Op<"matmul", [
    DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "init = activation(alpha · lhs × rhs + bias), as one library call";
  let description = [{
    `lhs` is [B?, M, K], `rhs` is [B?, K, N] or [K, N] (shared across the
    batch), `init` is [B?, M, N] and is overwritten, not accumulated into;
    `bias` is [N]. On tensors the op returns the new value of `init`; on
    memrefs it writes `init` in place and returns nothing. The CPU pipeline
    lowers the memref form to oneDNN through libkiln_runtime, which reads the
    operands' strides, so transposed views need no copy.
  }];
  let arguments = (ins AnyShaped:$lhs, AnyShaped:$rhs, Optional<AnyShaped>:$bias,
                       AnyShaped:$init,
                       DefaultValuedAttr<Kiln_FusedActivationAttr,
                                         "::kiln::FusedActivation::none">:$activation,
                       DefaultValuedAttr<F32Attr, "1.0f">:$alpha,
                       DefaultValuedAttr<F32Attr, "1.0f">:$activation_alpha);
  let results = (outs Variadic<AnyRankedTensor>:$result);
  let assemblyFormat = [{
    `ins` `(` $lhs `,` $rhs (`,` `bias` $bias^)? `:` type($lhs) `,` type($rhs)
    (`,` type($bias)^)? `)` `outs` `(` $init `:` type($init) `)` attr-dict
    (`->` type($result)^)?
  }];
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
  }];
  let hasVerifier = 1;
}

// Which causal (lower-triangular) mask kiln.attention applies on top of its
// explicit mask.
def Kiln_CausalMode : I32EnumAttr<"CausalMode",
    "causal mask of kiln.attention", [
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"top_left", 1>,
    I32EnumAttrCase<"bottom_right", 2>,
  ]> {
  let cppNamespace = "::kiln";
  let genSpecializedAttr = 0;
}

def Kiln_CausalModeAttr : EnumAttr<Kiln_Dialect, Kiln_CausalMode, "causal"> {
  let assemblyFormat = "`<` $value `>`";
}

// How kiln.attention scores a query against a key.
def Kiln_AttentionScore : I32EnumAttr<"AttentionScore",
    "score function of kiln.attention", [
    I32EnumAttrCase<"dot", 0>,
    I32EnumAttrCase<"additive", 1>,
  ]> {
  let cppNamespace = "::kiln";
  let genSpecializedAttr = 0;
}

def Kiln_AttentionScoreAttr : EnumAttr<Kiln_Dialect, Kiln_AttentionScore, "score"> {
  let assemblyFormat = "`<` $value `>`";
}

def Kiln_AttentionOp : Kiln_Op<"attention", [
    AttrSizedOperandSegments,
    DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "init = softmax(mask(scale · score(Q, K))) · V, fused attention";
  let description = [{
    Shapes: `query` is [B, Hq, T, D], `key` is [B, Hkv, S, D], `value` is
    [B, Hkv, S, Dv] and `init` is [B, Hq, T, Dv]; all f32. `init` is
    overwritten, never read. On tensors the op returns the new value of
    `init`; on memrefs it writes `init` and returns nothing. With
    `probs_init` ([B, Hq, T, S], f32, also overwritten) the op also writes
    the attention probabilities p below there, returned as a second result
    on tensors (Keras' `return_attention_scores`).

    Hq must be a multiple of Hkv (grouped-query attention): query head `h`
    attends with key/value head `h / (Hq / Hkv)` (each kv head is repeated
    for Hq / Hkv consecutive query heads, not tiled). Hq == Hkv is ordinary
    multi-head attention.

    For every (b, h, i, j) with i < T the query position and j < S the key
    position, with g = Hq / Hkv and k = key[b,h/g,j,:], q = query[b,h,i,:]:

        score[b,h,i,j] = Σ_d q[d] · k[d]                      score = dot
                       = Σ_d w[d] · tanh(c · (q[d] + k[d]))   score = additive
        logit[b,h,i,j] = scale · score[b,h,i,j]
                         (+ mask[b,h,i,j] when `mask` is f32: additive)
        keep[b,h,i,j]  = mask[b,h,i,j]     when `mask` is i1 (true = keep),
                                           true otherwise
                         ∧ j <= i           when causal = top_left
                         ∧ j <= i + (S - T) when causal = bottom_right
        logit'         = keep ? logit : mask_fill
        p[b,h,i,:]     = softmax over j of logit'[b,h,i,:]
                         (f32, with the row maximum subtracted)
        p[b,h,i,j]     = keep ? p : 0       only with `zero_masked`
        init[b,h,i,e]  = Σ_j p[b,h,i,j] · value[b,h/g,j,e]

    The additive score (Bahdanau; Keras AdditiveAttention and Attention
    with score_mode="concat") reads `w` from `score_weights` ([D], all ones
    when absent) and `c` from `tanh_scale`; where `c` or `w[d]` is 1 the
    multiplication is not done, and Σ_d runs in increasing d.

    `scale` is applied as given (callers pass 1/√D for the usual scaling).
    `mask`, when present, is rank 4 and broadcasts to [B, Hq, T, S]: each of
    its dims equals the corresponding one or is 1, statically or, for a
    dynamic mask dim, at run time (numpy broadcasting decided at run time,
    as TensorFlow does for a mask fed as its own model input); other sizes
    fail the run. Masked-out logits are replaced by
    `mask_fill`, by default the large negative finite number -0.7 ·
    FLT_MAX, as keras.ops.dot_product_attention does on its fast path
    (shared/spec/keras-models.md §2.28): a row whose keys are all masked then
    is the uniform average of its value rows (softmax of equal logits). A
    fill of -inf makes such a row NaN (as a softmax of -inf logits does),
    and `zero_masked` (Keras ≥ 3.10 Softmax-layer masking, §2.13) makes it
    zero. causal = bottom_right aligns the triangle to the last key, so with
    S > T every query also sees the S - T extra leading keys; top_left is
    Keras's `is_causal` (tril of the [T, S] matrix).
  }];
  let arguments = (ins AnyShaped:$query, AnyShaped:$key, AnyShaped:$value,
                       Optional<AnyShaped>:$mask, Optional<AnyShaped>:$score_weights,
                       AnyShaped:$init, Optional<AnyShaped>:$probs_init,
                       F32Attr:$scale,
                       DefaultValuedAttr<Kiln_CausalModeAttr,
                                         "::kiln::CausalMode::none">:$causal,
                       DefaultValuedAttr<Kiln_AttentionScoreAttr,
                                         "::kiln::AttentionScore::dot">:$score,
                       DefaultValuedAttr<F32Attr, "1.0f">:$tanh_scale,
                       DefaultValuedAttr<F32Attr,
                                         "-0.7f * std::numeric_limits<float>::max()">:$mask_fill,
                       UnitAttr:$zero_masked);
  let results = (outs Variadic<AnyRankedTensor>:$result);
  let assemblyFormat = [{
    `ins` `(` $query `,` $key `,` $value (`,` `mask` $mask^)? `:` type($query) `,`
    type($key) `,` type($value) (`,` type($mask)^)? `)`
    (`score_weights` `(` $score_weights^ `:` type($score_weights) `)`)?
    `outs` `(` $init (`,` `probs` $probs_init^)? `:` type($init) (`,` type($probs_init)^)? `)`
    attr-dict (`->` type($result)^)?
  }];
  let extraClassDeclaration = [{
    /// `init` and, when present, `probs_init` (adjacent operands).
    ::mlir::MutableOperandRange getDpsInitsMutable() {
      return ::mlir::MutableOperandRange(getOperation(),
                                         getInitMutable().getOperandNumber(),
                                         getProbsInit() ? 2 : 1);
    }
  }];
  let hasVerifier = 1;
}

include "kiln/Dialect/Kiln/IR/KilnRecurrenceOps.td"

#endif // KILN_DIALECT_KILN_IR_KILNOPS_TD
