//===- FileIO.cpp ---------------------------------------------------------===//

#include "kiln/Import/FileIO.h"
#include "kiln/Import/ImportError.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sys/stat.h>

namespace kiln::import {

namespace {

struct FileCloser {
  void operator()(std::FILE *file) const { std::fclose(file); }
};

[[noreturn]] void failErrno(const std::string &path, const char *what) {
  throw ImportError(path, std::string(what) + ": " + std::strerror(errno));
}

/// Reads the whole file into a byte container of char-sized elements.
template <typename Container>
Container readWhole(const std::string &path, uint64_t maxBytes) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file)
    failErrno(path, "cannot open");
  struct stat info;
  if (fstat(fileno(file.get()), &info) != 0)
    failErrno(path, "cannot stat");
  if (!S_ISREG(info.st_mode))
    throw ImportError(path, "not a regular file");
  uint64_t size = static_cast<uint64_t>(info.st_size);
  if (size > maxBytes)
    throw ImportError(path, "file is " + std::to_string(size) +
                                " bytes, more than the limit of " +
                                std::to_string(maxBytes));
  Container bytes(size, 0);
  if (size && std::fread(bytes.data(), 1, size, file.get()) != size)
    throw ImportError(path, "could not read all " + std::to_string(size) +
                                " bytes (file changed or I/O error)");
  return bytes;
}

} // namespace

uint64_t regularFileSize(const std::string &path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0)
    failErrno(path, "cannot open");
  if (!S_ISREG(info.st_mode))
    throw ImportError(path, "not a regular file");
  return static_cast<uint64_t>(info.st_size);
}

std::vector<uint8_t> readFileBytes(const std::string &path, uint64_t maxBytes) {
  return readWhole<std::vector<uint8_t>>(path, maxBytes);
}

std::string readFileText(const std::string &path, uint64_t maxBytes) {
  return readWhole<std::string>(path, maxBytes);
}

} // namespace kiln::import
