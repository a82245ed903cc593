//===- RunTest.cpp - kiln_rt_run end to end with hand-written bodies ------===//
//
// The bodies here do what generated code does: fetch inputs through the
// _mlir_ciface_kiln_rt_input_* calls, compute (with the oneDNN matmul), and
// deliver outputs through _mlir_ciface_kiln_rt_output_*.
//
//===----------------------------------------------------------------------===//
#include "TestMemref.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

using kiln::test::Memref;
using kiln::test::RankedResult;

namespace {

// model 'mlp': x f32 [?,4] -> y = x W + b, f32 [?,3]
const float kW[12] = {1, 0, -1, 0, 1, 2, 1, 1, 0, -1, 0, 1};
const float kB[3] = {0.5f, -1.f, 0.f};
const int64_t kXDims[] = {KILN_DYNAMIC_DIM, 4};
const int64_t kYDims[] = {KILN_DYNAMIC_DIM, 3};
const kiln_tensor_info kMlpIn[] = {{"x", KILN_FLOAT32, 2, kXDims}};
const kiln_tensor_info kMlpOut[] = {{"y", KILN_FLOAT32, 2, kYDims}};
const kiln_model_info kMlp = {"mlp", 1, kMlpIn, 1, kMlpOut};

std::atomic<int> bodyCalls{0};

void mlpBody(void *ctx) {
  ++bodyCalls;
  RankedResult x(2);
  _mlir_ciface_kiln_rt_input_f32_r2(x.words, ctx, 0);
  int64_t rows = x.size(0);
  std::vector<float> y(rows * 3 + 1);
  Memref a(x.data(), {rows, 4}), w(const_cast<float *>(kW), {4, 3}),
      bias(const_cast<float *>(kB), {3}), c(y.data(), {rows, 3});
  _mlir_ciface_kiln_rt_matmul_f32(a.get(), w.get(), bias.get(), c.get(), 1,
                                  KILN_ACT_NONE, 1.f, 0.f);
  _mlir_ciface_kiln_rt_output_f32(ctx, 0, c.get());
}

std::vector<float> mlpReference(const std::vector<float> &x) {
  size_t rows = x.size() / 4;
  std::vector<float> y(rows * 3);
  for (size_t i = 0; i < rows; ++i)
    for (size_t j = 0; j < 3; ++j) {
      float acc = kB[j];
      for (size_t k = 0; k < 4; ++k)
        acc += x[i * 4 + k] * kW[k * 3 + j];
      y[i * 3 + j] = acc;
    }
  return y;
}

kiln_tensor tensor(void *data, int32_t dtype, std::vector<int64_t> dims) {
  kiln_tensor t;
  std::memset(&t, 0, sizeof(t));
  t.data = data;
  t.dtype = dtype;
  t.rank = static_cast<int32_t>(dims.size());
  std::copy(dims.begin(), dims.end(), t.dims);
  return t;
}

kiln_tensor emptyOutput() { return tensor(nullptr, 0, {}); }

struct Result {
  int code;
  std::string message;
};

Result runMlp(const kiln_tensor *in, size_t nIn, kiln_tensor *out,
              size_t nOut) {
  kiln_status status;
  std::memset(&status, 0x7f, sizeof(status));
  int code = kiln_rt_run(&kMlp, mlpBody, in, nIn, out, nOut, &status);
  EXPECT_EQ(code, status.code);
  return {code, status.message};
}

//===--- Successful runs --------------------------------------------------===//

TEST(Run, AllocatesOutputWhenDataIsNull) {
  std::vector<float> x = {1, 2, 3, 4, -1, 0, 2, 5};
  kiln_tensor in = tensor(x.data(), KILN_FLOAT32, {2, 4});
  kiln_tensor out = emptyOutput();
  Result r = runMlp(&in, 1, &out, 1);
  ASSERT_EQ(r.code, KILN_OK) << r.message;
  EXPECT_EQ(r.message, "");
  ASSERT_NE(out.data, nullptr);
  EXPECT_EQ(out.dtype, KILN_FLOAT32);
  ASSERT_EQ(out.rank, 2);
  EXPECT_EQ(out.dims[0], 2);
  EXPECT_EQ(out.dims[1], 3);
  std::vector<float> want = mlpReference(x);
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_NEAR(static_cast<float *>(out.data)[i], want[i], 1e-5f);
  kiln_tensor_free(&out);
  EXPECT_EQ(out.data, nullptr);
  kiln_tensor_free(&out); // idempotent
  kiln_tensor_free(nullptr);
}

TEST(Run, WritesIntoCallerBuffer) {
  std::vector<float> x = {1, 2, 3, 4};
  std::vector<float> y(3, NAN);
  kiln_tensor in = tensor(x.data(), KILN_FLOAT32, {1, 4});
  kiln_tensor out = tensor(y.data(), KILN_FLOAT32, {1, 3});
  Result r = runMlp(&in, 1, &out, 1);
  ASSERT_EQ(r.code, KILN_OK) << r.message;
  EXPECT_EQ(out.data, y.data());
  std::vector<float> want = mlpReference(x);
  for (size_t i = 0; i < 3; ++i)
    EXPECT_NEAR(y[i], want[i], 1e-5f);
}

TEST(Run, NullStatusIsAllowed) {
  std::vector<float> x(4, 1.f);
  kiln_tensor in = tensor(x.data(), KILN_FLOAT32, {1, 4});
  kiln_tensor out = emptyOutput();
  EXPECT_EQ(kiln_rt_run(&kMlp, mlpBody, &in, 1, &out, 1, nullptr), KILN_OK);
  kiln_tensor_free(&out);
  EXPECT_EQ(kiln_rt_run(&kMlp, mlpBody, &in, 2, &out, 1, nullptr),
            KILN_ERROR_INVALID_ARGUMENT);
}

TEST(Run, EmptyBatchWithNullData) {
  kiln_tensor in = tensor(nullptr, KILN_FLOAT32, {0, 4});
  kiln_tensor out = emptyOutput();
  Result r = runMlp(&in, 1, &out, 1);
  ASSERT_EQ(r.code, KILN_OK) << r.message;
  EXPECT_NE(out.data, nullptr); // allocated, if empty: NULL means "not run"
  EXPECT_EQ(out.dims[0], 0);
  EXPECT_EQ(out.dims[1], 3);
  kiln_tensor_free(&out);
}

TEST(Run, ConcurrentRunsAreIndependent) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t, &failures] {
      for (int iter = 0; iter < 25; ++iter) {
        int64_t rows = 1 + (t + iter) % 5;
        std::vector<float> x(rows * 4);
        for (size_t i = 0; i < x.size(); ++i)
          x[i] = float(t) - float(i % 7) + 0.25f * iter;
        kiln_tensor in = tensor(x.data(), KILN_FLOAT32, {rows, 4});
        kiln_tensor out = emptyOutput();
        kiln_status st;
        if (kiln_rt_run(&kMlp, mlpBody, &in, 1, &out, 1, &st) != KILN_OK) {
          ++failures;
          continue;
        }
        std::vector<float> want = mlpReference(x);
        for (size_t i = 0; i < want.size(); ++i)
          if (std::fabs(static_cast<float *>(out.data)[i] - want[i]) > 1e-4f)
            ++failures;
        kiln_tensor_free(&out);
      }
    });
  for (auto &th : threads)
    th.join();
  EXPECT_EQ(failures.load(), 0);
}

