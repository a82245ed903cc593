//===- RecurrenceKernel.cpp - The steps of kiln_rt_recurrence_f32 ---------===//
//
// Runs every step of one direction for a block of batch rows. Per step:
//  1. the recurrent product h·U for all rows of the block, in register tiles
//     of up to 6 rows x 4 vectors (AVX-512) that load each U vector once for
//     all their rows, the tiles of a column chunk visited back to back so
//     that chunk of U stays in L1;
//  2. the cell's gate math, one fused pass per row over its gate vectors
//     while they are in L1 (fast vector sigmoid/tanh, VectorMath.h);
//  3. the outputs.
// Rows never wait for other rows, so Recurrence.cpp runs blocks in parallel
// without any per-step synchronization.
//
// Compiled once per instruction set (runtime/CMakeLists.txt), with
// KILN_RECURRENCE_KERNEL naming the entry point of the build; Recurrence.cpp
// picks one with cpuid. Everything else here has internal linkage, so the
// linker cannot mix code of different builds.
//
//===----------------------------------------------------------------------===//
#include "Export.h"
#include "RecurrencePlan.h"
#include "VectorMath.h"

#include <cstdlib>
#include <cstring>

#ifndef KILN_RECURRENCE_KERNEL
#error "build through the kiln_recurrence_* object libraries (CMakeLists.txt)"
#endif

