//===- RecurrenceKernel.cpp - The steps of kiln_rt_recurrence_f32 ---------===//
//
// Runs every step of one direction for a block of batch rows, as one member
// of a team of threads (RecurrenceTeam.h) that split the units, or alone
// (a team of one, which owns all units). Per step, for the member's slice of
// the units, i.e. its columns of all G gate blocks:
//  1. the recurrent product h_{t-1}·U for all rows of the block
//     (RecurrenceProduct.h);
//  2. the cell's gate math (RecurrenceCells.h), writing h_t of the slice;
//  3. the outputs of the slice;
//  4. the team's barrier: the next step reads all of h_t.
// At batch 1 a step is bound by streaming U from L2, so a member copies its
// slice of U into a private buffer once per call, where it stays in its
// core's cache, and a team of k threads streams 1/k of U each per step.
// Every unit's dot products run in the same order whichever member computes
// them, so the results do not depend on the team size, nor on when a team
// that gives up (RecurrenceTeam.h) hands all units over to member 0.
//
// Compiled once per instruction set (runtime/CMakeLists.txt), with
// KILN_RECURRENCE_KERNEL naming the entry point of the build; Recurrence.cpp
// picks one with cpuid. Everything else here has internal linkage, so the
// linker cannot mix code of different builds.
//
//===----------------------------------------------------------------------===//
#include "Export.h"
#include "RecurrenceCells.h"
#include "RecurrencePlan.h"
#include "RecurrenceProduct.h"
#include "RecurrenceTeam.h"
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

/// Rounds a float count up to whole 64-byte lines.
int64_t alignedFloats(int64_t n) {
  return (n + kRecurrencePadding - 1) / kRecurrencePadding * kRecurrencePadding;
}

inline int64_t maxOf(int64_t a, int64_t b) { return a > b ? a : b; }

/// A member's units [first, first + width) of the padded units.
struct Slice {
  int64_t first, width;
};

/// Splits the padded units as evenly as possible into whole 64-byte lines,
/// so that no two members write one cache line of the shared state, or into
/// whole vectors when there are fewer lines than members. A member may get
/// nothing (more members than vectors); it then only meets the others at
/// the barriers.
Slice sliceOf(int64_t paddedUnits, int teamSize, int member) {
  const int64_t granule = paddedUnits / kRecurrencePadding >= teamSize
                              ? kRecurrencePadding
                              : kLanes;
  const int64_t granules = paddedUnits / granule;
  const int64_t begin = granules * member / teamSize;
  const int64_t end = granules * (member + 1) / teamSize;
  return {begin * granule, (end - begin) * granule};
}

/// One member's work on one task, with its scratch memory. Buffers of the
/// slice hold G gate blocks of `width` floats per row, rows `gateStride`
/// apart; the team's state buffers hold whole rows, paddedUnits apart.
class Task {
public:
  Task(const RecurrencePlan &plan, const RecurrenceTask &task,
       RecurrenceTeam &team, int member)
      : plan(plan), direction(task.direction), firstRow(task.firstRow),
        rows(task.rows), n(plan.paddedUnits), team(team), member(member),
        alone(team.size == 1) {
    setSlice(sliceOf(n, team.size, member));
  }
  ~Task() { std::free(memory); }
  Task(const Task &) = delete;
  Task &operator=(const Task &) = delete;

  /// Allocates the scratch memory, copies the slice of the weights and
  /// loads the slice of the initial state. False when out of memory.
  bool prepare();
  template <class Act, class RecAct> void run(Act act, RecAct rec);

private:
  void setSlice(Slice slice);
  bool allocate();
  void copyWeights();
  void loadInitialState();
  bool goesOnAfterBarrier();
  const float *inputRow(int64_t row, int64_t t);
  RowArgs rowArgs(int64_t row, const float *hIn, float *hOut) const;
  void prefetchState(const float *state) const;
  void multiplyGates(const float *lhs, int64_t firstGate, int64_t gateCount);
  template <class Act, class RecAct> void step(int64_t k, Act act, RecAct rec);
  void writeOutput(int64_t row, int64_t position, bool zero, const float *h);
  void storeResults();

