//===- AttentionTest.cpp - kiln_rt_attention_f32 vs a naive reference -----===//
//
// The reference below is written from the description of kiln.attention in
// include/kiln/Dialect/Kiln/IR/KilnOps.td, in double precision, and shares
// no code with the kernel. Every case runs with each build of the kernel
// (KILN_ATTENTION_ISA caps the instruction set), with operands in dense,
// padded, heads-transposed and permuted (non-unit inner and negative outer
// strides) layouts; the output buffer is filled with a sentinel first, so
// writes outside its view are caught.
//
// AttentionBenchmark.DISABLED_* times the kernel; run it with
// --gtest_also_run_disabled_tests --gtest_filter='AttentionBenchmark.*'.
//
//===----------------------------------------------------------------------===//
#include "RunBody.h"
#include "TestMemref.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using kiln::test::Memref;

namespace {

const float kDefaultFill = -0.7f * FLT_MAX;
const float kMinusInfinity = -std::numeric_limits<float>::infinity();

//===--- Operands ---------------------------------------------------------===//

enum class Layout {
  Dense,           // row-major
  Padded,          // row-major, gaps after every row, an offset
  HeadsTransposed, // [B, H, L, D] stored as [B, L, H, D] (multi-head views)
  Permuted,        // dims stored in reverse order, gaps, dim 0 negative
};

const char *layoutName(Layout l) {
  switch (l) {
  case Layout::Dense:
    return "Dense";
  case Layout::Padded:
    return "Padded";
  case Layout::HeadsTransposed:
    return "HeadsTransposed";
  case Layout::Permuted:
    return "Permuted";
  }
  return "?";
}

/// A rank-4 memref operand with its storage, laid out as `layout` says,
/// every element (in the view or not) first set to `fill`.
template <typename T> class Tensor {
public:
  Tensor(std::array<int64_t, 4> sizes, Layout layout, T fill)
      : sizes(sizes), fill(fill) {
    std::array<int, 4> order = {0, 1, 2, 3}; // outermost physical dim first
    if (layout == Layout::HeadsTransposed)
      order = {0, 2, 1, 3};
    if (layout == Layout::Permuted)
      order = {3, 2, 1, 0};
    const int64_t gap =
        layout == Layout::Padded || layout == Layout::Permuted ? 1 : 0;
    int64_t extent = 1;
    for (int i = 3; i >= 0; --i) {
      strides[order[i]] = extent;
      extent *= sizes[order[i]] + gap;
    }
    offset = gap ? 3 : 0;
    data.assign(offset + extent + 1, fill);
    if (layout == Layout::Permuted && sizes[0] > 1) {
      offset += (sizes[0] - 1) * strides[0];
      strides[0] = -strides[0];
    }
    memref = std::make_unique<Memref>(
        data.data(), std::vector<int64_t>(sizes.begin(), sizes.end()),
        std::vector<int64_t>(strides.begin(), strides.end()), offset);
  }

  T &at(int64_t i0, int64_t i1, int64_t i2, int64_t i3) {
    return data[offset + i0 * strides[0] + i1 * strides[1] + i2 * strides[2] +
                i3 * strides[3]];
  }
  template <typename Fn> void forEach(Fn fn) {
    for (int64_t a = 0; a < sizes[0]; ++a)
      for (int64_t b = 0; b < sizes[1]; ++b)
        for (int64_t c = 0; c < sizes[2]; ++c)
          for (int64_t d = 0; d < sizes[3]; ++d)
            fn(a, b, c, d);
  }
  /// Elements outside the view still hold the fill value.
  bool untouchedOutsideView() {
    std::vector<bool> inView(data.size(), false);
    forEach([&](int64_t a, int64_t b, int64_t c, int64_t d) {
      inView[&at(a, b, c, d) - data.data()] = true;
    });
    for (size_t i = 0; i < data.size(); ++i)
      if (!inView[i] && std::memcmp(&data[i], &fill, sizeof(T)) != 0)
        return false;
    return true;
  }
  kiln_unranked_memref *get() { return memref->get(); }

  std::array<int64_t, 4> sizes, strides = {};
  int64_t offset = 0;
  std::vector<T> data;

private:
  T fill;
  std::unique_ptr<Memref> memref;
};

//===--- Problems ---------------------------------------------------------===//

enum class MaskKind { None, Additive, Bool };

struct Config {
  int64_t batch = 2, queryHeads = 2, kvHeads = 2;
  int64_t queryLength = 5, keyLength = 7, depth = 8, valueDepth = 8;
  float scale = 0.35f;
  MaskKind mask = MaskKind::None;
  std::array<bool, 4> maskBroadcast = {}; // dims of extent 1 in the mask
  bool minusInfinityInMask = false;       // additive: some -inf entries
  int64_t causal = 0;
  float fill = kDefaultFill;
  bool zeroMasked = false;
  Layout layout = Layout::Dense;
  int threads = 0; // kiln_set_num_threads; 0: the default
  std::string name;

