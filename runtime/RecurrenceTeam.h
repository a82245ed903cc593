//===- RecurrenceTeam.h - Threads that split one recurrence's units -------===//
//
// With more threads than (direction, block of batch rows) tasks, typically
// batch 1, Recurrence.cpp gives each task a team of threads. Each member
// computes the gates of its own slice of the units (RecurrenceKernel.cpp),
// writes its part of the new state into the team's shared buffers, and
// meets the others at the team's barrier before the next step reads the
// whole state.
//
// A step-synchronous team only progresses while all its members run at
// once. On a machine with more runnable threads than cores they rarely do,
// and every step then waits for a scheduler time slice: the barrier notices
// and the team gives up, member 0 finishing alone.
//
// The kernel builds for each instruction set include this header: like
// RecurrencePlan.h it declares only plain data and out-of-line functions.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_RECURRENCETEAM_H
#define KILN_RUNTIME_RECURRENCETEAM_H

#include <atomic>
#include <cstdint>

namespace kiln::rt {

/// The steady clock in nanoseconds: what the barrier times waits and steps
/// with (about 40 ns a read).
int64_t steadyNanos();

/// When a team stops meeting and lets member 0 finish alone.
struct RecurrenceGiveUp {
  /// When its members keep waiting for one that is not running.
  bool whenStalled = true;
  /// At this barrier (counting from 0) whatever happens, if >= 0: for
  /// tests of the hand-over.
  int64_t atBarrier = -1;
};

/// A barrier for a few threads that meet once or twice per step, every
/// microsecond or so: an OpenMP barrier would cost a good part of a step.
/// Waiters spin on a generation counter, then yield, then sleep on a futex,
/// so that when a member is preempted the others hand their cores back
/// instead of burning whole time slices. Waits that outlast the spinning
/// ("stalls") are counted: when they are frequent the team gives up.
class RecurrenceBarrier {
public:
  RecurrenceBarrier(int threads, RecurrenceGiveUp giveUp);
  RecurrenceBarrier(const RecurrenceBarrier &) = delete;
  RecurrenceBarrier &operator=(const RecurrenceBarrier &) = delete;

  /// Returns once all `threads` threads have called it; what each wrote
  /// before is then visible to all.
  void arriveAndWait();
  /// arriveAndWait that also returns whether every thread passed ok = true,
  /// at this call or any earlier one (a failure is never forgotten).
  bool arriveAndCheck(bool ok);
  /// Whether the threads should stop meeting: decided by the last thread
  /// to arrive, so between two barriers every thread reads the same answer.
  /// Once true, stays true.
  bool gaveUp() const;

private:
  /// Returns once the generation is no longer `current`.
  void waitWhile(uint32_t current);
  /// Called by the last thread to arrive, before it opens the barrier:
  /// times the steps and decides whether the team gives up.
  void noteOpening();

  const int threads;
  const RecurrenceGiveUp giveUp;
  // Completed barriers; waiters spin and sleep on it (32 bits: a futex).
  alignas(64) std::atomic<uint32_t> generation{0};
  std::atomic<int> arrived{0};  // in the current generation
  std::atomic<int> sleepers{0}; // waiters in (or going into) a futex wait
  std::atomic<bool> failed{false};
  std::atomic<bool> stopped{false}; // gaveUp()
  std::atomic<int64_t> stalls{0};   // waits that outlasted the spinning
  std::atomic<int64_t> interval{0}; // between the last two openings, ns
  // For the last thread to arrive only (the barrier orders them):
  int64_t completed = 0;    // barriers
  int64_t openedAt = 0;     // when the last one opened, ns
  int64_t stallsBefore = 0; // stalls before the current window
  int64_t windowStart = 0;  // when it started, ns
};

/// What the members of one team share. The state buffers hold rows x
/// paddedUnits floats for the largest task the team runs; each member
/// writes the units of its slice.
struct RecurrenceTeam {
  RecurrenceTeam(int size, RecurrenceGiveUp giveUp);

  const int size;
  /// h_{t-1} and h_t alternate: step k reads h[k % 2] whole and each member
  /// writes its units of h[(k + 1) % 2], so one barrier per step suffices.
  float *h[2] = {nullptr, nullptr};
  /// LSTM: the cell state (each member's own, but member 0 takes it all
  /// over when the team gives up).
  float *c = nullptr;
  /// GRU reset_before: r ⊙ h_{t-1}, the left operand of the candidate's
  /// product, which needs every member's units.
  float *resetH = nullptr;
  RecurrenceBarrier barrier;
};

} // namespace kiln::rt

#endif // KILN_RUNTIME_RECURRENCETEAM_H
