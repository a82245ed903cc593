//===- Inputs.cpp - _mlir_ciface_kiln_rt_input_<ty>_r<R> ------------------===//
#include "Memref.h"
#include "RunContext.h"
#include "Shape.h"
#include "Validate.h"

using namespace kiln::rt;

namespace {

// Backing for empty inputs passed with data == NULL, and for the descriptor
// handed out after a bad request: the body always gets a non-null pointer.
alignas(64) const unsigned char kEmptyData[64] = {};

/// Shared implementation of every input symbol. Only a compiler bug can make
/// the checks fail (kiln_rt_run validated the inputs against the same info
/// the body was compiled from); the body then gets an empty descriptor and
/// the run reports an internal error.
void deliverInput(void *result, void *ctxp, int64_t index, int32_t dtype,
                  int rank) {
  auto *ctx = static_cast<RunContext *>(ctxp);
  static const int64_t kZeroDims[KILN_MAX_RANK] = {};
  const void *data = kEmptyData;
  const int64_t *dims = kZeroDims;
  if (ctx) {
    const kiln_model_info &info = *ctx->info;
    std::string problem;
    if (index < 0 || static_cast<uint64_t>(index) >= info.n_inputs) {
      problem = "input index " + std::to_string(index) + " out of range";
    } else {
      const kiln_tensor_info &ti = info.inputs[index];
      const kiln_tensor &t = ctx->inputs[index];
      if (ti.dtype != dtype || ti.rank != rank)
        problem = "input '" + tensorName(ti, index) + "' requested as " +
                  dtypeName(dtype) + " rank " + std::to_string(rank) +
                  " but it is " + dtypeName(ti.dtype) + " rank " +
                  std::to_string(ti.rank);
      else {
        data = t.data ? t.data : kEmptyData;
        dims = t.dims;
      }
    }
    if (!problem.empty())
      ctx->fail(KILN_ERROR_INTERNAL,
                ctx->modelPrefix() + "internal error: " + problem);
  }
  writeContiguousDescriptor(result, data, rank, dims);
}

constexpr int32_t kDtype_f32 = KILN_FLOAT32;
constexpr int32_t kDtype_i32 = KILN_INT32;

} // namespace

#define KILN_RT_DEFINE_INPUT(TY, R)                                            \
  extern "C" void _mlir_ciface_kiln_rt_input_##TY##_r##R(                      \
      void *result, void *ctx, int64_t index) {                                \
    deliverInput(result, ctx, index, kDtype_##TY, R);                          \
  }
KILN_RT_FOR_EACH_RANK(KILN_RT_DEFINE_INPUT, f32)
KILN_RT_FOR_EACH_RANK(KILN_RT_DEFINE_INPUT, i32)
