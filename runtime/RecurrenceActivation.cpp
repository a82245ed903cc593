//===- RecurrenceActivation.cpp - Scalar activations for the kernel -------===//
//
// The recurrence kernel has vector forms only for Keras' common recurrent
// activations; it hands the others to this function. It lives in a generic
// (not per-instruction-set) object so that Activation.h's inline functions
// are only ever compiled for the baseline CPU.
//
//===----------------------------------------------------------------------===//
#include "Activation.h"
#include "RecurrencePlan.h"

namespace kiln::rt {

void applyActivationInPlace(int64_t activation, float *x, int64_t n,
                            float actAlpha) {
  for (int64_t i = 0; i < n; ++i)
    x[i] = applyActivation(activation, x[i], actAlpha);
}

} // namespace kiln::rt
