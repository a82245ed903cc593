//===- PathSafety.h - Validation of paths taken from model files -*- C++ -*-===//
//
// ZIP member names and TF.js shard paths come from untrusted files. They are
// only ever resolved below a known directory (or inside the archive), so
// anything that could escape it is refused.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_IMPORT_PATHSAFETY_H
#define KILN_IMPORT_PATHSAFETY_H

#include <string_view>

namespace kiln::import {

/// True if `path` is a non-empty relative '/'-separated path whose components
/// are all non-empty and neither "." nor "..", with no backslash, NUL or
/// leading drive letter ("C:").
bool isSafeRelativePath(std::string_view path);

} // namespace kiln::import

#endif // KILN_IMPORT_PATHSAFETY_H
