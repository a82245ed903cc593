//===- TestMemref.h - Building MLIR memref descriptors in tests -----------===//
//
// Tests play the role of generated code: they build ranked descriptors in
// the ABI layout of KilnRuntimeABI.h and pass them as unranked memrefs.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_UNITTESTS_RUNTIME_TESTMEMREF_H
#define KILN_UNITTESTS_RUNTIME_TESTMEMREF_H

#include "kiln/Runtime/KilnRuntimeABI.h"

#include <cstring>
#include <vector>

namespace kiln::test {

/// Row-major strides of `sizes`.
inline std::vector<int64_t> denseStrides(const std::vector<int64_t> &sizes) {
  std::vector<int64_t> strides(sizes.size());
  int64_t s = 1;
  for (size_t i = sizes.size(); i-- > 0;) {
    strides[i] = s;
    s *= sizes[i];
  }
  return strides;
}

/// A ranked descriptor {allocated, aligned, offset, sizes[r], strides[r]}
/// plus the unranked {rank, descriptor} pointing at it. Not copyable: the
/// unranked memref points into the object.
class Memref {
public:
  Memref(void *base, std::vector<int64_t> sizes, std::vector<int64_t> strides,
         int64_t offset = 0)
      : sizes(std::move(sizes)), strides(std::move(strides)) {
    int64_t r = static_cast<int64_t>(this->sizes.size());
    std::memcpy(&words[0], &base, sizeof(void *));
    std::memcpy(&words[1], &base, sizeof(void *));
    words[2] = offset;
    for (int64_t i = 0; i < r; ++i) {
      words[3 + i] = this->sizes[i];
      words[3 + r + i] = this->strides[i];
    }
    unranked.rank = r;
    unranked.descriptor = words;
  }
  Memref(void *base, const std::vector<int64_t> &sizes)
      : Memref(base, sizes, denseStrides(sizes)) {}
  Memref(const Memref &) = delete;
  Memref &operator=(const Memref &) = delete;

  kiln_unranked_memref *get() { return &unranked; }

  std::vector<int64_t> sizes, strides;

private:
  int64_t words[3 + 2 * KILN_MAX_RANK] = {};
  kiln_unranked_memref unranked;
};

/// Reads back what an input function wrote: a rank-R ranked descriptor.
struct RankedResult {
  int64_t words[3 + 2 * KILN_MAX_RANK] = {};
  int rank;
  explicit RankedResult(int rank) : rank(rank) {}
  void *data() const {
    void *p;
    std::memcpy(&p, &words[1], sizeof(p));
    return p;
  }
  void *allocated() const {
    void *p;
    std::memcpy(&p, &words[0], sizeof(p));
    return p;
  }
  int64_t offset() const { return words[2]; }
  int64_t size(int i) const { return words[3 + i]; }
  int64_t stride(int i) const { return words[3 + rank + i]; }
};

} // namespace kiln::test

#endif // KILN_UNITTESTS_RUNTIME_TESTMEMREF_H
