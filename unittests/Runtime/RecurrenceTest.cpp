//===- RecurrenceTest.cpp - kiln_rt_recurrence_f32 vs a naive reference ---===//
//
// The reference below is written from the spec (§2.19-2.22, §2.4) in double
// precision and shares no code with the kernel. Every case runs with each
// build of the kernel (KILN_RECURRENCE_ISA caps the instruction set) and
// with operands in dense, padded and permuted (non-unit inner and negative
// outer strides) layouts; buffers are filled with a sentinel first, so
// writes outside the views are caught.
//
// Every case also runs with the units of every task split among a team of
// 2 and of 3 threads (KILN_RECURRENCE_SPLIT=force), and with such teams
// handing all units over to one member after a step or two
// (KILN_RECURRENCE_SPLIT=handover): neither may change a bit of the results.
//
// RecurrenceBenchmark.DISABLED_* time the kernel (LSTM per build; the unit
// split against the batch split); run them with
// --gtest_also_run_disabled_tests --gtest_filter='RecurrenceBenchmark.*'.
//
//===----------------------------------------------------------------------===//
#include "RunBody.h"
#include "TestMemref.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using kiln::test::Memref;

namespace {

//===--- Operands ---------------------------------------------------------===//

enum class Layout {
  Dense,    // row-major; the base only as aligned as std::vector makes it
  Aligned,  // row-major from a 64-byte aligned base (weights used in place)
  Padded,   // row-major, unit inner stride, gaps after every row, offset
  Permuted, // dims stored in reverse order, gaps, dim 0 reversed (negative)
};

const char *layoutName(Layout l) {
  switch (l) {
  case Layout::Dense:
    return "Dense";
  case Layout::Aligned:
    return "Aligned";
  case Layout::Padded:
    return "Padded";
  case Layout::Permuted:
    return "Permuted";
  }
  return "?";
}

void forEachIndex(const std::vector<int64_t> &sizes,
                  const std::function<void(const std::vector<int64_t> &)> &fn) {
  for (int64_t s : sizes)
    if (s == 0)
      return;
  std::vector<int64_t> idx(sizes.size(), 0);
  while (true) {
    fn(idx);
    size_t d = sizes.size();
    while (d > 0 && ++idx[d - 1] == sizes[d - 1])
      idx[--d] = 0;
    if (d == 0)
      return;
  }
}

/// A memref operand with its storage, laid out as `layout` says, every
/// element (in the view or not) first set to `fill`.
template <typename T> class Tensor {
public:
  Tensor(std::vector<int64_t> sizes, Layout layout, T fill)
      : sizes(std::move(sizes)), fill(fill) {
    const int rank = int(this->sizes.size());
    std::vector<int> order(rank); // outermost physical dim first
    std::iota(order.begin(), order.end(), 0);
    if (layout == Layout::Permuted)
      std::reverse(order.begin(), order.end());
    const bool rowMajor = layout == Layout::Dense || layout == Layout::Aligned;
    const int64_t gap = rowMajor ? 0 : 1;
    strides.assign(rank, 0);
    int64_t extent = 1;
    for (int i = rank - 1; i >= 0; --i) {
      strides[order[i]] = extent;
      extent *= this->sizes[order[i]] + gap;
    }
    const int64_t slack = layout == Layout::Aligned ? 64 / sizeof(T) : 0;
    offset = rowMajor ? 0 : 3;
    data.assign(offset + extent + slack, fill);
    if (layout == Layout::Aligned)
      while (reinterpret_cast<uintptr_t>(data.data() + offset) % 64)
        ++offset;
    if (layout == Layout::Permuted && rank > 0 && this->sizes[0] > 1) {
      offset += (this->sizes[0] - 1) * strides[0];
      strides[0] = -strides[0];
    }
    memref =
        std::make_unique<Memref>(data.data(), this->sizes, strides, offset);
  }

  T &at(const std::vector<int64_t> &idx) {
    int64_t off = offset;
    for (size_t i = 0; i < idx.size(); ++i)
      off += idx[i] * strides[i];
    return data[off];
  }
  void fillRandom(std::mt19937 &gen, double lo, double hi) {
    std::uniform_real_distribution<double> dist(lo, hi);
    forEachIndex(sizes, [&](const auto &idx) { at(idx) = T(dist(gen)); });
  }
  /// The elements of the view in row-major order (where they are in `data`
  /// depends on the alignment of the allocation).
  std::vector<T> values() {
    std::vector<T> v;
    forEachIndex(sizes, [&](const auto &idx) { v.push_back(at(idx)); });
    return v;
  }
  /// Elements outside the view still hold the fill value.
  bool untouchedOutsideView() {
    std::vector<bool> inView(data.size(), false);
    forEachIndex(
        sizes, [&](const auto &idx) { inView[&at(idx) - data.data()] = true; });
    for (size_t i = 0; i < data.size(); ++i)
      if (!inView[i] && std::memcmp(&data[i], &fill, sizeof(T)) != 0)
        return false;
    return true;
  }
  kiln_unranked_memref *get() { return memref->get(); }

  std::vector<int64_t> sizes, strides;
  int64_t offset = 0;
  std::vector<T> data;

private:
  T fill;
  std::unique_ptr<Memref> memref;
};

//===--- Reference --------------------------------------------------------===//

double refActivation(int64_t act, double x, double alpha) {
  auto sigmoid = [](double v) { return 1 / (1 + std::exp(-v)); };
  auto softplus = [](double v) { return std::log1p(std::exp(v)); };
  auto hardSigmoid = [](double v) {
    return std::min(std::max(v / 6 + 0.5, 0.0), 1.0);
  };
  switch (act) {
  case KILN_ACT_NONE:
    return x;
  case KILN_ACT_RELU:
    return std::max(x, 0.0);
  case KILN_ACT_TANH:
    return std::tanh(x);
  case KILN_ACT_SIGMOID:
    return sigmoid(x);
  case KILN_ACT_GELU_ERF:
    return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0)));
  case KILN_ACT_GELU_TANH:
    return 0.5 * x *
           (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
  case KILN_ACT_ELU:
    return x >= 0 ? x : alpha * std::expm1(x);
  case KILN_ACT_SWISH:
    return x * sigmoid(x);
  case KILN_ACT_HARD_SIGMOID_KERAS2:
    return std::min(std::max(0.2 * x + 0.5, 0.0), 1.0);
  case KILN_ACT_HARD_SIGMOID:
    return hardSigmoid(x);
  case KILN_ACT_SOFTSIGN:
    return x / (1 + std::fabs(x));
  case KILN_ACT_SOFTPLUS:
    return softplus(x);
  case KILN_ACT_SELU:
    return 1.0507009873554805 *
           (x >= 0 ? x : 1.6732632423543772 * std::expm1(x));
  case KILN_ACT_EXPONENTIAL:
    return std::exp(x);
  case KILN_ACT_RELU6:
    return std::min(std::max(x, 0.0), 6.0);
  case KILN_ACT_HARD_SILU:
    return x * hardSigmoid(x);
  case KILN_ACT_MISH:
    return x * std::tanh(softplus(x));
  case KILN_ACT_LEAKY_RELU:
    return x >= 0 ? x : alpha * x;
  }
  throw std::logic_error("bad activation");
}

