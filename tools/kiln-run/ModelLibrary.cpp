//===- ModelLibrary.cpp ---------------------------------------------------===//
#include "ModelLibrary.h"

#include "Options.h"

#include <dlfcn.h>

namespace kiln::run {

namespace {

void checkTensorInfos(const std::string &path, const kiln_tensor_info *list,
                      size_t n, const char *kind) {
  // Plausibility bound: a garbage count would otherwise make us walk memory.
  if (n > 100000 || (n && !list))
    throw ToolError(path, std::string("model info has a malformed ") + kind +
                              " list");
  for (size_t i = 0; i < n; ++i)
    if (list[i].rank < 0 || list[i].rank > KILN_MAX_RANK ||
        (list[i].rank && !list[i].dims))
      throw ToolError(path, std::string("model info of ") + kind + " #" +
                                std::to_string(i) + " is malformed");
}

std::string nameOr(const char *name, size_t i) {
  return name ? std::string(name) : "#" + std::to_string(i);
}

} // namespace

ModelLibrary ModelLibrary::open(const std::string &path) {
  ModelLibrary lib;
  lib.path = path;
  // A path without '/' would make dlopen search the library path instead of
  // opening the file the user named.
  std::string dlPath = path.find('/') == std::string::npos ? "./" + path : path;
  void *handle = ::dlopen(dlPath.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *err = ::dlerror();
    throw ToolError(path, err ? err : "cannot load library");
  }
  ::dlerror();
  void *sym = ::dlsym(handle, KILN_LIBRARY_ENTRY_SYMBOL);
  if (!sym)
    throw ToolError(path, "not a Kiln model library: no '" +
                              std::string(KILN_LIBRARY_ENTRY_SYMBOL) +
                              "' symbol (build it with kiln-compile --emit=lib)");
  lib.entry = static_cast<const kiln_library_entry *>(sym);
  if (!lib.entry->info || !lib.entry->run)
    throw ToolError(path, "library entry has null functions");
  lib.info = lib.entry->info();
  if (!lib.info)
    throw ToolError(path, "the model returned no info");
  checkTensorInfos(path, lib.info->inputs, lib.info->n_inputs, "input");
  checkTensorInfos(path, lib.info->outputs, lib.info->n_outputs, "output");
  return lib;
}

std::string ModelLibrary::inputName(size_t i) const {
  return nameOr(info->inputs[i].name, i);
}

std::string ModelLibrary::outputName(size_t i) const {
  return nameOr(info->outputs[i].name, i);
}

std::string ModelLibrary::modelName() const {
  return info->name ? info->name : "?";
}

} // namespace kiln::run
