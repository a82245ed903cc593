//===- Run.cpp - kiln_rt_run, the entry every generated <model>_run calls -===//
#include "RunContext.h"
#include "Validate.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>

using namespace kiln::rt;

namespace {

void writeStatus(kiln_status *status, kiln_error_code code,
                 const std::string &message) {
  if (!status)
    return;
  status->code = code;
  // Truncates to the fixed buffer; always NUL-terminated.
  std::snprintf(status->message, sizeof(status->message), "%s",
                message.c_str());
}

/// Outputs the run malloc'ed are the run's to free when it fails, so that a
/// failed call leaks nothing and leaves `data` as the caller passed it.
void releaseAllocatedOutputs(RunContext &ctx) {
  for (size_t i = 0; i < ctx.allocatedByRun.size(); ++i) {
    if (!ctx.allocatedByRun[i])
      continue;
    std::free(ctx.outputs[i].data);
    ctx.outputs[i].data = nullptr;
  }
}

void runBody(RunContext &ctx, kiln_model_body body) {
  ScopedCurrentRun scope(&ctx);
  // Generated bodies do not throw (runtime calls catch their own errors),
  // but a hand-written body might.
  guardedCall(&ctx, "model body", [&] { body(&ctx); });
}

void checkAllDelivered(RunContext &ctx) {
  for (size_t i = 0; i < ctx.delivered.size(); ++i) {
    if (ctx.delivered[i])
      continue;
    ctx.fail(KILN_ERROR_INTERNAL,
             ctx.modelPrefix() + "internal error: the model body never "
                                 "produced output '" +
                 tensorName(ctx.info->outputs[i], i) + "'");
    return;
  }
}

} // namespace

extern "C" int kiln_rt_run(const kiln_model_info *info, kiln_model_body body,
                           const kiln_tensor *inputs, size_t n_in,
                           kiln_tensor *outputs, size_t n_out,
                           kiln_status *status) {
  RunContext ctx;
  ctx.info = info;
  ctx.inputs = inputs;
  ctx.outputs = outputs;
  if (!info || !body) {
    ctx.fail(KILN_ERROR_INTERNAL,
             "kiln_rt_run: called without model info or body");
  } else {
    try {
      if (validateCall(ctx, n_in, n_out)) {
        ctx.delivered.assign(n_out, false);
        ctx.allocatedByRun.assign(n_out, false);
        runBody(ctx, body);
        if (!ctx.failed())
          checkAllDelivered(ctx);
      }
    } catch (const std::bad_alloc &) {
      // The body is guarded; only our own bookkeeping can throw here.
      ctx.fail(KILN_ERROR_OUT_OF_MEMORY, ctx.modelPrefix() + "out of memory");
    } catch (const std::exception &e) {
      ctx.fail(KILN_ERROR_INTERNAL, ctx.modelPrefix() + e.what());
    }
    if (ctx.failed())
      releaseAllocatedOutputs(ctx);
  }
  writeStatus(status, ctx.code, ctx.message);
  return ctx.code;
}
