//===- Matmul.cpp - _mlir_ciface_kiln_rt_matmul_f32 -----------------------===//
//
// Checks and normalizes the memref operands into a MatmulProblem, then runs
// the cached oneDNN primitive on the caller's buffers in place. Cases oneDNN
// does not take are handled here: empty results (no-op), K == 0 (the result
// is act(bias)), input operands whose strides oneDNN cannot describe
// (zero/negative strides from broadcasts) and strided biases, which are
// packed into a dense copy first.
//
//===----------------------------------------------------------------------===//
#include "Activation.h"
#include "MatmulPlan.h"
#include "Memref.h"
#include "RunContext.h"
#include "Shape.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

using namespace kiln::rt;

namespace {

[[noreturn]] void shapeError(const std::string &what, const StridedView &a,
                             const StridedView &b, const StridedView &c) {
  throw std::runtime_error(what + " (A " + formatShape(a.sizes, a.rank) +
                           ", B " + formatShape(b.sizes, b.rank) + ", C " +
                           formatShape(c.sizes, c.rank) + ")");
}

/// Gives dims of extent 1 a stride just past the inner dims. Such a dim
/// never steps, so its stride is arbitrary (MLIR often leaves 0 or garbage
/// there), but oneDNN wants strides that describe a plain layout.
void canonicalizeUnitStrides(StridedView &v) {
  int64_t extent = 1;
  for (int i = v.rank - 1; i >= 0; --i) {
    if (v.sizes[i] == 1)
      v.strides[i] = extent;
    extent = std::max(extent, v.sizes[i] * v.strides[i]);
  }
}

bool hasNonPositiveStride(const StridedView &v) {
  for (int i = 0; i < v.rank; ++i)
    if (v.sizes[i] > 1 && v.strides[i] <= 0)
      return true;
  return false;
}

/// Replaces `v` by a dense copy held in `storage`.
void packDense(StridedView &v, std::vector<float> &storage) {
  storage.resize(v.numElements());
  copyToDense(v, sizeof(float), storage.data());
  v.base = reinterpret_cast<char *>(storage.data());
  int64_t stride = 1;
  for (int i = v.rank - 1; i >= 0; --i) {
    v.strides[i] = stride;
    stride *= v.sizes[i];
  }
}

/// [K, N] under a rank-3 matmul: [1, K, N].
void addUnitBatchDim(StridedView &v) {
  for (int i = v.rank; i > 0; --i) {
    v.sizes[i] = v.sizes[i - 1];
    v.strides[i] = v.strides[i - 1];
  }
  v.sizes[0] = 1;
  v.strides[0] = 0; // canonicalized later
  ++v.rank;
}

float *elementPtr(const StridedView &v, int64_t i0, int64_t i1, int64_t i2) {
  int64_t idx[3] = {i0, i1, i2};
  int64_t off = 0;
  for (int d = 0; d < v.rank; ++d)
    off += idx[3 - v.rank + d] * v.strides[d];
  return reinterpret_cast<float *>(v.base) + off;
}

/// K == 0: A x B is all zeros, so C = act(bias) (or act(0)) on every row.
void fillWithoutProduct(const StridedView &c, const StridedView *bias,
                        int64_t activation, float actAlpha) {
  int64_t batch = c.rank == 3 ? c.sizes[0] : 1;
  int64_t m = c.sizes[c.rank - 2], n = c.sizes[c.rank - 1];
  std::vector<float> row(n);
  for (int64_t j = 0; j < n; ++j) {
    float x = bias ? *reinterpret_cast<float *>(bias->base +
                                                j * bias->strides[0] *
                                                    int64_t(sizeof(float)))
                   : 0.f;
    row[j] = applyActivation(activation, x, actAlpha);
  }
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j)
        *elementPtr(c, b, i, j) = row[j];
}

/// Per-thread scratch memory for the primitives (scratchpad_mode::user).
class ScratchBuffer {
public:
  ~ScratchBuffer() { std::free(ptr); }
  void *get(size_t bytes) {
    if (bytes > size) {
      std::free(ptr);
      size = 0;
      ptr = std::aligned_alloc(4096, (bytes + 4095) / 4096 * 4096);
      if (!ptr)
        throw std::bad_alloc();
      size = bytes;
    }
    return ptr;
  }

private:
  void *ptr = nullptr;
  size_t size = 0;
};