const char *activationName(int64_t act) {
  static const char *names[] = {
      "none",      "relu",     "tanh",      "sigmoid",         "gelu_erf",
      "gelu_tanh", "elu",      "swish",     "hard_sigmoid_k2", "hard_sigmoid",
      "softsign",  "softplus", "selu",      "exponential",     "relu6",
      "hard_silu", "mish",     "leaky_relu"};
  return act >= 0 && act < 18 ? names[act] : "?";
}

struct Config {
  int64_t cell = KILN_CELL_LSTM;
  int64_t batch = 3, steps = 5, directions = 1, units = 5;
  int64_t act = KILN_ACT_TANH, recAct = KILN_ACT_SIGMOID;
  float actAlpha = 0.3f;
  int64_t flags = 0;
  Layout layout = Layout::Dense;
  /// Fraction of masked (b, t) when HAS_MASK; rows 0 and 1 are also masked
  /// at the first and last step.
  double maskedFraction = 0.3;
  /// Projected inputs are uniform in +-inputRange, recurrent weights in
  /// +-weightScale / sqrt(U).
  double inputRange = 2, weightScale = 1.5;

  int64_t gates() const {
    return cell == KILN_CELL_LSTM ? 4 : cell == KILN_CELL_SIMPLE_RNN ? 1 : 3;
  }
  int64_t states() const { return cell == KILN_CELL_LSTM ? 2 : 1; }
  bool has(int64_t flag) const { return (flags & flag) != 0; }
};

/// All operands of one call, filled with random data.
struct Problem {
  Config cfg;
  Tensor<float> projected, kernel, bias, initialState, outputs, finalState;
  Tensor<int8_t> mask;

  explicit Problem(const Config &c, unsigned seed = 1)
      : cfg(c), projected({c.batch, c.steps, c.directions, c.gates() * c.units},
                          c.layout, 0.f),
        kernel({c.directions, c.units, c.gates() * c.units}, c.layout, 0.f),
        bias({c.directions, c.gates() * c.units}, c.layout, 0.f),
        initialState({c.directions, c.states(), c.batch, c.units}, c.layout,
                     0.f),
        outputs(
            c.has(KILN_RNN_RETURN_SEQUENCES)
                ? std::vector<int64_t>{c.batch, c.steps, c.directions, c.units}
                : std::vector<int64_t>{c.batch, c.directions, c.units},
            c.layout, 42.f),
        finalState({c.directions, c.states(), c.batch, c.units}, c.layout,
                   42.f),
        mask({c.batch, c.steps}, c.layout, int8_t(0)) {
    std::mt19937 gen(seed);
    projected.fillRandom(gen, -c.inputRange, c.inputRange);
    double w = c.weightScale / std::sqrt(double(std::max<int64_t>(c.units, 1)));
    kernel.fillRandom(gen, -w, w);
    bias.fillRandom(gen, -0.5, 0.5);
    initialState.fillRandom(gen, -1, 1);
    std::bernoulli_distribution masked(c.maskedFraction);
    forEachIndex(mask.sizes, [&](const auto &idx) {
      bool edge = idx[0] < 2 && (idx[1] == 0 || idx[1] == c.steps - 1);
      mask.at(idx) = (edge || masked(gen)) ? 0 : 1;
    });
  }

  void run() {
    _mlir_ciface_kiln_rt_recurrence_f32(
        projected.get(), kernel.get(), bias.get(), mask.get(),
        initialState.get(), outputs.get(), finalState.get(), cfg.cell, cfg.act,
        cfg.recAct, cfg.actAlpha, cfg.flags);
  }
};

/// What the reference computes for one (direction, batch row).
struct RowResult {
  std::vector<std::vector<double>> outputs; // per time position
  std::vector<double> lastOutput, h, c;
};

