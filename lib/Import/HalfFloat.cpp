//===- HalfFloat.cpp ------------------------------------------------------===//

#include "kiln/Import/HalfFloat.h"

#include <cstring>

namespace kiln::import {

namespace {
float floatFromBits(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}
} // namespace

float halfToFloat(uint16_t bits) {
  uint32_t sign = uint32_t(bits & 0x8000u) << 16;
  uint32_t exponent = (bits >> 10) & 0x1fu;
  uint32_t mantissa = bits & 0x3ffu;
  if (exponent == 0x1f) // infinity or NaN (payload kept)
    return floatFromBits(sign | 0x7f800000u | (mantissa << 13));
  if (exponent != 0) // normal: rebias 15 -> 127
    return floatFromBits(sign | ((exponent + 112) << 23) | (mantissa << 13));
  if (mantissa == 0)
    return floatFromBits(sign);
  // Subnormal half: normalize into a float32 normal.
  int shift = 0;
  while ((mantissa & 0x400u) == 0) {
    mantissa <<= 1;
    ++shift;
  }
  mantissa &= 0x3ffu;
  return floatFromBits(sign | (uint32_t(113 - shift) << 23) | (mantissa << 13));
}

float bfloat16ToFloat(uint16_t bits) {
  return floatFromBits(uint32_t(bits) << 16);
}

} // namespace kiln::import
