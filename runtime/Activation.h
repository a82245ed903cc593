//===- Activation.h - Scalar forms of the kiln_activation values ----------===//
//
// oneDNN applies the matmul's activations (KILN_ACT_NONE .. KILN_ACT_SWISH)
// as post-ops; the scalar forms here cover what oneDNN does not: a matmul
// with K == 0 (whose result is the activation of the bias alone), following
// oneDNN's definitions, and the recurrence kernel's activations that have no
// vectorized form there (the rarely used ones, including every value above
// KILN_ACT_SWISH, with the formulas of spec §2.4).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_ACTIVATION_H
#define KILN_RUNTIME_ACTIVATION_H

#include "Export.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace kiln::rt {

/// Activations a matmul accepts (oneDNN post-ops).
inline bool isKnownActivation(int64_t act) {
  return act >= KILN_ACT_NONE && act <= KILN_ACT_SWISH;
}

/// Activations the recurrence kernel accepts: every kiln_activation.
inline bool isRecurrenceActivation(int64_t act) {
  return act >= KILN_ACT_NONE && act <= KILN_ACT_LEAKY_RELU;
}

/// Keras 3's hard_sigmoid, relu6(x + 3) / 6; hard_silu builds on it.
inline float hardSigmoid(float x) {
  return std::min(std::max(x + 3.f, 0.f), 6.f) / 6.f;
}

/// log(1 + e^x) without overflow for large x or loss for very negative x.
inline float softplus(float x) {
  return x > 0.f ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
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
  case KILN_ACT_HARD_SIGMOID_KERAS2:
    return std::min(std::max(0.2f * x + 0.5f, 0.f), 1.f);
  case KILN_ACT_HARD_SIGMOID:
    return hardSigmoid(x);
  case KILN_ACT_SOFTSIGN:
    return x / (1.f + std::fabs(x));
  case KILN_ACT_SOFTPLUS:
    return softplus(x);
  case KILN_ACT_SELU: {
    const float alpha = 1.67326324f, scale = 1.05070098f;
    return scale * (x > 0.f ? x : alpha * std::expm1(x));
  }
  case KILN_ACT_EXPONENTIAL:
    return std::exp(x);
  case KILN_ACT_RELU6:
    return std::min(std::max(x, 0.f), 6.f);
  case KILN_ACT_HARD_SILU:
    return x * hardSigmoid(x);
  case KILN_ACT_MISH:
    return x * std::tanh(softplus(x));
  case KILN_ACT_LEAKY_RELU:
    return x >= 0.f ? x : actAlpha * x;
  default:
    throw std::runtime_error("unknown activation " + std::to_string(act));
  }
}

} // namespace kiln::rt

#endif // KILN_RUNTIME_ACTIVATION_H