RowResult reference(Problem &p, int64_t d, int64_t b) {
  const Config &cfg = p.cfg;
  const int64_t u = cfg.units, steps = cfg.steps;
  auto act = [&](double x) { return refActivation(cfg.act, x, cfg.actAlpha); };
  auto rec = [&](double x) {
    return refActivation(cfg.recAct, x, cfg.actAlpha);
  };
  std::vector<double> h(u, 0), c(u, 0);
  if (cfg.has(KILN_RNN_HAS_INITIAL_STATE))
    for (int64_t j = 0; j < u; ++j) {
      h[j] = p.initialState.at({d, 0, b, j});
      if (cfg.cell == KILN_CELL_LSTM)
        c[j] = p.initialState.at({d, 1, b, j});
    }
  // lhs · U[:, first gate * u ..] + recurrent bias, one gate block.
  auto recurrent = [&](const std::vector<double> &lhs, int64_t gate) {
    std::vector<double> m(u, 0);
    for (int64_t j = 0; j < u; ++j) {
      for (int64_t k = 0; k < u; ++k)
        m[j] += lhs[k] * p.kernel.at({d, k, gate * u + j});
      if (cfg.has(KILN_RNN_HAS_RECURRENT_BIAS))
        m[j] += p.bias.at({d, gate * u + j});
    }
    return m;
  };

  RowResult r;
  r.outputs.assign(steps, std::vector<double>(u, 0));
  std::vector<double> previousOutput(u, 0);
  bool backwards = cfg.has(KILN_RNN_GO_BACKWARDS(d));
  bool flip = cfg.has(KILN_RNN_FLIP_OUTPUTS(d));
  for (int64_t k = 0; k < steps; ++k) {
    int64_t t = backwards ? steps - 1 - k : k;
    bool keep = !cfg.has(KILN_RNN_HAS_MASK) || p.mask.at({b, t}) != 0;
    std::vector<double> output(u, 0);
    if (keep) {
      auto x = [&](int64_t gate, int64_t j) -> double {
        return p.projected.at({b, t, d, gate * u + j});
      };
      std::vector<double> newH(u);
      switch (cfg.cell) {
      case KILN_CELL_SIMPLE_RNN: {
        auto m = recurrent(h, 0);
        for (int64_t j = 0; j < u; ++j)
          newH[j] = act(x(0, j) + m[j]);
        break;
      }
      case KILN_CELL_LSTM: {
        std::vector<std::vector<double>> m;
        for (int g = 0; g < 4; ++g)
          m.push_back(recurrent(h, g));
        for (int64_t j = 0; j < u; ++j) {
          double i = rec(x(0, j) + m[0][j]), f = rec(x(1, j) + m[1][j]);
          double cand = act(x(2, j) + m[2][j]), o = rec(x(3, j) + m[3][j]);
          c[j] = f * c[j] + i * cand;
          newH[j] = o * act(c[j]);
        }
        break;
      }
      case KILN_CELL_GRU: {
        auto mz = recurrent(h, 0), mr = recurrent(h, 1), mh = recurrent(h, 2);
        for (int64_t j = 0; j < u; ++j) {
          double z = rec(x(0, j) + mz[j]), rr = rec(x(1, j) + mr[j]);
          double cand = act(x(2, j) + rr * mh[j]);
          newH[j] = z * h[j] + (1 - z) * cand;
        }
        break;
      }
      case KILN_CELL_GRU_RESET_BEFORE: {
        auto mz = recurrent(h, 0), mr = recurrent(h, 1);
        std::vector<double> z(u), resetH(u);
        for (int64_t j = 0; j < u; ++j) {
          z[j] = rec(x(0, j) + mz[j]);
          resetH[j] = rec(x(1, j) + mr[j]) * h[j];
        }
        auto mh = recurrent(resetH, 2);
        for (int64_t j = 0; j < u; ++j)
          newH[j] = z[j] * h[j] + (1 - z[j]) * act(x(2, j) + mh[j]);
        break;
      }
      }
      h = newH;
      output = h;
    } else if (!cfg.has(KILN_RNN_ZERO_OUTPUT_FOR_MASK)) {
      output = previousOutput;
    }
    r.outputs[flip ? steps - 1 - k : k] = output;
    previousOutput = output;
  }
  r.lastOutput = previousOutput; // zeros when there are no steps
  r.h = h;
  r.c = c;
  return r;
}

void expectClose(float got, double want, const std::string &where) {
  double tolerance = 1e-5 * std::max(1.0, std::fabs(want));
  ASSERT_TRUE(std::fabs(got - want) <= tolerance)
      << where << ": got " << got << ", want " << want;
}

/// Outputs all zero and the final state the initial one, exactly: what a
/// run that takes no step (no steps, or every step masked) leaves.
void expectNoStepTaken(Problem &p) {
  forEachIndex(p.outputs.sizes,
               [&](const auto &idx) { EXPECT_EQ(p.outputs.at(idx), 0.f); });
  forEachIndex(p.finalState.sizes, [&](const auto &idx) {
    EXPECT_EQ(p.finalState.at(idx), p.initialState.at(idx));
  });
}

void expectMatchesReference(Problem &p) {
  const Config &cfg = p.cfg;
  for (int64_t d = 0; d < cfg.directions; ++d)
    for (int64_t b = 0; b < cfg.batch; ++b) {
      RowResult want = reference(p, d, b);
      std::string row = "d=" + std::to_string(d) + " b=" + std::to_string(b);
      for (int64_t j = 0; j < cfg.units; ++j) {
        std::string at = row + " j=" + std::to_string(j);
        if (cfg.has(KILN_RNN_RETURN_SEQUENCES)) {
          for (int64_t t = 0; t < cfg.steps; ++t) {
            ASSERT_NO_FATAL_FAILURE(
                expectClose(p.outputs.at({b, t, d, j}), want.outputs[t][j],
                            "output t=" + std::to_string(t) + " " + at));
          }
        } else {
          ASSERT_NO_FATAL_FAILURE(expectClose(p.outputs.at({b, d, j}),
                                              want.lastOutput[j],
                                              "last output " + at));
        }
        ASSERT_NO_FATAL_FAILURE(expectClose(p.finalState.at({d, 0, b, j}),
                                            want.h[j], "final h " + at));
        if (cfg.cell == KILN_CELL_LSTM) {
          ASSERT_NO_FATAL_FAILURE(expectClose(p.finalState.at({d, 1, b, j}),
                                              want.c[j], "final c " + at));
        }
      }
    }
  EXPECT_TRUE(p.outputs.untouchedOutsideView()) << "wrote outside outputs";
  EXPECT_TRUE(p.finalState.untouchedOutsideView())
      << "wrote outside final state";
}

//===--- Kernel builds ----------------------------------------------------===//

/// Sets an environment variable the runtime reads at every call (the
/// kernel build, the unit split) for a scope.
class ScopedEnv {
public:
  ScopedEnv(const char *name, const std::string &value) : name(name) {
    if (const char *old = std::getenv(name))
      previous = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (previous.empty())
      unsetenv(name);
    else
      setenv(name, previous.c_str(), 1);
  }

private:
  const char *name;
  std::string previous;
};

/// Runs a test body with the kernel capped to one instruction set (on a CPU
/// without it the runtime falls back to what it has).
class ScopedKernelIsa : public ScopedEnv {
public:
  explicit ScopedKernelIsa(const std::string &isa)
      : ScopedEnv("KILN_RECURRENCE_ISA", isa) {}
};

