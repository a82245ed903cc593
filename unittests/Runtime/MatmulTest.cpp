//===- MatmulTest.cpp - _mlir_ciface_kiln_rt_matmul_f32 vs a naive loop ---===//
#include "TestMemref.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <thread>

using kiln::test::denseStrides;
using kiln::test::Memref;

namespace {

std::vector<float> randomData(size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(gen);
  return v;
}

float refActivation(int64_t act, float x, float actAlpha) {
  switch (act) {
  case KILN_ACT_NONE: return x;
  case KILN_ACT_RELU: return std::max(x, 0.f);
  case KILN_ACT_TANH: return std::tanh(x);
  case KILN_ACT_SIGMOID: return 1.f / (1.f + std::exp(-x));
  case KILN_ACT_GELU_ERF: return 0.5f * x * (1.f + std::erf(x / std::sqrt(2.f)));
  case KILN_ACT_GELU_TANH:
    return 0.5f * x *
           (1.f + std::tanh(std::sqrt(2.f / float(M_PI)) *
                            (x + 0.044715f * x * x * x)));
  case KILN_ACT_ELU: return x > 0 ? x : actAlpha * (std::exp(x) - 1.f);
  case KILN_ACT_SWISH: return x / (1.f + std::exp(-x));
  }
  throw std::logic_error("bad activation");
}

/// Element of a strided view, with a batch index that a missing or unit
/// batch dim ignores (broadcast).
float at(const float *base, const Memref &m, int64_t b, int64_t i, int64_t j) {
  size_t r = m.sizes.size();
  int64_t off = i * m.strides[r - 2] + j * m.strides[r - 1];
  if (r == 3 && m.sizes[0] != 1)
    off += b * m.strides[0];
  return base[off];
}

struct Problem {
  const float *a, *b, *bias;
  const Memref *am, *bm, *cm;
  int64_t act = KILN_ACT_NONE;
  float alpha = 1.f, actAlpha = 0.f;
};

/// Checks every element of C (base `c`, view cm) against the definition.
void expectMatchesReference(const Problem &p, const float *c) {
  const Memref &am = *p.am, &bm = *p.bm, &cm = *p.cm;
  size_t r = cm.sizes.size();
  int64_t batch = r == 3 ? cm.sizes[0] : 1;
  int64_t m = cm.sizes[r - 2], n = cm.sizes[r - 1];
  int64_t k = am.sizes[am.sizes.size() - 1];
  for (int64_t bi = 0; bi < batch; ++bi)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double acc = 0;
        for (int64_t kk = 0; kk < k; ++kk)
          acc += double(at(p.a, am, bi, i, kk)) * at(p.b, bm, bi, kk, j);
        float x = float(p.alpha * acc) + (p.bias ? p.bias[j] : 0.f);
        float want = refActivation(p.act, x, p.actAlpha);
        float got = at(c, cm, bi, i, j);
        ASSERT_NEAR(got, want, 1e-4f * (1.f + std::fabs(want)))
            << "at [" << bi << "," << i << "," << j << "]";
      }
}

void matmul(Memref &a, Memref &b, Memref *bias, Memref &c, int64_t act,
            float alpha, float actAlpha) {
  Memref noBias(nullptr, {0});
  _mlir_ciface_kiln_rt_matmul_f32(a.get(), b.get(),
                                  bias ? bias->get() : noBias.get(), c.get(),
                                  bias != nullptr, act, alpha, actAlpha);
}

/// Dense operands of the given shapes; runs and checks.
void runDense(std::vector<int64_t> aShape, std::vector<int64_t> bShape,
              std::vector<int64_t> cShape, bool withBias, int64_t act = 0,
              float alpha = 1.f, float actAlpha = 0.f) {
  auto count = [](const std::vector<int64_t> &s) {
    int64_t n = 1;
    for (int64_t d : s)
      n *= d;
    return n;
  };
  std::vector<float> a = randomData(count(aShape), 1);
  std::vector<float> b = randomData(count(bShape), 2);
  std::vector<float> bias = randomData(cShape.back(), 3);
  std::vector<float> c(count(cShape), NAN);
  Memref am(a.data(), aShape), bm(b.data(), bShape), cm(c.data(), cShape);
  Memref biasm(bias.data(), {cShape.back()});
  matmul(am, bm, withBias ? &biasm : nullptr, cm, act, alpha, actAlpha);
  expectMatchesReference({a.data(), b.data(), withBias ? bias.data() : nullptr,
                          &am, &bm, &cm, act, alpha, actAlpha},
                         c.data());
}

