#ifndef KILN_DIALECT_KILN_IR_KILNDIALECT_TD
#define KILN_DIALECT_KILN_IR_KILNDIALECT_TD

include "mlir/IR/OpBase.td"

def Kiln_Dialect : Dialect {
  let name = "kiln";
  let cppNamespace = "::kiln";
  let summary = "Kiln's own compute ops: library calls and fused attention";
  let description = [{
    Ops that upstream MLIR has no counterpart for: a matmul with the fused
    bias and activation post-ops that oneDNN applies in one pass over the
    output (linalg.matmul cannot carry them), and later the fused attention.
    Ops are destination-style and work on tensors or, after bufferization, on
    memrefs.
  }];
  let useDefaultAttributePrinterParser = 1;
}

class Kiln_Op<string mnemonic, list<Trait> traits = []>
    : Op<Kiln_Dialect, mnemonic, traits>;

#endif // KILN_DIALECT_KILN_IR_KILNDIALECT_TD