/// Runs a test body with kiln_set_num_threads(threads), then the default.
class ScopedThreads {
public:
  explicit ScopedThreads(int threads) { kiln_set_num_threads(threads); }
  ~ScopedThreads() { kiln_set_num_threads(0); }
};

/// KILN_RECURRENCE_SPLIT for a scope: "force" makes every call split its
/// units among a team of all the threads, "handover" too but the team gives
/// up after a step or two, "off" never splits.
class ScopedUnitSplit : public ScopedEnv {
public:
  explicit ScopedUnitSplit(const char *mode)
      : ScopedEnv("KILN_RECURRENCE_SPLIT", mode) {}
};

const std::vector<std::string> kIsas = {"avx512", "avx2", "generic"};

//===--- Semantics: cells x flags x layouts x builds ----------------------===//

const char *cellName(int64_t cell) {
  switch (cell) {
  case KILN_CELL_SIMPLE_RNN:
    return "SimpleRNN";
  case KILN_CELL_LSTM:
    return "LSTM";
  case KILN_CELL_GRU:
    return "GRU";
  case KILN_CELL_GRU_RESET_BEFORE:
    return "GRUResetBefore";
  }
  return "?";
}

std::string configName(const Config &c) {
  std::string n = std::string(cellName(c.cell)) + "_D" +
                  std::to_string(c.directions) + "_B" +
                  std::to_string(c.batch) + "_T" + std::to_string(c.steps) +
                  "_U" + std::to_string(c.units);
  if (c.has(KILN_RNN_RETURN_SEQUENCES))
    n += "_seq";
  if (c.has(KILN_RNN_HAS_MASK))
    n += "_mask";
  if (c.has(KILN_RNN_ZERO_OUTPUT_FOR_MASK))
    n += "_zero";
  if (c.has(KILN_RNN_HAS_INITIAL_STATE))
    n += "_init";
  if (c.has(KILN_RNN_HAS_RECURRENT_BIAS))
    n += "_bias";
  for (int d = 0; d < 2; ++d) {
    if (c.has(KILN_RNN_GO_BACKWARDS(d)))
      n += "_back" + std::to_string(d);
    if (c.has(KILN_RNN_FLIP_OUTPUTS(d)))
      n += "_flip" + std::to_string(d);
  }
  if (c.act != KILN_ACT_TANH)
    n += std::string("_") + activationName(c.act);
  if (c.recAct != KILN_ACT_SIGMOID)
    n += std::string("_rec_") + activationName(c.recAct);
  return n + "_" + layoutName(c.layout);
}

std::vector<Config> semanticsConfigs() {
  std::vector<Config> configs;
  const int64_t cells[] = {KILN_CELL_SIMPLE_RNN, KILN_CELL_LSTM, KILN_CELL_GRU,
                           KILN_CELL_GRU_RESET_BEFORE};
  // Flag sets, each tried for one and two directions. Direction 1 runs like
  // Bidirectional's backward layer.
  const int64_t seq = KILN_RNN_RETURN_SEQUENCES, mask = KILN_RNN_HAS_MASK,
                zero = KILN_RNN_ZERO_OUTPUT_FOR_MASK,
                init = KILN_RNN_HAS_INITIAL_STATE,
                bias = KILN_RNN_HAS_RECURRENT_BIAS;
  const int64_t back0 = KILN_RNN_GO_BACKWARDS(0),
                flip0 = KILN_RNN_FLIP_OUTPUTS(0);
  const int64_t bidi = KILN_RNN_GO_BACKWARDS(1) | KILN_RNN_FLIP_OUTPUTS(1);
  const int64_t flagSets[] = {0,
                              seq,
                              bias | init,
                              seq | mask,
                              mask,
                              seq | mask | zero | init,
                              mask | zero,
                              seq | back0,
                              back0 | mask | init,
                              seq | back0 | flip0 | mask};
  // Units: a partial vector, exactly one padding block, and a block plus a
  // partial one (one product range per gate).
  const int64_t units[] = {5, 16, 20};
  int i = 0;
  for (int64_t cell : cells)
    for (int64_t flags : flagSets)
      for (int64_t directions : {1, 2}) {
        Config c;
        c.cell = cell;
        c.directions = directions;
        c.flags = flags | (directions == 2 ? bidi : 0);
        c.units = units[(i / 4) % 3];
        c.batch = i % 4 == 0 ? 7 : 3; // 7: a full 6-row tile plus one
        c.steps = 6;
        c.layout = Layout(i % 4);
        configs.push_back(c);
        ++i;
      }
  return configs;
}

/// How forEachKernelRun runs a body (besides the kernel build): the unit
/// split (KILN_RECURRENCE_SPLIT) and its number of threads; split = nullptr
/// is the runtime's own choice for the default thread count.
struct KernelRun {
  const char *split;
  int threads;
};

/// Runs `body` once per kernel build, and for each with the threads as set,
/// then with the units of every task split among teams of 2 and of 3
/// threads: throughout ("force"; a team of 3 on this machine's 2 cores also
/// exercises the barrier's yield and sleep), and handing all units over to
/// member 0 after a step or two ("handover", what a team does when its
/// members keep waiting for each other).
void forEachKernelRun(const std::function<void(const KernelRun &)> &body) {
  const KernelRun runs[] = {{nullptr, 0},
                            {"force", 2},
                            {"force", 3},
                            {"handover", 2},
                            {"handover", 3}};
  for (const std::string &isa : kIsas) {
    ScopedKernelIsa scopedIsa(isa);
    for (const KernelRun &run : runs) {
      SCOPED_TRACE("kernel build " + isa + ", unit split " +
                   (run.split ? std::string(run.split) + " among " +
                                    std::to_string(run.threads) + " threads"
                              : std::string("as the runtime chooses")));
      std::unique_ptr<ScopedUnitSplit> split;
      std::unique_ptr<ScopedThreads> threads;
      if (run.split) {
        split = std::make_unique<ScopedUnitSplit>(run.split);
        threads = std::make_unique<ScopedThreads>(run.threads);
      }
      body(run);
    }
  }
}