namespace kiln::rt {
namespace {

static_assert(kRecurrencePadding % kLanes == 0,
              "padded blocks must hold whole vectors");

inline int64_t minOf(int64_t a, int64_t b) { return a < b ? a : b; }

//===--- Recurrent product ------------------------------------------------===//

// Accumulators of a tile stay in registers: rows x vectors of them, plus the
// loaded weight vectors and a broadcast, must fit the register file (32
// vector registers with AVX-512, 16 otherwise). One or two rows (batch 1)
// get wider tiles so that enough independent FMA chains hide the latency.
constexpr int kMaxTileRows = kLanes == 16 ? 6 : 4;
constexpr int kNarrowTileVectors = kLanes == 16 ? 4 : 2;
constexpr int kWideTileVectors = 2 * kNarrowTileVectors;
constexpr int kWideTileMaxRows = 2;

/// out[r][0 .. Vectors * kLanes) = sum over k < depth of lhs[r][k] * w[k][..]
/// for r < Rows.
template <int Rows, int Vectors>
__attribute__((noinline)) void
productTile(const float *__restrict lhs, int64_t lhsStride, int64_t depth,
            const float *__restrict w, int64_t wStride, float *__restrict out,
            int64_t outStride) {
  VecF acc[Rows][Vectors];
#pragma GCC unroll 8
  for (int r = 0; r < Rows; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < Vectors; ++v)
      acc[r][v] = VecF{};
  for (int64_t k = 0; k < depth; ++k) {
    const float *wk = w + k * wStride;
    VecF wv[Vectors];
#pragma GCC unroll 8
    for (int v = 0; v < Vectors; ++v)
      wv[v] = loadVec(wk + v * kLanes);
#pragma GCC unroll 8
    for (int r = 0; r < Rows; ++r) {
      float hk = lhs[r * lhsStride + k];
#pragma GCC unroll 8
      for (int v = 0; v < Vectors; ++v)
        acc[r][v] += wv[v] * hk;
    }
  }
#pragma GCC unroll 8
  for (int r = 0; r < Rows; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < Vectors; ++v)
      storeVec(out + r * outStride + v * kLanes, acc[r][v]);
}

struct ProductArgs {
  const float *lhs;
  int64_t lhsStride, depth;
  const float *w;
  int64_t wStride;
  float *out;
  int64_t outStride;
};

/// productTile<Rows, vectors> for a run-time vector count <= MaxVectors.
template <int Rows, int MaxVectors>
void productTileWithVectors(int vectors, const ProductArgs &a) {
  if constexpr (MaxVectors > 0) {
    if (vectors == MaxVectors)
      return productTile<Rows, MaxVectors>(a.lhs, a.lhsStride, a.depth, a.w,
                                           a.wStride, a.out, a.outStride);
    productTileWithVectors<Rows, MaxVectors - 1>(vectors, a);
  }
}

/// productTile for run-time row and vector counts.
template <int MaxRows>
void productTileWithRows(int rows, int vectors, const ProductArgs &a) {
  if constexpr (MaxRows > 0) {
    if (rows == MaxRows) {
      constexpr int maxVectors =
          MaxRows <= kWideTileMaxRows ? kWideTileVectors : kNarrowTileVectors;
      return productTileWithVectors<MaxRows, maxVectors>(vectors, a);
    }
    productTileWithRows<MaxRows - 1>(rows, vectors, a);
  }
}

/// out[r][0 .. vectors * kLanes) = lhs[r] · w for r < rows. Column chunks
/// are the outer loop so that a chunk of w is reused from L1 by every row
/// tile.
void multiply(const float *lhs, int64_t lhsStride, int64_t rows, int64_t depth,
              const float *w, int64_t wStride, int64_t vectors, float *out,
              int64_t outStride) {
  const int64_t chunk =
      rows <= kWideTileMaxRows ? kWideTileVectors : kNarrowTileVectors;
  for (int64_t v = 0; v < vectors; v += chunk) {
    int chunkVectors = int(minOf(chunk, vectors - v));
    for (int64_t r = 0; r < rows; r += kMaxTileRows) {
      int tileRows = int(minOf(kMaxTileRows, rows - r));
      ProductArgs a{lhs + r * lhsStride,
                    lhsStride,
                    depth,
                    w + v * kLanes,
                    wStride,
                    out + r * outStride + v * kLanes,
                    outStride};
      productTileWithRows<kMaxTileRows>(tileRows, chunkVectors, a);
    }
  }
}

/// gates[r][first .. first + columns) = lhs[r] · U[:, first .. first +
/// columns) for r < rows, in the padded gate layout (whole vectors).
void multiplyGates(const RecurrencePlan &plan, int64_t direction,
                   const float *lhs, int64_t rows, int64_t firstColumn,
                   int64_t columns, float *gates, int64_t gateStride) {
  multiply(lhs, plan.paddedUnits, rows, plan.units,
           plan.kernel[direction] + firstColumn,
           plan.kernelRowStride[direction], columns / kLanes,
           gates + firstColumn, gateStride);
}

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

/// One row of the block at one step. Gate blocks (of the product, projected
/// input and bias) are paddedUnits apart; n = paddedUnits.
struct RowArgs {
  float *gates;       // h·U (GRU reset_before: z, r of h·U; h of (r⊙h)·U)
  const float *input; // projected x_t W + b
  const float *bias;  // recurrent bias
  float *h, *c;       // state, updated in place
  float *resetH;      // GRU reset_before: r ⊙ h_{t-1}
  int64_t n;
};

/// Gate block g at vector j before its activation: recurrent product +
/// projected input + recurrent bias.
inline VecF gateSum(const RowArgs &a, int64_t g, int64_t j) {
  const int64_t at = g * a.n + j;
  return loadVec(a.gates + at) + loadVec(a.input + at) + loadVec(a.bias + at);
}

/// i, f, c, o (spec §2.20).
template <class Act, class RecAct>
void lstmRow(const RowArgs &a, Act act, RecAct rec) {
  for (int64_t j = 0; j < a.n; j += kLanes) {
    VecF i = rec(gateSum(a, 0, j)), f = rec(gateSum(a, 1, j));
    VecF candidate = act(gateSum(a, 2, j)), o = rec(gateSum(a, 3, j));
    VecF c = f * loadVec(a.c + j) + i * candidate;
    storeVec(a.c + j, c);
    storeVec(a.h + j, o * act(c));
  }
}

/// h_t = z h_{t-1} + (1 - z) candidate (spec §2.21: z weights the old state).
inline void gruUpdate(const RowArgs &a, int64_t j, VecF z, VecF candidate) {
  VecF h = loadVec(a.h + j);
  storeVec(a.h + j, candidate + z * (h - candidate));
}

/// z, r, h with reset_after (spec §2.21): r scales h·U_h + b_h.
template <class Act, class RecAct>
void gruRow(const RowArgs &a, Act act, RecAct rec) {
  const int64_t n = a.n;
  for (int64_t j = 0; j < n; j += kLanes) {
    VecF z = rec(gateSum(a, 0, j)), r = rec(gateSum(a, 1, j));
    VecF recurrent = loadVec(a.gates + 2 * n + j) + loadVec(a.bias + 2 * n + j);
    gruUpdate(a, j, z, act(loadVec(a.input + 2 * n + j) + r * recurrent));
  }
}

/// GRU reset_before, first half: z (kept in the gate buffer) and r ⊙ h,
/// the left operand of the second product.
template <class RecAct> void gruResetGates(const RowArgs &a, RecAct rec) {
  for (int64_t j = 0; j < a.n; j += kLanes) {
    VecF z = rec(gateSum(a, 0, j)), r = rec(gateSum(a, 1, j));
    storeVec(a.gates + j, z);
    storeVec(a.resetH + j, r * loadVec(a.h + j));
  }
}

/// GRU reset_before, second half: the candidate from (r ⊙ h)·U_h.
template <class Act> void gruResetCandidate(const RowArgs &a, Act act) {
  for (int64_t j = 0; j < a.n; j += kLanes)
    gruUpdate(a, j, loadVec(a.gates + j), act(gateSum(a, 2, j)));
}

template <class Act> void simpleRnnRow(const RowArgs &a, Act act) {
  for (int64_t j = 0; j < a.n; j += kLanes)
    storeVec(a.h + j, act(gateSum(a, 0, j)));
}

//===--- Steps ------------------------------------------------------------===//

/// Rounds a float count up to whole 64-byte lines.
int64_t alignedFloats(int64_t n) {
  return (n + kRecurrencePadding - 1) / kRecurrencePadding * kRecurrencePadding;
}

/// Everything one task works on: the plan, its rows, and its scratch memory
/// (state and gate rows are paddedUnits / gates * paddedUnits floats apart).
class Task {
public:
  Task(const RecurrencePlan &plan, int64_t direction, int64_t firstRow,
       int64_t rows)
      : plan(plan), direction(direction), firstRow(firstRow), rows(rows),
        n(plan.paddedUnits), gateStride(plan.gates * plan.paddedUnits) {}
  ~Task() { std::free(memory); }
  Task(const Task &) = delete;
  Task &operator=(const Task &) = delete;

