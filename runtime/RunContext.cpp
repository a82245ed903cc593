//===- RunContext.cpp -----------------------------------------------------===//
#include "RunContext.h"

namespace kiln::rt {

// Per-thread, not global: each thread sees only the run it is executing.
static thread_local RunContext *tlsCurrentRun = nullptr;

void RunContext::fail(kiln_error_code c, std::string msg) {
  if (failed())
    return;
  code = c;
  message = std::move(msg);
}

std::string RunContext::modelPrefix() const {
  const char *name = info && info->name ? info->name : "?";
  return std::string("model '") + name + "': ";
}

RunContext *currentRun() { return tlsCurrentRun; }

ScopedCurrentRun::ScopedCurrentRun(RunContext *ctx) : previous(tlsCurrentRun) {
  tlsCurrentRun = ctx;
}

ScopedCurrentRun::~ScopedCurrentRun() { tlsCurrentRun = previous; }

} // namespace kiln::rt
