//===- KerasRecurrentOps.td - Recurrent layers and Masking -*- tablegen -*-===//
//
// LSTM, GRU, SimpleRNN, their Bidirectional wrapping, and the Masking layer
// (spec §2.19-2.23). Included by KerasOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KERAS_IR_KERASRECURRENTOPS_TD
#define KILN_DIALECT_KERAS_IR_KERASRECURRENTOPS_TD

def Keras_RecurrentCell : I32EnumAttr<"RecurrentCell", "Keras recurrent cell", [
    I32EnumAttrCase<"simple_rnn", 0>,       // h = act(x W + b + h U)
    I32EnumAttrCase<"lstm", 1>,             // gates i, f, c, o
    I32EnumAttrCase<"gru", 2>,              // gates z, r, h; reset_after = True
    I32EnumAttrCase<"gru_reset_before", 3>, // reset_after = False
  ]> {
  let cppNamespace = "::kiln::keras";
  let genSpecializedAttr = 0;
}

def Keras_RecurrentCellAttr : EnumAttr<Keras_Dialect, Keras_RecurrentCell, "cell"> {
  let assemblyFormat = "`<` $value `>`";
}

def Keras_MergeMode : I32EnumAttr<"MergeMode", "Bidirectional merge_mode", [
    I32EnumAttrCase<"concat", 0>,
    I32EnumAttrCase<"sum", 1>,
    I32EnumAttrCase<"mul", 2>,
    I32EnumAttrCase<"ave", 3>,
    I32EnumAttrCase<"none", 4>, // merge_mode=None: both outputs, unmerged
  ]> {
  let cppNamespace = "::kiln::keras";
  let genSpecializedAttr = 0;
}

def Keras_MergeModeAttr : EnumAttr<Keras_Dialect, Keras_MergeMode, "merge_mode"> {
  let assemblyFormat = "`<` $value `>`";
}

def Keras_RecurrentOp : Keras_Op<"recurrent", [Pure, AttrSizedOperandSegments]> {
  let summary = "LSTM / GRU / SimpleRNN over a sequence, or a Bidirectional pair of them";
  let description = [{
    One recurrent layer (one direction) or a Bidirectional layer (two
    directions of the same cell). `input` is (B, T, F); per direction d,
    `kernels[d]` is (F, G·U), `recurrent_kernels[d]` (U, G·U) and
    `biases[d]` (G·U) — (2, G·U) for `gru` (reset_after: input bias row 0,
    recurrent bias row 1) — where G is 1 (simple_rnn), 4 (lstm, gates
    i, f, c, o) or 3 (gru, gates z, r, h). Biases are all present or all
    absent. `mask` (B, T) skips steps (the state is kept, the output repeats
    the previous output, or is 0 with `zero_output_for_mask`).
    `initial_states` are absent (zeros) or S per direction ((B, U) each;
    S = 2 for lstm: h then c), directions in order.

    `go_backwards[d]` processes direction d from the last step to the first;
    its sequence output is in processing order, except that the second
    direction's output is flipped back to input order (Bidirectional).

    Results: the output — (B, T, U·D) for concat, (B, T, U) for the other
    merges, with `return_sequences`, else without the T axis — or, for
    merge_mode none, one output per direction; then, with `return_state`,
    the final states of each direction in order (S per direction, (B, U)).
  }];
  let arguments = (ins Keras_F32Tensor:$input,
                       Variadic<Keras_F32Tensor>:$kernels,
                       Variadic<Keras_F32Tensor>:$recurrent_kernels,
                       Variadic<Keras_F32Tensor>:$biases,
                       Optional<Keras_MaskTensor>:$mask,
                       Variadic<Keras_F32Tensor>:$initial_states,
                       Keras_RecurrentCellAttr:$cell, I64Attr:$units,
                       Keras_ActivationKindAttr:$activation,
                       Keras_ActivationKindAttr:$recurrent_activation,
                       BoolAttr:$return_sequences, BoolAttr:$return_state,
                       BoolAttr:$zero_output_for_mask,
                       DenseBoolArrayAttr:$go_backwards,
                       Keras_MergeModeAttr:$merge_mode);
  let results = (outs Variadic<Keras_F32Tensor>:$results);
  let assemblyFormat = [{
    $input `kernels` `(` $kernels `)` `recurrent_kernels` `(` $recurrent_kernels `)`
    (`biases` `(` $biases^ `)`)? (`mask` $mask^)?
    (`initial_states` `(` $initial_states^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// Directions: 1, or 2 for Bidirectional.
    int64_t getNumDirections() { return getGoBackwards().size(); }
    /// Gate blocks of the cell (1, 3 or 4).
    int64_t getNumGates();
    /// State tensors per direction (2 for LSTM, else 1).
    int64_t getNumStates();
    /// Output results before the states (2 for merge_mode none, else 1).
    int64_t getNumOutputs();
  }];
  let hasVerifier = 1;
}

def Keras_MaskingOp : Keras_Op<"masking", [Pure]> {
  let summary = "Masking: zeroes the steps whose features all equal mask_value";
  let description = [{
    output = input · any(input ≠ mask_value, axis=-1, keepdims=True). The
    layer's Keras mask is keras.value_mask of the same input.
  }];
  let arguments = (ins Keras_F32Tensor:$input, F32Attr:$mask_value);
  let results = (outs Keras_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Keras_ValueMaskOp : Keras_Op<"value_mask", [Pure]> {
  let summary = "The Keras mask of Masking: any(input ≠ mask_value, axis=-1)";
  let arguments = (ins Keras_F32Tensor:$input, F32Attr:$mask_value);
  let results = (outs Keras_MaskTensor:$mask);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

#endif // KILN_DIALECT_KERAS_IR_KERASRECURRENTOPS_TD
