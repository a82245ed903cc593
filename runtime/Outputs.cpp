//===- Outputs.cpp - _mlir_ciface_kiln_rt_output_<ty> ---------------------===//
#include "Memref.h"
#include "RunContext.h"
#include "Shape.h"
#include "Validate.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>

using namespace kiln::rt;

namespace {

/// Allocation for outputs the caller left NULL. 64-byte aligned for SIMD
/// consumers; still released with free() (kiln_tensor_free).
void *allocateOutput(size_t bytes) {
  size_t rounded = (bytes + 63) / 64 * 64;
  void *p = std::aligned_alloc(64, rounded ? rounded : 64);
  if (!p)
    throw std::bad_alloc();
  return p;
}

void deliverOutput(RunContext &ctx, int64_t index, kiln_unranked_memref *value,
                   int32_t dtype) {
  const kiln_model_info &info = *ctx.info;
  if (index < 0 || static_cast<uint64_t>(index) >= info.n_outputs)
    throw std::runtime_error("output index " + std::to_string(index) +
                             " out of range");
  const kiln_tensor_info &ti = info.outputs[index];
  std::string name = "output '" + tensorName(ti, index) + "'";
  if (ctx.delivered[index])
    throw std::runtime_error(name + " delivered twice");
  if (dtype != ti.dtype)
    throw std::runtime_error(name + " delivered as " + dtypeName(dtype) +
                             " but declared " + dtypeName(ti.dtype));
  size_t elemSize = dtypeSize(dtype);
  StridedView v = readMemref(value, elemSize);
  if (v.rank != ti.rank)
    throw std::runtime_error(name + " delivered with rank " +
                             std::to_string(v.rank) + " but declared " +
                             formatShape(ti.dims, ti.rank));
  for (int d = 0; d < v.rank; ++d)
    if (ti.dims[d] != KILN_DYNAMIC_DIM && ti.dims[d] != v.sizes[d])
      throw std::runtime_error(name + " delivered with shape " +
                               formatShape(v.sizes, v.rank) +
                               " but declared " +
                               formatShape(ti.dims, ti.rank));
  ctx.delivered[index] = true;

  kiln_tensor &out = ctx.outputs[index];
  if (!out.data) {
    out.data = allocateOutput(v.numElements() * elemSize);
    ctx.allocatedByRun[index] = true;
    out.dtype = dtype;
    out.rank = v.rank;
    std::memset(out.dims, 0, sizeof(out.dims));
    std::memcpy(out.dims, v.sizes, v.rank * sizeof(int64_t));
  } else {
    // validateCall checked dtype, rank and static dims already; dynamic
    // dims are only known now. Never write into a buffer of another shape.
    if (out.rank != v.rank ||
        std::memcmp(out.dims, v.sizes, v.rank * sizeof(int64_t)) != 0) {
      ctx.fail(KILN_ERROR_INVALID_ARGUMENT,
               ctx.modelPrefix() + name + " has shape " +
                   formatShape(v.sizes, v.rank) +
                   " but the caller's buffer is " +
                   formatShape(out.dims, out.rank));
      return;
    }
  }
  copyToDense(v, elemSize, out.data);
}

void deliverOutputGuarded(void *ctxp, int64_t index,
                          kiln_unranked_memref *value, int32_t dtype) {
  auto *ctx = static_cast<RunContext *>(ctxp);
  if (!ctx)
    return; // no run to deliver into: nothing sensible to do
  guardedCall(ctx, "internal error in output delivery",
              [&] { deliverOutput(*ctx, index, value, dtype); });
}

} // namespace

extern "C" void _mlir_ciface_kiln_rt_output_f32(void *ctx, int64_t index,
                                                kiln_unranked_memref *value) {
  deliverOutputGuarded(ctx, index, value, KILN_FLOAT32);
}

extern "C" void _mlir_ciface_kiln_rt_output_i32(void *ctx, int64_t index,
                                                kiln_unranked_memref *value) {
  deliverOutputGuarded(ctx, index, value, KILN_INT32);
}
