//===- Memref.cpp ---------------------------------------------------------===//
#include "Memref.h"

#include "Shape.h"

#include <cstring>
#include <stdexcept>
#include <string>

namespace kiln::rt {

namespace {
constexpr size_t kAllocatedOffset = 0;
constexpr size_t kAlignedOffset = sizeof(void *);
constexpr size_t kOffsetOffset = 2 * sizeof(void *);
constexpr size_t kSizesOffset = kOffsetOffset + sizeof(int64_t);

size_t stridesOffset(int rank) { return kSizesOffset + rank * sizeof(int64_t); }
} // namespace

int64_t StridedView::numElements() const {
  int64_t n = 1;
  for (int i = 0; i < rank; ++i)
    n *= sizes[i];
  return n;
}

bool StridedView::isContiguous() const {
  int64_t expected = 1;
  for (int i = rank - 1; i >= 0; --i) {
    // A dim of extent 1 never steps, so its stride is irrelevant.
    if (sizes[i] != 1 && strides[i] != expected)
      return false;
    expected *= sizes[i];
  }
  return true;
}

StridedView readMemref(const kiln_unranked_memref *m, size_t elemSize,
                       int maxRank) {
  if (!m || !m->descriptor)
    throw std::runtime_error("null memref descriptor");
  if (m->rank < 0 || m->rank > maxRank)
    throw std::runtime_error("memref of rank " + std::to_string(m->rank) +
                             " (at most " + std::to_string(maxRank) +
                             " supported)");
  const char *desc = static_cast<const char *>(m->descriptor);
  StridedView v;
  v.rank = static_cast<int>(m->rank);
  char *aligned;
  int64_t offset;
  std::memcpy(&aligned, desc + kAlignedOffset, sizeof(aligned));
  std::memcpy(&offset, desc + kOffsetOffset, sizeof(offset));
  std::memcpy(v.sizes, desc + kSizesOffset, v.rank * sizeof(int64_t));
  std::memcpy(v.strides, desc + stridesOffset(v.rank), v.rank * sizeof(int64_t));
  for (int i = 0; i < v.rank; ++i)
    if (v.sizes[i] < 0)
      throw std::runtime_error("memref has negative size " +
                               std::to_string(v.sizes[i]));
  if (checkedElementCount(v.sizes, v.rank) < 0)
    throw std::runtime_error("memref of shape " + formatShape(v.sizes, v.rank) +
                             " has too many elements");
  v.base = aligned + offset * static_cast<int64_t>(elemSize);
  return v;
}

void writeContiguousDescriptor(void *result, const void *data, int rank,
                               const int64_t *dims) {
  char *desc = static_cast<char *>(result);
  void *ptr = const_cast<void *>(data);
  int64_t offset = 0;
  std::memcpy(desc + kAllocatedOffset, &ptr, sizeof(ptr));
  std::memcpy(desc + kAlignedOffset, &ptr, sizeof(ptr));
  std::memcpy(desc + kOffsetOffset, &offset, sizeof(offset));
  std::memcpy(desc + kSizesOffset, dims, rank * sizeof(int64_t));
  int64_t stride = 1;
  for (int i = rank - 1; i >= 0; --i) {
    std::memcpy(desc + stridesOffset(rank) + i * sizeof(int64_t), &stride,
                sizeof(stride));
    stride *= dims[i];
  }
}

namespace {
// Recursive over the outer dims; the innermost dim is copied as one memcpy
// when it is unit-stride, element by element otherwise.
void copyDim(const StridedView &src, size_t elemSize, int dim, const char *in,
             char *&out) {
  int64_t n = src.sizes[dim];
  int64_t step = src.strides[dim] * static_cast<int64_t>(elemSize);
  if (dim == src.rank - 1) {
    if (src.strides[dim] == 1 || n == 1) {
      std::memcpy(out, in, n * elemSize);
      out += n * elemSize;
    } else {
      for (int64_t i = 0; i < n; ++i, in += step, out += elemSize)
        std::memcpy(out, in, elemSize);
    }
    return;
  }
  for (int64_t i = 0; i < n; ++i, in += step)
    copyDim(src, elemSize, dim + 1, in, out);
}
} // namespace

void copyToDense(const StridedView &src, size_t elemSize, void *dst) {
  int64_t n = src.numElements();
  if (n == 0)
    return;
  if (src.rank == 0 || src.isContiguous()) {
    std::memcpy(dst, src.base, n * elemSize);
    return;
  }
  char *out = static_cast<char *>(dst);
  copyDim(src, elemSize, 0, src.base, out);
}

} // namespace kiln::rt
