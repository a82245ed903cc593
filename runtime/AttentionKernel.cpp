//===- AttentionKernel.cpp - One task of kiln_rt_attention_f32 ------------===//
//
// Flash attention for one block of query rows of one (batch, head): the keys
// are visited a block at a time with an online softmax (a running maximum
// and sum per row, the output accumulators rescaled when the maximum grows),
// so no [T, S] buffer exists. Per key block:
//  1. logits, transposed: L^T[j][i] = K[j] · (scale Q[i]), as register tiles
//     of 6 keys x up to 64 queries over a copy of the query block made once
//     per task (Q^T, [D, queryBlock]); the keys are read in place (any
//     strides, broadcast one element at a time);
//  2. mask, causal triangle and the block maximum, vectorized over queries;
//  3. the weights e^(l - max), the running sums, and the rescale factors;
//  4. O[i] = rescale[i] O[i] + Σ_j P^T[j][i] V[j], register tiles of 6
//     queries x up to 4 vectors of V, V rows read in place when they are
//     whole unit-stride vectors.
// Keeping queries in the vector lanes is what makes steps 2 and 3 cheap:
// every reduction over keys is a vertical one, and only Q (once per task)
// and masks that vary along queries are transposed (in registers,
// TileTranspose.h). With a causal mask, key blocks no query of the task may
// see are skipped (they would add exactly 0, see runKeyBlocks).
//
// Compiled once per instruction set (runtime/CMakeLists.txt), with
// KILN_ATTENTION_KERNEL naming the entry point of the build; Attention.cpp
// picks one with cpuid. Everything else here has internal linkage, so the
// linker cannot mix code of different builds.
//
//===----------------------------------------------------------------------===//
#include "AttentionPlan.h"
#include "TileTranspose.h"
#include "VectorMath.h"

#include <cmath>
#include <cstring>
#include <limits>

#ifndef KILN_ATTENTION_KERNEL
#error "build through the kiln_attention_* object libraries (CMakeLists.txt)"
#endif

