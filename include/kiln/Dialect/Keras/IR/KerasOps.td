#ifndef KILN_DIALECT_KERAS_IR_KERASOPS_TD
#define KILN_DIALECT_KERAS_IR_KERASOPS_TD

include "kiln/Dialect/Keras/IR/KerasDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Activation kinds
//===----------------------------------------------------------------------===//

// Formulas: shared/spec/keras-models.md §2.4. Where one Keras name means two
// formulas across versions, each formula is its own kind and the importer
// picks by the file's keras_version.
def Keras_ActivationKind : I32EnumAttr<"ActivationKind", "Keras activation function", [
    I32EnumAttrCase<"linear", 0>,
    I32EnumAttrCase<"relu", 1>,
    I32EnumAttrCase<"relu6", 2>,
    I32EnumAttrCase<"leaky_relu", 3>,       // max(x, alpha*x); alpha defaults to 0.2
    I32EnumAttrCase<"elu", 4>,              // alpha defaults to 1
    I32EnumAttrCase<"selu", 5>,
    I32EnumAttrCase<"gelu", 6>,             // exact, erf based
    I32EnumAttrCase<"gelu_approximate", 7>, // tanh approximation
    I32EnumAttrCase<"sigmoid", 8>,
    I32EnumAttrCase<"hard_sigmoid", 9>,     // Keras 3: clip(x/6 + 0.5, 0, 1)
    I32EnumAttrCase<"hard_sigmoid_keras2", 10>, // Keras 2, TF.js: clip(0.2x + 0.5, 0, 1)
    I32EnumAttrCase<"hard_silu", 11>,       // x * hard_sigmoid(x), Keras 3 formula
    I32EnumAttrCase<"tanh", 12>,
    I32EnumAttrCase<"softmax", 13>,         // over the last axis
    I32EnumAttrCase<"log_softmax", 14>,     // over the last axis
    I32EnumAttrCase<"silu", 15>,            // a.k.a. swish
    I32EnumAttrCase<"softplus", 16>,
    I32EnumAttrCase<"softsign", 17>,
    I32EnumAttrCase<"exponential", 18>,
    I32EnumAttrCase<"mish", 19>,
    I32EnumAttrCase<"celu", 20>,            // alpha defaults to 1
    I32EnumAttrCase<"squareplus", 21>,      // b defaults to 4 (held in alpha)
    I32EnumAttrCase<"soft_shrink", 22>,     // threshold defaults to 0.5
    I32EnumAttrCase<"hard_shrink", 23>,     // threshold defaults to 0.5
    I32EnumAttrCase<"tanh_shrink", 24>,
    I32EnumAttrCase<"hard_tanh", 25>,
    I32EnumAttrCase<"sparse_plus", 26>,
    I32EnumAttrCase<"sparse_sigmoid", 27>,
    I32EnumAttrCase<"log_sigmoid", 28>,
    I32EnumAttrCase<"relu_general", 29>,    // ReLU layer: max_value, negative_slope, threshold
    I32EnumAttrCase<"thresholded_relu", 30>,// x if x > theta else 0 (theta in threshold)
    I32EnumAttrCase<"sparsemax", 31>,       // over the last axis
  ]> {
  let cppNamespace = "::kiln::keras";
  let genSpecializedAttr = 0;
}

def Keras_ActivationKindAttr : EnumAttr<Keras_Dialect, Keras_ActivationKind, "activation"> {
  let assemblyFormat = "`<` $value `>`";
}

def Keras_Padding : I32EnumAttr<"Padding", "Keras padding mode", [
    I32EnumAttrCase<"valid", 0>,
    I32EnumAttrCase<"same", 1>,
    I32EnumAttrCase<"causal", 2>,
  ]> {
  let cppNamespace = "::kiln::keras";
  let genSpecializedAttr = 0;
}

def Keras_PaddingAttr : EnumAttr<Keras_Dialect, Keras_Padding, "padding"> {
  let assemblyFormat = "`<` $value `>`";
}


