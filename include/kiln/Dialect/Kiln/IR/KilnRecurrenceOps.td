//===- KilnRecurrenceOps.td - The recurrence library call --*- tablegen -*-===//
//
// Included by KilnOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNRECURRENCEOPS_TD
#define KILN_DIALECT_KILN_IR_KILNRECURRENCEOPS_TD

// Values match kiln_cell in include/kiln/Runtime/KilnRuntimeABI.h.
def Kiln_Cell : I32EnumAttr<"Cell", "recurrent cell of kiln.recurrence", [
    I32EnumAttrCase<"simple_rnn", 0>,
    I32EnumAttrCase<"lstm", 1>,
    I32EnumAttrCase<"gru", 2>,
    I32EnumAttrCase<"gru_reset_before", 3>,
  ]> {
  let cppNamespace = "::kiln";
  let genSpecializedAttr = 0;
}

def Kiln_CellAttr : EnumAttr<Kiln_Dialect, Kiln_Cell, "cell"> {
  let assemblyFormat = "`<` $value `>`";
}

// Values match kiln_activation in include/kiln/Runtime/KilnRuntimeABI.h: the
// recurrence kernel applies all of them, matmul post-ops only 0-7.
def Kiln_CellActivation : I32EnumAttr<"CellActivation",
    "activation applied inside kiln.recurrence", [
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"relu", 1>,
    I32EnumAttrCase<"tanh", 2>,
    I32EnumAttrCase<"sigmoid", 3>,
    I32EnumAttrCase<"gelu_erf", 4>,
    I32EnumAttrCase<"gelu_tanh", 5>,
    I32EnumAttrCase<"elu", 6>,
    I32EnumAttrCase<"swish", 7>,
    I32EnumAttrCase<"hard_sigmoid_keras2", 8>,
    I32EnumAttrCase<"hard_sigmoid", 9>,
    I32EnumAttrCase<"softsign", 10>,
    I32EnumAttrCase<"softplus", 11>,
    I32EnumAttrCase<"selu", 12>,
    I32EnumAttrCase<"exponential", 13>,
    I32EnumAttrCase<"relu6", 14>,
    I32EnumAttrCase<"hard_silu", 15>,
    I32EnumAttrCase<"mish", 16>,
    I32EnumAttrCase<"leaky_relu", 17>,
  ]> {
  let cppNamespace = "::kiln";
  let genSpecializedAttr = 0;
}

def Kiln_CellActivationAttr : EnumAttr<Kiln_Dialect, Kiln_CellActivation, "cell_activation"> {
  let assemblyFormat = "`<` $value `>`";
}

def Kiln_RecurrenceOp : Kiln_Op<"recurrence", [
    DestinationStyleOpInterface, AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "The recurrent part of D recurrent layers, as one library call";
  let description = [{
    Runs D (1 or 2) independent recurrences of one cell over a sequence whose
    input projections x_t·W + b are already computed (spec §2.19-2.22):
    `projected` is [B, T, D, G·U], `recurrent_kernel` [D, U, G·U],
    `recurrent_bias` [D, G·U] (gru only: added to h·U before the reset
    gate), `mask` [B, T] i8 (nonzero = keep the step), `initial_state`
    [D, S, B, U] (zeros when absent; S = 2 for lstm: h, c). It overwrites
    `outputs` — [B, T, D, U] with `return_sequences`, else [B, D, U] (the
    last processed step's output) — and `final_state` [D, S, B, U].

    At a masked step the state is kept and the output repeats the previous
    step's output (0 at the first step), or is 0 with
    `zero_output_for_mask`. Direction d runs from the last step to the first
    when `go_backwards[d]`; its step k's output is stored at time T-1-k when
    `flip_outputs[d]` (Bidirectional's backward direction), else at k.

    The CPU pipeline lowers the memref form to kiln_rt_recurrence_f32, which
    runs batch rows and directions in parallel.
  }];
  let arguments = (ins AnyShaped:$projected, AnyShaped:$recurrent_kernel,
                       Optional<AnyShaped>:$recurrent_bias, Optional<AnyShaped>:$mask,
                       Optional<AnyShaped>:$initial_state,
                       AnyShaped:$outputs, AnyShaped:$final_state,
                       Kiln_CellAttr:$cell,
                       Kiln_CellActivationAttr:$activation,
                       Kiln_CellActivationAttr:$recurrent_activation,
                       DefaultValuedAttr<F32Attr, "0.0f">:$activation_alpha,
                       UnitAttr:$return_sequences, UnitAttr:$zero_output_for_mask,
                       DenseBoolArrayAttr:$go_backwards, DenseBoolArrayAttr:$flip_outputs);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let assemblyFormat = [{
    `ins` `(` $projected `,` $recurrent_kernel `:` type($projected) `,` type($recurrent_kernel) `)`
    (`recurrent_bias` `(` $recurrent_bias^ `:` type($recurrent_bias) `)`)?
    (`mask` `(` $mask^ `:` type($mask) `)`)?
    (`initial_state` `(` $initial_state^ `:` type($initial_state) `)`)?
    `outs` `(` $outputs `,` $final_state `:` type($outputs) `,` type($final_state) `)`
    attr-dict (`->` type($results)^)?
  }];
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() {
      return ::mlir::MutableOperandRange(getOperation(),
                                         getOperation()->getNumOperands() - 2, 2);
    }
    /// Gate blocks of the cell (1, 3 or 4).
    int64_t getNumGates();
    /// State tensors per direction (2 for lstm, else 1).
    int64_t getNumStates();
  }];
  let hasVerifier = 1;
}

#endif // KILN_DIALECT_KILN_IR_KILNRECURRENCEOPS_TD