bool sameBits(const std::vector<float> &a, const std::vector<float> &b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

/// Checks `config` against the reference in every kernel run, and that
/// splitting the units does not change a bit of the results.
void runAndCheck(const Config &config) {
  std::vector<float> outputs, finalState; // of the build's first run
  forEachKernelRun([&](const KernelRun &run) {
    Problem p(config);
    p.run();
    expectMatchesReference(p);
    if (!run.split) {
      outputs = p.outputs.values();
      finalState = p.finalState.values();
      return;
    }
    EXPECT_TRUE(sameBits(p.outputs.values(), outputs))
        << "outputs depend on the unit split";
    EXPECT_TRUE(sameBits(p.finalState.values(), finalState))
        << "final state depends on the unit split";
  });
}

class RecurrenceSemantics : public ::testing::TestWithParam<Config> {};

TEST_P(RecurrenceSemantics, MatchesReference) { runAndCheck(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Recurrence, RecurrenceSemantics,
                         ::testing::ValuesIn(semanticsConfigs()),
                         [](const auto &info) {
                           return configName(info.param);
                         });

//===--- Every activation, as activation and as recurrent_activation ------===//

/// Every cell with `act` as its activation, and (but SimpleRNN) as its
/// recurrent activation.
std::vector<Config> activationConfigs(int64_t act) {
  std::vector<Config> configs;
  const int64_t cells[] = {KILN_CELL_SIMPLE_RNN, KILN_CELL_LSTM, KILN_CELL_GRU,
                           KILN_CELL_GRU_RESET_BEFORE};
  for (int64_t cell : cells) {
    Config c;
    c.cell = cell;
    c.units = 20;
    c.steps = 4;
    c.flags = KILN_RNN_RETURN_SEQUENCES | KILN_RNN_HAS_INITIAL_STATE;
    // Unbounded activations must not blow the state up within the few
    // steps. Exponential feeds back multiplicatively (LSTM: h = o e^c; GRU
    // with z = e^x > 1 extrapolates), so it needs smaller values still for
    // the problem to stay well-conditioned at float precision.
    bool exponential = act == KILN_ACT_EXPONENTIAL;
    c.weightScale = exponential ? 0.1 : 0.5;
    c.inputRange = exponential ? 0.5 : 2;
    c.act = act;
    configs.push_back(c);
    if (cell != KILN_CELL_SIMPLE_RNN) {
      c.act = KILN_ACT_TANH;
      c.recAct = act;
      configs.push_back(c);
    }
  }
  return configs;
}

class RecurrenceActivations : public ::testing::TestWithParam<int64_t> {};

TEST_P(RecurrenceActivations, EveryCell) {
  for (const Config &config : activationConfigs(GetParam())) {
    SCOPED_TRACE(configName(config));
    runAndCheck(config);
  }
}

INSTANTIATE_TEST_SUITE_P(Recurrence, RecurrenceActivations,
                         ::testing::Range<int64_t>(KILN_ACT_NONE,
                                                   KILN_ACT_LEAKY_RELU + 1),
                         [](const auto &info) {
                           return std::string(activationName(info.param));
                         });

/// With a zero recurrent kernel a SimpleRNN step is h = act(x): checks the
/// vector activations alone, at 1e-6, over a wide range of inputs.
class RecurrenceActivationAccuracy : public ::testing::TestWithParam<int64_t> {
};

TEST_P(RecurrenceActivationAccuracy, SingleSteps) {
  const int64_t act = GetParam();
  Config c;
  c.cell = KILN_CELL_SIMPLE_RNN;
  c.act = act;
  c.batch = 4;
  c.steps = 64;
  c.units = 100;
  c.flags = KILN_RNN_RETURN_SEQUENCES;
  // Exponential overflows float beyond ~88.
  const double range = act == KILN_ACT_EXPONENTIAL ? 80 : 60;
  forEachKernelRun([&](const KernelRun &) {
    Problem p(c);
    std::fill(p.kernel.data.begin(), p.kernel.data.end(), 0.f);
    int64_t n = 0, count = c.batch * c.steps * c.units;
    forEachIndex(p.projected.sizes, [&](const auto &idx) {
      p.projected.at(idx) = float(-range + 2 * range * n++ / (count - 1));
    });
    p.run();
    forEachIndex(p.projected.sizes, [&](const auto &idx) {
      float x = p.projected.at(idx);
      double want = refActivation(act, x, c.actAlpha);
      float got = p.outputs.at(idx);
      ASSERT_LE(std::fabs(got - want), 1e-6 * std::fabs(want) + 1e-30)
          << activationName(act) << "(" << x << "): got " << got << ", want "
          << want;
    });
  });
}

INSTANTIATE_TEST_SUITE_P(Recurrence, RecurrenceActivationAccuracy,
                         ::testing::Values(KILN_ACT_TANH, KILN_ACT_SIGMOID,
                                           KILN_ACT_RELU, KILN_ACT_SOFTSIGN,
                                           KILN_ACT_EXPONENTIAL),
                         [](const auto &info) {
                           return std::string(activationName(info.param));
                         });

//===--- Sizes, threads and edge cases ------------------------------------===//

TEST(Recurrence, LargeBidirectionalLstm) {
  // Wide tiles, several row tiles per column chunk, and a row split across
  // threads; Keras-typical sizes.
  Config c;
  c.cell = KILN_CELL_LSTM;
  c.batch = 13;
  c.steps = 12;
  c.directions = 2;
  c.units = 128;
  c.layout = Layout::Aligned;
  c.flags = KILN_RNN_RETURN_SEQUENCES | KILN_RNN_HAS_MASK |
            KILN_RNN_ZERO_OUTPUT_FOR_MASK | KILN_RNN_GO_BACKWARDS(1) |
            KILN_RNN_FLIP_OUTPUTS(1);
  runAndCheck(c);
}

TEST(Recurrence, ThreadCountsGiveTheSameResult) {
  Config c;
  c.cell = KILN_CELL_GRU;
  c.batch = 5;
  c.steps = 7;
  c.directions = 2;
  c.units = 33;
  c.flags = KILN_RNN_RETURN_SEQUENCES | KILN_RNN_HAS_MASK |
            KILN_RNN_HAS_RECURRENT_BIAS | KILN_RNN_HAS_INITIAL_STATE;
  std::vector<float> first;
  for (const char *split : {"off", "force"})
    for (int threads : {1, 2, 3, 7}) {
      SCOPED_TRACE(std::string("unit split ") + split + ", " +
                   std::to_string(threads) + " threads");
      ScopedUnitSplit scopedSplit(split);
      ScopedThreads scopedThreads(threads);
      Problem p(c);
      p.run();
      expectMatchesReference(p);
      if (first.empty())
        first = p.outputs.values();
      else // neither rows nor units depend on the split
        EXPECT_TRUE(sameBits(first, p.outputs.values()));
    }
}

TEST(Recurrence, UnitSplitOfPartialLinesAndBatchRows) {
  // U = 100: 7 lines of padded units, so teams of 2 and 3 get slices of
  // different widths and the last one ends in padding; several rows, both
  // directions, and the reset_before exchange of r ⊙ h.
  for (int64_t cell : {KILN_CELL_GRU_RESET_BEFORE, KILN_CELL_LSTM}) {
    Config c;
    c.cell = cell;
    c.batch = 4;
    c.steps = 9;
    c.directions = 2;
    c.units = 100;
    c.layout = Layout::Padded;
    c.flags = KILN_RNN_RETURN_SEQUENCES | KILN_RNN_HAS_MASK |
              KILN_RNN_HAS_INITIAL_STATE | KILN_RNN_GO_BACKWARDS(1) |
              KILN_RNN_FLIP_OUTPUTS(1);
    SCOPED_TRACE(configName(c));
    runAndCheck(c);
  }
}

TEST(Recurrence, SmallBatchesSplitUnitsByDefault) {
  // What the automatic rule picks with every thread count, at batches where
  // it splits the units, against the same results without a split.
  for (int64_t batch : {1, 2, 5}) {
    Config c;
    c.cell = KILN_CELL_LSTM;
    c.batch = batch;
    c.steps = 16;
    c.units = 128;
    c.layout = Layout::Aligned;
    c.flags = KILN_RNN_RETURN_SEQUENCES | KILN_RNN_HAS_INITIAL_STATE;
    std::vector<float> unsplit;
    {
      ScopedUnitSplit off("off");
      Problem p(c);
      p.run();
      unsplit = p.outputs.values();
    }
    for (int threads : {1, 2, 3, 4}) {
      SCOPED_TRACE("batch " + std::to_string(batch) + ", " +
                   std::to_string(threads) + " threads");
      ScopedThreads scopedThreads(threads);
      Problem p(c);
      p.run();
      expectMatchesReference(p);
      EXPECT_TRUE(sameBits(unsplit, p.outputs.values()));
    }
  }
}

TEST(Recurrence, ZeroStepsGiveInitialStateAndZeroOutput) {
  forEachKernelRun([](const KernelRun &) {
    for (int64_t cell : {KILN_CELL_LSTM, KILN_CELL_GRU}) {
      Config c;
      c.cell = cell;
      c.steps = 0;
      c.directions = 2;
      c.flags = KILN_RNN_HAS_INITIAL_STATE;
      Problem p(c);
      p.run();
      expectMatchesReference(p);
      expectNoStepTaken(p);

      c.flags |= KILN_RNN_RETURN_SEQUENCES; // [B, 0, D, U]: nothing to write
      Problem q(c);
      q.run();
      expectMatchesReference(q);
    }
  });
}

TEST(Recurrence, FullyMaskedRowsKeepTheirState) {
  Config c;
  c.cell = KILN_CELL_LSTM;
  c.flags = KILN_RNN_HAS_MASK | KILN_RNN_HAS_INITIAL_STATE |
            KILN_RNN_RETURN_SEQUENCES;
  c.maskedFraction = 1.0;
  forEachKernelRun([&](const KernelRun &) {
    Problem p(c);
    p.run();
    expectMatchesReference(p);
    expectNoStepTaken(p);
  });
}

TEST(Recurrence, EmptyBatchOrUnitsWriteNothing) {
  forEachKernelRun([](const KernelRun &) {
    for (auto [batch, units] : {std::pair<int64_t, int64_t>{0, 4}, {2, 0}}) {
      Config c;
      c.batch = batch;
      c.units = units;
      c.flags = KILN_RNN_RETURN_SEQUENCES;
      Problem p(c);
      p.run();
      EXPECT_TRUE(p.outputs.untouchedOutsideView());
    }
  });
}

TEST(Recurrence, SingleUnitAndSingleRow) {
  Config c;
  c.cell = KILN_CELL_GRU_RESET_BEFORE;
  c.batch = 1;
  c.units = 1;
  c.steps = 9;
  c.flags = KILN_RNN_RETURN_SEQUENCES | KILN_RNN_HAS_INITIAL_STATE;
  for (Layout layout : {Layout::Dense, Layout::Permuted}) {
    c.layout = layout;
    runAndCheck(c);
  }
}

//===--- Errors -----------------------------------------------------------===//

/// Runs `p` after `mutate` has broken something; expects a runtime_error
/// whose message contains `expected`.
void expectError(const Config &c, const std::string &expected,
                 const std::function<void(Problem &)> &mutate = {}) {
  Problem p(c);
  if (mutate)
    mutate(p);
  try {
    p.run();
    ADD_FAILURE() << "no error, expected one containing '" << expected << "'";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find(expected), std::string::npos)
        << "message: " << e.what();
  }
  EXPECT_TRUE(p.outputs.untouchedOutsideView());
}

TEST(RecurrenceErrors, UnknownCellActivationOrFlags) {
  Config c;
  c.cell = 7;
  expectError(c, "unknown cell kind 7");
  c = Config();
  c.act = 18;
  expectError(c, "unknown activation 18");
  c = Config();
  c.recAct = -1;
  expectError(c, "unknown recurrent_activation -1");
  c = Config();
  c.flags = 1 << 12;
  expectError(c, "unknown flag bits 4096");
  c = Config();
  c.flags = KILN_RNN_GO_BACKWARDS(1);
  expectError(c, "flags for direction 1");
}

TEST(RecurrenceErrors, RecurrentActivationIsIgnoredBySimpleRnn) {
  Config c;
  c.cell = KILN_CELL_SIMPLE_RNN;
  c.recAct = 99;
  Problem p(c);
  p.run();
  expectMatchesReference(p);
}

TEST(RecurrenceErrors, BadRanksAndShapes) {
  Config c; // LSTM, B = 3, T = 5, D = 1, U = 5
  expectError(c, "projected input has shape [3,5,20], expected rank 4",
              [](Problem &p) {
                p.projected = Tensor<float>({3, 5, 20}, Layout::Dense, 0.f);
              });
  expectError(c, "recurrent kernel has shape [1,5,15], expected [1,5,20]",
              [](Problem &p) {
                p.kernel = Tensor<float>({1, 5, 15}, Layout::Dense, 0.f);
              });
  expectError(c, "projected input has shape [3,5,1,24], expected [3,5,1,20]",
              [](Problem &p) {
                p.projected = Tensor<float>({3, 5, 1, 24}, Layout::Dense, 0.f);
              });
  expectError(c, "D (dim 2) must be 1 or 2", [](Problem &p) {
    p.projected = Tensor<float>({3, 5, 3, 20}, Layout::Dense, 0.f);
  });
  expectError(c, "outputs has shape [3,5,1,5], expected [3,1,5]",
              [](Problem &p) {
                p.outputs = Tensor<float>({3, 5, 1, 5}, Layout::Dense, 0.f);
              });
  c.flags = KILN_RNN_RETURN_SEQUENCES;
  expectError(c, "outputs has shape [3,1,5], expected [3,5,1,5]",
              [](Problem &p) {
                p.outputs = Tensor<float>({3, 1, 5}, Layout::Dense, 0.f);
              });
  expectError(c, "final state has shape [1,1,3,5], expected [1,2,3,5]",
              [](Problem &p) {
                p.finalState = Tensor<float>({1, 1, 3, 5}, Layout::Dense, 0.f);
              });
  c.flags = KILN_RNN_HAS_INITIAL_STATE;
  expectError(
      c, "initial state has shape [1,2,4,5], expected [1,2,3,5]",
      [](Problem &p) {
        p.initialState = Tensor<float>({1, 2, 4, 5}, Layout::Dense, 0.f);
      });
  c.flags = KILN_RNN_HAS_MASK;
  expectError(c, "mask has shape [5,3], expected [3,5]", [](Problem &p) {
    p.mask = Tensor<int8_t>({5, 3}, Layout::Dense, int8_t(0));
  });
  c.flags = KILN_RNN_HAS_RECURRENT_BIAS;
  expectError(
      c, "recurrent bias has shape [20], expected [1,20]",
      [](Problem &p) { p.bias = Tensor<float>({20}, Layout::Dense, 0.f); });
}

TEST(RecurrenceErrors, NullOrOverlappingOperands) {
  Config c;
  c.flags = KILN_RNN_RETURN_SEQUENCES;
  Problem p(c);
  EXPECT_THROW(_mlir_ciface_kiln_rt_recurrence_f32(
                   p.projected.get(), nullptr, nullptr, nullptr, nullptr,
                   p.outputs.get(), p.finalState.get(), c.cell, c.act, c.recAct,
                   c.actAlpha, c.flags),
               std::runtime_error);
  // Optional operands are not read without their flag.
  _mlir_ciface_kiln_rt_recurrence_f32(
      p.projected.get(), p.kernel.get(), nullptr, nullptr, nullptr,
      p.outputs.get(), p.finalState.get(), c.cell, c.act, c.recAct, c.actAlpha,
      c.flags);
  expectMatchesReference(p);

  std::vector<float> out(64);
  Memref broadcast(out.data(), {3, 5, 1, 5}, {0, 5, 5, 1});
  try {
    _mlir_ciface_kiln_rt_recurrence_f32(
        p.projected.get(), p.kernel.get(), nullptr, nullptr, nullptr,
        broadcast.get(), p.finalState.get(), c.cell, c.act, c.recAct,
        c.actAlpha, c.flags);
    ADD_FAILURE() << "no error";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("outputs of shape [3,5,1,5] has a "
                                         "zero stride on dim 0"),
              std::string::npos)
        << e.what();
  }
}

