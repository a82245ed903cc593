#ifndef KILN_DIALECT_KERAS_IR_KERASDIALECT_TD
#define KILN_DIALECT_KERAS_IR_KERASDIALECT_TD

include "mlir/IR/OpBase.td"

def Keras_Dialect : Dialect {
  let name = "keras";
  let cppNamespace = "::kiln::keras";
  let summary = "One op per Keras layer, with Keras' inference semantics";
  let description = [{
    The importer produces this dialect: each op is one Keras layer call at
    inference (training=False), weights are operands (constants holding dense
    resources), `None` dims of Keras are dynamic tensor dims, and each op's
    location names the model file and the layer. Semantics follow
    shared/spec/keras-models.md §2; version-dependent behaviour is chosen by the
    importer and made explicit in attributes (e.g. the two hard_sigmoid
    formulas are two activation kinds).
  }];
  let useDefaultAttributePrinterParser = 1;
}

class Keras_Op<string mnemonic, list<Trait> traits = []>
    : Op<Keras_Dialect, mnemonic, traits>;

#endif // KILN_DIALECT_KERAS_IR_KERASDIALECT_TD
