//===- Activation.h - Scalar versions of the matmul activations -----------===//
//
// oneDNN applies activations as post-ops; these scalar forms are only for
// the cases oneDNN does not cover (a matmul with K == 0, whose result is the
// activation of the bias alone). They follow oneDNN's definitions.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_ACTIVATION_H
#define KILN_RUNTIME_ACTIVATION_H

#include "Export.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace kiln::rt {

inline bool isKnownActivation(int64_t act) {
  return act >= KILN_ACT_NONE && act <= KILN_ACT_SWISH;
}

inline float applyActivation(int64_t act, float x, float actAlpha) {
  switch (act) {
  case KILN_ACT_NONE:
    return x;
  case KILN_ACT_RELU:
    return x > 0.f ? x : 0.f;
  case KILN_ACT_TANH:
    return std::tanh(x);
  case KILN_ACT_SIGMOID:
    return 1.f / (1.f + std::exp(-x));
  case KILN_ACT_GELU_ERF:
    return 0.5f * x * (1.f + std::erf(x * 0.70710678118654752f));
  case KILN_ACT_GELU_TANH: {
    const float k = 0.79788456080286536f; // sqrt(2/pi)
    return 0.5f * x * (1.f + std::tanh(k * (x + 0.044715f * x * x * x)));
  }
  case KILN_ACT_ELU:
    return x > 0.f ? x : actAlpha * (std::exp(x) - 1.f);
  case KILN_ACT_SWISH:
    return x / (1.f + std::exp(-x));
  default:
    throw std::runtime_error("unknown activation " + std::to_string(act));
  }
}

} // namespace kiln::rt

#endif // KILN_RUNTIME_ACTIVATION_H
