//===- RecurrencePlan.h - A checked kiln_rt_recurrence_f32 call -----------===//
//
// Recurrence.cpp checks a call against the ABI contract and turns it into a
// RecurrencePlan: raw pointers and strides, plus what all tasks share (the
// recurrent weights in the padded gate layout, the recurrent bias). The
// kernel (RecurrenceKernel.cpp) then runs every step for one direction and a
// block of batch rows, alone or as one member of a team of threads that
// split the units (RecurrenceTeam.h).
//
// The kernel is compiled once per instruction set, and those builds include
// this header: it must declare only plain data and out-of-line functions. An
// inline function defined here would get an AVX-512 copy in one object, and
// the linker could pick that copy for the generic code.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_RECURRENCEPLAN_H
#define KILN_RUNTIME_RECURRENCEPLAN_H

#include <cstdint>

namespace kiln::rt {

/// Gate blocks, state rows and weight rows are padded to a multiple of this
/// many floats (64 bytes), itself a multiple of every kernel's vector width,
/// so that the kernel's loops handle whole, aligned vectors only.
constexpr int64_t kRecurrencePadding = 16;

/// A checked call. "Padded gate layout" below: G gate blocks of U units,
/// block g starting at g * paddedUnits, with zeros in the padding.
struct RecurrencePlan {
  int64_t cell = 0;  // kiln_cell
  int64_t gates = 0; // G
  int64_t batch = 0, steps = 0, directions = 0, units = 0;
  int64_t paddedUnits = 0; // units rounded up to kRecurrencePadding
  int64_t activation = 0, recurrentActivation = 0;
  float actAlpha = 0.f;
  bool returnSequences = false, zeroOutputForMask = false;
  bool goBackwards[2] = {false, false}, flipOutputs[2] = {false, false};

  // Operands: base pointers with the memref offset applied, strides in
  // elements, dims in the order of the contract.
  const float *projected = nullptr; // [B, T, D, G*U]
  int64_t projectedStrides[4] = {};
  /// The projected rows can be read in place as the padded gate layout
  /// (unit stride and U a multiple of kRecurrencePadding); else the kernel
  /// copies each row it uses.
  bool projectedInPlace = false;
  /// Per direction, U rows of recurrent weights in the padded gate layout,
  /// unit column stride, every row 64-byte aligned (kernelRowStride is a
  /// multiple of kRecurrencePadding).
  const float *kernel[2] = {nullptr, nullptr};
  int64_t kernelRowStride[2] = {0, 0};
  /// Recurrent bias in the padded gate layout; zeros when the call has none,
  /// so the kernel adds it unconditionally.
  const float *bias[2] = {nullptr, nullptr};
  const int8_t *mask = nullptr; // [B, T], null without KILN_RNN_HAS_MASK
  int64_t maskStrides[2] = {};
  const float *initialState = nullptr; // [D, S, B, U], null for zeros
  int64_t initialStateStrides[4] = {};
  /// [B, T, D, U]; without return_sequences the T stride is 0 and the kernel
  /// writes only the last output.
  float *outputs = nullptr;
  int64_t outputStrides[4] = {};
  float *finalState = nullptr; // [D, S, B, U]
  int64_t finalStateStrides[4] = {};
};

/// One direction and a block of batch rows: the unit of work Recurrence.cpp
/// hands out. Tasks never depend on each other.
struct RecurrenceTask {
  int64_t direction = 0, firstRow = 0, rows = 0;
};

struct RecurrenceTeam;

/// Runs every step of `task` as member `member` of `team` (every member
/// calls it with the same task) and writes the outputs and final states of
/// the member's units: all of them when the team has one member. Returns
/// false, before writing anything, when some member cannot allocate its
/// scratch memory (every member then returns false). Never throws: it runs
/// inside OpenMP regions.
using RecurrenceKernelFn = bool (*)(const RecurrencePlan &plan,
                                    const RecurrenceTask &task,
                                    RecurrenceTeam &team, int member);

/// One build of RecurrenceKernel.cpp per instruction set.
bool recurrenceKernelGeneric(const RecurrencePlan &plan,
                             const RecurrenceTask &task, RecurrenceTeam &team,
                             int member);
bool recurrenceKernelAvx2(const RecurrencePlan &plan,
                          const RecurrenceTask &task, RecurrenceTeam &team,
                          int member);
bool recurrenceKernelAvx512(const RecurrencePlan &plan,
                            const RecurrenceTask &task, RecurrenceTeam &team,
                            int member);

/// x[i] = activation(x[i]) for i < n with the scalar forms of Activation.h:
/// the kernel's fallback for the activations it has no vector form for.
/// `activation` must be valid (isRecurrenceActivation). Never throws.
void applyActivationInPlace(int64_t activation, float *x, int64_t n,
                            float actAlpha);

} // namespace kiln::rt

#endif // KILN_RUNTIME_RECURRENCEPLAN_H
