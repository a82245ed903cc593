//===- MatmulPlan.cpp -----------------------------------------------------===//
#include "MatmulPlan.h"

#include "LruCache.h"

#include <omp.h>

#include <cstring>
#include <stdexcept>
#include <string>

namespace kiln::rt {

using dnnl::memory;

std::vector<int64_t> MatmulProblem::key() const {
  std::vector<int64_t> k;
  k.reserve(25);
  k.push_back(rank);
  for (const int64_t *arr : {aDims, aStrides, bDims, bStrides, cDims, cStrides})
    k.insert(k.end(), arr, arr + rank);
  k.push_back(hasBias);
  k.push_back(activation);
  uint32_t bits[2];
  std::memcpy(&bits[0], &alpha, sizeof(float));
  std::memcpy(&bits[1], &actAlpha, sizeof(float));
  k.push_back((int64_t(bits[0]) << 32) | bits[1]);
  // oneDNN fixes a primitive's work split when it is created: a plan made
  // for 1 thread stays serial after the thread count grows.
  k.push_back(omp_get_max_threads());
  return k;
}

const dnnl::engine &cpuEngine() {
  static const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

namespace {

struct KeyHash {
  size_t operator()(const std::vector<int64_t> &k) const {
    uint64_t h = 1469598103934665603ull; // FNV-1a over the words
    for (int64_t v : k) {
      h ^= static_cast<uint64_t>(v);
      h *= 1099511628211ull;
    }
    return static_cast<size_t>(h);
  }
};

memory::desc makeDesc(const int64_t *dims, const int64_t *strides, int rank) {
  return memory::desc(memory::dims(dims, dims + rank), memory::data_type::f32,
                      memory::dims(strides, strides + rank));
}

dnnl::algorithm eltwiseAlgorithm(int64_t act, float actAlpha, float &alpha) {
  alpha = 0.f;
  switch (act) {
  case KILN_ACT_RELU:
    return dnnl::algorithm::eltwise_relu; // alpha 0: plain ReLU
  case KILN_ACT_TANH:
    return dnnl::algorithm::eltwise_tanh;
  case KILN_ACT_SIGMOID:
    return dnnl::algorithm::eltwise_logistic;
  case KILN_ACT_GELU_ERF:
    return dnnl::algorithm::eltwise_gelu_erf;
  case KILN_ACT_GELU_TANH:
    return dnnl::algorithm::eltwise_gelu_tanh;
  case KILN_ACT_ELU:
    alpha = actAlpha;
    return dnnl::algorithm::eltwise_elu;
  case KILN_ACT_SWISH:
    alpha = 1.f; // x * sigmoid(alpha * x)
    return dnnl::algorithm::eltwise_swish;
  default:
    throw std::runtime_error("unknown activation " + std::to_string(act));
  }
}

std::shared_ptr<const MatmulPlan> buildPlan(const MatmulProblem &p) {
  auto plan = std::make_shared<MatmulPlan>();
  int r = p.rank;
  plan->a = makeDesc(p.aDims, p.aStrides, r);
  plan->b = makeDesc(p.bDims, p.bStrides, r);
  plan->c = makeDesc(p.cDims, p.cStrides, r);
  if (p.hasBias) {
    // [N] seen as [1, N] / [1, 1, N].
    int64_t n = p.cDims[r - 1];
    int64_t dims[3] = {1, 1, 1}, strides[3] = {n, n, n};
    dims[r - 1] = n;
    strides[r - 1] = 1;
    plan->bias = makeDesc(dims, strides, r);
  }

  dnnl::primitive_attr attr;
  // Scratch memory is passed per call, so one primitive can run on several
  // threads at once without sharing oneDNN's internal scratchpad.
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  if (p.alpha != 1.f)
    attr.set_output_scales(0, {p.alpha});
  plan->biasAsPostOp = p.hasBias && p.alpha != 1.f;
  dnnl::post_ops ops;
  if (plan->biasAsPostOp)
    ops.append_binary(dnnl::algorithm::binary_add, plan->bias);
  if (p.activation != KILN_ACT_NONE) {
    float eltAlpha;
    dnnl::algorithm alg = eltwiseAlgorithm(p.activation, p.actAlpha, eltAlpha);
    ops.append_eltwise(1.f, alg, eltAlpha, 0.f);
  }
  attr.set_post_ops(ops);

  dnnl::matmul::desc desc =
      p.hasBias && !plan->biasAsPostOp
          ? dnnl::matmul::desc(plan->a, plan->b, plan->bias, plan->c)
          : dnnl::matmul::desc(plan->a, plan->b, plan->c);
  dnnl::matmul::primitive_desc pd(desc, attr, cpuEngine());
  plan->scratchpad = pd.scratchpad_desc();
  plan->primitive = dnnl::matmul(pd);
  return plan;
}

} // namespace

std::shared_ptr<const MatmulPlan> getMatmulPlan(const MatmulProblem &p) {
  // Models have a handful of distinct matmul shapes; 256 covers many models
  // in one process while bounding memory for ever-changing dynamic dims.
  static LruCache<std::vector<int64_t>, MatmulPlan, KeyHash> cache(256);
  return cache.getOrCreate(p.key(), [&] { return buildPlan(p); });
}

} // namespace kiln::rt