  const RecurrencePlan &plan;
  const int64_t direction, firstRow, rows, n;
  RecurrenceTeam &team;
  const int member;
  /// No one to meet: a team of one, or member 0 of a team that gave up
  /// (both own all units).
  bool alone;

  // The slice, and how the buffers of its layout are laid out.
  int64_t first = 0, width = 0;
  int64_t ownUnits = 0;   // units of the slice that exist (not padding)
  int64_t gateStride = 0; // floats per row of the slice's buffers
  int64_t inputBlock = 0; // gate block stride of the projected rows used
  /// The slice of U: the plan's weights when the slice is all units, else a
  /// private copy in the slice layout.
  const float *weights = nullptr;
  int64_t weightStride = 0;

  void *memory = nullptr;
  float *weightCopy = nullptr;
  float *gates = nullptr;
  float *inputCopies = nullptr;        // when the rows cannot be read in place
  const float **inputs = nullptr;      // per row: its projected input this step
  unsigned char *keep = nullptr;       // per row: unmasked this step
  unsigned char *seen = nullptr;       // per row: some step was unmasked
  unsigned char *zeroOutput = nullptr; // per row: the last output was 0
};

void Task::setSlice(Slice slice) {
  first = slice.first;
  width = slice.width;
  ownUnits = minOf(width, maxOf(0, plan.units - first));
  gateStride = alignedFloats(plan.gates * width);
  inputBlock = plan.projectedInPlace ? plan.units : width;
  if (width == n) {
    weights = plan.kernel[direction];
    weightStride = plan.kernelRowStride[direction];
  } else {
    weights = weightCopy;
    weightStride = gateStride;
  }
}

bool Task::allocate() {
  // Without steps the plan has no weights, and nothing reads them.
  const int64_t weightFloats =
      width == n || plan.steps == 0 ? 0 : plan.units * gateStride;
  // The gate and input buffers fit all units: member 0 takes them all over
  // when the team gives up.
  const int64_t gateFloats = alignedFloats(rows * plan.gates * n);
  const int64_t floats =
      weightFloats + gateFloats + (plan.projectedInPlace ? 0 : gateFloats);
  const int64_t pointerBytes =
      alignedFloats(rows * 2) * sizeof(float); // 8 bytes each
  const int64_t flagBytes = alignedFloats(3 * rows) * sizeof(float);
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
  weightCopy = weightFloats ? take(weightFloats) : nullptr;
  gates = take(gateFloats);
  inputCopies = plan.projectedInPlace ? nullptr : take(gateFloats);
  inputs = reinterpret_cast<const float **>(next);
  keep = reinterpret_cast<unsigned char *>(next) + pointerBytes;
  seen = keep + rows;
  zeroOutput = seen + rows;
  if (weightCopy)
    weights = weightCopy;
  return true;
}

/// Row k of the copy: the slice's columns of each gate block, back to back
/// (so a gate block is `width` apart, as in the plan's layout for a slice
/// of all units).
void Task::copyWeights() {
  if (!weightCopy)
    return;
  const float *kernel = plan.kernel[direction];
  for (int64_t k = 0; k < plan.units; ++k)
    for (int64_t g = 0; g < plan.gates; ++g)
      std::memcpy(weightCopy + k * gateStride + g * width,
                  kernel + k * plan.kernelRowStride[direction] + g * n + first,
                  width * sizeof(float));
}