TEST(RecurrenceErrors, InsideARunTheErrorBecomesTheStatus) {
  kiln_status status;
  int code = kiln::test::runAsModelBody("rnn",
                                        [](void *) {
                                          Config c;
                                          c.cell = 9;
                                          Problem p(c);
                                          p.run(); // records the error, throws nothing
                                        },
                                        status);
  EXPECT_EQ(code, KILN_ERROR_INTERNAL);
  EXPECT_EQ(std::string(status.message),
            "model 'rnn': recurrence: unknown cell kind 9");
}

//===--- Micro benchmarks (disabled by default) ---------------------------===//

/// A recurrence over T steps with random operands (input 64), and the input
/// projection that produces them (one oneDNN matmul, as the compiler emits
/// it).
class BenchProblem {
public:
  BenchProblem(int64_t cell, int64_t batch, int64_t units, int64_t directions,
               int64_t steps)
      : cell(cell), steps(steps) {
    const int64_t gates = cell == KILN_CELL_LSTM         ? 4
                          : cell == KILN_CELL_SIMPLE_RNN ? 1
                                                         : 3;
    const int64_t states = cell == KILN_CELL_LSTM ? 2 : 1;
    const int64_t gu = gates * units, inputs = 64;
    std::mt19937 gen(7);
    std::uniform_real_distribution<float> dist(-0.5f, 0.5f);
    auto random = [&](size_t n) {
      std::vector<float> v(n);
      for (float &x : v)
        x = dist(gen);
      return v;
    };
    x = random(batch * steps * inputs);
    w = random(inputs * directions * gu);
    b = random(directions * gu);
    u = random(directions * units * gu);
    projected.resize(batch * steps * directions * gu);
    outputs.resize(batch * steps * directions * units);
    finalState.resize(directions * states * batch * units);
    xm = std::make_unique<Memref>(x.data(),
                                  std::vector<int64_t>{batch * steps, inputs});
    wm = std::make_unique<Memref>(
        w.data(), std::vector<int64_t>{inputs, directions * gu});
    bm = std::make_unique<Memref>(b.data(),
                                  std::vector<int64_t>{directions * gu});
    pm = std::make_unique<Memref>(
        projected.data(), std::vector<int64_t>{batch * steps, directions * gu});
    p4 = std::make_unique<Memref>(
        projected.data(), std::vector<int64_t>{batch, steps, directions, gu});
    um = std::make_unique<Memref>(u.data(),
                                  std::vector<int64_t>{directions, units, gu});
    om = std::make_unique<Memref>(
        outputs.data(), std::vector<int64_t>{batch, steps, directions, units});
    fm = std::make_unique<Memref>(
        finalState.data(),
        std::vector<int64_t>{directions, states, batch, units});
    project();
  }