TEST(Matmul, Plain2D) { runDense({5, 7}, {7, 3}, {5, 3}, false); }

TEST(Matmul, Larger2D) { runDense({64, 96}, {96, 80}, {64, 80}, true); }

TEST(Matmul, Batched3D) { runDense({3, 5, 7}, {3, 7, 4}, {3, 5, 4}, false); }

TEST(Matmul, BroadcastRank2Weights) {
  runDense({3, 5, 7}, {7, 4}, {3, 5, 4}, true);
}

TEST(Matmul, BroadcastUnitBatchWeights) {
  runDense({3, 5, 7}, {1, 7, 4}, {3, 5, 4}, false);
}

TEST(Matmul, BroadcastUnitBatchSource) {
  runDense({1, 5, 7}, {3, 7, 4}, {3, 5, 4}, false);
}

TEST(Matmul, Alpha) { runDense({4, 6}, {6, 5}, {4, 5}, false, 0, 0.125f); }

// oneDNN adds its built-in bias before output scales; Kiln's contract
// scales first. This is the case that tells the two apart.
TEST(Matmul, AlphaWithBias) { runDense({4, 6}, {6, 5}, {4, 5}, true, 0, 0.5f); }

TEST(Matmul, AlphaWithBiasBatched) {
  runDense({2, 4, 6}, {6, 5}, {2, 4, 5}, true, KILN_ACT_TANH, 2.f);
}

class MatmulActivation : public ::testing::TestWithParam<int64_t> {};

TEST_P(MatmulActivation, WithBias) {
  runDense({6, 9}, {9, 7}, {6, 7}, true, GetParam(), 1.f, 0.3f);
}
TEST_P(MatmulActivation, WithBiasAndAlpha) {
  runDense({2, 6, 9}, {2, 9, 7}, {2, 6, 7}, true, GetParam(), 0.7f, 0.3f);
}
TEST_P(MatmulActivation, WithoutBias) {
  runDense({6, 9}, {9, 7}, {6, 7}, false, GetParam(), 1.f, 1.5f);
}
INSTANTIATE_TEST_SUITE_P(
    AllActivations, MatmulActivation,
    ::testing::Values(KILN_ACT_NONE, KILN_ACT_RELU, KILN_ACT_TANH,
                      KILN_ACT_SIGMOID, KILN_ACT_GELU_ERF, KILN_ACT_GELU_TANH,
                      KILN_ACT_ELU, KILN_ACT_SWISH));

TEST(Matmul, TransposedWeightsViaStrides) {
  // B is stored as [N, K] (like a Keras Dense kernel transposed) and viewed
  // as [K, N] with strides {1, K}.
  const int64_t m = 5, k = 8, n = 6;
  std::vector<float> a = randomData(m * k, 4), bt = randomData(n * k, 5);
  std::vector<float> c(m * n);
  Memref am(a.data(), {m, k});
  Memref bm(bt.data(), {k, n}, {1, k});
  Memref cm(c.data(), {m, n});
  matmul(am, bm, nullptr, cm, 0, 1.f, 0.f);
  expectMatchesReference({a.data(), bt.data(), nullptr, &am, &bm, &cm},
                         c.data());
}

TEST(Matmul, TransposedSourceAndStridedResult) {
  // A viewed transposed; C is a [M, N] window at offset 3 inside a wider
  // buffer with row stride 10. Elements outside the window stay untouched.
  const int64_t m = 4, k = 5, n = 6, ld = 10, offset = 3;
  std::vector<float> at = randomData(k * m, 6), b = randomData(k * n, 7);
  std::vector<float> bias = randomData(n, 8);
  std::vector<float> c(offset + m * ld, 42.f);
  Memref am(at.data(), {m, k}, {1, m});
  Memref bm(b.data(), {k, n});
  Memref biasm(bias.data(), {n});
  Memref cm(c.data(), {m, n}, {ld, 1}, offset);
  matmul(am, bm, &biasm, cm, KILN_ACT_RELU, 1.f, 0.f);
  expectMatchesReference(
      {at.data(), b.data(), bias.data(), &am, &bm, &cm, KILN_ACT_RELU},
      c.data() + offset);
  for (int64_t i = 0; i < offset + m * ld; ++i) {
    int64_t rel = i - offset;
    if (rel < 0 || rel % ld >= n) {
      EXPECT_EQ(c[i], 42.f) << "written outside the view at " << i;
    }
  }
}

