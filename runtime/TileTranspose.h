//===- TileTranspose.h - Transposing tiles of floats with vectors ---------===//
//
// The attention kernel keeps query rows in vector lanes, so it copies the
// query block (and masks that vary along queries) transposed. Whole
// kLanes x kLanes blocks are transposed in registers, about 4x cheaper than
// storing element by element.
//
// Only for the per-instruction-set kernel builds; in an anonymous namespace
// for the reason VectorMath.h gives.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TILETRANSPOSE_H
#define KILN_RUNTIME_TILETRANSPOSE_H

#include "VectorMath.h"

#include <cstdint>
#include <utility>

namespace kiln::rt {
namespace {

/// The lane selection of the butterfly stage `Width` of transposeSquare,
/// for the lower (High = false) or upper vector of a pair: lanes whose Width
/// bit is clear come from the first vector, the others from the second
/// (indices >= kLanes). A constant, so that each shuffle is one instruction
/// (vpermt2ps with AVX-512).
template <int Width, bool High, int... Lane>
constexpr VecI butterflyLanes(std::integer_sequence<int, Lane...>) {
  return VecI{((Lane & Width) == 0 ? Lane + (High ? Width : 0)
                                   : kLanes + Lane - (High ? 0 : Width))...};
}

/// Stage `Width` of transposeSquare and the stages after it.
template <int Width> inline void butterflyStages(VecF (&rows)[kLanes]) {
  if constexpr (Width < kLanes) {
    constexpr auto lanes = std::make_integer_sequence<int, kLanes>();
    constexpr VecI low = butterflyLanes<Width, false>(lanes);
    constexpr VecI high = butterflyLanes<Width, true>(lanes);
#pragma GCC unroll 16
    for (int i = 0; i < kLanes; ++i)
      if ((i & Width) == 0) {
        const VecF a = rows[i], b = rows[i + Width];
        rows[i] = __builtin_shuffle(a, b, low);
        rows[i + Width] = __builtin_shuffle(a, b, high);
      }
    butterflyStages<2 * Width>(rows);
  }
}

/// Transposes the kLanes x kLanes matrix whose rows are `rows`, in
/// registers: log2(kLanes) butterfly stages, the stage of width w swapping
/// bit w of the row index with bit w of the lane index.
inline void transposeSquare(VecF (&rows)[kLanes]) { butterflyStages<1>(rows); }

/// dst[c * dstStride + r] = element(r, c) for r < rows, c < columns, with
/// dstStride and dst kLanes-aligned. When `vectorRows`, rowVector(r, c)
/// gives the kLanes elements (r, c .. c + kLanes) and whole blocks go
/// through registers; the rest is copied element by element.
template <class RowVector, class Element>
void transposeInto(float *dst, int64_t dstStride, int64_t rows, int64_t columns,
                   bool vectorRows, RowVector rowVector, Element element) {
  const int64_t blockRows = vectorRows ? rows / kLanes * kLanes : 0;
  const int64_t blockColumns = columns / kLanes * kLanes;
  for (int64_t r0 = 0; r0 < blockRows; r0 += kLanes) {
    for (int64_t c0 = 0; c0 < blockColumns; c0 += kLanes) {
      VecF block[kLanes];
#pragma GCC unroll 16
      for (int i = 0; i < kLanes; ++i)
        block[i] = rowVector(r0 + i, c0);
      transposeSquare(block);
#pragma GCC unroll 16
      for (int l = 0; l < kLanes; ++l)
        storeVec(dst + (c0 + l) * dstStride + r0, block[l]);
    }
    for (int64_t r = r0; r < r0 + kLanes; ++r)
      for (int64_t c = blockColumns; c < columns; ++c)
        dst[c * dstStride + r] = element(r, c);
  }
  for (int64_t r = blockRows; r < rows; ++r)
    for (int64_t c = 0; c < columns; ++c)
      dst[c * dstStride + r] = element(r, c);
}

} // namespace
} // namespace kiln::rt

#endif // KILN_RUNTIME_TILETRANSPOSE_H