//===--- Input validation -------------------------------------------------===//

class RunValidation : public ::testing::Test {
protected:
  std::vector<float> x = std::vector<float>(64, 1.f);
  kiln_tensor out = emptyOutput();

  /// Expects INVALID_ARGUMENT with exactly `message`, without running the
  /// body or allocating the output.
  void expectRejected(const kiln_tensor *in, size_t nIn, size_t nOut,
                      const std::string &message) {
    int before = bodyCalls.load();
    Result r = runMlp(in, nIn, &out, nOut);
    EXPECT_EQ(r.code, KILN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(r.message, message);
    EXPECT_EQ(bodyCalls.load(), before) << "body ran on invalid input";
    EXPECT_EQ(out.data, nullptr);
  }
};

TEST_F(RunValidation, WrongInputCount) {
  kiln_tensor in[2] = {tensor(x.data(), KILN_FLOAT32, {1, 4}),
                       tensor(x.data(), KILN_FLOAT32, {1, 4})};
  expectRejected(in, 2, 1, "model 'mlp': expects 1 input but got 2");
  expectRejected(in, 0, 1, "model 'mlp': expects 1 input but got 0");
}

TEST_F(RunValidation, WrongOutputCount) {
  kiln_tensor in = tensor(x.data(), KILN_FLOAT32, {1, 4});
  expectRejected(&in, 1, 0, "model 'mlp': expects 1 output but got 0");
}

TEST_F(RunValidation, NullArrays) {
  expectRejected(nullptr, 1, 1, "model 'mlp': inputs array is NULL");
}

TEST_F(RunValidation, WrongDtype) {
  kiln_tensor in = tensor(x.data(), KILN_INT32, {1, 4});
  expectRejected(&in, 1, 1,
                 "model 'mlp': input 'x' has dtype int32 but expects float32");
  in.dtype = 9;
  expectRejected(
      &in, 1, 1,
      "model 'mlp': input 'x' has dtype unknown dtype 9 but expects float32");
}

TEST_F(RunValidation, WrongRank) {
  kiln_tensor in = tensor(x.data(), KILN_FLOAT32, {1, 2, 4});
  expectRejected(&in, 1, 1,
                 "model 'mlp': input 'x' has rank 3 [1,2,4] but expects rank "
                 "2 [?,4]");
  in.rank = 99;
  expectRejected(&in, 1, 1,
                 "model 'mlp': input 'x' has rank 99 but expects rank 2 [?,4]");
}

TEST_F(RunValidation, WrongStaticDim) {
  kiln_tensor in = tensor(x.data(), KILN_FLOAT32, {2, 3});
  expectRejected(&in, 1, 1,
                 "model 'mlp': input 'x' has shape [2,3] but expects [?,4]");
}

TEST_F(RunValidation, NegativeDynamicDim) {
  kiln_tensor in = tensor(x.data(), KILN_FLOAT32, {-2, 4});
  expectRejected(&in, 1, 1,
                 "model 'mlp': input 'x' has shape [-2,4] but expects [?,4]");
}

TEST_F(RunValidation, HugeShapeDoesNotOverflow) {
  kiln_tensor in = tensor(x.data(), KILN_FLOAT32, {INT64_MAX / 2, 4});
  expectRejected(&in, 1, 1,
                 "model 'mlp': input 'x' has shape [" +
                     std::to_string(INT64_MAX / 2) +
                     ",4], more than 2^40 elements");
}

TEST_F(RunValidation, NullData) {
  kiln_tensor in = tensor(nullptr, KILN_FLOAT32, {1, 4});
  expectRejected(&in, 1, 1, "model 'mlp': input 'x' has NULL data");
}

TEST_F(RunValidation, CallerOutputBufferChecked) {
  kiln_tensor in = tensor(x.data(), KILN_FLOAT32, {1, 4});
  std::vector<float> y(8, 42.f);
  out = tensor(y.data(), KILN_INT32, {1, 3});
  int before = bodyCalls.load();
  Result r = runMlp(&in, 1, &out, 1);
  EXPECT_EQ(r.code, KILN_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(r.message, "model 'mlp': output 'y' buffer has dtype int32 but "
                       "expects float32");
  out = tensor(y.data(), KILN_FLOAT32, {1, 4});
  r = runMlp(&in, 1, &out, 1);
  EXPECT_EQ(r.message,
            "model 'mlp': output 'y' buffer has shape [1,4] but expects [?,3]");
  EXPECT_EQ(bodyCalls.load(), before);
  for (float v : y)
    EXPECT_EQ(v, 42.f);
}

TEST(Run, CallerBufferWithWrongDynamicDimIsNotWritten) {
  // Only known once the body runs: 2 rows arrive, the buffer holds 3.
  std::vector<float> x(8, 1.f), y(9, 42.f);
  kiln_tensor in = tensor(x.data(), KILN_FLOAT32, {2, 4});
  kiln_tensor out = tensor(y.data(), KILN_FLOAT32, {3, 3});
  Result r = runMlp(&in, 1, &out, 1);
  EXPECT_EQ(r.code, KILN_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(r.message, "model 'mlp': output 'y' has shape [2,3] but the "
                       "caller's buffer is [3,3]");
  for (float v : y)
    EXPECT_EQ(v, 42.f);
}

TEST(Run, LongMessagesAreTruncated) {
  std::string longName(2000, 'n');
  kiln_tensor_info inInfo[] = {{longName.c_str(), KILN_FLOAT32, 2, kXDims}};
  kiln_model_info info = {"mlp", 1, inInfo, 1, kMlpOut};
  std::vector<int32_t> x(4);
  kiln_tensor in = tensor(x.data(), KILN_INT32, {1, 4});
  kiln_tensor out = emptyOutput();
  kiln_status st;
  std::memset(&st, 'x', sizeof(st));
  EXPECT_EQ(kiln_rt_run(&info, mlpBody, &in, 1, &out, 1, &st),
            KILN_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(std::strlen(st.message), sizeof(st.message) - 1);
  EXPECT_EQ(std::string(st.message).rfind("model 'mlp': input 'nnn", 0), 0u);
}

TEST(Run, MissingInfoOrBody) {
  kiln_status st;
  EXPECT_EQ(kiln_rt_run(nullptr, mlpBody, nullptr, 0, nullptr, 0, &st),
            KILN_ERROR_INTERNAL);
  EXPECT_EQ(kiln_rt_run(&kMlp, nullptr, nullptr, 0, nullptr, 0, &st),
            KILN_ERROR_INTERNAL);
}

//===--- Output delivery --------------------------------------------------===//

// model 'two': a i32 [2,?,3] -> a_t i32 [?,2,3] (a strided permutation of
// a's descriptor), and s f32 [] (a scalar).
const int64_t kADims[] = {2, KILN_DYNAMIC_DIM, 3};
const int64_t kATDims[] = {KILN_DYNAMIC_DIM, 2, 3};
const kiln_tensor_info kTwoIn[] = {{"a", KILN_INT32, 3, kADims}};
const kiln_tensor_info kTwoOut[] = {{"a_t", KILN_INT32, 3, kATDims},
                                    {"s", KILN_FLOAT32, 0, nullptr}};
const kiln_model_info kTwo = {"two", 1, kTwoIn, 2, kTwoOut};

void twoBody(void *ctx) {
  RankedResult a(3);
  _mlir_ciface_kiln_rt_input_i32_r3(a.words, ctx, 0);
  EXPECT_EQ(a.offset(), 0);
  EXPECT_EQ(a.data(), a.allocated());
  EXPECT_EQ(a.stride(2), 1);
  EXPECT_EQ(a.stride(1), 3);
  EXPECT_EQ(a.stride(0), 3 * a.size(1));
  // a_t[i][j][k] = a[j][i][k]: swap the strides of dims 0 and 1.
  Memref at(a.data(), {a.size(1), 2, 3}, {3, 3 * a.size(1), 1});
  _mlir_ciface_kiln_rt_output_i32(ctx, 0, at.get());
  float s = 2.5f;
  Memref sm(&s, {});
  _mlir_ciface_kiln_rt_output_f32(ctx, 1, sm.get());
}

TEST(RunOutputs, StridedOutputIsCopiedDense) {
  const int64_t n = 4;
  std::vector<int32_t> a(2 * n * 3);
  for (size_t i = 0; i < a.size(); ++i)
    a[i] = int32_t(i);
  kiln_tensor in = tensor(a.data(), KILN_INT32, {2, n, 3});
  kiln_tensor out[2] = {emptyOutput(), emptyOutput()};
  kiln_status st;
  ASSERT_EQ(kiln_rt_run(&kTwo, twoBody, &in, 1, out, 2, &st), KILN_OK)
      << st.message;
  ASSERT_EQ(out[0].rank, 3);
  EXPECT_EQ(out[0].dtype, KILN_INT32);
  EXPECT_EQ(out[0].dims[0], n);
  EXPECT_EQ(out[0].dims[1], 2);
  EXPECT_EQ(out[0].dims[2], 3);
  auto *at = static_cast<int32_t *>(out[0].data);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < 2; ++j)
      for (int64_t k = 0; k < 3; ++k)
        EXPECT_EQ(at[(i * 2 + j) * 3 + k], a[(j * n + i) * 3 + k]);
  EXPECT_EQ(out[1].rank, 0);
  EXPECT_EQ(*static_cast<float *>(out[1].data), 2.5f);
  kiln_tensor_free(&out[0]);
  kiln_tensor_free(&out[1]);
}

void runBody(kiln_model_body body, kiln_tensor *out, Result &r) {
  int32_t a[6] = {};
  kiln_tensor in = tensor(a, KILN_INT32, {2, 1, 3});
  kiln_status st;
  r.code = kiln_rt_run(&kTwo, body, &in, 1, out, 2, &st);
  r.message = st.message;
}

TEST(RunOutputs, MissingOutputIsInternalError) {
  kiln_tensor out[2] = {emptyOutput(), emptyOutput()};
  Result r;
  runBody(
      [](void *ctx) {
        float s = 1.f;
        Memref sm(&s, {});
        _mlir_ciface_kiln_rt_output_f32(ctx, 1, sm.get());
      },
      out, r);
  EXPECT_EQ(r.code, KILN_ERROR_INTERNAL);
  EXPECT_EQ(r.message, "model 'two': internal error: the model body never "
                       "produced output 'a_t'");
  // The run failed: what it allocated is released, data left NULL.
  EXPECT_EQ(out[0].data, nullptr);
  EXPECT_EQ(out[1].data, nullptr);
}

TEST(RunOutputs, DoubleDeliveryAndBadIndex) {
  kiln_tensor out[2] = {emptyOutput(), emptyOutput()};
  Result r;
  runBody(
      [](void *ctx) {
        float s = 1.f;
        Memref sm(&s, {});
        _mlir_ciface_kiln_rt_output_f32(ctx, 1, sm.get());
        _mlir_ciface_kiln_rt_output_f32(ctx, 1, sm.get());
      },
      out, r);
  EXPECT_EQ(r.code, KILN_ERROR_INTERNAL);
  EXPECT_NE(r.message.find("output 's' delivered twice"), std::string::npos)
      << r.message;
  runBody(
      [](void *ctx) {
        float s = 1.f;
        Memref sm(&s, {});
        _mlir_ciface_kiln_rt_output_f32(ctx, 7, sm.get());
      },
      out, r);
  EXPECT_EQ(r.code, KILN_ERROR_INTERNAL);
  EXPECT_NE(r.message.find("output index 7 out of range"), std::string::npos)
      << r.message;
}

TEST(RunOutputs, WrongDeliveredDtypeOrShape) {
  kiln_tensor out[2] = {emptyOutput(), emptyOutput()};
  Result r;
  runBody(
      [](void *ctx) {
        int32_t s = 1;
        Memref sm(&s, {});
        _mlir_ciface_kiln_rt_output_i32(ctx, 1, sm.get());
      },
      out, r);
  EXPECT_EQ(r.code, KILN_ERROR_INTERNAL);
  EXPECT_NE(r.message.find("output 's' delivered as int32 but declared "
                           "float32"),
            std::string::npos)
      << r.message;
  runBody(
      [](void *ctx) {
        int32_t v[8] = {};
        Memref m(v, {1, 4, 2}); // static dims are [?,2,3]
        _mlir_ciface_kiln_rt_output_i32(ctx, 0, m.get());
      },
      out, r);
  EXPECT_EQ(r.code, KILN_ERROR_INTERNAL);
  EXPECT_NE(r.message.find("delivered with shape [1,4,2] but declared "
                           "[?,2,3]"),
            std::string::npos)
      << r.message;
}

TEST(RunOutputs, FailureAfterAllocationReleasesOutputs) {
  kiln_tensor out[2] = {emptyOutput(), emptyOutput()};
  Result r;
  runBody(
      [](void *ctx) {
        float s = 1.f;
        Memref sm(&s, {});
        _mlir_ciface_kiln_rt_output_f32(ctx, 1, sm.get()); // allocated
        throw std::runtime_error("boom");
      },
      out, r);
  EXPECT_EQ(r.code, KILN_ERROR_INTERNAL);
  EXPECT_EQ(r.message, "model 'two': model body: boom");
  EXPECT_EQ(out[1].data, nullptr);
}

TEST(RunOutputs, MatmulErrorInsideRunBecomesStatus) {
  kiln_tensor out[2] = {emptyOutput(), emptyOutput()};
  Result r;
  runBody(
      [](void *ctx) {
        float buf[16] = {};
        Memref a(buf, {2, 3}), b(buf, {4, 2}), c(buf, {2, 2});
        _mlir_ciface_kiln_rt_matmul_f32(a.get(), b.get(), b.get(), c.get(), 0,
                                        0, 1.f, 0.f);
        // Later calls of a failed run do nothing, and must not crash.
        _mlir_ciface_kiln_rt_output_f32(ctx, 1, nullptr);
      },
      out, r);
  EXPECT_EQ(r.code, KILN_ERROR_INTERNAL);
  EXPECT_EQ(r.message.rfind("model 'two': matmul: mismatched matmul shapes", 0),
            0u)
      << r.message;
}

TEST(RunOutputs, InputRequestedWithWrongRank) {
  kiln_tensor out[2] = {emptyOutput(), emptyOutput()};
  Result r;
  runBody(
      [](void *ctx) {
        RankedResult a(2);
        _mlir_ciface_kiln_rt_input_i32_r2(a.words, ctx, 0);
        EXPECT_NE(a.data(), nullptr); // still a usable (empty) descriptor
        EXPECT_EQ(a.size(0), 0);
      },
      out, r);
  EXPECT_EQ(r.code, KILN_ERROR_INTERNAL);
  EXPECT_EQ(r.message, "model 'two': internal error: input 'a' requested as "
                       "int32 rank 2 but it is int32 rank 3");
}

TEST(Threads, SetNumThreads) {
  // Only checks that it is callable and that the default can be restored.
  kiln_set_num_threads(1);
  std::vector<float> x(4, 1.f);
  kiln_tensor in = tensor(x.data(), KILN_FLOAT32, {1, 4});
  kiln_tensor out = emptyOutput();
  EXPECT_EQ(runMlp(&in, 1, &out, 1).code, KILN_OK);
  kiln_tensor_free(&out);
  kiln_set_num_threads(0);
}

} // namespace
