//===- FakeModel.cpp - A hand-written stand-in for a compiled model -------===//
//
// Built as a shared library exporting kiln_library_entry, like
// `kiln-compile --emit=lib` output, so kiln-run can be tested without the
// compiler. The body does what generated code does: fetch inputs through the
// runtime, call the oneDNN matmul, deliver outputs.
//
//   model 'mlp':   x f32 [?,4]  -> y = relu(x W + b) f32 [?,3]
//   with KILN_FAKE_TWO_INPUTS, model 'mlp2' also has
//                  ids i32 [?]  -> ids_out i32 [?] (a copy of ids)
//
//===----------------------------------------------------------------------===//
#include "TestMemref.h"

#include <cstdlib>

using kiln::test::Memref;
using kiln::test::RankedResult;

namespace {

const float kW[4 * 3] = {1, 0, -1, 0, 1, 2, 1, 1, 0, -1, 0, 1};
const float kB[3] = {0.5f, -1.f, 0.f};

const int64_t kXDims[] = {KILN_DYNAMIC_DIM, 4};
const int64_t kYDims[] = {KILN_DYNAMIC_DIM, 3};
const int64_t kIdsDims[] = {KILN_DYNAMIC_DIM};

#ifdef KILN_FAKE_TWO_INPUTS
const char *const kName = "mlp2";
const kiln_tensor_info kInputs[] = {{"x", KILN_FLOAT32, 2, kXDims},
                                    {"ids", KILN_INT32, 1, kIdsDims}};
const kiln_tensor_info kOutputs[] = {{"y", KILN_FLOAT32, 2, kYDims},
                                     {"ids_out", KILN_INT32, 1, kIdsDims}};
#else
const char *const kName = "mlp";
const kiln_tensor_info kInputs[] = {{"x", KILN_FLOAT32, 2, kXDims}};
const kiln_tensor_info kOutputs[] = {{"y", KILN_FLOAT32, 2, kYDims}};
#endif

const kiln_model_info kInfo = {kName, sizeof(kInputs) / sizeof(kInputs[0]),
                               kInputs, sizeof(kOutputs) / sizeof(kOutputs[0]),
                               kOutputs};

void body(void *ctx) {
  RankedResult x(2);
  _mlir_ciface_kiln_rt_input_f32_r2(x.words, ctx, 0);
  int64_t rows = x.size(0);
  float *y = static_cast<float *>(std::malloc((rows * 3 + 1) * sizeof(float)));
  Memref a(x.data(), {rows, 4});
  Memref w(const_cast<float *>(kW), {4, 3});
  Memref bias(const_cast<float *>(kB), {3});
  Memref c(y, {rows, 3});
  _mlir_ciface_kiln_rt_matmul_f32(a.get(), w.get(), bias.get(), c.get(), 1,
                                  KILN_ACT_RELU, 1.f, 0.f);
  _mlir_ciface_kiln_rt_output_f32(ctx, 0, c.get());
  std::free(y);
#ifdef KILN_FAKE_TWO_INPUTS
  RankedResult ids(1);
  _mlir_ciface_kiln_rt_input_i32_r1(ids.words, ctx, 1);
  Memref idsOut(ids.data(), {ids.size(0)});
  _mlir_ciface_kiln_rt_output_i32(ctx, 1, idsOut.get());
#endif
}

const kiln_model_info *info() { return &kInfo; }

int run(const kiln_tensor *inputs, size_t nIn, kiln_tensor *outputs,
        size_t nOut, kiln_status *status) {
  return kiln_rt_run(&kInfo, body, inputs, nIn, outputs, nOut, status);
}

} // namespace

// The symbol has the name of kiln.h's typedef, which C and C++ cannot also
// give a variable, hence the asm label (generated code emits it directly).
extern "C" __attribute__((visibility("default"))) const kiln_library_entry
    kFakeEntry __asm__(KILN_LIBRARY_ENTRY_SYMBOL) = {info, run};