  bool allocate();
  template <class Act, class RecAct> void run(Act act, RecAct rec);

private:
  void loadInitialState();
  void storeResults();
  const float *inputRow(int64_t row, int64_t t);
  RowArgs rowArgs(int64_t row) const;
  template <class Act, class RecAct> void step(int64_t k, Act act, RecAct rec);
  void writeOutput(int64_t row, int64_t t, bool zero);

  const RecurrencePlan &plan;
  const int64_t direction, firstRow, rows, n, gateStride;

  void *memory = nullptr;
  float *h = nullptr, *c = nullptr, *resetH = nullptr, *gates = nullptr;
  float *inputCopies = nullptr;        // rows x gateStride, when not in place
  const float **inputs = nullptr;      // per row: its projected input this step
  unsigned char *keep = nullptr;       // per row: unmasked this step
  unsigned char *seen = nullptr;       // per row: some step was unmasked
  unsigned char *zeroOutput = nullptr; // per row: the last output was 0
};

bool Task::allocate() {
  const bool lstm = plan.cell == KILN_CELL_LSTM;
  const bool resetBefore = plan.cell == KILN_CELL_GRU_RESET_BEFORE;
  int64_t stateFloats = alignedFloats(rows * n);
  int64_t gateFloats = alignedFloats(rows * gateStride);
  int64_t floats = stateFloats * (1 + lstm + resetBefore) + gateFloats +
                   (plan.projectedInPlace ? 0 : gateFloats);
  int64_t pointerBytes =
      alignedFloats(rows * 2) * sizeof(float); // 8 bytes each
  int64_t flagBytes = alignedFloats(3 * rows) * sizeof(float);
  size_t bytes = size_t(floats) * sizeof(float) + pointerBytes + flagBytes;
  memory = std::aligned_alloc(64, bytes);
  if (!memory)
    return false;
  std::memset(memory, 0, bytes);
  float *next = static_cast<float *>(memory);
  auto take = [&](int64_t count) {
    float *p = next;
    next += count;
    return p;
  };
  h = take(stateFloats);
  c = lstm ? take(stateFloats) : nullptr;
  resetH = resetBefore ? take(stateFloats) : nullptr;
  gates = take(gateFloats);
  inputCopies = plan.projectedInPlace ? nullptr : take(gateFloats);
  inputs = reinterpret_cast<const float **>(next);
  keep = reinterpret_cast<unsigned char *>(next) + pointerBytes;
  seen = keep + rows;
  zeroOutput = seen + rows;
  return true;
}

void Task::loadInitialState() {
  if (!plan.initialState)
    return; // zeros
  const int64_t *s = plan.initialStateStrides;
  for (int64_t row = 0; row < rows; ++row)
    for (int64_t state = 0; state < (c ? 2 : 1); ++state) {
      const float *src = plan.initialState + direction * s[0] + state * s[1] +
                         (firstRow + row) * s[2];
      float *dst = (state ? c : h) + row * n;
      for (int64_t j = 0; j < plan.units; ++j)
        dst[j] = src[j * s[3]];
    }
}

/// Row `row`'s projected input at time t, in the padded gate layout.
const float *Task::inputRow(int64_t row, int64_t t) {
  const int64_t *s = plan.projectedStrides;
  const float *src =
      plan.projected + (firstRow + row) * s[0] + t * s[1] + direction * s[2];
  if (plan.projectedInPlace)
    return src;
  float *dst = inputCopies + row * gateStride;
  for (int64_t g = 0; g < plan.gates; ++g)
    for (int64_t j = 0; j < plan.units; ++j)
      dst[g * n + j] = src[(g * plan.units + j) * s[3]];
  return dst;
}

RowArgs Task::rowArgs(int64_t row) const {
  return {gates + row * gateStride,
          inputs[row],
          plan.bias[direction],
          h + row * n,
          c ? c + row * n : nullptr,
          resetH ? resetH + row * n : nullptr,
          n};
}

/// Writes row `row`'s output (its h, or zeros) at time position t.
void Task::writeOutput(int64_t row, int64_t t, bool zero) {
  const int64_t *s = plan.outputStrides;
  float *dst =
      plan.outputs + (firstRow + row) * s[0] + t * s[1] + direction * s[2];
  const float *src = h + row * n;
  if (s[3] == 1) {
    if (zero)
      std::memset(dst, 0, plan.units * sizeof(float));
    else
      std::memcpy(dst, src, plan.units * sizeof(float));
    return;
  }
  for (int64_t j = 0; j < plan.units; ++j)
    dst[j * s[3]] = zero ? 0.f : src[j];
}

template <class Act, class RecAct>
void Task::step(int64_t k, Act act, RecAct rec) {
  const int64_t last = plan.steps - 1;
  const int64_t t = plan.goBackwards[direction] ? last - k : k;
  int64_t kept = 0;
  for (int64_t row = 0; row < rows; ++row) {
    keep[row] = !plan.mask || plan.mask[(firstRow + row) * plan.maskStrides[0] +
                                        t * plan.maskStrides[1]] != 0;
    if (keep[row]) {
      inputs[row] = inputRow(row, t);
      ++kept;
    }
  }

  if (kept) {
    // GRU reset_before multiplies h by the z and r blocks only here.
    const int64_t stateGates =
        plan.cell == KILN_CELL_GRU_RESET_BEFORE ? 2 : plan.gates;
    multiplyGates(plan, direction, h, rows, 0, stateGates * n, gates,
                  gateStride);
    switch (plan.cell) {
    case KILN_CELL_SIMPLE_RNN:
      for (int64_t row = 0; row < rows; ++row)
        if (keep[row])
          simpleRnnRow(rowArgs(row), act);
      break;
    case KILN_CELL_LSTM:
      for (int64_t row = 0; row < rows; ++row)
        if (keep[row])
          lstmRow(rowArgs(row), act, rec);
      break;
    case KILN_CELL_GRU:
      for (int64_t row = 0; row < rows; ++row)
        if (keep[row])
          gruRow(rowArgs(row), act, rec);
      break;
    case KILN_CELL_GRU_RESET_BEFORE:
      for (int64_t row = 0; row < rows; ++row)
        if (keep[row])
          gruResetGates(rowArgs(row), rec);
      // Rows not kept multiply a stale r ⊙ h; their gates are not used.
      multiplyGates(plan, direction, resetH, rows, 2 * n, n, gates, gateStride);
      for (int64_t row = 0; row < rows; ++row)
        if (keep[row])
          gruResetCandidate(rowArgs(row), act);
      break;
    }
  }

  // A masked step keeps the state and repeats the previous output, which is
  // the state's h once some step was unmasked, else 0 (spec §2.19).
  const int64_t position = plan.flipOutputs[direction] ? last - k : k;
  for (int64_t row = 0; row < rows; ++row) {
    seen[row] |= keep[row];
    zeroOutput[row] = !keep[row] && (plan.zeroOutputForMask || !seen[row]);
    if (plan.returnSequences)
      writeOutput(row, position, zeroOutput[row]);
  }
}

void Task::storeResults() {
  const int64_t *s = plan.finalStateStrides;
  for (int64_t row = 0; row < rows; ++row) {
    for (int64_t state = 0; state < (c ? 2 : 1); ++state) {
      float *dst = plan.finalState + direction * s[0] + state * s[1] +
                   (firstRow + row) * s[2];
      const float *src = (state ? c : h) + row * n;
      for (int64_t j = 0; j < plan.units; ++j)
        dst[j * s[3]] = src[j];
    }
    if (!plan.returnSequences) // the last output; 0 when there are no steps
      writeOutput(row, 0, plan.steps == 0 || zeroOutput[row]);
  }
}

template <class Act, class RecAct> void Task::run(Act act, RecAct rec) {
  loadInitialState();
  for (int64_t k = 0; k < plan.steps; ++k)
    step(k, act, rec);
  storeResults();
}

/// Task::run with the fast activation functors where the plan allows them
/// (Keras' defaults: tanh and sigmoid).
void runWithActivations(Task &task, const RecurrencePlan &plan) {
  AnyActivationFn act{plan.activation, plan.actAlpha};
  AnyActivationFn rec{plan.recurrentActivation, plan.actAlpha};
  bool tanhAct = plan.activation == KILN_ACT_TANH;
  bool sigmoidRec = plan.recurrentActivation == KILN_ACT_SIGMOID;
  if (tanhAct && sigmoidRec)
    task.run(TanhFn{}, SigmoidFn{});
  else if (tanhAct)
    task.run(TanhFn{}, rec);
  else if (sigmoidRec)
    task.run(act, SigmoidFn{});
  else
    task.run(act, rec);
}

} // namespace

bool KILN_RECURRENCE_KERNEL(const RecurrencePlan &plan, int64_t direction,
                            int64_t firstRow, int64_t rows) {
  Task task(plan, direction, firstRow, rows);
  if (!task.allocate())
    return false;
  runWithActivations(task, plan);
  return true;
}

} // namespace kiln::rt
