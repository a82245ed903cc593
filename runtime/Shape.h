//===- Shape.h - Shape arithmetic and formatting for messages -------------===//
#ifndef KILN_RUNTIME_SHAPE_H
#define KILN_RUNTIME_SHAPE_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace kiln::rt {

/// Largest element count a tensor crossing the API may have. Far above any
/// real model (4 TiB of float32) but low enough that byte counts and index
/// arithmetic on it can never overflow int64/size_t.
constexpr int64_t kMaxElements = int64_t(1) << 40;

/// Product of `dims`, or -1 if a dim is negative or the product of the
/// nonzero dims exceeds kMaxElements (checked before each multiplication, so
/// it never overflows).
int64_t checkedElementCount(const int64_t *dims, int rank);

/// "[2,?,4]": KILN_DYNAMIC_DIM prints as '?'.
std::string formatShape(const int64_t *dims, int rank);

/// "float32", "int32", or "unknown dtype N".
std::string dtypeName(int32_t dtype);

/// Element size in bytes, 0 for an unknown dtype.
size_t dtypeSize(int32_t dtype);

} // namespace kiln::rt

#endif // KILN_RUNTIME_SHAPE_H
