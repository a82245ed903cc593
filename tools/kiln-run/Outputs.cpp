//===- Outputs.cpp --------------------------------------------------------===//
#include "Outputs.h"

#include "Options.h"

#include "kiln/Runtime/Npy.h"

#include <filesystem>
#include <set>
#include <system_error>

namespace kiln::run {

namespace {

constexpr int64_t kValuesShown = 6;

std::string shapeString(const kiln_tensor &t) {
  std::string s = "[";
  for (int d = 0; d < t.rank; ++d)
    s += (d ? "," : "") + std::to_string(t.dims[d]);
  return s + "]";
}

int64_t numElements(const kiln_tensor &t) {
  int64_t n = 1;
  for (int d = 0; d < t.rank; ++d)
    n *= t.dims[d];
  return n;
}

std::string safeFileName(const std::string &name) {
  std::string s;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    s += ok ? c : '_';
  }
  if (s.empty() || s == "." || s == "..")
    s = "output";
  return s;
}

} // namespace

void printOutputs(const ModelLibrary &lib,
                  const std::vector<kiln_tensor> &outputs, std::FILE *out) {
  for (size_t i = 0; i < outputs.size(); ++i) {
    const kiln_tensor &t = outputs[i];
    int64_t n = numElements(t);
    std::fprintf(out, "%s: %s %s =", lib.outputName(i).c_str(),
                 t.dtype == KILN_INT32 ? "int32" : "float32",
                 shapeString(t).c_str());
    for (int64_t k = 0; k < n && k < kValuesShown; ++k) {
      if (t.dtype == KILN_INT32)
        std::fprintf(out, " %d", static_cast<const int32_t *>(t.data)[k]);
      else
        std::fprintf(out, " %g", static_cast<const float *>(t.data)[k]);
    }
    std::fprintf(out, "%s\n", n > kValuesShown ? " ..." : "");
  }
}

std::vector<std::string> outputFileNames(const ModelLibrary &lib) {
  std::vector<std::string> names;
  std::set<std::string> used;
  for (size_t i = 0; i < lib.info->n_outputs; ++i) {
    std::string base = safeFileName(lib.outputName(i));
    std::string name = base;
    for (int k = 1; used.count(name); ++k)
      name = base + "_" + std::to_string(k);
    used.insert(name);
    names.push_back(name + ".npy");
  }
  return names;
}

void writeOutputs(const ModelLibrary &lib,
                  const std::vector<kiln_tensor> &outputs,
                  const std::string &dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw ToolError(dir, "cannot create directory: " + ec.message());
  std::vector<std::string> names = outputFileNames(lib);
  for (size_t i = 0; i < outputs.size(); ++i) {
    const kiln_tensor &t = outputs[i];
    std::string path = (std::filesystem::path(dir) / names[i]).string();
    // writeNpy's errors already start with the path.
    npy::writeNpy(path, static_cast<kiln_dtype>(t.dtype), t.dims, t.rank,
                  t.data);
  }
}

} // namespace kiln::run