  void project() {
    _mlir_ciface_kiln_rt_matmul_f32(xm->get(), wm->get(), bm->get(), pm->get(),
                                    1, KILN_ACT_NONE, 1.f, 0.f);
  }
  void recur() {
    _mlir_ciface_kiln_rt_recurrence_f32(
        p4->get(), um->get(), nullptr, nullptr, nullptr, om->get(), fm->get(),
        cell, KILN_ACT_TANH, KILN_ACT_SIGMOID, 0.f, KILN_RNN_RETURN_SEQUENCES);
  }

  const int64_t cell, steps;

private:
  std::vector<float> x, w, b, u, projected, outputs, finalState;
  std::unique_ptr<Memref> xm, wm, bm, pm, p4, um, om, fm;
};

/// Microseconds per step of `fn` (over `steps` steps): the best and the
/// median of `repeats` calls after a warm-up call. The best is what the
/// code can do; the median shows how much a loaded machine takes away.
struct StepTiming {
  double best, median;
};

StepTiming microsPerStep(const std::function<void()> &fn, int64_t steps,
                         int repeats) {
  // Warm up for a while: right after creating its threads the scheduler
  // keeps them on one core for some milliseconds, a unit split team then
  // gives up, and calls do not split for the next 100 ms.
  const auto warmUpEnd =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  do
    fn();
  while (std::chrono::steady_clock::now() < warmUpEnd);
  std::vector<double> micros;
  for (int i = 0; i < repeats; ++i) {
    auto start = std::chrono::steady_clock::now();
    fn();
    std::chrono::duration<double, std::micro> d =
        std::chrono::steady_clock::now() - start;
    micros.push_back(d.count() / steps);
  }
  std::sort(micros.begin(), micros.end());
  return {micros.front(), micros[micros.size() / 2]};
}

