//===- OperandChecks.h - Checking memref operands of runtime calls --------===//
//
// The runtime entry points that take several memrefs (attention, and the
// recurrence's own copies of these, which can move here) check each one
// against the contract of KilnRuntimeABI.h before touching any data, and
// throw std::runtime_error with a message naming the operand and the
// expected layout; guardedCall turns that into the run's error.
//
// Only for the entry points, which are compiled for the baseline x86-64:
// the per-instruction-set kernel builds must not include this header.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_OPERANDCHECKS_H
#define KILN_RUNTIME_OPERANDCHECKS_H

#include "Memref.h"
#include "Shape.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace kiln::rt {

/// The memref `m` (named `name` in messages), which must not be null nor
/// have a null data pointer unless it is empty.
inline StridedView readOperand(const char *name, const kiln_unranked_memref *m,
                               size_t elemSize) {
  StridedView v;
  try {
    v = readMemref(m, elemSize);
  } catch (const std::runtime_error &e) {
    throw std::runtime_error(std::string(name) + ": " + e.what());
  }
  if (!v.base && v.numElements() > 0)
    throw std::runtime_error(std::string(name) + " of shape " +
                             formatShape(v.sizes, v.rank) +
                             " has a null data pointer");
  return v;
}

/// Throws unless `v` has rank `rank`; `layout` names the dims.
inline void expectRank(const char *name, const StridedView &v, int rank,
                       const std::string &layout) {
  if (v.rank != rank)
    throw std::runtime_error(std::string(name) + " has shape " +
                             formatShape(v.sizes, v.rank) + ", expected rank " +
                             std::to_string(rank) + " (" + layout + ")");
}

/// Throws unless `v` has exactly the dims `expected`; `layout` names them.
inline void expectShape(const char *name, const StridedView &v,
                        const std::vector<int64_t> &expected,
                        const std::string &layout) {
  if (v.rank == int(expected.size()) &&
      std::equal(expected.begin(), expected.end(), v.sizes))
    return;
  throw std::runtime_error(std::string(name) + " has shape " +
                           formatShape(v.sizes, v.rank) + ", expected " +
                           formatShape(expected.data(), int(expected.size())) +
                           " (" + layout + ")");
}

/// Written operands: a zero stride on a dim that steps would make elements
/// alias (and parallel tasks race).
inline void expectNoOverlap(const char *name, const StridedView &v) {
  if (v.numElements() == 0)
    return;
  for (int i = 0; i < v.rank; ++i)
    if (v.sizes[i] > 1 && v.strides[i] == 0)
      throw std::runtime_error(std::string(name) + " of shape " +
                               formatShape(v.sizes, v.rank) +
                               " has a zero stride on dim " +
                               std::to_string(i) + " (overlapping elements)");
}

} // namespace kiln::rt

#endif // KILN_RUNTIME_OPERANDCHECKS_H
