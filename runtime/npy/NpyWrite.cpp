//===- NpyWrite.cpp - Writing .npy files atomically -----------------------===//
#include "NpyHeader.h"

#include "kiln/Runtime/Npy.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace kiln::npy {

namespace {

/// Magic, version and header length, then the dict padded with spaces and a
/// final '\n' so the data starts on a 64-byte boundary, as NumPy does.
std::string makePreamble(const std::string &dict) {
  auto headerLenFor = [&](size_t fixed) {
    size_t total = (fixed + dict.size() + 1 + 63) / 64 * 64;
    return total - fixed;
  };
  // Version 1.0 stores the length in 2 bytes; 2.0 in 4, for huge headers.
  bool v2 = headerLenFor(10) > 0xffff;
  size_t headerLen = headerLenFor(v2 ? 12 : 10);
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(v2 ? 2 : 1);
  out += '\0';
  for (size_t i = 0; i < (v2 ? 4u : 2u); ++i)
    out += static_cast<char>((headerLen >> (8 * i)) & 0xff);
  out += dict;
  out.append(headerLen - dict.size() - 1, ' ');
  out += '\n';
  return out;
}

void writeAll(int fd, const void *data, size_t n) {
  const char *p = static_cast<const char *>(data);
  while (n) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      throw std::runtime_error(std::string("write failed: ") +
                               std::strerror(errno));
    p += w;
    n -= static_cast<size_t>(w);
  }
}

void writeNpyOrThrow(const std::string &path, kiln_dtype dtype,
                     const int64_t *dims, int rank, const void *data) {
  const char *descr = dtype == KILN_FLOAT32 ? "<f4"
                      : dtype == KILN_INT32 ? "<i4"
                                            : nullptr;
  if (!descr)
    throw std::runtime_error("cannot write dtype " + std::to_string(int(dtype)));
  if (rank < 0 || rank > kMaxNpyRank)
    throw std::runtime_error("cannot write rank " + std::to_string(rank));
  std::vector<int64_t> shape(dims, dims + rank);
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0 || (d != 0 && count > kMaxNpyElements / d))
      throw std::runtime_error("invalid shape");
    count *= d;
  }
  std::string preamble = makePreamble(formatNpyHeader(descr, shape));

  // Temporary file next to the target, so rename() is atomic.
  std::string tmp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp.data());
  if (fd < 0)
    throw std::runtime_error(std::string("cannot create file: ") +
                             std::strerror(errno));
  try {
    ::fchmod(fd, 0644); // mkstemp creates 0600; outputs are ordinary files
    writeAll(fd, preamble.data(), preamble.size());
    writeAll(fd, data, static_cast<size_t>(count) * 4);
    if (::close(fd) != 0) {
      fd = -1;
      throw std::runtime_error(std::string("close failed: ") +
                               std::strerror(errno));
    }
    fd = -1;
    if (::rename(tmp.c_str(), path.c_str()) != 0)
      throw std::runtime_error(std::string("cannot rename into place: ") +
                               std::strerror(errno));
  } catch (...) {
    if (fd >= 0)
      ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
}

} // namespace

void writeNpy(const std::string &path, kiln_dtype dtype, const int64_t *dims,
              int rank, const void *data) {
  try {
    writeNpyOrThrow(path, dtype, dims, rank, data);
  } catch (const std::exception &e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

} // namespace kiln::npy