  int64_t flags() const {
    return (mask == MaskKind::Additive ? KILN_ATTN_ADDITIVE_MASK : 0) |
           (mask == MaskKind::Bool ? KILN_ATTN_BOOL_MASK : 0) |
           (zeroMasked ? KILN_ATTN_ZERO_MASKED : 0);
  }
  std::array<int64_t, 4> maskSizes() const {
    std::array<int64_t, 4> full = {batch, queryHeads, queryLength, keyLength};
    for (int i = 0; i < 4; ++i)
      if (maskBroadcast[i])
        full[i] = 1;
    return full;
  }
};

/// Test names print the config's name, not its bytes.
void PrintTo(const Config &c, std::ostream *os) { *os << c.name; }

const float kOutputSentinel = 12345.f;

/// Operands of one call, filled from a seeded generator. Bool masks keep
/// about 70% of the keys, and drop every key of query row 1 (where the mask
/// has rows) and of key 0 (where it has keys).
struct Problem {
  explicit Problem(const Config &c)
      : config(c),
        query({c.batch, c.queryHeads, c.queryLength, c.depth}, c.layout, 0.f),
        key({c.batch, c.kvHeads, c.keyLength, c.depth}, c.layout, 0.f),
        value({c.batch, c.kvHeads, c.keyLength, c.valueDepth}, c.layout, 0.f),
        additiveMask(c.maskSizes(), c.layout, 0.f),
        boolMask(c.maskSizes(), c.layout, int8_t(0)),
        output({c.batch, c.queryHeads, c.queryLength, c.valueDepth}, c.layout,
               kOutputSentinel) {
    std::mt19937 gen(42);
    std::uniform_real_distribution<float> unit(-1.f, 1.f);
    for (Tensor<float> *t : {&query, &key, &value})
      t->forEach([&](int64_t a, int64_t b, int64_t i, int64_t d) {
        t->at(a, b, i, d) = unit(gen);
      });
    std::uniform_real_distribution<float> additive(-2.f, 1.f);
    std::bernoulli_distribution minusInfinity(0.3);
    additiveMask.forEach([&](int64_t a, int64_t b, int64_t i, int64_t j) {
      float x = additive(gen);
      if (c.minusInfinityInMask && (i == 0 || minusInfinity(gen)))
        x = kMinusInfinity; // row 0: all -inf
      additiveMask.at(a, b, i, j) = x;
    });
    std::bernoulli_distribution keep(0.7);
    boolMask.forEach([&](int64_t a, int64_t b, int64_t i, int64_t j) {
      bool dropRow = !c.maskBroadcast[2] && i == 1;
      bool dropKey = !c.maskBroadcast[3] && j == 0;
      // Nonzero bytes other than 1 also mean keep.
      boolMask.at(a, b, i, j) =
          !dropRow && !dropKey && keep(gen) ? int8_t(j % 2 ? 1 : -3) : 0;
    });
  }

  kiln_unranked_memref *maskOperand() {
    switch (config.mask) {
    case MaskKind::Additive:
      return additiveMask.get();
    case MaskKind::Bool:
      return boolMask.get();
    case MaskKind::None:
      break;
    }
    return nullptr;
  }

  void run() {
    _mlir_ciface_kiln_rt_attention_f32(
        query.get(), key.get(), value.get(), maskOperand(), output.get(),
        config.scale, config.fill, config.causal, config.flags());
  }

