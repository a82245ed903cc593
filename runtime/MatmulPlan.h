//===- MatmulPlan.h - oneDNN matmul primitives, built once and cached -----===//
#ifndef KILN_RUNTIME_MATMULPLAN_H
#define KILN_RUNTIME_MATMULPLAN_H

#include "Export.h"

#include <dnnl.hpp>

#include <cstdint>
#include <memory>
#include <vector>

namespace kiln::rt {

/// A matmul after Matmul.cpp has normalized its operands: A, B and C all have
/// `rank` dims (a rank-2 B under rank-3 A/C becomes [1, K, N]), every stride
/// is positive, and no dim is zero. Everything a primitive depends on is
/// here, so it doubles as the cache key.
struct MatmulProblem {
  int rank = 2; // 2 or 3
  int64_t aDims[3] = {}, aStrides[3] = {};
  int64_t bDims[3] = {}, bStrides[3] = {};
  int64_t cDims[3] = {}, cStrides[3] = {};
  bool hasBias = false; // bias is a dense [N]
  int64_t activation = KILN_ACT_NONE;
  float alpha = 1.f;
  float actAlpha = 0.f;

  /// Flat encoding of every field, used as the cache key.
  std::vector<int64_t> key() const;
};

struct MatmulPlan {
  dnnl::matmul primitive;
  dnnl::memory::desc a, b, c, bias, scratchpad;
  /// oneDNN 2.x scales after adding its built-in bias, while Kiln's contract
  /// is act(alpha * A x B + bias); with alpha != 1 the bias is added by a
  /// binary post-op instead, which runs after the scale.
  bool biasAsPostOp = false;
};

/// The plan for `p`, from a process-wide LRU cache (thread-safe).
std::shared_ptr<const MatmulPlan> getMatmulPlan(const MatmulProblem &p);

/// The CPU engine every primitive runs on.
const dnnl::engine &cpuEngine();

} // namespace kiln::rt

#endif // KILN_RUNTIME_MATMULPLAN_H
