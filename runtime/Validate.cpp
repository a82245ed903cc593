//===- Validate.cpp -------------------------------------------------------===//
#include "Validate.h"

#include "Shape.h"

namespace kiln::rt {

std::string tensorName(const kiln_tensor_info &info, size_t index) {
  return info.name ? std::string(info.name) : "#" + std::to_string(index);
}

namespace {

bool validateInfo(RunContext &ctx) {
  const kiln_model_info &info = *ctx.info;
  auto checkList = [&](const kiln_tensor_info *list, size_t n,
                       const char *kind) {
    if (n && !list) {
      ctx.fail(KILN_ERROR_INTERNAL, ctx.modelPrefix() + "model info lists " +
                                        std::to_string(n) + " " + kind +
                                        "s but no descriptions");
      return false;
    }
    for (size_t i = 0; i < n; ++i) {
      const kiln_tensor_info &t = list[i];
      if (t.rank < 0 || t.rank > KILN_MAX_RANK || (t.rank && !t.dims) ||
          dtypeSize(t.dtype) == 0) {
        ctx.fail(KILN_ERROR_INTERNAL, ctx.modelPrefix() + "model info of " +
                                          kind + " '" + tensorName(t, i) +
                                          "' is malformed");
        return false;
      }
    }
    return true;
  };
  return checkList(info.inputs, info.n_inputs, "input") &&
         checkList(info.outputs, info.n_outputs, "output");
}

/// Shape check shared by inputs and caller-provided outputs. `what` is
/// "input 'x'" or "output 'y'".
bool checkTensor(RunContext &ctx, const kiln_tensor &t,
                 const kiln_tensor_info &expect, const std::string &what) {
  std::string prefix = ctx.modelPrefix() + what;
  if (t.dtype != expect.dtype) {
    ctx.fail(KILN_ERROR_INVALID_ARGUMENT, prefix + " has dtype " +
                                              dtypeName(t.dtype) +
                                              " but expects " +
                                              dtypeName(expect.dtype));
    return false;
  }
  if (t.rank != expect.rank) {
    std::string got = t.rank >= 0 && t.rank <= KILN_MAX_RANK
                          ? " " + formatShape(t.dims, t.rank)
                          : "";
    ctx.fail(KILN_ERROR_INVALID_ARGUMENT,
             prefix + " has rank " + std::to_string(t.rank) + got +
                 " but expects rank " + std::to_string(expect.rank) + " " +
                 formatShape(expect.dims, expect.rank));
    return false;
  }
  for (int d = 0; d < t.rank; ++d) {
    bool dynamic = expect.dims[d] == KILN_DYNAMIC_DIM;
    if (t.dims[d] < 0 || (!dynamic && t.dims[d] != expect.dims[d])) {
      ctx.fail(KILN_ERROR_INVALID_ARGUMENT,
               prefix + " has shape " + formatShape(t.dims, t.rank) +
                   " but expects " + formatShape(expect.dims, expect.rank));
      return false;
    }
  }
  if (checkedElementCount(t.dims, t.rank) < 0) {
    ctx.fail(KILN_ERROR_INVALID_ARGUMENT,
             prefix + " has shape " + formatShape(t.dims, t.rank) +
                 ", more than 2^40 elements");
    return false;
  }
  return true;
}

} // namespace

bool validateCall(RunContext &ctx, size_t nIn, size_t nOut) {
  const kiln_model_info &info = *ctx.info;
  if (!validateInfo(ctx))
    return false;
  auto countError = [&](const char *kind, size_t want, size_t got) {
    ctx.fail(KILN_ERROR_INVALID_ARGUMENT,
             ctx.modelPrefix() + "expects " + std::to_string(want) + " " +
                 kind + (want == 1 ? "" : "s") + " but got " +
                 std::to_string(got));
    return false;
  };
  if (nIn != info.n_inputs)
    return countError("input", info.n_inputs, nIn);
  if (nOut != info.n_outputs)
    return countError("output", info.n_outputs, nOut);
  if ((nIn && !ctx.inputs) || (nOut && !ctx.outputs)) {
    ctx.fail(KILN_ERROR_INVALID_ARGUMENT,
             ctx.modelPrefix() + (nIn && !ctx.inputs ? "inputs" : "outputs") +
                 " array is NULL");
    return false;
  }

  for (size_t i = 0; i < nIn; ++i) {
    const kiln_tensor &t = ctx.inputs[i];
    std::string what = "input '" + tensorName(info.inputs[i], i) + "'";
    if (!checkTensor(ctx, t, info.inputs[i], what))
      return false;
    // An empty tensor has nothing to point at; allow NULL for it.
    if (!t.data && checkedElementCount(t.dims, t.rank) != 0) {
      ctx.fail(KILN_ERROR_INVALID_ARGUMENT,
               ctx.modelPrefix() + what + " has NULL data");
      return false;
    }
  }
  for (size_t i = 0; i < nOut; ++i) {
    const kiln_tensor &t = ctx.outputs[i];
    if (!t.data)
      continue; // the run allocates it and sets dtype/rank/dims
    std::string what =
        "output '" + tensorName(info.outputs[i], i) + "' buffer";
    if (!checkTensor(ctx, t, info.outputs[i], what))
      return false;
  }
  return true;
}

} // namespace kiln::rt