// Keras layers see ranked tensors only: the importer knows every rank, and
// the shape rules (KerasShapes.h) read dims.
def Keras_F32Tensor : RankedTensorOf<[F32]>;
def Keras_IdsTensor : RankedTensorOf<[F32, I32]>;
def Keras_MaskTensor : RankedTensorOf<[I1]>;

//===----------------------------------------------------------------------===//
// Core layers
//===----------------------------------------------------------------------===//

def Keras_DenseOp : Keras_Op<"dense", [Pure]> {
  let summary = "Dense: activation(x · kernel + bias) over the last axis";
  let description = [{
    Contracts the last axis of `input` (any rank ≥ 2; leading axes are
    batch-like) with `kernel` of shape (in, units), adds `bias` (units) when
    present and applies `activation`.
  }];
  let arguments = (ins Keras_F32Tensor:$input, Keras_F32Tensor:$kernel,
                       Optional<Keras_F32Tensor>:$bias,
                       Keras_ActivationKindAttr:$activation);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $kernel (`,` $bias^)? `activation` $activation attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Keras_EinsumDenseOp : Keras_Op<"einsum_dense", [Pure]> {
  let summary = "EinsumDense: activation(einsum(equation, x, kernel) + bias)";
  let description = [{
    `equation` is the layer's `<in>,<w>-><out>` with at most one ellipsis.
    `bias`, when present, has the Keras shape derived from `bias_axes` and
    broadcasts against the trailing axes of the output.
  }];
  let arguments = (ins Keras_F32Tensor:$input, Keras_F32Tensor:$kernel,
                       Optional<Keras_F32Tensor>:$bias, StrAttr:$equation,
                       Keras_ActivationKindAttr:$activation);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $kernel (`,` $bias^)? `equation` $equation `activation` $activation
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Keras_ActivationOp : Keras_Op<"activation", [Pure, SameOperandsAndResultType]> {
  let summary = "Activation / ReLU / LeakyReLU / ELU / ThresholdedReLU layers";
  let description = [{
    Applies one Keras activation elementwise (softmax, log_softmax and
    sparsemax over the last axis; `glu`, which halves the last axis, is
    `keras.glu`). `alpha` is the slope, ELU/CELU alpha or squareplus b;
    `threshold` the shrink threshold, ReLU threshold or ThresholdedReLU theta;
    `max_value` the ReLU cap. Unset parameters take Keras' defaults.
  }];
  let arguments = (ins Keras_F32Tensor:$input, Keras_ActivationKindAttr:$kind,
                       OptionalAttr<F64Attr>:$alpha,
                       OptionalAttr<F64Attr>:$threshold,
                       OptionalAttr<F64Attr>:$max_value);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = "$kind $input attr-dict `:` type($input)";
}

def Keras_GluOp : Keras_Op<"glu", [Pure]> {
  let summary = "The glu activation: a * sigmoid(b), a and b the halves of the last axis";
  let description = [{
    Its own op because, unlike every other Keras activation, it changes the
    shape: the last dim (even) halves.
  }];
  let arguments = (ins Keras_F32Tensor:$input);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Keras_DropoutOp : Keras_Op<"dropout", [Pure, SameOperandsAndResultType]> {
  let summary = "Dropout and other train-only layers: identity at inference";
  let description = [{
    Stands for Dropout, SpatialDropout1D/2D/3D, GaussianNoise,
    GaussianDropout, AlphaDropout and ActivityRegularization, named in
    `layer_class`. Folds to its input.
  }];
  let arguments = (ins AnyRankedTensor:$input, StrAttr:$layer_class);
  let results = (outs AnyRankedTensor:$output);
  let assemblyFormat = "$layer_class $input attr-dict `:` type($input)";
  let hasFolder = 1;
}

def Keras_RescalingOp : Keras_Op<"rescaling", [Pure, SameOperandsAndResultType]> {
  let summary = "Rescaling: x * scale + offset";
  let arguments = (ins Keras_F32Tensor:$input, F64Attr:$scale, F64Attr:$offset);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

//===----------------------------------------------------------------------===//
// Reshaping
//===----------------------------------------------------------------------===//

def Keras_FlattenOp : Keras_Op<"flatten", [Pure]> {
  let summary = "Flatten: (B, d1, ..., dn) -> (B, d1·…·dn)";
  let description = [{
    The importer inserts a `keras.permute` first for channels_first data.
  }];
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Keras_ReshapeOp : Keras_Op<"reshape", [Pure]> {
  let summary = "Reshape: row-major reshape of the non-batch axes";
  let description = [{
    The target shape is the result type without its batch dim; the importer
    resolves Keras' `-1` entry where the input is static.
  }];
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Keras_PermuteOp : Keras_Op<"permute", [Pure]> {
  let summary = "Permute: transposes axes; `permutation` includes batch axis 0";
  let arguments = (ins AnyRankedTensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs AnyRankedTensor:$output);
  let assemblyFormat = "$input $permutation attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Keras_RepeatVectorOp : Keras_Op<"repeat_vector", [Pure]> {
  let summary = "RepeatVector: (B, D) -> (B, n, D)";
  let arguments = (ins Keras_F32Tensor:$input, I64Attr:$n);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Merging
//===----------------------------------------------------------------------===//

class Keras_ElementwiseMergeOp<string mnemonic, string what>
    : Keras_Op<mnemonic, [Pure]> {
  let summary = what;
  let description = [{
    Called on a list of tensors. Lower-rank inputs get new axes at position 1
    until ranks match, then numpy broadcasting applies (spec §2.10).
  }];
  let arguments = (ins Variadic<Keras_F32Tensor>:$inputs);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Keras_AddOp : Keras_ElementwiseMergeOp<"add", "Add: elementwise sum">;
def Keras_SubtractOp : Keras_ElementwiseMergeOp<"subtract", "Subtract: x0 - x1 (exactly two inputs)">;
def Keras_MultiplyOp : Keras_ElementwiseMergeOp<"multiply", "Multiply: elementwise product">;
def Keras_AverageOp : Keras_ElementwiseMergeOp<"average", "Average: elementwise mean">;
def Keras_MaximumOp : Keras_ElementwiseMergeOp<"maximum", "Maximum: elementwise max">;
def Keras_MinimumOp : Keras_ElementwiseMergeOp<"minimum", "Minimum: elementwise min">;

def Keras_ConcatenateOp : Keras_Op<"concatenate", [Pure]> {
  let summary = "Concatenate along a non-negative `axis`";
  let arguments = (ins Variadic<Keras_F32Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Keras_DotOp : Keras_Op<"dot", [Pure]> {
  let summary = "Dot: batched dot product contracting lhs axis axes[0] with rhs axis axes[1]";
  let description = [{
    `axes` are non-negative and not the batch axis. With `normalize`, each
    input is L2-normalised along its dot axis first (ε = 1e-7). The result is
    lhs shape without axes[0] followed by rhs shape without batch and axes[1];
    a rank-1 result becomes (B, 1).
  }];
  let arguments = (ins Keras_F32Tensor:$lhs, Keras_F32Tensor:$rhs, DenseI64ArrayAttr:$axes,
                       BoolAttr:$normalize);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Normalization, softmax, embedding
//===----------------------------------------------------------------------===//

def Keras_SoftmaxOp : Keras_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "Softmax layer over one or more axes";
  let arguments = (ins Keras_F32Tensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = "$input $axes attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Keras_LayerNormalizationOp : Keras_Op<"layer_normalization",
    [Pure, AttrSizedOperandSegments]> {
  let summary = "LayerNormalization over `axes` with biased variance";
  let description = [{
    y = (x − μ)·rsqrt(σ² + ε)·γ + β over `axes` (non-negative, sorted);
    γ/β have the shape of the input dims at `axes`.
  }];
  let arguments = (ins Keras_F32Tensor:$input, Optional<Keras_F32Tensor>:$gamma,
                       Optional<Keras_F32Tensor>:$beta, DenseI64ArrayAttr:$axes,
                       F64Attr:$epsilon);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = [{
    $input (`gamma` $gamma^)? (`beta` $beta^)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Keras_BatchNormalizationOp : Keras_Op<"batch_normalization",
    [Pure, AttrSizedOperandSegments]> {
  let summary = "BatchNormalization at inference, with moving statistics";
  let arguments = (ins Keras_F32Tensor:$input, Optional<Keras_F32Tensor>:$gamma,
                       Optional<Keras_F32Tensor>:$beta, Keras_F32Tensor:$moving_mean,
                       Keras_F32Tensor:$moving_variance, I64Attr:$axis, F64Attr:$epsilon);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = [{
    $input (`gamma` $gamma^)? (`beta` $beta^)? `mean` $moving_mean
    `variance` $moving_variance attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Keras_EmbeddingOp : Keras_Op<"embedding", [Pure]> {
  let summary = "Embedding: row gather from (input_dim, output_dim) table";
  let description = [{
    Float ids are truncated to integers. Ids outside [0, input_dim) are
    backend-defined in Keras; Kiln clamps them so that no read is out of bounds.
  }];
  let arguments = (ins Keras_IdsTensor:$ids, Keras_F32Tensor:$table);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = "$ids `,` $table attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pooling and convolution (channels_last: (B, steps, channels))
//===----------------------------------------------------------------------===//

def Keras_GlobalAveragePooling1DOp : Keras_Op<"global_average_pooling1d", [Pure]> {
  let summary = "Mean over the steps axis, of the unmasked steps when a mask is given";
  let description = [{
    With a Keras mask (B, steps), masked steps are left out of the sum and of
    the count; a fully masked row gives 0/0 = NaN, as in Keras (spec §2.18).
  }];
  let arguments = (ins Keras_F32Tensor:$input, Optional<Keras_MaskTensor>:$mask, BoolAttr:$keepdims);
  let results = (outs Keras_F32Tensor:$output);
  let builders = [
    OpBuilder<(ins "::mlir::Type":$output, "::mlir::Value":$input, "bool":$keepdims), [{
      build($_builder, $_state, output, input, ::mlir::Value(), keepdims);
    }]>
  ];
  let assemblyFormat = [{
    $input (`mask` $mask^ `:` type($mask))? attr-dict `:` functional-type($input, results)
  }];
  let hasVerifier = 1;
}

def Keras_EmbeddingMaskOp : Keras_Op<"embedding_mask", [Pure]> {
  let summary = "The Keras mask of Embedding(mask_zero=True): ids != 0";
  let arguments = (ins Keras_IdsTensor:$ids);
  let results = (outs Keras_MaskTensor:$mask);
  let assemblyFormat = "$ids attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Keras_GlobalMaxPooling1DOp : Keras_Op<"global_max_pooling1d", [Pure]> {
  let summary = "Max over the steps axis";
  let arguments = (ins Keras_F32Tensor:$input, BoolAttr:$keepdims);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

class Keras_Pooling1DOp<string mnemonic, string what> : Keras_Op<mnemonic, [Pure]> {
  let summary = what;
  let description = [{
    With `same` padding, windows that overhang the input are cut at its edges
    (averages divide by the number of real elements, as Keras does).
  }];
  let arguments = (ins Keras_F32Tensor:$input, I64Attr:$pool_size, I64Attr:$stride,
                       Keras_PaddingAttr:$padding);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = "$input `padding` $padding attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Keras_MaxPooling1DOp : Keras_Pooling1DOp<"max_pooling1d", "MaxPooling1D">;
def Keras_AveragePooling1DOp : Keras_Pooling1DOp<"average_pooling1d", "AveragePooling1D">;

def Keras_Conv1DOp : Keras_Op<"conv1d", [Pure]> {
  let summary = "Conv1D (channels_last) with valid, same or causal padding";
  let arguments = (ins Keras_F32Tensor:$input, Keras_F32Tensor:$kernel, Optional<Keras_F32Tensor>:$bias,
                       I64Attr:$stride, I64Attr:$dilation, Keras_PaddingAttr:$padding,
                       Keras_ActivationKindAttr:$activation);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $kernel (`,` $bias^)? `padding` $padding `activation` $activation
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Keras masks (spec §2.0): i1 tensors of their tensor's shape without its last
// axis, True = keep. The importer propagates them from layer to layer; these
// ops combine them where several tensors meet.
//===----------------------------------------------------------------------===//

class Keras_MaskLogicalOp<string mnemonic, string what> : Keras_Op<mnemonic, [Pure]> {
  let summary = what;
  let arguments = (ins Variadic<Keras_MaskTensor>:$masks);
  let results = (outs Keras_MaskTensor:$mask);
  let assemblyFormat = "$masks attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Keras_MaskOrOp : Keras_MaskLogicalOp<"mask_or",
    "Elementwise OR of two or more masks of one shape (Keras 3 merge layers)">;
def Keras_MaskAndOp : Keras_MaskLogicalOp<"mask_and",
    "Elementwise AND of two or more masks of one shape (Keras 2 merge layers)">;

def Keras_FullMaskOp : Keras_Op<"full_mask", [Pure]> {
  let summary = "The all-True mask of a tensor that has none";
  let description = [{
    Stands in for the mask of an unmasked input where Concatenate joins it
    with masked ones (spec §2.11). Its shape is the input's without the last
    axis.
  }];
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs Keras_MaskTensor:$mask);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Keras_ConcatenateMaskOp : Keras_Op<"concatenate_mask", [Pure]> {
  let summary = "The mask of Concatenate along a non-last axis";
  let description = [{
    Joins the inputs' masks along `axis` (non-negative, neither the batch axis
    nor past the masks' last axis), as Concatenate joins the tensors along the
    same axis. Concatenation along the tensors' last axis combines masks with
    `keras.mask_or` / `keras.mask_and` instead (spec §2.11).
  }];
  let arguments = (ins Variadic<Keras_MaskTensor>:$inputs, I64Attr:$axis);
  let results = (outs Keras_MaskTensor:$mask);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}


//===----------------------------------------------------------------------===//
// Attention (spec §2.25-§2.27). Inputs are (batch, steps, features) (MHA:
// any rank >= 3); the masks are Keras masks (batch, steps) or MHA's
// attention_mask (batch, Tq, Tk) (or any shape that broadcasts to it as
// numpy does: (Tq, Tk), (batch, 1, Tk), ...), i1 with True = keep. A missing key is the
// value. The optional second result holds the attention scores, the layer's
// second output with return_attention_scores=True.
//===----------------------------------------------------------------------===//

def Keras_AttentionOp : Keras_Op<"attention", [Pure, AttrSizedOperandSegments]> {
  let summary = "Attention (Luong): softmax(scores(q, k) masked) · value";
  let description = [{
    Scores (Tq×Tv) per `score_mode`: `dot` is q·kᵀ, times `scale` (a scalar
    weight, present iff use_scale); `concat` is
    concat_score_weight · Σ_d tanh(scale·(q_i + k_j)) (scale 1 when absent).
    Scores of masked keys (value_mask False, or j > i with use_causal_mask)
    get 1e9 subtracted (not replaced); softmax over the keys; the weights
    multiply `value`. Output rows whose query_mask is False are zeroed.
    `scores`, when present, are the weights (B, Tq, Tv), not zeroed by the
    query mask.
  }];
  let arguments = (ins Keras_F32Tensor:$query, Keras_F32Tensor:$value,
                       Optional<Keras_F32Tensor>:$key,
                       Optional<Keras_MaskTensor>:$query_mask,
                       Optional<Keras_MaskTensor>:$value_mask,
                       Optional<Keras_F32Tensor>:$scale,
                       Optional<Keras_F32Tensor>:$concat_score_weight,
                       StrAttr:$score_mode, BoolAttr:$use_causal_mask);
  let results = (outs Keras_F32Tensor:$output, Optional<Keras_F32Tensor>:$scores);
  let assemblyFormat = [{
    $query `,` $value (`key` $key^)? (`query_mask` $query_mask^)?
    (`value_mask` $value_mask^)? (`scale` $scale^)?
    (`concat_score_weight` $concat_score_weight^)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Keras_AdditiveAttentionOp : Keras_Op<"additive_attention",
    [Pure, AttrSizedOperandSegments]> {
  let summary = "AdditiveAttention (Bahdanau): scores Σ_d scale_d·tanh(q_i + k_j)";
  let description = [{
    As keras.attention, with scores Σ_d scale_d · tanh(q_i + k_j); `scale`
    (features,) is present iff use_scale (else 1). `scores`, when present,
    are the softmax weights (B, Tq, Tv).
  }];
  let arguments = (ins Keras_F32Tensor:$query, Keras_F32Tensor:$value,
                       Optional<Keras_F32Tensor>:$key,
                       Optional<Keras_MaskTensor>:$query_mask,
                       Optional<Keras_MaskTensor>:$value_mask,
                       Optional<Keras_F32Tensor>:$scale,
                       BoolAttr:$use_causal_mask);
  let results = (outs Keras_F32Tensor:$output, Optional<Keras_F32Tensor>:$scores);
  let assemblyFormat = [{
    $query `,` $value (`key` $key^)? (`query_mask` $query_mask^)?
    (`value_mask` $value_mask^)? (`scale` $scale^)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

class Keras_ProjectedAttentionOp<string mnemonic, string what>
    : Keras_Op<mnemonic, [Pure, AttrSizedOperandSegments]> {
  let summary = what;
  let results = (outs Keras_F32Tensor:$output, Optional<Keras_F32Tensor>:$scores);
  let assemblyFormat = [{
    $query `,` $value (`key` $key^)?
    `query_proj` $query_kernel (`,` $query_bias^)?
    `key_proj` $key_kernel (`,` $key_bias^)?
    `value_proj` $value_kernel (`,` $value_bias^)?
    `output_proj` $output_kernel (`,` $output_bias^)?
    (`gate_proj` $gate_kernel^)? (`gate_bias` $gate_bias^)?
    (`attention_mask` $attention_mask^)? (`query_mask` $query_mask^)?
    (`value_mask` $value_mask^)? (`key_mask` $key_mask^)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Keras_MultiHeadAttentionOp : Keras_ProjectedAttentionOp<"multi_head_attention",
    "MultiHeadAttention"> {
  let description = [{
    For 3-D inputs (B,T,D_q), (B,S,D_v), (B,S,D_k): Q = query·Wq + bq
    (B,T,N,key_dim), K and V likewise from key and value;
    L = (Q/√key_dim)·Kᵀ per head (B,N,T,S); masked logits (the AND of
    attention_mask, query_mask (B,T,1), value_mask and key_mask (B,1,S) and
    the causal j ≤ i mask) are replaced by -1e9 before the softmax over S
    (with `additive_mask`, -1e9 is added to them instead, in float32: the
    Softmax-layer masking of tf.keras and of Keras ≤ 3.9, spec §2.13, which
    differs from replacing only in fully masked rows whose logits differ
    by more than the float32 spacing at 1e9);
    with `zero_masked_probs` the masked probabilities are then set to 0
    (Keras ≥ 3.10 explicit path: fully masked rows give 0, otherwise uniform
    weights); O = P·V; with a gate (use_gate, Keras ≥ 3.14)
    O ⊙= sigmoid(query·Wg + bg), Wg (D_q, N, value_dim), bg (N, value_dim);
    output = Σ_{n,h} O·Wo + bo. Kernels have the Keras
    shapes (D_q, N, key_dim), (D_k, N, key_dim), (D_v, N, value_dim),
    (N, value_dim, O...) where O... is the output_shape (one or more dims);
    biases (N, dim) and (O...).

    Inputs of any rank r >= 3 (B, ..., D) project the same way over their
    last axis. Attention runs over `attention_axes` (distinct axes within
    [1, r - 2], in any order, which orders the attended axes of `scores`;
    absent: all of them, the Keras default): for every index of
    the other inner axes (which key and value must share with the query)
    and every head, the attended axes of the query and of the key are each
    flattened into one sequence and attended as above; the softmax runs
    over all attended key positions together (spec §2.26,
    `_build_attention_equation`). Masks and causal masking need 3-D inputs.
    `scores`, when present, are P with the layout Keras returns:
    (B, non-attended inner dims..., N, attended query dims...,
    attended key dims...), (B, N, T, S) for 3-D inputs.
  }];
  let arguments = (ins Keras_F32Tensor:$query, Keras_F32Tensor:$value,
                       Optional<Keras_F32Tensor>:$key,
                       Keras_F32Tensor:$query_kernel, Optional<Keras_F32Tensor>:$query_bias,
                       Keras_F32Tensor:$key_kernel, Optional<Keras_F32Tensor>:$key_bias,
                       Keras_F32Tensor:$value_kernel, Optional<Keras_F32Tensor>:$value_bias,
                       Keras_F32Tensor:$output_kernel, Optional<Keras_F32Tensor>:$output_bias,
                       Optional<Keras_F32Tensor>:$gate_kernel,
                       Optional<Keras_F32Tensor>:$gate_bias,
                       Optional<Keras_MaskTensor>:$attention_mask,
                       Optional<Keras_MaskTensor>:$query_mask,
                       Optional<Keras_MaskTensor>:$value_mask,
                       Optional<Keras_MaskTensor>:$key_mask,
                       I64Attr:$num_heads, I64Attr:$key_dim, I64Attr:$value_dim,
                       BoolAttr:$use_causal_mask, BoolAttr:$zero_masked_probs,
                       DefaultValuedAttr<BoolAttr, "false">:$additive_mask,
                       OptionalAttr<DenseI64ArrayAttr>:$attention_axes);
  let extraClassDeclaration = [{
    /// attention_axes, or the default: every axis but batch and features.
    ::llvm::SmallVector<int64_t> getAttendedAxes();
  }];
}

def Keras_GroupedQueryAttentionOp : Keras_ProjectedAttentionOp<"grouped_query_attention",
    "GroupQueryAttention: MHA whose key/value heads are shared by query-head groups"> {
  let description = [{
    As keras.multi_head_attention with `num_query_heads` query heads and
    `num_key_value_heads` (dividing it) key/value heads, all of `head_dim`:
    query head u reads key/value head u // (num_query_heads /
    num_key_value_heads) (repeat, not tile). Kernels (D, Nq, head_dim),
    (D, Nkv, head_dim) twice, (Nq, head_dim, D_out), the gate's
    (D, Nq, head_dim). Inputs are 3-D;
    `scores`, when present, are P (B, Nq, T, S).
  }];
  let arguments = (ins Keras_F32Tensor:$query, Keras_F32Tensor:$value,
                       Optional<Keras_F32Tensor>:$key,
                       Keras_F32Tensor:$query_kernel, Optional<Keras_F32Tensor>:$query_bias,
                       Keras_F32Tensor:$key_kernel, Optional<Keras_F32Tensor>:$key_bias,
                       Keras_F32Tensor:$value_kernel, Optional<Keras_F32Tensor>:$value_bias,
                       Keras_F32Tensor:$output_kernel, Optional<Keras_F32Tensor>:$output_bias,
                       Optional<Keras_F32Tensor>:$gate_kernel,
                       Optional<Keras_F32Tensor>:$gate_bias,
                       Optional<Keras_MaskTensor>:$attention_mask,
                       Optional<Keras_MaskTensor>:$query_mask,
                       Optional<Keras_MaskTensor>:$value_mask,
                       Optional<Keras_MaskTensor>:$key_mask,
                       I64Attr:$num_query_heads, I64Attr:$num_key_value_heads,
                       I64Attr:$head_dim,
                       BoolAttr:$use_causal_mask, BoolAttr:$zero_masked_probs,
                       DefaultValuedAttr<BoolAttr, "false">:$additive_mask);
}

include "kiln/Dialect/Keras/IR/KerasRecurrentOps.td"

#endif // KILN_DIALECT_KERAS_IR_KERASOPS_TD