/// LSTM, U = 128, T = 512: the projection and the recurrence per build.
void benchmarkLstm(int64_t batch, const char *isa) {
  ScopedKernelIsa scoped(isa);
  BenchProblem p(KILN_CELL_LSTM, batch, 128, 1, 512);
  StepTiming projection = microsPerStep([&] { p.project(); }, p.steps, 7);
  StepTiming recurrence = microsPerStep([&] { p.recur(); }, p.steps, 7);
  std::printf("LSTM B=%-3lld U=128 T=512 [%s]: projection %.3f us/step, "
              "recurrence %.3f us/step\n",
              (long long)batch, isa, projection.best, recurrence.best);
}

TEST(RecurrenceBenchmark, DISABLED_LstmMicrosPerStep) {
  for (const char *isa : {"avx512", "avx2", "generic"})
    for (int64_t batch : {1, 32})
      benchmarkLstm(batch, isa);
  ScopedThreads oneThread(1);
  std::printf("one thread:\n");
  benchmarkLstm(32, "avx512");
}

/// One line of the unit split table: the recurrence alone, with `threads`
/// threads and KILN_RECURRENCE_SPLIT=split.
void benchmarkSplit(int64_t cell, int64_t batch, int64_t units,
                    int64_t directions, int threads, const char *split) {
  const int64_t steps = batch <= 8 ? 512 : 128;
  BenchProblem p(cell, batch, units, directions, steps);
  ScopedThreads scopedThreads(threads);
  ScopedUnitSplit scopedSplit(split);
  StepTiming t = microsPerStep([&] { p.recur(); }, steps, batch <= 8 ? 41 : 9);
  std::printf("%-9s B=%-2lld D=%lld U=%-3lld threads=%d split=%-5s: "
              "best %7.3f  median %7.3f us/step\n",
              cellName(cell), (long long)batch, (long long)directions,
              (long long)units, threads, split, t.best, t.median);
  std::fflush(stdout);
}

/// The unit split against the batch split and against one thread: batch 1
/// (where it applies), batch 32 (where it must not cost anything), and the
/// crossovers of the rules in Recurrence.cpp (unitSplitPays,
/// kMinRowsPerBlock).
TEST(RecurrenceBenchmark, DISABLED_UnitSplit) {
  for (int64_t units : {64, 128, 256})
    for (int64_t directions : {1, 2}) {
      benchmarkSplit(KILN_CELL_LSTM, 1, units, directions, 1, "auto");
      benchmarkSplit(KILN_CELL_LSTM, 1, units, directions, 2, "off");
      benchmarkSplit(KILN_CELL_LSTM, 1, units, directions, 2, "auto");
      if (directions == 2) // both directions in turn, each split in two
        benchmarkSplit(KILN_CELL_LSTM, 1, units, directions, 2, "force");
    }
  for (const char *split : {"off", "auto", "force"})
    benchmarkSplit(KILN_CELL_LSTM, 32, 128, 1, 2, split);
  std::printf("crossover in units (batch 1, 2 threads):\n");
  for (int64_t cell : {KILN_CELL_SIMPLE_RNN, KILN_CELL_GRU,
                       KILN_CELL_GRU_RESET_BEFORE, KILN_CELL_LSTM})
    for (int64_t units : {32, 48, 64, 96, 128})
      for (const char *split : {"off", "force"})
        benchmarkSplit(cell, 1, units, 1, 2, split);
  std::printf("crossover in rows (LSTM U = 128, 2 threads):\n");
  for (int64_t batch : {2, 3, 4, 8})
    for (const char *split : {"off", "force"})
      benchmarkSplit(KILN_CELL_LSTM, batch, 128, 1, 2, split);
}

} // namespace
