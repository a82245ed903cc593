//===- RecurrenceCells.h - Gate math of the recurrence kernel -------------===//
//
// The element-wise part of a step, for one batch row and a slice of the
// units (all of them, or one team member's share): fused passes over the
// gate vectors while they are in L1, with fast vector sigmoid/tanh
// (VectorMath.h) where the activations allow.
//
// Only for the per-instruction-set builds of RecurrenceKernel.cpp, and in an
// anonymous namespace for the reason VectorMath.h gives.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_RECURRENCECELLS_H
#define KILN_RUNTIME_RECURRENCECELLS_H

#include "Export.h"
#include "RecurrencePlan.h"
#include "VectorMath.h"

#include <cstdint>

namespace kiln::rt {
namespace {

//===--- Activations ------------------------------------------------------===//

struct TanhFn {
  VecF operator()(VecF x) const { return tanhVec(x); }
};
struct SigmoidFn {
  VecF operator()(VecF x) const { return sigmoidVec(x); }
};
/// Any kiln_activation, chosen at run time: vector forms for the common
/// ones, the scalar forms of Activation.h for the others.
struct AnyActivationFn {
  int64_t activation;
  float actAlpha;
  VecF operator()(VecF x) const {
    switch (activation) {
    case KILN_ACT_NONE:
      return x;
    case KILN_ACT_RELU:
      return maxVec(x, VecF{});
    case KILN_ACT_TANH:
      return tanhVec(x);
    case KILN_ACT_SIGMOID:
      return sigmoidVec(x);
    default: {
      alignas(kVectorBytes) float lanes[kLanes];
      storeVec(lanes, x);
      applyActivationInPlace(activation, lanes, kLanes, actAlpha);
      return loadVec(lanes);
    }
    }
  }
};

//===--- Cells ------------------------------------------------------------===//

/// One batch row and a slice of `width` units (whole vectors) at one step.
/// Every pointer is at the slice's first unit; gate block g of a buffer
/// starts g times its block stride further.
struct RowArgs {
  float *gates; // h·U, blocks `width` apart (GRU reset_before: z, r of h·U
                // and h of (r ⊙ h)·U)
  const float *input; // projected x_t W + b
  int64_t inputBlock;
  const float *bias; // recurrent bias
  int64_t biasBlock;
  const float *hIn; // h_{t-1}
  float *hOut;      // h_t (hIn itself would do for a thread alone)
  float *c;         // LSTM: c, updated in place
  float *resetH;    // GRU reset_before: r ⊙ h_{t-1}
  int64_t width;
};

/// Gate block g at vector j before its activation: recurrent product +
/// projected input + recurrent bias.
inline VecF gateSum(const RowArgs &a, int64_t g, int64_t j) {
  return loadVec(a.gates + g * a.width + j) +
         loadVec(a.input + g * a.inputBlock + j) +
         loadVec(a.bias + g * a.biasBlock + j);
}

/// i, f, c, o (spec §2.20).
template <class Act, class RecAct>
void lstmRow(const RowArgs &a, Act act, RecAct rec) {
  for (int64_t j = 0; j < a.width; j += kLanes) {
    VecF i = rec(gateSum(a, 0, j)), f = rec(gateSum(a, 1, j));
    VecF candidate = act(gateSum(a, 2, j)), o = rec(gateSum(a, 3, j));
    VecF c = f * loadVec(a.c + j) + i * candidate;
    storeVec(a.c + j, c);
    storeVec(a.hOut + j, o * act(c));
  }
}

/// h_t = z h_{t-1} + (1 - z) candidate (spec §2.21: z weights the old state).
inline void gruUpdate(const RowArgs &a, int64_t j, VecF z, VecF candidate) {
  VecF h = loadVec(a.hIn + j);
  storeVec(a.hOut + j, candidate + z * (h - candidate));
}

/// z, r, h with reset_after (spec §2.21): r scales h·U_h + b_h.
template <class Act, class RecAct>
void gruRow(const RowArgs &a, Act act, RecAct rec) {
  for (int64_t j = 0; j < a.width; j += kLanes) {
    VecF z = rec(gateSum(a, 0, j)), r = rec(gateSum(a, 1, j));
    VecF recurrent = loadVec(a.gates + 2 * a.width + j) +
                     loadVec(a.bias + 2 * a.biasBlock + j);
    VecF x = loadVec(a.input + 2 * a.inputBlock + j);
    gruUpdate(a, j, z, act(x + r * recurrent));
  }
}

/// GRU reset_before, first half: z (kept in the gate buffer) and r ⊙ h,
/// the left operand of the second product.
template <class RecAct> void gruResetGates(const RowArgs &a, RecAct rec) {
  for (int64_t j = 0; j < a.width; j += kLanes) {
    VecF z = rec(gateSum(a, 0, j)), r = rec(gateSum(a, 1, j));
    storeVec(a.gates + j, z);
    storeVec(a.resetH + j, r * loadVec(a.hIn + j));
  }
}

/// GRU reset_before, second half: the candidate from (r ⊙ h)·U_h.
template <class Act> void gruResetCandidate(const RowArgs &a, Act act) {
  for (int64_t j = 0; j < a.width; j += kLanes)
    gruUpdate(a, j, loadVec(a.gates + j), act(gateSum(a, 2, j)));
}

template <class Act> void simpleRnnRow(const RowArgs &a, Act act) {
  for (int64_t j = 0; j < a.width; j += kLanes)
    storeVec(a.hOut + j, act(gateSum(a, 0, j)));
}

} // namespace
} // namespace kiln::rt

#endif // KILN_RUNTIME_RECURRENCECELLS_H