namespace kiln::rt {
namespace {

static_assert(kAttentionAlign % kLanes == 0,
              "query blocks and value rows must hold whole vectors");

inline int64_t minOf(int64_t a, int64_t b) { return a < b ? a : b; }
inline int64_t maxOf(int64_t a, int64_t b) { return a > b ? a : b; }

//===--- Register tiles ---------------------------------------------------===//

// Rows x Vectors accumulators, the Vectors loaded b vectors and a broadcast
// must fit the register file (32 vector registers with AVX-512, 16
// otherwise).
constexpr int kTileRows = 6;
constexpr int kTileVectors = kLanes == 16 ? 4 : 2;

/// c[r][0 .. Vectors * kLanes) for r < Rows
///   = (Accumulate ? rowScale[r] * c[r][..] : 0)
///     + Σ_{k < depth} a[r * aRowStep + k * aStep] * b[k * bStep + ..].
struct TileOperands {
  const float *a;
  int64_t aRowStep, aStep, depth;
  const float *b; // whole vectors, any alignment
  int64_t bStep;
  float *c;
  int64_t cRowStep;
  const float *rowScale; // read only when accumulating
};

template <int Rows, int Vectors, bool Accumulate>
__attribute__((noinline)) void tileProduct(const TileOperands &t) {
  const float *aRow[Rows];
#pragma GCC unroll 8
  for (int r = 0; r < Rows; ++r)
    aRow[r] = t.a + r * t.aRowStep;
  VecF acc[Rows][Vectors];
#pragma GCC unroll 8
  for (int r = 0; r < Rows; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < Vectors; ++v)
      acc[r][v] = Accumulate ? loadVec(t.c + r * t.cRowStep + v * kLanes) *
                                   t.rowScale[r]
                             : VecF{};
  for (int64_t k = 0; k < t.depth; ++k) {
    const float *bk = t.b + k * t.bStep;
    VecF bv[Vectors];
#pragma GCC unroll 8
    for (int v = 0; v < Vectors; ++v)
      bv[v] = loadVec(bk + v * kLanes);
    const int64_t ak = k * t.aStep;
#pragma GCC unroll 8
    for (int r = 0; r < Rows; ++r) {
      VecF x = splat(aRow[r][ak]);
#pragma GCC unroll 8
      for (int v = 0; v < Vectors; ++v)
        acc[r][v] += bv[v] * x;
    }
  }
#pragma GCC unroll 8
  for (int r = 0; r < Rows; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < Vectors; ++v)
      storeVec(t.c + r * t.cRowStep + v * kLanes, acc[r][v]);
}

/// tileProduct<Rows, vectors> for a run-time vector count <= MaxVectors.
template <bool Accumulate, int Rows, int MaxVectors>
void tileWithVectors(int vectors, const TileOperands &t) {
  if constexpr (MaxVectors > 0) {
    if (vectors == MaxVectors)
      return tileProduct<Rows, MaxVectors, Accumulate>(t);
    tileWithVectors<Accumulate, Rows, MaxVectors - 1>(vectors, t);
  }
}

/// tileProduct for run-time row and vector counts.
template <bool Accumulate, int MaxRows>
void tileWithRows(int rows, int vectors, const TileOperands &t) {
  if constexpr (MaxRows > 0) {
    if (rows == MaxRows)
      return tileWithVectors<Accumulate, MaxRows, kTileVectors>(vectors, t);
    tileWithRows<Accumulate, MaxRows - 1>(rows, vectors, t);
  }
}

/// The product of TileOperands for `rows` rows and `vectors` vectors of
/// columns. Column chunks are the outer loop so that a chunk of b is reused
/// from L1 by every row tile.
template <bool Accumulate>
void multiply(const TileOperands &m, int64_t rows, int64_t vectors) {
  for (int64_t v = 0; v < vectors; v += kTileVectors) {
    const int chunk = int(minOf(kTileVectors, vectors - v));
    for (int64_t r = 0; r < rows; r += kTileRows) {
      TileOperands t = m;
      t.a += r * m.aRowStep;
      t.b += v * kLanes;
      t.c += r * m.cRowStep + v * kLanes;
      t.rowScale += Accumulate ? r : 0;
      tileWithRows<Accumulate, kTileRows>(int(minOf(kTileRows, rows - r)),
                                          chunk, t);
    }
  }
}

//===--- One task ---------------------------------------------------------===//

inline VecI splatInt(int32_t x) { return VecI{} + x; }

inline VecI laneIndices() {
  VecI lanes;
  for (int i = 0; i < kLanes; ++i)
    lanes[i] = i;
  return lanes;
}

/// One block of query rows of one (batch, head). Query rows are the lanes
/// of every tile below: row r of the task is lane r % kLanes of vector
/// r / kLanes.
class Task {
public:
  Task(const AttentionPlan &plan, float *scratch, int64_t task);
  void run();

private:
  void packQuery();
  void runKeyBlocks();
  bool hiddenKeysMatter() const;
  void keyBlock(int64_t j0, int64_t n, bool hidden);
  void loadMask(int64_t j0, int64_t n);
  VecF maskAt(int64_t j, int v) const;
  VecI keepAt(int64_t j0, int64_t j, int v, VecI lanes) const;
  void maskAndMaximum(int64_t j0, int64_t n);
  void weights(int64_t j0, int64_t n, bool hidden);
  void accumulateValues(int64_t j0, int64_t n);
  bool anyKeyKept(int64_t row) const;
  void writeOutput();

  bool maskVariesPerQuery() const { return plan.maskStrides[2] != 0; }
  /// Whether the causal triangle cuts through keys [j0, j0 + n).
  bool causalCuts(int64_t j0, int64_t n) const {
    return plan.causal && j0 + n - 1 > firstRow + plan.causalOffset;
  }

