//===- Hdf5Support.cpp ----------------------------------------------------===//

#include "Hdf5Support.h"

#include <mutex>

namespace kiln::import::detail {

void silenceHdf5ErrorPrinting() {
  static std::once_flag once;
  std::call_once(once, [] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
}

namespace {
struct ErrorSummary {
  std::string outermost;
  std::string innermost;
};

herr_t collectError(unsigned index, const H5E_error2_t *error, void *data) {
  auto *summary = static_cast<ErrorSummary *>(data);
  std::string description = error->desc ? error->desc : "";
  if (index == 0)
    summary->outermost = description;
  summary->innermost = description;
  return 0;
}
} // namespace

std::string takeHdf5Error() {
  ErrorSummary summary;
  // Downward: from the API call to the function that detected the problem.
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collectError, &summary);
  H5Eclear2(H5E_DEFAULT);
  if (summary.outermost.empty() && summary.innermost.empty())
    return "HDF5 error";
  if (summary.outermost.empty() || summary.outermost == summary.innermost)
    return summary.innermost;
  if (summary.innermost.empty())
    return summary.outermost;
  return summary.outermost + " (" + summary.innermost + ")";
}

std::vector<std::string> splitHdf5Path(std::string_view path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos)
      end = path.size();
    if (end > start)
      parts.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::string canonicalHdf5Path(std::string_view path) {
  std::string canonical;
  for (const std::string &part : splitHdf5Path(path))
    canonical += "/" + part;
  return canonical.empty() ? "/" : canonical;
}

} // namespace kiln::import::detail
