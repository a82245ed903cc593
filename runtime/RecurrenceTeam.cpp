//===- RecurrenceTeam.cpp - The per-step barrier of a recurrence team -----===//
//
// Compiled once, for the baseline CPU (unlike RecurrenceKernel.cpp): the
// barrier is called once or twice per step, so an out-of-line call costs
// nothing measurable.
//
//===----------------------------------------------------------------------===//
#include "RecurrenceTeam.h"

#include <algorithm>
#include <chrono>

#include <sched.h>

#if defined(__linux__)
#include <climits>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace kiln::rt {
namespace {

// Members normally arrive within a microsecond of each other: spin. The
// spinning lasts kMinSpinNanos, or a quarter of a step when steps are long (at
// large U, members whose slices differ by a line of units arrive tens of
// microseconds apart). One that has not arrived by then has most likely
// been preempted, or waits for this very core: yield it, and after a while
// sleep until the last member arrives.
constexpr int64_t kMinSpinNanos = 20'000;
constexpr int64_t kYieldNanos = 100'000;

// A window of kWindow barriers of a team "stalls" when at least half its
// waits outlasted the spinning. A team gives up once kStalledToGiveUpNanos
// have been spent in stalled windows without a healthy one in between,
// counted across calls. That happens when the members take turns on a
// core: a step then costs a scheduler round trip (LSTM U = 128 with both
// threads pinned to one core: 24.8 us per step, against 2.56 alone, and
// 2.56 again once the team gives up). Not right away: a member that wakes
// up on its partner's core (the other one busy) is moved by the scheduler
// within milliseconds, and the team is fast again; and isolated stalls (a
// member preempted once) are not worth giving up for.
constexpr int64_t kWindow = 16;
constexpr int64_t kStalledToGiveUpNanos = 10'000'000;

/// Time spent in stalled windows since the last healthy one (ns), over all
/// teams: the scheduler's behaviour is the machine's, not one call's.
std::atomic<int64_t> stalledNanos{0};

void pause() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t),
              "the futex word is the atomic itself");

/// Sleeps while word == expected (returns at once if it already differs;
/// spurious returns are fine, the caller loops).
void futexWait(std::atomic<uint32_t> &word, uint32_t expected) {
#if defined(__linux__)
  syscall(SYS_futex, reinterpret_cast<uint32_t *>(&word), FUTEX_WAIT_PRIVATE,
          expected, nullptr, nullptr, 0);
#else
  (void)word;
  (void)expected;
  sched_yield();
#endif
}

void futexWakeAll(std::atomic<uint32_t> &word) {
#if defined(__linux__)
  syscall(SYS_futex, reinterpret_cast<uint32_t *>(&word), FUTEX_WAKE_PRIVATE,
          INT_MAX, nullptr, nullptr, 0);
#else
  (void)word;
#endif
}

} // namespace

int64_t steadyNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

RecurrenceBarrier::RecurrenceBarrier(int threads, RecurrenceGiveUp giveUp)
    : threads(threads), giveUp(giveUp) {}

void RecurrenceBarrier::arriveAndWait() {
  if (threads <= 1)
    return;
  // Read before arriving: the last thread bumps it only after every
  // thread, this one included, has arrived.
  const uint32_t current = generation.load(std::memory_order_acquire);
  // acq_rel: the last arrival acquires what every earlier one released, and
  // releases it all to the waiters with the generation.
  if (arrived.fetch_add(1, std::memory_order_acq_rel) + 1 == threads) {
    arrived.store(0, std::memory_order_relaxed);
    noteOpening();
    // seq_cst store then load, against the waiters' seq_cst increment then
    // load: either the waiter sees the new generation or this sees it asleep.
    generation.store(current + 1, std::memory_order_seq_cst);
    if (sleepers.load(std::memory_order_seq_cst) > 0)
      futexWakeAll(generation);
    return;
  }
  waitWhile(current);
}

void RecurrenceBarrier::waitWhile(uint32_t current) {
  auto passed = [&] {
    return generation.load(std::memory_order_acquire) != current;
  };
  const int64_t start = steadyNanos();
  const int64_t spin =
      std::max(kMinSpinNanos, interval.load(std::memory_order_relaxed) / 4);
  while (steadyNanos() - start < spin)
    for (int i = 0; i < 16; ++i) { // reading the clock costs ~40 ns
      if (passed())
        return;
      pause();
    }
  stalls.fetch_add(1, std::memory_order_relaxed);
  while (steadyNanos() - start < spin + kYieldNanos) {
    if (passed())
      return;
    sched_yield();
  }
  while (!passed()) {
    sleepers.fetch_add(1, std::memory_order_seq_cst);
    if (generation.load(std::memory_order_seq_cst) == current)
      futexWait(generation, current);
    sleepers.fetch_sub(1, std::memory_order_relaxed);
  }
}

void RecurrenceBarrier::noteOpening() {
  const int64_t now = steadyNanos();
  if (openedAt)
    interval.store(now - openedAt, std::memory_order_relaxed);
  else
    windowStart = now;
  openedAt = now;

  const int64_t barrier = completed++;
  if (stopped.load(std::memory_order_relaxed))
    return;
  bool stop = barrier == giveUp.atBarrier;
  if (giveUp.whenStalled && barrier % kWindow == kWindow - 1) {
    const int64_t stalled = stalls.load(std::memory_order_relaxed);
    const bool windowStalled = 2 * (stalled - stallsBefore) >= kWindow;
    const int64_t stalledFor =
        windowStalled
            ? stalledNanos.load(std::memory_order_relaxed) + now - windowStart
            : 0;
    stallsBefore = stalled;
    windowStart = now;
    // After giving up, the next try gets as long.
    stop |= stalledFor >= kStalledToGiveUpNanos;
    stalledNanos.store(stop ? 0 : stalledFor, std::memory_order_relaxed);
  }
  if (stop) // published by the opening
    stopped.store(true, std::memory_order_relaxed);
}

bool RecurrenceBarrier::arriveAndCheck(bool ok) {
  if (!ok)
    failed.store(true, std::memory_order_relaxed);
  arriveAndWait(); // orders the store before every thread's load below
  return !failed.load(std::memory_order_relaxed);
}

bool RecurrenceBarrier::gaveUp() const {
  return stopped.load(std::memory_order_relaxed);
}

RecurrenceTeam::RecurrenceTeam(int size, RecurrenceGiveUp giveUp)
    : size(size), barrier(size, giveUp) {}

} // namespace kiln::rt