/// The slice of the team's h[0], which step 0 reads, and of c.
void Task::loadInitialState() {
  const int64_t *s = plan.initialStateStrides;
  for (int64_t row = 0; row < rows; ++row)
    for (int64_t state = 0; state < (team.c ? 2 : 1); ++state) {
      float *dst = (state ? team.c : team.h[0]) + row * n + first;
      std::memset(dst, 0, width * sizeof(float)); // the team reuses buffers
      if (!plan.initialState)
        continue; // zeros
      const float *src = plan.initialState + direction * s[0] + state * s[1] +
                         (firstRow + row) * s[2] + first * s[3];
      for (int64_t j = 0; j < ownUnits; ++j)
        dst[j] = src[j * s[3]];
    }
}

bool Task::prepare() {
  if (!allocate())
    return false;
  copyWeights();
  loadInitialState();
  return true;
}

/// Called after each barrier: whether this member goes on. When the team
/// gives up, member 0 takes all units over from the next step on (the
/// state is whole in the team's buffers) and the others stop.
bool Task::goesOnAfterBarrier() {
  if (alone || !team.barrier.gaveUp())
    return true;
  if (member != 0)
    return false;
  alone = true;
  setSlice({0, n});
  if (inputCopies) // padding lanes must be 0 in the new layout
    std::memset(inputCopies, 0, rows * gateStride * sizeof(float));
  return true;
}

/// Row `row`'s projected input at time t, from the slice's first unit, gate
/// blocks inputBlock apart.
const float *Task::inputRow(int64_t row, int64_t t) {
  const int64_t *s = plan.projectedStrides;
  const float *src =
      plan.projected + (firstRow + row) * s[0] + t * s[1] + direction * s[2];
  if (plan.projectedInPlace)
    return src + first;
  float *dst = inputCopies + row * gateStride;
  for (int64_t g = 0; g < plan.gates; ++g)
    for (int64_t j = 0; j < ownUnits; ++j)
      dst[g * width + j] = src[(g * plan.units + first + j) * s[3]];
  return dst;
}

RowArgs Task::rowArgs(int64_t row, const float *hIn, float *hOut) const {
  const int64_t state = row * n + first;
  return {gates + row * gateStride,
          inputs[row],
          inputBlock,
          plan.bias[direction] + first,
          n,
          hIn + state,
          hOut + state,
          team.c ? team.c + state : nullptr,
          team.resetH ? team.resetH + state : nullptr,
          width};
}

/// Requests every line of a state buffer's rows at once, rather than one
/// at a time as the product reaches them.
void Task::prefetchState(const float *state) const {
  for (int64_t row = 0; row < rows; ++row)
    for (int64_t j = 0; j < plan.units; j += kRecurrencePadding)
      __builtin_prefetch(state + row * n + j);
}

/// The slice's columns of gate blocks [firstGate, firstGate + gateCount)
/// of lhs · U, for every row.
void Task::multiplyGates(const float *lhs, int64_t firstGate,
                         int64_t gateCount) {
  multiply(lhs, n, rows, plan.units, weights + firstGate * width, weightStride,
           gateCount * width / kLanes, gates + firstGate * width, gateStride);
}

/// Writes the slice of row `row`'s output (its h_t `h` from the slice's
/// first unit, or zeros) at time position `position`.
void Task::writeOutput(int64_t row, int64_t position, bool zero,
                       const float *h) {
  const int64_t *s = plan.outputStrides;
  float *dst = plan.outputs + (firstRow + row) * s[0] + position * s[1] +
               direction * s[2] + first * s[3];
  if (s[3] == 1) {
    if (zero)
      std::memset(dst, 0, ownUnits * sizeof(float));
    else
      std::memcpy(dst, h, ownUnits * sizeof(float));
    return;
  }
  for (int64_t j = 0; j < ownUnits; ++j)
    dst[j * s[3]] = zero ? 0.f : h[j];
}

