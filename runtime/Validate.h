//===- Validate.h - Checking a call against the model's info --------------===//
#ifndef KILN_RUNTIME_VALIDATE_H
#define KILN_RUNTIME_VALIDATE_H

#include "RunContext.h"

#include <cstddef>

namespace kiln::rt {

/// Checks everything about the call that is known before the body runs:
/// the model info itself (a malformed one is an internal error), the input
/// and output counts, every input's data, dtype, rank and dims, and, for
/// outputs the caller provides a buffer for, dtype, rank and static dims.
/// Records the first problem in `ctx` and returns false.
bool validateCall(RunContext &ctx, size_t nIn, size_t nOut);

/// Name of input/output `index` for messages ("#3" when unnamed).
std::string tensorName(const kiln_tensor_info &info, size_t index);

} // namespace kiln::rt

#endif // KILN_RUNTIME_VALIDATE_H
