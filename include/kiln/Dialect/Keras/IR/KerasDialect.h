#ifndef KILN_DIALECT_KERAS_IR_KERASDIALECT_H
#define KILN_DIALECT_KERAS_IR_KERASDIALECT_H

#include "mlir/IR/Dialect.h"

#include "kiln/Dialect/Keras/IR/KerasOpsDialect.h.inc"

#endif // KILN_DIALECT_KERAS_IR_KERASDIALECT_H