TEST(Matmul, StridedBatchedOperandsAndBias) {
  // Batch-major B stored as [K, batch, N]; bias with stride 2.
  const int64_t batch = 3, m = 4, k = 5, n = 3;
  std::vector<float> a = randomData(batch * m * k, 9);
  std::vector<float> b = randomData(k * batch * n, 10);
  std::vector<float> bias = randomData(2 * n, 11);
  std::vector<float> c(batch * m * n);
  Memref am(a.data(), {batch, m, k});
  Memref bm(b.data(), {batch, k, n}, {n, batch * n, 1});
  Memref biasm(bias.data(), {n}, {2});
  Memref cm(c.data(), {batch, m, n});
  matmul(am, bm, &biasm, cm, 0, 1.f, 0.f);
  std::vector<float> biasDense = {bias[0], bias[2], bias[4]};
  expectMatchesReference(
      {a.data(), b.data(), biasDense.data(), &am, &bm, &cm}, c.data());
}

TEST(Matmul, PaddedRowsAndBatches) {
  // Windows into larger buffers: every operand has row and batch strides
  // beyond its extents (slices of a padded tensor).
  const int64_t batch = 2, m = 3, k = 4, n = 5;
  std::vector<float> a = randomData(batch * 30, 19), b = randomData(40, 20);
  std::vector<float> bias = randomData(n, 21);
  std::vector<float> c(batch * 25, 42.f);
  Memref am(a.data(), {batch, m, k}, {30, 8, 1}, 2);
  Memref bm(b.data(), {k, n}, {9, 1}, 1);
  Memref biasm(bias.data(), {n});
  Memref cm(c.data(), {batch, m, n}, {25, 7, 1});
  matmul(am, bm, &biasm, cm, KILN_ACT_NONE, 1.f, 0.f);
  expectMatchesReference({a.data() + 2, b.data() + 1, bias.data(), &am, &bm,
                          &cm},
                         c.data());
  EXPECT_EQ(c[5], 42.f); // padding after the first row
  EXPECT_EQ(c[24], 42.f); // padding after the first batch
}

TEST(Matmul, ColumnMajorResultAndSparseSource) {
  // C stored column-major; A reads every other element of each row.
  const int64_t m = 6, k = 5, n = 7;
  std::vector<float> a = randomData(m * 2 * k, 16), b = randomData(k * n, 17);
  std::vector<float> bias = randomData(n, 18);
  std::vector<float> c(m * n);
  Memref am(a.data(), {m, k}, {2 * k, 2});
  Memref bm(b.data(), {k, n});
  Memref biasm(bias.data(), {n});
  Memref cm(c.data(), {m, n}, {1, m});
  matmul(am, bm, &biasm, cm, KILN_ACT_GELU_ERF, 0.5f, 0.f);
  expectMatchesReference({a.data(), b.data(), bias.data(), &am, &bm, &cm,
                          KILN_ACT_GELU_ERF, 0.5f},
                         c.data());
}

TEST(Matmul, BroadcastZeroStrideSourceIsPacked) {
  // Every row of A is the same vector (stride 0 on M), as an MLIR broadcast
  // produces; oneDNN cannot describe it, so the runtime packs A.
  const int64_t m = 3, k = 4, n = 2;
  std::vector<float> row = randomData(k, 12), b = randomData(k * n, 13);
  std::vector<float> c(m * n);
  Memref am(row.data(), {m, k}, {0, 1});
  Memref bm(b.data(), {k, n});
  Memref cm(c.data(), {m, n});
  matmul(am, bm, nullptr, cm, 0, 1.f, 0.f);
  expectMatchesReference({row.data(), b.data(), nullptr, &am, &bm, &cm},
                         c.data());
}

TEST(Matmul, UnitDimsWithArbitraryStrides) {
  // M == 1 and batch == 1 with strides MLIR may leave arbitrary.
  const int64_t k = 6, n = 5;
  std::vector<float> a = randomData(k, 14), b = randomData(k * n, 15);
  std::vector<float> c(n);
  Memref am(a.data(), {1, 1, k}, {0, 0, 1});
  Memref bm(b.data(), {k, n});
  Memref cm(c.data(), {1, 1, n}, {7, 0, 1});
  matmul(am, bm, nullptr, cm, 0, 1.f, 0.f);
  expectMatchesReference({a.data(), b.data(), nullptr, &am, &bm, &cm},
                         c.data());
}

