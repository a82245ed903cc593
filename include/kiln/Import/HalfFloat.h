//===- HalfFloat.h - 16-bit float decoding ----------------------*- C++ -*-===//
//
// Weights may be stored as IEEE binary16 (HDF5 float16 datasets, TF.js float16
// quantization) or as bfloat16 bit patterns (Keras 3 bfloat16 variables).
// Both decode exactly to float32.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_IMPORT_HALFFLOAT_H
#define KILN_IMPORT_HALFFLOAT_H

#include <cstdint>

namespace kiln::import {

/// IEEE 754 binary16 bits -> float (subnormals, infinities, NaN preserved).
float halfToFloat(uint16_t bits);

/// bfloat16 bits (the upper half of a float32) -> float.
float bfloat16ToFloat(uint16_t bits);

} // namespace kiln::import

#endif // KILN_IMPORT_HALFFLOAT_H
