//===- ModelAttributes.h - Attributes of the model function -----*- C++ -*-===//
//
// The importer marks the function it builds for a Keras model and names the
// model's inputs and outputs with these attributes; the conversions and the
// object emitter read them. They live apart from the passes so that the
// importer needs no conversion headers (or their generated files) to set them.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KERAS_IR_MODELATTRIBUTES_H
#define KILN_DIALECT_KERAS_IR_MODELATTRIBUTES_H

#include "llvm/ADT/StringRef.h"

namespace kiln {

/// The unit attribute that marks the importer's model function.
inline constexpr llvm::StringLiteral kModelAttrName = "kiln.model";
/// The names of the model's inputs and outputs (arrays of strings), in
/// argument and result order.
inline constexpr llvm::StringLiteral kInputNamesAttrName = "kiln.input_names";
inline constexpr llvm::StringLiteral kOutputNamesAttrName = "kiln.output_names";

} // namespace kiln

#endif // KILN_DIALECT_KERAS_IR_MODELATTRIBUTES_H