void execute(const MatmulPlan &plan, const StridedView &a,
             const StridedView &b, const StridedView *bias,
             const StridedView &c) {
  const dnnl::engine &engine = cpuEngine();
  thread_local dnnl::stream stream(cpuEngine());
  thread_local ScratchBuffer scratch;
  std::unordered_map<int, dnnl::memory> args;
  args.emplace(DNNL_ARG_SRC, dnnl::memory(plan.a, engine, a.base));
  args.emplace(DNNL_ARG_WEIGHTS, dnnl::memory(plan.b, engine, b.base));
  args.emplace(DNNL_ARG_DST, dnnl::memory(plan.c, engine, c.base));
  if (bias) {
    int arg = plan.biasAsPostOp
                  ? (DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1)
                  : DNNL_ARG_BIAS;
    args.emplace(arg, dnnl::memory(plan.bias, engine, bias->base));
  }
  size_t scratchBytes = plan.scratchpad.get_size();
  if (scratchBytes)
    args.emplace(DNNL_ARG_SCRATCHPAD,
                 dnnl::memory(plan.scratchpad, engine, scratch.get(scratchBytes)));
  plan.primitive.execute(stream, args);
  stream.wait();
}

void matmul(kiln_unranked_memref *aRef, kiln_unranked_memref *bRef,
            kiln_unranked_memref *biasRef, kiln_unranked_memref *cRef,
            bool hasBias, int64_t activation, float alpha, float actAlpha) {
  StridedView a = readMemref(aRef, sizeof(float), 3);
  StridedView b = readMemref(bRef, sizeof(float), 3);
  StridedView c = readMemref(cRef, sizeof(float), 3);
  if (!isKnownActivation(activation))
    throw std::runtime_error("unknown activation " + std::to_string(activation));
  if ((a.rank != 2 && a.rank != 3) || c.rank != a.rank ||
      (b.rank != 2 && b.rank != a.rank))
    shapeError("unsupported operand ranks", a, b, c);
  StridedView originalB = b;
  if (b.rank < a.rank)
    addUnitBatchDim(b);

  int r = a.rank;
  int64_t m = a.sizes[r - 2], k = a.sizes[r - 1], n = b.sizes[r - 1];
  if (b.sizes[r - 2] != k || c.sizes[r - 2] != m || c.sizes[r - 1] != n)
    shapeError("mismatched matmul shapes", a, originalB, c);
  if (r == 3) {
    // oneDNN broadcasts a batch dim of 1 in A or B.
    int64_t ba = a.sizes[0], bb = b.sizes[0], bc = c.sizes[0];
    if ((ba != bc && ba != 1) || (bb != bc && bb != 1))
      shapeError("mismatched batch dims", a, originalB, c);
  }

  StridedView biasView;
  if (hasBias) {
    biasView = readMemref(biasRef, sizeof(float), 1);
    if (biasView.rank != 1 || biasView.sizes[0] != n)
      throw std::runtime_error("bias of shape " +
                               formatShape(biasView.sizes, biasView.rank) +
                               " for a matmul with N = " + std::to_string(n));
  }
  const StridedView *bias = hasBias ? &biasView : nullptr;

  if (c.numElements() == 0)
    return;
  if (k == 0 || a.numElements() == 0 || b.numElements() == 0) {
    // k == 0 is the only way A or B is empty while C is not, except a
    // broadcast batch dim of 0, which the batch check above excludes.
    fillWithoutProduct(c, bias, activation, actAlpha);
    return;
  }

  std::vector<float> aPacked, bPacked, biasPacked;
  if (hasNonPositiveStride(a))
    packDense(a, aPacked);
  if (hasNonPositiveStride(b))
    packDense(b, bPacked);
  // oneDNN 2.6's matmul kernels read the bias as dense whatever its strides
  // say (seen with brg:avx512_core), so a strided bias is packed; it is
  // only N floats.
  if (bias && !biasView.isContiguous())
    packDense(biasView, biasPacked);
  if (hasNonPositiveStride(c))
    throw std::runtime_error("result memref of shape " +
                             formatShape(c.sizes, c.rank) +
                             " has overlapping (zero or negative) strides");
  for (StridedView *v : {&a, &b, &c, &biasView})
    canonicalizeUnitStrides(*v);

  MatmulProblem p;
  p.rank = r;
  std::copy(a.sizes, a.sizes + r, p.aDims);
  std::copy(a.strides, a.strides + r, p.aStrides);
  std::copy(b.sizes, b.sizes + r, p.bDims);
  std::copy(b.strides, b.strides + r, p.bStrides);
  std::copy(c.sizes, c.sizes + r, p.cDims);
  std::copy(c.strides, c.strides + r, p.cStrides);
  p.hasBias = hasBias;
  p.activation = activation;
  p.alpha = alpha;
  p.actAlpha = activation == KILN_ACT_ELU ? actAlpha : 0.f;
  execute(*getMatmulPlan(p), a, b, bias, c);
}

} // namespace

extern "C" void _mlir_ciface_kiln_rt_matmul_f32(
    kiln_unranked_memref *a, kiln_unranked_memref *b,
    kiln_unranked_memref *bias, kiln_unranked_memref *c, int64_t has_bias,
    int64_t activation, float alpha, float act_alpha) {
  // No ctx parameter: errors go to the run executing on this thread.
  guardedCall(currentRun(), "matmul", [&] {
    matmul(a, b, bias, c, has_bias != 0, activation, alpha, act_alpha);
  });
}
