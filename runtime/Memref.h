//===- Memref.h - Reading and writing MLIR memref descriptors -------------===//
//
// Layout (see KilnRuntimeABI.h): a ranked descriptor of rank r is
//   { T *allocated; T *aligned; int64 offset; int64 sizes[r]; int64 strides[r] }
// Its size depends on r, so it is accessed through byte offsets rather than a
// C struct.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_MEMREF_H
#define KILN_RUNTIME_MEMREF_H

#include "Export.h"

#include <cstddef>
#include <cstdint>

namespace kiln::rt {

/// A strided view of a memref. `base` already includes the offset: element
/// (i0, i1, ...) is at base + elemSize * sum(ik * strides[k]).
struct StridedView {
  char *base = nullptr;
  int rank = 0;
  int64_t sizes[KILN_MAX_RANK] = {};
  int64_t strides[KILN_MAX_RANK] = {}; // in elements

  int64_t numElements() const;
  /// True when the strides are those of a dense row-major array.
  bool isContiguous() const;
};

/// Reads the ranked descriptor `m` points at. Throws std::runtime_error when
/// `m` or its descriptor is null, or its rank is negative or above maxRank
/// (views have room for KILN_MAX_RANK dims), or a size is negative.
StridedView readMemref(const kiln_unranked_memref *m, size_t elemSize,
                       int maxRank = KILN_MAX_RANK);

/// Writes a rank-`rank` descriptor for a dense row-major array at `data`
/// (allocated == aligned == data, offset 0) into `result`.
void writeContiguousDescriptor(void *result, const void *data, int rank,
                               const int64_t *dims);

/// Copies the elements of `src` into the dense row-major buffer `dst`.
void copyToDense(const StridedView &src, size_t elemSize, void *dst);

} // namespace kiln::rt

#endif // KILN_RUNTIME_MEMREF_H