TEST(Matmul, EmptyResultIsNoOp) {
  std::vector<float> a(8, 1.f), b(8, 1.f), c(8, 42.f);
  for (auto shapes : std::vector<std::vector<std::vector<int64_t>>>{
           {{0, 4}, {4, 2}, {0, 2}},                // M = 0
           {{2, 4}, {4, 0}, {2, 0}},                // N = 0
           {{0, 2, 4}, {0, 4, 2}, {0, 2, 2}},       // batch = 0
           {{0, 2, 4}, {4, 2}, {0, 2, 2}}}) {       // batch = 0, rank-2 B
    Memref am(a.data(), shapes[0]), bm(b.data(), shapes[1]),
        cm(c.data(), shapes[2]);
    matmul(am, bm, nullptr, cm, KILN_ACT_SIGMOID, 1.f, 0.f);
  }
  for (float x : c)
    EXPECT_EQ(x, 42.f);
}

TEST(Matmul, ZeroKGivesActivationOfBias) {
  const int64_t batch = 2, m = 3, n = 4;
  std::vector<float> bias = {-1.f, 0.f, 0.5f, 2.f};
  std::vector<float> c(batch * m * n, 42.f);
  float dummy = 0.f;
  Memref am(&dummy, {batch, m, 0}), bm(&dummy, {0, n});
  Memref biasm(bias.data(), {n});
  Memref cm(c.data(), {batch, m, n});
  matmul(am, bm, &biasm, cm, KILN_ACT_SIGMOID, 3.f, 0.f);
  for (int64_t i = 0; i < batch * m * n; ++i)
    EXPECT_NEAR(c[i], 1.f / (1.f + std::exp(-bias[i % n])), 1e-6f);

  Memref cm2(c.data(), {batch, m, n});
  matmul(am, bm, nullptr, cm2, KILN_ACT_NONE, 1.f, 0.f);
  for (float x : c)
    EXPECT_EQ(x, 0.f);
}

TEST(Matmul, RepeatedShapesReuseCachedPrimitives) {
  // Same shapes, new data: a cached primitive must not capture pointers.
  for (unsigned seed = 0; seed < 3; ++seed) {
    std::vector<float> a = randomData(12, seed), b = randomData(12, seed + 10);
    std::vector<float> c(9);
    Memref am(a.data(), {3, 4}), bm(b.data(), {4, 3}), cm(c.data(), {3, 3});
    matmul(am, bm, nullptr, cm, 0, 1.f, 0.f);
    expectMatchesReference({a.data(), b.data(), nullptr, &am, &bm, &cm},
                           c.data());
  }
}

TEST(Matmul, ConcurrentCallsFromThreads) {
  // Primitives and the cache are shared; scratch memory is per thread.
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t, &failures] {
      for (int iter = 0; iter < 20; ++iter) {
        int64_t m = 8 + (iter % 3), k = 33, n = 17;
        std::vector<float> a = randomData(m * k, t * 100 + iter);
        std::vector<float> b = randomData(k * n, 7);
        std::vector<float> c(m * n);
        Memref am(a.data(), {m, k}), bm(b.data(), {k, n}), cm(c.data(), {m, n});
        _mlir_ciface_kiln_rt_matmul_f32(am.get(), bm.get(), bm.get(), cm.get(),
                                        0, 0, 1.f, 0.f);
        for (int64_t i = 0; i < m; ++i)
          for (int64_t j = 0; j < n; ++j) {
            double acc = 0;
            for (int64_t kk = 0; kk < k; ++kk)
              acc += double(a[i * k + kk]) * b[kk * n + j];
            if (std::fabs(acc - c[i * n + j]) > 1e-4)
              ++failures[t];
          }
      }
    });
  for (auto &th : threads)
    th.join();
  for (int f : failures)
    EXPECT_EQ(f, 0);
}

TEST(Matmul, BadShapesThrowOutsideARun) {
  // Outside kiln_rt_run there is no status to report to, so the error
  // propagates to the (C++) caller.
  std::vector<float> buf(64);
  Memref a(buf.data(), {2, 3}), b(buf.data(), {4, 5}), c(buf.data(), {2, 5});
  EXPECT_THROW(matmul(a, b, nullptr, c, 0, 1.f, 0.f), std::runtime_error);
  Memref b2(buf.data(), {3, 5}), c2(buf.data(), {2, 5});
  EXPECT_THROW(matmul(a, b2, nullptr, c2, 99, 1.f, 0.f), std::runtime_error);
  Memref a4(buf.data(), {1, 1, 2, 3});
  EXPECT_THROW(matmul(a4, b2, nullptr, c2, 0, 1.f, 0.f), std::runtime_error);
  Memref bias(buf.data(), {4});
  EXPECT_THROW(matmul(a, b2, &bias, c2, 0, 1.f, 0.f), std::runtime_error);
}

} // namespace
