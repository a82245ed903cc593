//===- RecurrenceProduct.h - The recurrent product h·U of the kernel ------===//
//
// Register-tiled lhs · w for a few rows: tiles of up to 6 rows x 4 vectors
// (AVX-512) load each weight vector once for all their rows, and the tiles
// of a column chunk run back to back so that chunk of w stays in L1. Every
// output lane sums its products in the same order (k = 0, 1, ...) whatever
// the tile shape, chunk or column range, so splitting the columns among
// threads does not change a single bit.
//
// Only for the per-instruction-set builds of RecurrenceKernel.cpp, and in an
// anonymous namespace for the reason VectorMath.h gives.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_RECURRENCEPRODUCT_H
#define KILN_RUNTIME_RECURRENCEPRODUCT_H

#include "VectorMath.h"

#include <cstdint>

namespace kiln::rt {
namespace {

inline int64_t minOf(int64_t a, int64_t b) { return a < b ? a : b; }

// Accumulators of a tile stay in registers: rows x vectors of them, plus the
// loaded weight vectors and a broadcast, must fit the register file (32
// vector registers with AVX-512, 16 otherwise). One or two rows (batch 1)
// get wider tiles so that enough independent FMA chains hide the latency.
constexpr int kMaxTileRows = kLanes == 16 ? 6 : 4;
constexpr int kNarrowTileVectors = kLanes == 16 ? 4 : 2;
constexpr int kWideTileVectors = 2 * kNarrowTileVectors;
constexpr int kWideTileMaxRows = 2;

/// out[r][0 .. Vectors * kLanes) = sum over k < depth of lhs[r][k] * w[k][..]
/// for r < Rows.
template <int Rows, int Vectors>
__attribute__((noinline)) void
productTile(const float *__restrict lhs, int64_t lhsStride, int64_t depth,
            const float *__restrict w, int64_t wStride, float *__restrict out,
            int64_t outStride) {
  VecF acc[Rows][Vectors];
#pragma GCC unroll 8
  for (int r = 0; r < Rows; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < Vectors; ++v)
      acc[r][v] = VecF{};
  for (int64_t k = 0; k < depth; ++k) {
    const float *wk = w + k * wStride;
    VecF wv[Vectors];
#pragma GCC unroll 8
    for (int v = 0; v < Vectors; ++v)
      wv[v] = loadVec(wk + v * kLanes);
#pragma GCC unroll 8
    for (int r = 0; r < Rows; ++r) {
      float hk = lhs[r * lhsStride + k];
#pragma GCC unroll 8
      for (int v = 0; v < Vectors; ++v)
        acc[r][v] += wv[v] * hk;
    }
  }
#pragma GCC unroll 8
  for (int r = 0; r < Rows; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < Vectors; ++v)
      storeVec(out + r * outStride + v * kLanes, acc[r][v]);
}

struct ProductArgs {
  const float *lhs;
  int64_t lhsStride, depth;
  const float *w;
  int64_t wStride;
  float *out;
  int64_t outStride;
};

/// productTile<Rows, vectors> for a run-time vector count <= MaxVectors.
template <int Rows, int MaxVectors>
void productTileWithVectors(int vectors, const ProductArgs &a) {
  if constexpr (MaxVectors > 0) {
    if (vectors == MaxVectors)
      return productTile<Rows, MaxVectors>(a.lhs, a.lhsStride, a.depth, a.w,
                                           a.wStride, a.out, a.outStride);
    productTileWithVectors<Rows, MaxVectors - 1>(vectors, a);
  }
}

/// productTile for run-time row and vector counts.
template <int MaxRows>
void productTileWithRows(int rows, int vectors, const ProductArgs &a) {
  if constexpr (MaxRows > 0) {
    if (rows == MaxRows) {
      constexpr int maxVectors =
          MaxRows <= kWideTileMaxRows ? kWideTileVectors : kNarrowTileVectors;
      return productTileWithVectors<MaxRows, maxVectors>(vectors, a);
    }
    productTileWithRows<MaxRows - 1>(rows, vectors, a);
  }
}

/// out[r][0 .. vectors * kLanes) = lhs[r] · w for r < rows. Column chunks
/// are the outer loop so that a chunk of w is reused from L1 by every row
/// tile.
void multiply(const float *lhs, int64_t lhsStride, int64_t rows, int64_t depth,
              const float *w, int64_t wStride, int64_t vectors, float *out,
              int64_t outStride) {
  const int64_t chunk =
      rows <= kWideTileMaxRows ? kWideTileVectors : kNarrowTileVectors;
  for (int64_t v = 0; v < vectors; v += chunk) {
    int chunkVectors = int(minOf(chunk, vectors - v));
    for (int64_t r = 0; r < rows; r += kMaxTileRows) {
      int tileRows = int(minOf(kMaxTileRows, rows - r));
      ProductArgs a{lhs + r * lhsStride,
                    lhsStride,
                    depth,
                    w + v * kLanes,
                    wStride,
                    out + r * outStride + v * kLanes,
                    outStride};
      productTileWithRows<kMaxTileRows>(tileRows, chunkVectors, a);
    }
  }
}

} // namespace
} // namespace kiln::rt

#endif // KILN_RUNTIME_RECURRENCEPRODUCT_H
