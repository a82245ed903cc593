//===- RunContext.h - State of one kiln_rt_run call -----------------------===//
//
// A RunContext lives on kiln_rt_run's stack and is what the generated body
// receives as its opaque `ctx`. Everything a run mutates lives here, which is
// what makes compiled models reentrant.
//
// The runtime calls made by the body return nothing (their signatures are
// fixed by MLIR's C interface), and C++ exceptions must not unwind through
// generated code (it has no unwind tables). So every call catches its own
// errors and records the first one here; kiln_rt_run reports it after the
// body returns, and later calls of a failed run do no work.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_RUNCONTEXT_H
#define KILN_RUNTIME_RUNCONTEXT_H

#include "Export.h"

#include <exception>
#include <new>
#include <string>
#include <vector>

namespace kiln::rt {

struct RunContext {
  const kiln_model_info *info = nullptr;
  const kiln_tensor *inputs = nullptr;
  kiln_tensor *outputs = nullptr;
  std::vector<bool> delivered;        // per output: the body produced it
  std::vector<bool> allocatedByRun;   // per output: we malloc'ed its data
  kiln_error_code code = KILN_OK;
  std::string message;

  bool failed() const { return code != KILN_OK; }

  /// Records an error unless one is already recorded: the first error is
  /// the cause, later ones are usually its consequences.
  void fail(kiln_error_code c, std::string msg);

  /// "model 'NAME': " for message prefixes.
  std::string modelPrefix() const;
};

/// The run executing on this thread, or null. Calls that receive no `ctx`
/// (matmul) report their errors through it.
RunContext *currentRun();

/// Makes `ctx` the current run of this thread for its lifetime (restoring
/// the previous one, so nested runs from a body would also work).
class ScopedCurrentRun {
public:
  explicit ScopedCurrentRun(RunContext *ctx);
  ~ScopedCurrentRun();
  ScopedCurrentRun(const ScopedCurrentRun &) = delete;
  ScopedCurrentRun &operator=(const ScopedCurrentRun &) = delete;

private:
  RunContext *previous;
};

/// Runs `fn`, turning any exception into an internal error of `ctx`. Used at
/// every entry point the generated code calls. Without a context (a call
/// made outside any run, e.g. from a unit test) the exception propagates.
template <typename Fn> void guardedCall(RunContext *ctx, const char *what, Fn &&fn) {
  if (!ctx) {
    fn();
    return;
  }
  if (ctx->failed())
    return;
  try {
    fn();
  } catch (const std::bad_alloc &) {
    ctx->fail(KILN_ERROR_OUT_OF_MEMORY,
              ctx->modelPrefix() + what + ": out of memory");
  } catch (const std::exception &e) {
    ctx->fail(KILN_ERROR_INTERNAL, ctx->modelPrefix() + what + ": " + e.what());
  } catch (...) {
    ctx->fail(KILN_ERROR_INTERNAL,
              ctx->modelPrefix() + what + ": unknown exception");
  }
}

} // namespace kiln::rt

#endif // KILN_RUNTIME_RUNCONTEXT_H