  Config config;
  Tensor<float> query, key, value, additiveMask;
  Tensor<int8_t> boolMask;
  Tensor<float> output;
};

//===--- Reference --------------------------------------------------------===//

/// init[b,h,i,:] of KilnOps.td, in double precision.
std::vector<double> referenceRow(Problem &p, int64_t b, int64_t h, int64_t i) {
  const Config &c = p.config;
  const int64_t g = c.queryHeads / c.kvHeads, kv = h / g;
  const int64_t S = c.keyLength, T = c.queryLength;
  auto maskIndex = [&](int64_t j) {
    std::array<int64_t, 4> idx = {b, h, i, j};
    for (int d = 0; d < 4; ++d)
      if (c.maskBroadcast[d])
        idx[d] = 0;
    return idx;
  };
  std::vector<double> logit(S);
  std::vector<bool> keep(S, true);
  for (int64_t j = 0; j < S; ++j) {
    double score = 0;
    for (int64_t d = 0; d < c.depth; ++d)
      score += double(p.query.at(b, h, i, d)) * double(p.key.at(b, kv, j, d));
    double x = double(c.scale) * score;
    auto m = maskIndex(j);
    if (c.mask == MaskKind::Additive)
      x += double(p.additiveMask.at(m[0], m[1], m[2], m[3]));
    if (c.mask == MaskKind::Bool)
      keep[j] = p.boolMask.at(m[0], m[1], m[2], m[3]) != 0;
    if (c.causal == 1)
      keep[j] = keep[j] && j <= i;
    if (c.causal == 2)
      keep[j] = keep[j] && j <= i + (S - T);
    logit[j] = keep[j] ? x : double(c.fill);
  }
  double maximum = -std::numeric_limits<double>::infinity();
  for (double x : logit)
    maximum = std::max(maximum, x);
  std::vector<double> weight(S);
  double sum = 0;
  for (int64_t j = 0; j < S; ++j)
    sum += weight[j] = std::exp(logit[j] - maximum);
  std::vector<double> out(c.valueDepth, 0.0);
  for (int64_t j = 0; j < S; ++j) {
    double pj = weight[j] / sum;
    if (c.zeroMasked && !keep[j])
      pj = 0;
    for (int64_t e = 0; e < c.valueDepth; ++e)
      out[e] += pj * double(p.value.at(b, kv, j, e));
  }
  return out;
}

/// Within 1e-5 relative with a 1e-6 absolute floor; NaN exactly where the
/// reference is NaN.
void expectClose(float got, double want, const std::string &where) {
  if (std::isnan(want)) {
    ASSERT_TRUE(std::isnan(got)) << where << ": got " << got << ", want NaN";
    return;
  }
  ASSERT_LE(std::fabs(double(got) - want), 1e-6 + 1e-5 * std::fabs(want))
      << where << ": got " << got << ", want " << want;
}

void expectMatchesReference(Problem &p) {
  const Config &c = p.config;
  for (int64_t b = 0; b < c.batch; ++b)
    for (int64_t h = 0; h < c.queryHeads; ++h)
      for (int64_t i = 0; i < c.queryLength; ++i) {
        std::vector<double> want = referenceRow(p, b, h, i);
        for (int64_t e = 0; e < c.valueDepth; ++e)
          ASSERT_NO_FATAL_FAILURE(expectClose(
              p.output.at(b, h, i, e), want[e],
              "b=" + std::to_string(b) + " h=" + std::to_string(h) +
                  " i=" + std::to_string(i) + " e=" + std::to_string(e)));
      }
  EXPECT_TRUE(p.output.untouchedOutsideView()) << "wrote outside the output";
}

//===--- Kernel builds ----------------------------------------------------===//

/// Caps the kernel to one instruction set while alive (on a CPU without it
/// the runtime falls back to what it has).
class ScopedKernelIsa {
public:
  explicit ScopedKernelIsa(const std::string &isa) {
    if (const char *old = std::getenv("KILN_ATTENTION_ISA"))
      previous = old;
    setenv("KILN_ATTENTION_ISA", isa.c_str(), 1);
  }
  ~ScopedKernelIsa() {
    if (previous.empty())
      unsetenv("KILN_ATTENTION_ISA");
    else
      setenv("KILN_ATTENTION_ISA", previous.c_str(), 1);
  }

private:
  std::string previous;
};

/// Sets the thread count while alive (0: leaves it).
class ScopedThreads {
public:
  explicit ScopedThreads(int n) : active(n > 0) {
    if (active)
      kiln_set_num_threads(n);
  }
  ~ScopedThreads() {
    if (active)
      kiln_set_num_threads(0);
  }

private:
  bool active;
};

const char *const kIsas[] = {"avx512", "avx2", "generic"};

void runAndCheck(const Config &config) {
  ScopedThreads threads(config.threads);
  for (const char *isa : kIsas) {
    SCOPED_TRACE(std::string("kernel build ") + isa);
    ScopedKernelIsa scoped(isa);
    Problem p(config);
    p.run();
    ASSERT_NO_FATAL_FAILURE(expectMatchesReference(p));
  }
}

//===--- Semantics --------------------------------------------------------===//

std::vector<Config> semanticsConfigs() {
  std::vector<Config> configs;
  auto add = [&](std::string name, Config c) {
    c.name = std::move(name);
    configs.push_back(c);
  };
  const Layout layouts[] = {Layout::Dense, Layout::Padded,
                            Layout::HeadsTransposed, Layout::Permuted};

  // Heads: MHA, GQA, MQA; every layout.
  for (Layout layout : layouts) {
    std::string suffix = std::string("_") + layoutName(layout);
    Config c;
    c.layout = layout;
    add("MHA" + suffix, c);
    c.queryHeads = 4;
    add("GQA" + suffix, c);
    c.queryHeads = 3;
    c.kvHeads = 1;
    add("MQA" + suffix, c);
  }

  // Depths off the vector widths, lengths across several blocks (64 query
  // rows, 64 keys) with partial last ones, scales.
  {
    Config c;
    c.depth = 7;
    c.valueDepth = 33;
    add("D7_Dv33", c);
    c.depth = 33;
    c.valueDepth = 7;
    c.layout = Layout::Permuted;
    add("D33_Dv7_Permuted", c);
    c = Config();
    c.depth = 1;
    c.valueDepth = 1;
    add("D1_Dv1", c);
    c = Config();
    c.depth = 0;
    add("D0", c); // logits 0: the average of the values
    c = Config();
    c.batch = 1;
    c.queryHeads = 2;
    c.kvHeads = 1;
    c.queryLength = 130;
    c.keyLength = 150;
    c.depth = 40;
    c.valueDepth = 24;
    c.scale = 0.125f;
    add("T130_S150", c);
    c.scale = 1.f;
    c.queryLength = 70;
    c.keyLength = 64;
    c.depth = 64;
    c.valueDepth = 64;
    add("T70_S64_Scale1", c);
    c.scale = 2.5f;
    c.queryLength = 3;
    c.keyLength = 200;
    c.depth = 16;
    c.valueDepth = 48;
    add("T3_S200_Scale2_5", c);
    c.layout = Layout::HeadsTransposed;
    c.threads = 7; // small query blocks to occupy the threads
    add("T3_S200_SevenThreads", c);
    c = Config();
    c.queryLength = 40;
    c.keyLength = 70;
    c.threads = 5;
    add("T40_S70_FiveThreads", c);
  }

  // Masks and their broadcasts.
  const std::array<bool, 4> broadcasts[] = {
      {false, false, false, false}, {false, true, false, false},
      {false, true, true, false},   {true, true, false, false},
      {true, false, true, true},    {true, true, true, true},
      {true, true, false, true}};
  const char *broadcastNames[] = {"Full", "B1TS", "B11S", "11TS",
                                  "1H11", "1111", "11T1"};
  for (int k = 0; k < 7; ++k)
    for (MaskKind kind : {MaskKind::Additive, MaskKind::Bool}) {
      Config c;
      c.mask = kind;
      c.maskBroadcast = broadcasts[k];
      c.queryHeads = 4;
      c.kvHeads = 2;
      c.layout = layouts[k % 4];
      add(std::string(kind == MaskKind::Bool ? "Bool" : "Additive") + "Mask_" +
              broadcastNames[k] + "_" + layoutName(c.layout),
          c);
    }
  {
    Config c;
    c.mask = MaskKind::Bool;
    c.queryLength = 80;
    c.keyLength = 140;
    c.depth = 20;
    add("BoolMask_T80_S140", c);
    c.fill = kMinusInfinity;
    add("BoolMask_T80_S140_FillMinusInf", c); // row 1: NaN
    c.zeroMasked = true;
    add("BoolMask_T80_S140_FillMinusInf_ZeroMasked", c); // row 1: 0
    c.fill = kDefaultFill;
    add("BoolMask_T80_S140_ZeroMasked", c);
    c.layout = Layout::Permuted;
    c.maskBroadcast = {false, true, true, false};
    add("BoolMask_B11S_ZeroMasked_Permuted", c);
    c = Config();
    c.mask = MaskKind::Additive;
    c.queryLength = 80;
    c.keyLength = 140;
    c.depth = 20;
    add("AdditiveMask_T80_S140", c); // whole 16x16 blocks transposed
    c.layout = Layout::HeadsTransposed;
    c.maskBroadcast = {false, true, false, false};
    add("AdditiveMask_B1TS_T80_S140_HeadsTransposed", c);
    c = Config();
    c.mask = MaskKind::Additive;
    c.minusInfinityInMask = true;
    add("AdditiveMinusInf", c); // row 0 all -inf: NaN
    c.zeroMasked = true;
    c.causal = 1;
    add("AdditiveMinusInf_Causal_ZeroMasked", c);
    c = Config();
    c.mask = MaskKind::Additive;
    c.zeroMasked = true; // nothing is masked: no effect
    add("Additive_ZeroMaskedNoDrop", c);
  }

  // Causal triangles, T < S, T == S, T > S; fills; with masks.
  struct Lengths {
    int64_t t, s;
  };
  const Lengths lengths[] = {{5, 9},     {9, 9},    {9, 5},   {100, 150},
                             {150, 100}, {70, 200}, {200, 70}};
  for (int64_t causal : {1, 2})
    for (const Lengths &l : lengths) {
      Config c;
      c.causal = causal;
      c.queryLength = l.t;
      c.keyLength = l.s;
      c.batch = l.t > 50 ? 1 : 2;
      c.depth = 12;
      c.valueDepth = 20;
      std::string base = std::string(causal == 1 ? "TopLeft" : "BottomRight") +
                         "_T" + std::to_string(l.t) + "_S" +
                         std::to_string(l.s);
      add(base, c);
      c.fill = kMinusInfinity;
      add(base + "_FillMinusInf", c);
      c.zeroMasked = true;
      add(base + "_FillMinusInf_ZeroMasked", c);
      c.fill = kDefaultFill;
      add(base + "_ZeroMasked", c);
      c.zeroMasked = false;
      c.mask = MaskKind::Bool;
      c.layout = Layout::Padded;
      add(base + "_BoolMask", c);
      c.mask = MaskKind::Additive;
      c.maskBroadcast = {false, true, true, false};
      c.layout = Layout::HeadsTransposed;
      add(base + "_AdditiveMask", c);
    }
  // Empty lengths.
  {
    Config c;
    c.queryLength = 0;
    add("T0", c);
    c.queryLength = 5;
    c.keyLength = 0;
    add("S0", c); // the empty sum: 0
    c.mask = MaskKind::Bool;
    c.causal = 2;
    add("S0_BoolMask_BottomRight", c);
    c = Config();
    c.batch = 0;
    add("B0", c);
  }
  return configs;
}

class AttentionSemantics : public ::testing::TestWithParam<Config> {};

TEST_P(AttentionSemantics, MatchesReference) { runAndCheck(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Attention, AttentionSemantics,
                         ::testing::ValuesIn(semanticsConfigs()),
                         [](const auto &info) { return info.param.name; });

TEST(AttentionHiddenKeys, CountWhereLogitsAreNearTheFill) {
  // Kept logits pushed down to about the fill by the additive mask: the
  // keys past the causal diagonal weigh about e^-1 each, so the kernel may
  // not skip them. (A fill of -30, not -1e4: float logits near -1e4 carry
  // an absolute error of 1e-3, in the reference lowering as here.)
  Config c;
  c.causal = 1;
  c.queryLength = 100;
  c.keyLength = 150;
  c.batch = 1;
  c.mask = MaskKind::Additive;
  c.maskBroadcast = {true, true, true, true};
  c.fill = -30.f;
  for (const char *isa : kIsas) {
    SCOPED_TRACE(std::string("kernel build ") + isa);
    ScopedKernelIsa scoped(isa);
    Problem p(c);
    p.additiveMask.at(0, 0, 0, 0) = c.fill + 1.f;
    p.run();
    ASSERT_NO_FATAL_FAILURE(expectMatchesReference(p));
  }
}

//===--- The vectorized exp -----------------------------------------------===//

TEST(AttentionAccuracy, ExpThroughTwoKeySoftmax) {
  // One query, keys 0 and x, values 0 and 1: the output is e^x / (1 + e^x),
  // whose relative error is that of e^x (plus a few roundings).
  float q = 1.f, k[2] = {0.f, 0.f}, v[2] = {0.f, 1.f}, out = 0.f;
  Memref qm(&q, {1, 1, 1, 1}), km(k, {1, 1, 2, 1}), vm(v, {1, 1, 2, 1}),
      om(&out, {1, 1, 1, 1});
  for (const char *isa : kIsas) {
    ScopedKernelIsa scoped(isa);
    double worst = 0;
    float worstAt = 0;
    for (float x = -87.f; x <= 0.f; x += 0.0137f) {
      k[1] = x;
      _mlir_ciface_kiln_rt_attention_f32(qm.get(), km.get(), vm.get(), nullptr,
                                         om.get(), 1.f, kDefaultFill, 0, 0);
      double e = std::exp(double(x)), want = e / (1 + e);
      double error = std::fabs(out - want) / want;
      if (error > worst) {
        worst = error;
        worstAt = x;
      }
    }
    EXPECT_LE(worst, 3e-7) << isa << ": worst at x = " << worstAt;
  }
}

//===--- Errors -----------------------------------------------------------===//

/// The arguments of one call, which an error test changes.
struct Call {
  kiln_unranked_memref *query, *key, *value, *mask, *output;
  int64_t causal, flags;
};

/// Calls with the operands of `config`, changed by `mutate`, and expects an
/// error containing `message`.
void expectError(const Config &config, const std::string &message,
                 const std::function<void(Problem &, Call &)> &mutate) {
  Problem p(config);
  Call call{p.query.get(),  p.key.get(),   p.value.get(), p.maskOperand(),
            p.output.get(), config.causal, config.flags()};
  mutate(p, call);
  try {
    _mlir_ciface_kiln_rt_attention_f32(call.query, call.key, call.value,
                                       call.mask, call.output, config.scale,
                                       config.fill, call.causal, call.flags);
    ADD_FAILURE() << "no error, expected: " << message;
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find(message), std::string::npos)
        << "got: " << e.what() << "\nexpected: " << message;
  }
}

/// An operand of `sizes` (any rank) over zeros.
class Operand {
public:
  explicit Operand(std::vector<int64_t> sizes)
      : data(std::accumulate(sizes.begin(), sizes.end(), int64_t(1),
                             std::multiplies<int64_t>())),
        memref(data.data(), sizes) {}
  kiln_unranked_memref *get() { return memref.get(); }

private:
  std::vector<float> data; // also big enough for bytes
  Memref memref;
};

TEST(AttentionErrors, BadRanksAndShapes) {
  Config c; // B 2, Hq = Hkv = 2, T 5, S 7, D = Dv = 8
  struct Case {
    const char *operand;
    std::vector<int64_t> sizes;
    const char *message;
  };
  const Case cases[] = {
      {"query",
       {2, 2, 5},
       "query has shape [2,2,5], expected rank 4 ([B, Hq, T, D])"},
      {"key",
       {2, 2, 7, 9},
       "key has shape [2,2,7,9], expected [2,2,7,8] "
       "([B, Hkv, S, D], B and D of the query)"},
      {"key", {3, 2, 7, 8}, "key has shape [3,2,7,8], expected [2,2,7,8]"},
      {"key", {2, 2, 7, 8, 1}, "key has shape [2,2,7,8,1], expected rank 4"},
      {"value", {2, 2, 6, 8}, "value has shape [2,2,6,8], expected [2,2,7,8]"},
      {"value", {2, 1, 7, 8}, "value has shape [2,1,7,8], expected [2,2,7,8]"},
      {"output",
       {2, 2, 5, 9},
       "output has shape [2,2,5,9], expected [2,2,5,8]"},
      {"output",
       {2, 2, 4, 8},
       "output has shape [2,2,4,8], expected [2,2,5,8]"},
      {"output", {2, 2, 5}, "output has shape [2,2,5], expected [2,2,5,8]"},
  };
  for (const Case &k : cases) {
    Operand replacement(k.sizes);
    expectError(c, k.message, [&](Problem &, Call &call) {
      std::string which = k.operand;
      (which == "query"   ? call.query
       : which == "key"   ? call.key
       : which == "value" ? call.value
                          : call.output) = replacement.get();
    });
  }
  Config gqa = c;
  gqa.queryHeads = 3;
  expectError(gqa,
              "query has 3 heads, key 2: the query heads must be a multiple "
              "of the key/value heads",
              [](Problem &, Call &) {});
  Config noKvHeads = c;
  noKvHeads.kvHeads = 0;
  expectError(noKvHeads, "query has 2 heads, key 0", [](Problem &, Call &) {});
}

TEST(AttentionErrors, BadMasks) {
  Config c;
  c.mask = MaskKind::Bool;
  const char *broadcastRule = "expected rank 4 with each dim equal to that "
                              "of [B, Hq, T, S] = [2,2,5,7] or 1";
  for (std::vector<int64_t> sizes : std::vector<std::vector<int64_t>>{
           {2, 2, 5, 6}, {2, 2, 5, 0}, {1, 1, 2, 7}, {2, 1, 5, 7, 1}, {5, 7}}) {
    Operand mask(sizes);
    for (MaskKind kind : {MaskKind::Bool, MaskKind::Additive}) {
      c.mask = kind;
      expectError(c, broadcastRule,
                  [&](Problem &, Call &call) { call.mask = mask.get(); });
    }
  }
  expectError(c, "mask: null memref descriptor",
              [](Problem &, Call &call) { call.mask = nullptr; });
  expectError(c, "flags ADDITIVE_MASK and BOOL_MASK together",
              [](Problem &, Call &call) {
                call.flags = KILN_ATTN_ADDITIVE_MASK | KILN_ATTN_BOOL_MASK;
              });
}

TEST(AttentionErrors, BadFlagsAndCausalModes) {
  Config c;
  expectError(c, "unknown flag bits 8",
              [](Problem &, Call &call) { call.flags = 8; });
  expectError(c, "unknown flag bits 64", [](Problem &, Call &call) {
    call.flags = KILN_ATTN_ZERO_MASKED | 64;
  });
  expectError(c, "unknown causal mode 3 (0 none, 1 top_left, 2 bottom_right)",
              [](Problem &, Call &call) { call.causal = 3; });
  expectError(c, "unknown causal mode -1",
              [](Problem &, Call &call) { call.causal = -1; });
}

TEST(AttentionErrors, NullOrOverlappingOperands) {
  Config c;
  expectError(c, "key: null memref descriptor",
              [](Problem &, Call &call) { call.key = nullptr; });
  kiln_unranked_memref noDescriptor{4, nullptr};
  expectError(c, "output: null memref descriptor",
              [&](Problem &, Call &call) { call.output = &noDescriptor; });
  float *nothing = nullptr;
  Memref nullData(nothing, {2, 2, 7, 8});
  expectError(c, "key of shape [2,2,7,8] has a null data pointer",
              [&](Problem &, Call &call) { call.key = nullData.get(); });
  std::vector<float> out(64);
  Memref broadcast(out.data(), {2, 2, 5, 8}, {0, 40, 8, 1});
  expectError(c,
              "output of shape [2,2,5,8] has a zero stride on dim 0 "
              "(overlapping elements)",
              [&](Problem &, Call &call) { call.output = broadcast.get(); });

  // The mask is not read without a mask flag.
  Problem p(c);
  _mlir_ciface_kiln_rt_attention_f32(p.query.get(), p.key.get(), p.value.get(),
                                     nullptr, p.output.get(), c.scale, c.fill,
                                     0, 0);
  expectMatchesReference(p);
}

TEST(AttentionErrors, InsideARunTheErrorBecomesTheStatus) {
  kiln_status status;
  int code = kiln::test::runAsModelBody("attn",
                                        [](void *) {
                                          Config c;
                                          c.causal = 7;
                                          Problem p(c);
                                          p.run(); // records the error, throws nothing
                                        },
                                        status);
  EXPECT_EQ(code, KILN_ERROR_INTERNAL);
  EXPECT_EQ(std::string(status.message),
            "model 'attn': attention: unknown causal mode 7 (0 none, 1 "
            "top_left, 2 bottom_right)");
}

//===--- Micro benchmark (disabled by default) ----------------------------===//

/// What a benchmark masks.
enum class BenchMask {
  None,
  Causal,      // top_left
  QueryKeyMask // bool [B, 1, T, S], as Keras' MultiHeadAttention builds it
};

/// GFLOP/s (4 B H T S D: the two products, masked parts included) of the
/// best of 7 runs.
void benchmark(const char *threads, int64_t batch, int64_t heads,
               int64_t length, int64_t depth, const char *isa,
               BenchMask masking = BenchMask::None) {
  std::mt19937 gen(7);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  const int64_t n = batch * heads * length * depth;
  std::vector<float> q(n), k(n), v(n), out(n);
  for (std::vector<float> *x : {&q, &k, &v})
    for (float &f : *x)
      f = dist(gen);
  std::vector<int8_t> mask(batch * length * length);
  std::bernoulli_distribution keep(0.9);
  for (int8_t &m : mask)
    m = keep(gen);
  Memref qm(q.data(), {batch, heads, length, depth}),
      km(k.data(), {batch, heads, length, depth}),
      vm(v.data(), {batch, heads, length, depth}),
      om(out.data(), {batch, heads, length, depth}),
      mm(mask.data(), {batch, 1, length, length});
  ScopedKernelIsa scoped(isa);
  const float scale = 1.f / std::sqrt(float(depth));
  const bool masked = masking == BenchMask::QueryKeyMask;
  auto call = [&] {
    _mlir_ciface_kiln_rt_attention_f32(
        qm.get(), km.get(), vm.get(), mm.get(), om.get(), scale, kDefaultFill,
        masking == BenchMask::Causal ? 1 : 0, masked ? KILN_ATTN_BOOL_MASK : 0);
  };
  call(); // warm up
  double best = 1e30;
  for (int i = 0; i < 7; ++i) {
    auto start = std::chrono::steady_clock::now();
    call();
    std::chrono::duration<double> d = std::chrono::steady_clock::now() - start;
    best = std::min(best, d.count());
  }
  const char *what = masking == BenchMask::Causal ? "causal"
                     : masked                     ? "mask"
                                                  : "";
  double flops = 4.0 * batch * heads * length * length * depth;
  std::printf("B=%-3lld H=%lld T=S=%-4lld D=Dv=%-4lld %-7s %-6s %-3s threads: "
              "%9.1f us %7.1f GFLOP/s\n",
              (long long)batch, (long long)heads, (long long)length,
              (long long)depth, isa, what, threads, best * 1e6,
              flops / best * 1e-9);
}

TEST(AttentionBenchmark, DISABLED_GflopsPerSecond) {
  for (int threads : {1, 0}) {
    ScopedThreads scoped(threads);
    const char *label = threads ? "one" : "all";
    for (int64_t batch : {1, 32})
      for (int64_t length : {512, 64})
        benchmark(label, batch, 1, length, 128, "avx512");
  }
  ScopedThreads one(1);
  for (const char *isa : {"avx2", "generic"})
    benchmark("one", 1, 1, 512, 128, isa);
  benchmark("one", 1, 1, 512, 64, "avx512");
  benchmark("one", 1, 1, 512, 128, "avx512", BenchMask::Causal);
  benchmark("one", 1, 1, 512, 128, "avx512", BenchMask::QueryKeyMask);
  benchmark("one", 1, 1, 512, 64, "avx512", BenchMask::QueryKeyMask);
}

} // namespace
