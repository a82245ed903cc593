//===- PathSafety.cpp -----------------------------------------------------===//

#include "kiln/Import/PathSafety.h"

#include <algorithm>

namespace kiln::import {

bool isSafeRelativePath(std::string_view path) {
  if (path.empty() || path.front() == '/')
    return false;
  // Backslashes are Windows separators, "C:" a drive; neither is produced by
  // Keras, Python's zipfile or the TF.js converter.
  if (path.find('\\') != std::string_view::npos ||
      path.find('\0') != std::string_view::npos)
    return false;
  if (path.size() >= 2 && path[1] == ':')
    return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = std::min(path.find('/', start), path.size());
    std::string_view component = path.substr(start, end - start);
    if (component.empty() || component == "." || component == "..")
      return false;
    start = end + 1;
  }
  return true;
}

} // namespace kiln::import
