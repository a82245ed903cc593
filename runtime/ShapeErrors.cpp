//===- ShapeErrors.cpp - _mlir_ciface_kiln_rt_shape_error -----------------===//
//
// Shapes that only meet at run time (dynamic dims of a broadcasting layer)
// can turn out incompatible. The generated code then calls this, keeps its
// reads in bounds, and the run fails with this message instead of returning
// a silently wrong answer.
//
//===----------------------------------------------------------------------===//
#include "RunContext.h"

using namespace kiln::rt;

extern "C" void _mlir_ciface_kiln_rt_shape_error(void) {
  RunContext *ctx = currentRun();
  if (!ctx)
    return;
  ctx->fail(KILN_ERROR_INVALID_ARGUMENT,
            ctx->modelPrefix() + "inputs have dims that do not broadcast together "
                                 "(a merge layer or an attention mask got incompatible run-time sizes)");
}