template <class Act, class RecAct>
void Task::step(int64_t k, Act act, RecAct rec) {
  const int64_t last = plan.steps - 1;
  const int64_t t = plan.goBackwards[direction] ? last - k : k;
  const float *hIn = team.h[k % 2];
  float *hOut = team.h[(k + 1) % 2];
  // Every member reads the same mask, so all take the same branches below
  // and meet at the same barriers.
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
    if (!alone) // the other members' units are in their caches: fetch them
      prefetchState(hIn);
    // GRU reset_before multiplies h by the z and r blocks only here.
    const int64_t stateGates =
        plan.cell == KILN_CELL_GRU_RESET_BEFORE ? 2 : plan.gates;
    multiplyGates(hIn, 0, stateGates);
    switch (plan.cell) {
    case KILN_CELL_SIMPLE_RNN:
      for (int64_t row = 0; row < rows; ++row)
        if (keep[row])
          simpleRnnRow(rowArgs(row, hIn, hOut), act);
      break;
    case KILN_CELL_LSTM:
      for (int64_t row = 0; row < rows; ++row)
        if (keep[row])
          lstmRow(rowArgs(row, hIn, hOut), act, rec);
      break;
    case KILN_CELL_GRU:
      for (int64_t row = 0; row < rows; ++row)
        if (keep[row])
          gruRow(rowArgs(row, hIn, hOut), act, rec);
      break;
    case KILN_CELL_GRU_RESET_BEFORE:
      for (int64_t row = 0; row < rows; ++row)
        if (keep[row])
          gruResetGates(rowArgs(row, hIn, hOut), rec);
      if (!alone) { // the candidate's product needs all units of r ⊙ h
        team.barrier.arriveAndWait();
        prefetchState(team.resetH);
      }
      // Rows not kept multiply a stale r ⊙ h; their gates are not used.
      multiplyGates(team.resetH, 2, 1);
      for (int64_t row = 0; row < rows; ++row)
        if (keep[row])
          gruResetCandidate(rowArgs(row, hIn, hOut), act);
      break;
    }
  }

  // A masked step keeps the state and repeats the previous output, which is
  // the state's h once some step was unmasked, else 0 (spec §2.19).
  const int64_t position = plan.flipOutputs[direction] ? last - k : k;
  for (int64_t row = 0; row < rows; ++row) {
    float *h = hOut + row * n + first;
    if (!keep[row])
      std::memcpy(h, hIn + row * n + first, width * sizeof(float));
    seen[row] |= keep[row];
    zeroOutput[row] = !keep[row] && (plan.zeroOutputForMask || !seen[row]);
    if (plan.returnSequences)
      writeOutput(row, position, zeroOutput[row], h);
  }
  // h_t is whole once every member has written its units.
  if (!alone)
    team.barrier.arriveAndWait();
}

void Task::storeResults() {
  const int64_t *s = plan.finalStateStrides;
  const float *hFinal = team.h[plan.steps % 2];
  for (int64_t row = 0; row < rows; ++row) {
    const float *h = hFinal + row * n + first;
    for (int64_t state = 0; state < (team.c ? 2 : 1); ++state) {
      float *dst = plan.finalState + direction * s[0] + state * s[1] +
                   (firstRow + row) * s[2] + first * s[3];
      const float *src = state ? team.c + row * n + first : h;
      for (int64_t j = 0; j < ownUnits; ++j)
        dst[j * s[3]] = src[j];
    }
    if (!plan.returnSequences) // the last output; 0 when there are no steps
      writeOutput(row, 0, plan.steps == 0 || zeroOutput[row], h);
  }
}

template <class Act, class RecAct> void Task::run(Act act, RecAct rec) {
  for (int64_t k = 0;; ++k) {
    if (!goesOnAfterBarrier())
      return;
    if (k == plan.steps)
      break;
    step(k, act, rec);
  }
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

bool KILN_RECURRENCE_KERNEL(const RecurrencePlan &plan,
                            const RecurrenceTask &task, RecurrenceTeam &team,
                            int member) {
  Task work(plan, task, team, member);
  // The first barrier: step 0 reads every member's initial state, and no
  // member may start (and write outputs) unless all have their memory.
  if (!team.barrier.arriveAndCheck(work.prepare()))
    return false;
  runWithActivations(work, plan);
  return true;
}

} // namespace kiln::rt