  const AttentionPlan &plan;
  int64_t firstRow = 0, rows = 0; // query rows [firstRow, firstRow + rows)
  const int64_t stride;           // plan.queryBlock: row stride of tiles
  const int queryVectors;
  const int64_t valueVectors; // whole vectors covering Dv
  const float *query, *key, *value;
  const char *mask = nullptr; // at (b, h, firstRow, 0); bytes or floats
  float *output;
  bool valueInPlace;
  // Scratch (AttentionScratchLayout).
  float *queryT, *scores, *maskTile, *out, *values;
  float *rowMax, *rowSum, *rowRescale, *blockMax;
};

Task::Task(const AttentionPlan &plan, float *scratch, int64_t task)
    : plan(plan), stride(plan.queryBlock),
      queryVectors(int(plan.queryBlock / kLanes)),
      valueVectors((plan.valueDepth + kLanes - 1) / kLanes) {
  const int64_t block = task % plan.queryBlocksPerHead;
  const int64_t head = task / plan.queryBlocksPerHead % plan.queryHeads;
  const int64_t batch = task / plan.queryBlocksPerHead / plan.queryHeads;
  const int64_t kvHead = head / plan.groupSize;
  firstRow = block * plan.queryBlock;
  rows = minOf(plan.queryBlock, plan.queryLength - firstRow);

  const int64_t *qs = plan.queryStrides, *ks = plan.keyStrides;
  const int64_t *vs = plan.valueStrides, *os = plan.outputStrides;
  query = plan.query + batch * qs[0] + head * qs[1] + firstRow * qs[2];
  key = plan.key + batch * ks[0] + kvHead * ks[1];
  value = plan.value + batch * vs[0] + kvHead * vs[1];
  output = plan.output + batch * os[0] + head * os[1] + firstRow * os[2];
  if (plan.maskKind != AttentionMask::None) {
    const int64_t *ms = plan.maskStrides;
    const int64_t element =
        plan.maskKind == AttentionMask::Bool ? 1 : int64_t(sizeof(float));
    mask = static_cast<const char *>(plan.mask) +
           element * (batch * ms[0] + head * ms[1] + firstRow * ms[2]);
  }
  // Whole vectors of a V row may be loaded in place only when they do not
  // run past the row (nor, for the last row, past the buffer).
  valueInPlace = vs[3] == 1 && plan.valueDepth % kLanes == 0;

  const AttentionScratchLayout &s = plan.scratch;
  queryT = scratch + s.queryT;
  scores = scratch + s.scores;
  maskTile = scratch + s.mask;
  out = scratch + s.out;
  values = scratch + s.values;
  rowMax = scratch + s.rowMax;
  rowSum = scratch + s.rowSum;
  rowRescale = scratch + s.rowRescale;
  blockMax = scratch + s.blockMax;
}

void Task::run() {
  if (plan.keyLength > 0) {
    packQuery();
    for (int64_t r = 0; r < stride; ++r) {
      rowMax[r] = -std::numeric_limits<float>::infinity();
      rowSum[r] = 0.f;
    }
    std::memset(out, 0, sizeof(float) * rows * plan.paddedValueDepth);
    runKeyBlocks();
  }
  writeOutput();
}

/// queryT[d][r] = scale * Q[firstRow + r][d], zero in the padding rows.
/// Folding the scale in here saves a multiply per logit.
void Task::packQuery() {
  const int64_t rowStep = plan.queryStrides[2], step = plan.queryStrides[3];
  const float scale = plan.scale;
  transposeInto(
      queryT, stride, rows, plan.depth, step == 1,
      [&](int64_t r, int64_t d) {
        return loadVec(query + r * rowStep + d) * scale;
      },
      [&](int64_t r, int64_t d) {
        return scale * query[r * rowStep + d * step];
      });
  for (int64_t d = 0; d < plan.depth; ++d)
    for (int64_t r = rows; r < stride; ++r)
      queryT[d * stride + r] = 0.f;
}

/// Visits the key blocks. With a causal mask, keys past the last one the
/// task's last row may see ("hidden") have the logit mask_fill in every
/// row; they change a row only where e^(fill - max) is not exactly 0, that
/// is where the row's visible logits are all within a float exponent range
/// of the fill (rows that see no key at all, or logits pushed down to the
/// fill by an additive mask). Only then are they visited too (the online
/// softmax does not care about the order).
void Task::runKeyBlocks() {
  const int64_t keys = plan.keyLength, block = plan.keyBlock;
  int64_t visibleEnd = keys;
  if (plan.causal)
    visibleEnd =
        maxOf(0, minOf(keys, firstRow + rows - 1 + plan.causalOffset + 1));
  int64_t j0 = 0;
  for (; j0 < visibleEnd; j0 += block)
    keyBlock(j0, minOf(block, keys - j0), /*hidden=*/false);
  if (j0 < keys && hiddenKeysMatter())
    for (; j0 < keys; j0 += block)
      keyBlock(j0, minOf(block, keys - j0), /*hidden=*/true);
}

/// Whether some row's maximum is close enough to mask_fill (or is -inf, or
/// NaN) that e^(fill - max) might not flush to 0.
bool Task::hiddenKeysMatter() const {
  for (int64_t r = 0; r < rows; ++r)
    if (!(double(rowMax[r]) - double(plan.maskFill) > 128.0))
      return true;
  return false;
}

void Task::keyBlock(int64_t j0, int64_t n, bool hidden) {
  if (hidden) {
    // Every logit is the fill: no product, no mask.
    const VecF fill = splat(plan.maskFill);
    for (int64_t j = 0; j < n; ++j)
      for (int v = 0; v < queryVectors; ++v)
        storeVec(scores + j * stride + v * kLanes, fill);
    for (int v = 0; v < queryVectors; ++v)
      storeVec(blockMax + v * kLanes, fill);
  } else {
    TileOperands logits{key + j0 * plan.keyStrides[2],
                        plan.keyStrides[2],
                        plan.keyStrides[3],
                        plan.depth,
                        queryT,
                        stride,
                        scores,
                        stride,
                        nullptr};
    multiply<false>(logits, n, queryVectors);
    loadMask(j0, n);
    maskAndMaximum(j0, n);
  }
  weights(j0, n, hidden);
  accumulateValues(j0, n);
}

/// The mask of keys [j0, j0 + n) as floats (the additive values, or the
/// bytes, nonzero = keep: converted, not compared, as a compare becomes a
/// badly predicted branch): [n, queryBlock] transposed when it varies along
/// queries, else one value per key.
void Task::loadMask(int64_t j0, int64_t n) {
  if (!mask)
    return;
  const int64_t rowStep = plan.maskStrides[2], step = plan.maskStrides[3];
  const bool bool8 = plan.maskKind == AttentionMask::Bool;
  const int8_t *bytes = reinterpret_cast<const int8_t *>(mask) + j0 * step;
  const float *values = reinterpret_cast<const float *>(mask) + j0 * step;
  auto element = [&](int64_t r, int64_t j) {
    const int64_t at = r * rowStep + j * step;
    return bool8 ? float(bytes[at]) : values[at];
  };
  if (!maskVariesPerQuery()) {
    for (int64_t j = 0; j < n; ++j)
      maskTile[j] = element(0, j);
    return;
  }
  auto rowVector = [&](int64_t r, int64_t j) {
    const int64_t at = r * rowStep + j;
    if (!bool8)
      return loadVec(values + at);
    return loadBytesAsFloats(bytes + at);
  };
  transposeInto(maskTile, stride, rows, n, step == 1, rowVector, element);
  for (int64_t j = 0; j < n; ++j)
    for (int64_t r = rows; r < stride; ++r)
      maskTile[j * stride + r] = 0.f;
}

/// The loaded mask (loadMask) at key j of the tile for the rows of vector v.
VecF Task::maskAt(int64_t j, int v) const {
  return maskVariesPerQuery() ? loadVec(maskTile + j * stride + v * kLanes)
                              : splat(maskTile[j]);
}

/// Which rows keep key j0 + j (bool mask and causal triangle; all ones
/// without either), for the rows of vector v, whose indices in the task are
/// `lanes`.
VecI Task::keepAt(int64_t j0, int64_t j, int v, VecI lanes) const {
  VecI keep = splatInt(-1);
  if (plan.maskKind == AttentionMask::Bool)
    keep = maskAt(j, v) != 0.f;
  if (plan.causal) {
    // Row firstRow + r sees key j0 + j iff r >= j0 + j - offset - firstRow;
    // clamped to the block, the bound fits an int32 lane.
    const int64_t bound = j0 + j - plan.causalOffset - firstRow;
    keep &= lanes >= splatInt(int32_t(maxOf(-1, minOf(bound, stride))));
  }
  return keep;
}

/// Adds the additive mask, puts mask_fill where the bool mask or the causal
/// triangle drops a key, and takes the block maximum of every row.
void Task::maskAndMaximum(int64_t j0, int64_t n) {
  const bool additive = plan.maskKind == AttentionMask::Additive;
  const bool dropping =
      plan.maskKind == AttentionMask::Bool || causalCuts(j0, n);
  const VecF fill = splat(plan.maskFill);
  for (int v = 0; v < queryVectors; ++v) {
    const VecI lanes = laneIndices() + v * kLanes;
    VecF maximum = splat(-std::numeric_limits<float>::infinity());
    for (int64_t j = 0; j < n; ++j) {
      float *at = scores + j * stride + v * kLanes;
      VecF logit = loadVec(at);
      if (additive)
        logit += maskAt(j, v);
      if (dropping)
        logit = keepAt(j0, j, v, lanes) ? logit : fill;
      if (additive || dropping)
        storeVec(at, logit);
      maximum = maxVec(maximum, logit);
    }
    storeVec(blockMax + v * kLanes, maximum);
  }
}

/// Turns the block's logits into weights e^(l - m) against the new running
/// maximum m, adds them to the running sums, and leaves the factor
/// e^(m_old - m) the accumulated output must be rescaled by. A row whose
/// maximum is still -inf (every logit so far -inf) subtracts 0 instead, so
/// that its weights and sum stay 0 rather than NaN; writeOutput gives such
/// rows the reference's NaN (or 0).
void Task::weights(int64_t j0, int64_t n, bool hidden) {
  const VecF minusInfinity = splat(-std::numeric_limits<float>::infinity());
  for (int v = 0; v < queryVectors; ++v) {
    const VecI lanes = laneIndices() + v * kLanes;
    const VecF oldMax = loadVec(rowMax + v * kLanes);
    const VecF newMax = maxVec(oldMax, loadVec(blockMax + v * kLanes));
    const VecF subtracted = newMax == minusInfinity ? VecF{} : newMax;
    const VecF rescale = expNonPositiveVec(oldMax - subtracted);
    VecF sum{};
    for (int64_t j = 0; j < n; ++j) {
      float *at = scores + j * stride + v * kLanes;
      VecF p = expNonPositiveVec(loadVec(at) - subtracted);
      sum += p;
      // Masked weights count in the sum, but not in the output. (Hidden
      // keys are all masked, and their mask is not loaded.)
      if (plan.zeroMasked)
        p = (hidden ? VecI{} : keepAt(j0, j, v, lanes)) ? p : VecF{};
      storeVec(at, p);
    }
    storeVec(rowSum + v * kLanes, loadVec(rowSum + v * kLanes) * rescale + sum);
    storeVec(rowMax + v * kLanes, newMax);
    storeVec(rowRescale + v * kLanes, rescale);
  }
}

/// out[r] = rescale[r] * out[r] + Σ_j P^T[j][r] V[j0 + j] for the task's rows.
void Task::accumulateValues(int64_t j0, int64_t n) {
  const int64_t *vs = plan.valueStrides;
  const float *rowsOfV = value + j0 * vs[2];
  int64_t rowStep = vs[2];
  if (!valueInPlace) {
    const int64_t width = valueVectors * kLanes;
    for (int64_t j = 0; j < n; ++j) {
      const float *src = rowsOfV + j * vs[2];
      float *dst = values + j * plan.paddedValueDepth;
      for (int64_t e = 0; e < plan.valueDepth; ++e)
        dst[e] = src[e * vs[3]];
      for (int64_t e = plan.valueDepth; e < width; ++e)
        dst[e] = 0.f;
    }
    rowsOfV = values;
    rowStep = plan.paddedValueDepth;
  }
  TileOperands product{scores,    1,       stride, n,
                       rowsOfV,   rowStep, out,    plan.paddedValueDepth,
                       rowRescale};
  multiply<true>(product, rows, valueVectors);
}

/// Whether row `row` keeps some key (bool mask and causal triangle).
bool Task::anyKeyKept(int64_t row) const {
  int64_t end = plan.keyLength;
  if (plan.causal)
    end = maxOf(0, minOf(end, firstRow + row + plan.causalOffset + 1));
  if (plan.maskKind != AttentionMask::Bool || end == 0)
    return end > 0;
  const int64_t *ms = plan.maskStrides;
  for (int64_t j = 0; j < end; ++j)
    if (mask[row * ms[2] + j * ms[3]] != 0)
      return true;
  return false;
}

/// output[row] = out[row] / sum[row]. A zero sum means every logit of the
/// row was -inf: the reference's softmax is NaN there, which zero_masked
/// turns into 0 where every key is masked.
void Task::writeOutput() {
  const int64_t rowStep = plan.outputStrides[2], step = plan.outputStrides[3];
  for (int64_t r = 0; r < rows; ++r) {
    float *dst = output + r * rowStep;
    float sum = plan.keyLength > 0 ? rowSum[r] : 0.f;
    if (sum == 0.f) {
      // No keys at all: the empty sum of the reference, 0.
      bool zero = plan.keyLength == 0 || (plan.zeroMasked && !anyKeyKept(r));
      float x = zero ? 0.f : std::numeric_limits<float>::quiet_NaN();
      for (int64_t e = 0; e < plan.valueDepth; ++e)
        dst[e * step] = x;
      continue;
    }
    const float inverse = 1.f / sum;
    const float *src = out + r * plan.paddedValueDepth;
    for (int64_t e = 0; e < plan.valueDepth; ++e)
      dst[e * step] = src[e] * inverse;
  }
}

} // namespace

void KILN_ATTENTION_KERNEL(const AttentionPlan &plan, float *scratch,
                           int64_t task) {
  Task(plan, scratch, task).run();
}

} // namespace kiln::rt
