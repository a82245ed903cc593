#ifndef KILN_DIALECT_KERAS_IR_KERASOPS_H
#define KILN_DIALECT_KERAS_IR_KERASOPS_H

#include "kiln/Dialect/Keras/IR/KerasDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "kiln/Dialect/Keras/IR/KerasEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "kiln/Dialect/Keras/IR/KerasAttrs.h.inc"

#define GET_OP_CLASSES
#include "kiln/Dialect/Keras/IR/KerasOps.h.inc"

namespace kiln::keras {
/// Whether `kind` can be a recurrent cell's activation or recurrent
/// activation: elementwise and without parameters beyond Keras' defaults.
bool isCellActivation(ActivationKind kind);
} // namespace kiln::keras

#endif // KILN_DIALECT_KERAS_IR_KERASOPS_H
