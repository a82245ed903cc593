//===- TestSupport.h - Helpers shared by the import reader tests -*- C++ -*-===//

#ifndef KILN_UNITTESTS_IMPORT_TESTSUPPORT_H
#define KILN_UNITTESTS_IMPORT_TESTSUPPORT_H

#include "kiln/Import/ImportError.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace kiln::import::testing {

/// A fresh directory removed (recursively) at scope exit.
class TempDir {
public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "kiln-import-XXXXXX")
            .string();
    if (!mkdtemp(pattern.data()))
      throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;

  const std::string &path() const { return path_; }
  std::string file(const std::string &name) const { return path_ + "/" + name; }

private:
  std::string path_;
};

inline void writeFile(const std::string &path, const void *data, size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(static_cast<const char *>(data), static_cast<std::streamsize>(size));
  if (!out)
    throw std::runtime_error("cannot write " + path);
}
inline void writeFile(const std::string &path, const std::string &text) {
  writeFile(path, text.data(), text.size());
}
inline void writeFile(const std::string &path,
                      const std::vector<uint8_t> &bytes) {
  writeFile(path, bytes.data(), bytes.size());
}

inline std::vector<uint8_t> readBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

/// Runs `body` and returns the ImportError message it throws; a test failure
/// (and "") if it throws nothing. Other exception types propagate and fail
/// the test, which is the point: bad input must only ever yield ImportError.
template <typename Body> std::string importErrorOf(Body &&body) {
  try {
    body();
  } catch (const ImportError &error) {
    return error.what();
  }
  ADD_FAILURE() << "expected an ImportError";
  return "";
}

} // namespace kiln::import::testing

#endif // KILN_UNITTESTS_IMPORT_TESTSUPPORT_H
