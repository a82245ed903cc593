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

#endif // KILN_DIALECT_KILN_IR_KILNOPS_TD
