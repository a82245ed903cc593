//===- ModelLibrary.h - Loading a compiled model library ------------------===//
#ifndef KILN_TOOLS_KILN_RUN_MODELLIBRARY_H
#define KILN_TOOLS_KILN_RUN_MODELLIBRARY_H

#include "kiln/Runtime/kiln.h"

#include <string>

namespace kiln::run {

/// A model library opened with dlopen, found through its
/// KILN_LIBRARY_ENTRY_SYMBOL. Stays loaded for the life of the process
/// (unloading would race the runtime's thread-local state).
struct ModelLibrary {
  std::string path;
  const kiln_library_entry *entry = nullptr;
  const kiln_model_info *info = nullptr;

  /// Throws ToolError naming `path` when it cannot be loaded, lacks the
  /// entry symbol, or describes itself inconsistently.
  static ModelLibrary open(const std::string &path);

  /// Name of input/output `i` ("#i" when the info has none).
  std::string inputName(size_t i) const;
  std::string outputName(size_t i) const;
  std::string modelName() const;
};

} // namespace kiln::run

#endif // KILN_TOOLS_KILN_RUN_MODELLIBRARY_H
