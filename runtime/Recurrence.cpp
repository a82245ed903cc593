//===- Recurrence.cpp - _mlir_ciface_kiln_rt_recurrence_f32 ---------------===//
//
// Checks a call against the contract in KilnRuntimeABI.h (a clear message
// for anything that does not match, never a crash), prepares the
// RecurrencePlan the kernel runs on, and runs the kernel
// (RecurrenceKernel.cpp, the build for the best instruction set of the CPU)
// over (direction, block of batch rows) tasks on the OpenMP runtime oneDNN
// uses. Rows and directions are independent for the whole sequence, so the
// tasks never synchronize between steps; threads beyond one per task (batch
// 1, typically) split the units of a task as a team, which meets at a
// barrier every step (RecurrenceTeam.h).
//
//===----------------------------------------------------------------------===//
#include "Activation.h"
#include "KernelIsa.h"
#include "Memref.h"
#include "OperandChecks.h"
#include "RecurrencePlan.h"
#include "RecurrenceTeam.h"
#include "RunContext.h"
#include "Shape.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using namespace kiln::rt;

namespace {

constexpr int64_t kKnownFlags =
    KILN_RNN_RETURN_SEQUENCES | KILN_RNN_ZERO_OUTPUT_FOR_MASK |
    KILN_RNN_HAS_MASK | KILN_RNN_HAS_INITIAL_STATE |
    KILN_RNN_HAS_RECURRENT_BIAS | KILN_RNN_GO_BACKWARDS(0) |
    KILN_RNN_GO_BACKWARDS(1) | KILN_RNN_FLIP_OUTPUTS(0) |
    KILN_RNN_FLIP_OUTPUTS(1);

struct CellKind {
  const char *name;
  int64_t gates;  // G
  int64_t states; // S
};

CellKind cellKind(int64_t cell) {
  switch (cell) {
  case KILN_CELL_SIMPLE_RNN:
    return {"SimpleRNN", 1, 1};
  case KILN_CELL_LSTM:
    return {"LSTM", 4, 2};
  case KILN_CELL_GRU:
    return {"GRU", 3, 1};
  case KILN_CELL_GRU_RESET_BEFORE:
    return {"GRU (reset_after=False)", 3, 1};
  }
  throw std::runtime_error("unknown cell kind " + std::to_string(cell));
}

/// The checked memrefs of a call; those the flags leave out stay empty.
struct Operands {
  CellKind kind;
  int64_t batch, steps, directions, units;
  StridedView projected, kernel, bias, mask, initialState, outputs, finalState;
};

Operands
readOperands(kiln_unranked_memref *projected,
             kiln_unranked_memref *recurrentKernel,
             kiln_unranked_memref *recurrentBias, kiln_unranked_memref *mask,
             kiln_unranked_memref *initialState, kiln_unranked_memref *outputs,
             kiln_unranked_memref *finalState, int64_t cell, int64_t activation,
             int64_t recurrentActivation, int64_t flags) {
  Operands o;
  o.kind = cellKind(cell);
  if (flags & ~kKnownFlags)
    throw std::runtime_error("unknown flag bits " +
                             std::to_string(flags & ~kKnownFlags));
  if (!isRecurrenceActivation(activation))
    throw std::runtime_error("unknown activation " +
                             std::to_string(activation));
  if (cell != KILN_CELL_SIMPLE_RNN &&
      !isRecurrenceActivation(recurrentActivation))
    throw std::runtime_error("unknown recurrent_activation " +
                             std::to_string(recurrentActivation));

  const std::string gatesNote = std::string("G = ") +
                                std::to_string(o.kind.gates) + " for " +
                                o.kind.name;
  o.projected = readOperand("projected input", projected, sizeof(float));
  expectRank("projected input", o.projected, 4, "[B, T, D, G*U]");
  o.batch = o.projected.sizes[0];
  o.steps = o.projected.sizes[1];
  o.directions = o.projected.sizes[2];
  if (o.directions != 1 && o.directions != 2)
    throw std::runtime_error("projected input has shape " +
                             formatShape(o.projected.sizes, o.projected.rank) +
                             ": D (dim 2) must be 1 or 2 directions");
  if (o.directions == 1 &&
      (flags & (KILN_RNN_GO_BACKWARDS(1) | KILN_RNN_FLIP_OUTPUTS(1))))
    throw std::runtime_error("flags for direction 1 with a single direction");

  o.kernel = readOperand("recurrent kernel", recurrentKernel, sizeof(float));
  expectRank("recurrent kernel", o.kernel, 3, "[D, U, G*U]");
  const int64_t b = o.batch, t = o.steps, d = o.directions;
  const int64_t u = o.units = o.kernel.sizes[1], gu = o.kind.gates * u;
  expectShape("recurrent kernel", o.kernel, {d, u, gu},
              "[D, U, G*U], " + gatesNote);
  expectShape("projected input", o.projected, {b, t, d, gu},
              "[B, T, D, G*U], " + gatesNote + ", U = " + std::to_string(u));
  if (flags & KILN_RNN_HAS_RECURRENT_BIAS) {
    o.bias = readOperand("recurrent bias", recurrentBias, sizeof(float));
    expectShape("recurrent bias", o.bias, {d, gu}, "[D, G*U], " + gatesNote);
  }
  if (flags & KILN_RNN_HAS_MASK) {
    o.mask = readOperand("mask", mask, sizeof(int8_t));
    expectShape("mask", o.mask, {b, t}, "[B, T]");
  }
  const int64_t s = o.kind.states;
  const std::string stateLayout =
      "[D, S, B, U], S = " + std::to_string(s) + " for " + o.kind.name;
  if (flags & KILN_RNN_HAS_INITIAL_STATE) {
    o.initialState = readOperand("initial state", initialState, sizeof(float));
    expectShape("initial state", o.initialState, {d, s, b, u}, stateLayout);
  }
  o.outputs = readOperand("outputs", outputs, sizeof(float));
  if (flags & KILN_RNN_RETURN_SEQUENCES)
    expectShape("outputs", o.outputs, {b, t, d, u},
                "[B, T, D, U] with return_sequences");
  else
    expectShape("outputs", o.outputs, {b, d, u},
                "[B, D, U] without return_sequences");
  expectNoOverlap("outputs", o.outputs);
  o.finalState = readOperand("final state", finalState, sizeof(float));
  expectShape("final state", o.finalState, {d, s, b, u}, stateLayout);
  expectNoOverlap("final state", o.finalState);
  return o;
}

const float *floats(const StridedView &v) {
  return reinterpret_cast<const float *>(v.base);
}

/// Zero-filled, 64-byte aligned buffers the plan points into, alive for the
/// whole call.
class PlanStorage {
public:
  float *allocate(int64_t count) {
    size_t bytes = (size_t(count) * sizeof(float) + 63) / 64 * 64;
    void *p = std::aligned_alloc(64, std::max<size_t>(bytes, 64));
    if (!p)
      throw std::bad_alloc();
    buffers.emplace_back(static_cast<float *>(p));
    std::memset(p, 0, bytes);
    return static_cast<float *>(p);
  }

private:
  struct Free {
    void operator()(float *p) const { std::free(p); }
  };
  std::vector<std::unique_ptr<float, Free>> buffers;
};

/// Points the plan at the recurrent weights in the padded gate layout with
/// 64-byte aligned rows: in place when the memref already is so (U a
/// multiple of kRecurrencePadding, unit column stride, aligned rows), else
/// in a copy made once per call. Streaming U is what bounds small batches,
/// and a vector load that straddles two cache lines costs two (measured
/// 1.4x slower per step at batch 1), so the copy pays for itself within a
/// step or two.
void planWeights(RecurrencePlan &plan, const StridedView &kernel,
                 PlanStorage &storage) {
  const int64_t u = plan.units, up = plan.paddedUnits;
  const int64_t gup = plan.gates * up;
  auto alignedStride = [](int64_t extent, int64_t stride) {
    return extent <= 1 || (stride * int64_t(sizeof(float))) % 64 == 0;
  };
  bool inPlace = u == up && kernel.strides[2] == 1 &&
                 reinterpret_cast<uintptr_t>(kernel.base) % 64 == 0 &&
                 alignedStride(u, kernel.strides[1]) &&
                 alignedStride(plan.directions, kernel.strides[0]);
  if (inPlace) {
    for (int64_t d = 0; d < plan.directions; ++d) {
      plan.kernel[d] = floats(kernel) + d * kernel.strides[0];
      plan.kernelRowStride[d] = kernel.strides[1];
    }
    return;
  }
  float *copy = storage.allocate(plan.directions * u * gup);
  for (int64_t d = 0; d < plan.directions; ++d) {
    plan.kernel[d] = copy + d * u * gup;
    plan.kernelRowStride[d] = gup;
    for (int64_t k = 0; k < u; ++k)
      for (int64_t g = 0; g < plan.gates; ++g) {
        const float *src = floats(kernel) + d * kernel.strides[0] +
                           k * kernel.strides[1] + g * u * kernel.strides[2];
        float *dst = copy + (d * u + k) * gup + g * up;
        for (int64_t j = 0; j < u; ++j)
          dst[j] = src[j * kernel.strides[2]];
      }
  }
}

/// The recurrent bias per direction in the padded gate layout, or zeros.
void planBias(RecurrencePlan &plan, const StridedView *bias,
              PlanStorage &storage) {
  const int64_t u = plan.units, up = plan.paddedUnits;
  float *padded =
      storage.allocate((bias ? plan.directions : 1) * plan.gates * up);
  for (int64_t d = 0; d < plan.directions; ++d) {
    if (!bias) {
      plan.bias[d] = padded;
      continue;
    }
    plan.bias[d] = padded + d * plan.gates * up;
    for (int64_t g = 0; g < plan.gates; ++g)
      for (int64_t j = 0; j < u; ++j)
        padded[d * plan.gates * up + g * up + j] = floats(
            *bias)[d * bias->strides[0] + (g * u + j) * bias->strides[1]];
  }
}

RecurrencePlan makePlan(const Operands &o, int64_t cell, int64_t activation,
                        int64_t recurrentActivation, float actAlpha,
                        int64_t flags, PlanStorage &storage) {
  RecurrencePlan plan;
  plan.cell = cell;
  plan.gates = o.kind.gates;
  plan.batch = o.batch;
  plan.steps = o.steps;
  plan.directions = o.directions;
  plan.units = o.units;
  plan.paddedUnits = (o.units + kRecurrencePadding - 1) / kRecurrencePadding *
                     kRecurrencePadding;
  plan.activation = activation;
  plan.recurrentActivation = recurrentActivation;
  plan.actAlpha = actAlpha;
  plan.returnSequences = flags & KILN_RNN_RETURN_SEQUENCES;
  plan.zeroOutputForMask = flags & KILN_RNN_ZERO_OUTPUT_FOR_MASK;
  for (int d = 0; d < 2; ++d) {
    plan.goBackwards[d] = flags & KILN_RNN_GO_BACKWARDS(d);
    plan.flipOutputs[d] = flags & KILN_RNN_FLIP_OUTPUTS(d);
  }

  plan.projected = floats(o.projected);
  std::copy(o.projected.strides, o.projected.strides + 4,
            plan.projectedStrides);
  // (U equal to its padding means U >= 16, so the inner stride is real.)
  plan.projectedInPlace =
      plan.paddedUnits == plan.units && o.projected.strides[3] == 1;

  if (plan.steps > 0) // else the kernel never reads them
    planWeights(plan, o.kernel, storage);
  planBias(plan, (flags & KILN_RNN_HAS_RECURRENT_BIAS) ? &o.bias : nullptr,
           storage);

  if (flags & KILN_RNN_HAS_MASK) {
    plan.mask = reinterpret_cast<const int8_t *>(o.mask.base);
    std::copy(o.mask.strides, o.mask.strides + 2, plan.maskStrides);
  }
  if (flags & KILN_RNN_HAS_INITIAL_STATE) {
    plan.initialState = floats(o.initialState);
    std::copy(o.initialState.strides, o.initialState.strides + 4,
              plan.initialStateStrides);
  }
  plan.outputs = reinterpret_cast<float *>(o.outputs.base);
  const int64_t *os = o.outputs.strides;
  if (plan.returnSequences) {
    std::copy(os, os + 4, plan.outputStrides);
  } else { // [B, D, U] as [B, 1, D, U]
    plan.outputStrides[0] = os[0];
    plan.outputStrides[1] = 0;
    plan.outputStrides[2] = os[1];
    plan.outputStrides[3] = os[2];
  }
  plan.finalState = reinterpret_cast<float *>(o.finalState.base);
  std::copy(o.finalState.strides, o.finalState.strides + 4,
            plan.finalStateStrides);
  return plan;
}

/// The kernel build for the best instruction set of this CPU.
/// KILN_RECURRENCE_ISA=generic or =avx2 caps it, for tests and for
/// comparing the builds.
RecurrenceKernelFn selectKernel() {
  switch (selectKernelIsa("KILN_RECURRENCE_ISA")) {
#if defined(KILN_X86_KERNELS)
  case KernelIsa::Avx512:
    return recurrenceKernelAvx512;
  case KernelIsa::Avx2:
    return recurrenceKernelAvx2;
#endif
  default:
    return recurrenceKernelGeneric;
  }
}

/// KILN_RECURRENCE_SPLIT, for tests and for measuring the rule: "force"
/// splits the units of every task among all the threads (two or more) and
/// never gives up, "handover" does too but gives up at the third barrier,
/// after a step or two (member 0 finishes alone), "off" never splits;
/// otherwise unitSplitPays decides and a team gives up when its members
/// keep waiting for each other.
enum class UnitSplit { Auto, Force, Handover, Off };

UnitSplit unitSplitSetting() {
  const char *setting = std::getenv("KILN_RECURRENCE_SPLIT");
  std::string_view wanted = setting ? setting : "";
  if (wanted == "force")
    return UnitSplit::Force;
  if (wanted == "handover")
    return UnitSplit::Handover;
  if (wanted == "off")
    return UnitSplit::Off;
  return UnitSplit::Auto;
}

/// After a team gave up (its members kept taking turns on a core), calls do
/// not split units until this time (steady clock, nanoseconds): each try
/// costs up to 10 ms of slow steps (RecurrenceTeam.cpp), and such load
/// tends to last.
std::atomic<int64_t> unitSplitPausedUntil{0};
constexpr std::chrono::milliseconds kUnitSplitPause{100};

/// Whether splitting the units among a team beats one thread per task when
/// there are threads to spare. Each member then streams its slice of U per
/// step instead of all of it, but the team meets at a barrier once per
/// step (twice for GRU reset_before), which costs ~0.25 us with two free
/// cores. Measured at batch 1 on 2 cores (RecurrenceBenchmark.UnitSplit),
/// it pays once a step streams 48 KiB of U per barrier (1.5x L1d there):
/// LSTM from U = 48, GRU from 64, SimpleRNN from 128 (even at 96), GRU
/// reset_before from 96 (at 64 it loses 10%).
bool unitSplitPays(const RecurrencePlan &plan) {
  const int64_t barriersPerStep =
      plan.cell == KILN_CELL_GRU_RESET_BEFORE ? 2 : 1;
  const int64_t bytesPerStep =
      plan.gates * plan.units * plan.units * int64_t(sizeof(float));
  return plan.units >= 64 && bytesPerStep / barriersPerStep >= 48 * 1024;
}

/// When the unit split pays, rows are split into blocks of this many rows
/// at least (but one block): with fewer, streaming U bounds a step rather
/// than the rows' arithmetic, and a team splitting U serves them better
/// (LSTM U = 128 on 2 threads, units vs rows split: 1.3x faster for 2
/// rows, 1.1x for 3, 1.05x for 4; 8 rows are 1.15x slower).
constexpr int64_t kMinRowsPerBlock = 4;

/// How a call's threads share its work: `directions x blocks` tasks (blocks
/// of batch rows), run by `teams` teams of `teamSize` threads that split the
/// units; team i runs tasks i, i + teams, ...
struct Schedule {
  int64_t blocks;
  int teamSize, teams;
};

Schedule scheduleFor(const RecurrencePlan &plan, int threads, UnitSplit split) {
  const int64_t directions = plan.directions, batch = plan.batch;
  // Directions and rows first: they never synchronize.
  int64_t blocks = std::clamp<int64_t>(threads / directions, 1, batch);
  int teamSize = 1;
  if ((split == UnitSplit::Force || split == UnitSplit::Handover) &&
      threads > 1) {
    blocks = 1;
    teamSize = threads;
  } else if (split == UnitSplit::Auto && unitSplitPays(plan) &&
             steadyNanos() >= unitSplitPausedUntil.load()) {
    blocks =
        std::min(blocks, (batch + kMinRowsPerBlock - 1) / kMinRowsPerBlock);
    // The threads left over, shared by the tasks; each member gets one
    // 64-byte line of units at least.
    const int64_t spare = threads / (directions * blocks);
    const int64_t lines = plan.paddedUnits / kRecurrencePadding;
    teamSize = int(std::max<int64_t>(1, std::min(spare, lines)));
    if (teamSize == 1) // no team after all: use every thread for rows
      blocks = std::clamp<int64_t>(threads / directions, 1, batch);
  }
  const int64_t tasks = directions * blocks;
  const int teams = int(std::clamp<int64_t>(threads / teamSize, 1, tasks));
  return {blocks, teamSize, teams};
}

/// The team's shared state buffers, for tasks of up to `rows` batch rows.
void allocateTeamBuffers(RecurrenceTeam &team, const RecurrencePlan &plan,
                         int64_t rows, PlanStorage &storage) {
  const int64_t floats = rows * plan.paddedUnits;
  team.h[0] = storage.allocate(floats);
  team.h[1] = storage.allocate(floats);
  if (plan.cell == KILN_CELL_LSTM)
    team.c = storage.allocate(floats);
  if (plan.cell == KILN_CELL_GRU_RESET_BEFORE)
    team.resetH = storage.allocate(floats);
}

void shareTeamBuffers(RecurrenceTeam &to, const RecurrenceTeam &from) {
  std::copy(from.h, from.h + 2, to.h);
  to.c = from.c;
  to.resetH = from.resetH;
}

/// Runs the tasks of the schedule (outputs and final states written) and
/// throws std::bad_alloc when a kernel ran out of memory.
void runTasks(const RecurrencePlan &plan, RecurrenceKernelFn kernel,
              PlanStorage &storage) {
  const UnitSplit split = unitSplitSetting();
  const Schedule schedule =
      scheduleFor(plan, std::max(1, omp_get_max_threads()), split);
  const int64_t blocks = schedule.blocks, tasks = plan.directions * blocks;
  const int64_t maxRows = (plan.batch + blocks - 1) / blocks;
  RecurrenceGiveUp giveUp;
  giveUp.whenStalled = split == UnitSplit::Auto;
  if (split == UnitSplit::Handover)
    giveUp.atBarrier = 2;
  std::vector<std::unique_ptr<RecurrenceTeam>> teams;
  for (int i = 0; i < schedule.teams; ++i) {
    teams.push_back(
        std::make_unique<RecurrenceTeam>(schedule.teamSize, giveUp));
    allocateTeamBuffers(*teams.back(), plan, maxRows, storage);
  }

  // Runs tasks first, first + stride, ... as `member` of `team`; once the
  // team has given up, member 0 runs the rest alone. False when out of
  // memory.
  auto runTeamTasks = [&](RecurrenceTeam &team, int64_t first, int64_t stride,
                          int member) {
    RecurrenceTeam alone(1, giveUp);
    shareTeamBuffers(alone, team);
    RecurrenceTeam *runAs = &team;
    for (int64_t index = first; index < tasks; index += stride) {
      if (runAs != &alone && team.barrier.gaveUp()) {
        if (member != 0)
          return true;
        runAs = &alone;
      }
      const int64_t block = index % blocks;
      RecurrenceTask task;
      task.direction = index / blocks;
      task.firstRow = plan.batch * block / blocks;
      task.rows = plan.batch * (block + 1) / blocks - task.firstRow;
      if (!kernel(plan, task, *runAs, member))
        return false;
    }
    return true;
  };
  const int threads = schedule.teams * schedule.teamSize;
  bool outOfMemory = false;
  if (threads == 1) {
    outOfMemory = !runTeamTasks(*teams[0], 0, 1, 0);
  } else {
#pragma omp parallel num_threads(threads) reduction(|| : outOfMemory)
    {
      const int id = omp_get_thread_num();
      if (omp_get_num_threads() == threads) {
        const int team = id / schedule.teamSize;
        outOfMemory = !runTeamTasks(*teams[team], team, schedule.teams,
                                    id % schedule.teamSize);
      } else if (id == 0) {
        // Fewer threads than asked for (a nested region, OMP_THREAD_LIMIT):
        // a team would wait for members that do not exist. One thread runs
        // every task alone.
        RecurrenceTeam alone(1, giveUp);
        shareTeamBuffers(alone, *teams[0]);
        outOfMemory = !runTeamTasks(alone, 0, 1, 0);
      }
    }
  }
  if (outOfMemory)
    throw std::bad_alloc();
  for (const auto &team : teams)
    if (split == UnitSplit::Auto && team->barrier.gaveUp())
      unitSplitPausedUntil.store(
          steadyNanos() + std::chrono::nanoseconds(kUnitSplitPause).count());
}

void recurrence(kiln_unranked_memref *projected,
                kiln_unranked_memref *recurrentKernel,
                kiln_unranked_memref *recurrentBias, kiln_unranked_memref *mask,
                kiln_unranked_memref *initialState,
                kiln_unranked_memref *outputs, kiln_unranked_memref *finalState,
                int64_t cell, int64_t activation, int64_t recurrentActivation,
                float actAlpha, int64_t flags) {
  Operands o = readOperands(projected, recurrentKernel, recurrentBias, mask,
                            initialState, outputs, finalState, cell, activation,
                            recurrentActivation, flags);
  if (o.batch == 0 || o.units == 0)
    return; // nothing to write
  PlanStorage storage;
  RecurrencePlan plan = makePlan(o, cell, activation, recurrentActivation,
                                 actAlpha, flags, storage);
  runTasks(plan, selectKernel(), storage);
}

} // namespace

extern "C" void _mlir_ciface_kiln_rt_recurrence_f32(
    kiln_unranked_memref *projected, kiln_unranked_memref *recurrent_kernel,
    kiln_unranked_memref *recurrent_bias, kiln_unranked_memref *mask,
    kiln_unranked_memref *initial_state, kiln_unranked_memref *outputs,
    kiln_unranked_memref *final_state, int64_t cell, int64_t activation,
    int64_t recurrent_activation, float act_alpha, int64_t flags) {
  // No ctx parameter: errors go to the run executing on this thread.
  guardedCall(currentRun(), "recurrence", [&] {
    recurrence(projected, recurrent_kernel, recurrent_bias, mask, initial_state,
               outputs, final_state, cell, activation, recurrent_activation,
               act_alpha, flags);
  });
}
