//===- RunBody.h - A kernel call inside a kiln_rt_run --------------------===//
//
// Runtime kernels called outside a run throw; inside one they record the
// error on the run. Tests of that second path run their call as the body
// of a trivial one-input, one-output model.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_UNITTESTS_RUNTIME_RUNBODY_H
#define KILN_UNITTESTS_RUNTIME_RUNBODY_H

#include "kiln/Runtime/KilnRuntimeABI.h"

#include <cstring>

namespace kiln::test {

/// Runs `body` as the body of model `name` (input x, output y, both f32
/// [1]); returns kiln_rt_run's code and fills `status`.
inline int runAsModelBody(const char *name, kiln_model_body body, kiln_status &status) {
  static const int64_t dims[] = {1};
  static const kiln_tensor_info in[] = {{"x", KILN_FLOAT32, 1, dims}};
  static const kiln_tensor_info out[] = {{"y", KILN_FLOAT32, 1, dims}};
  const kiln_model_info info = {name, 1, in, 1, out};
  float x = 0.f;
  kiln_tensor input;
  std::memset(&input, 0, sizeof(input));
  input.data = &x;
  input.dtype = KILN_FLOAT32;
  input.rank = 1;
  input.dims[0] = 1;
  kiln_tensor output;
  std::memset(&output, 0, sizeof(output));
  return kiln_rt_run(&info, body, &input, 1, &output, 1, &status);
}

} // namespace kiln::test

#endif // KILN_UNITTESTS_RUNTIME_RUNBODY_H
