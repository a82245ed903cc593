//===- NpyRead.cpp - Reading .npy files into Kiln dtypes ------------------===//
//
// Every size read from the file is checked against the file's real size
// before anything is allocated, so malformed or hostile files fail with a
// message instead of a huge allocation or an overread.
//
//===----------------------------------------------------------------------===//
#include "NpyHeader.h"

#include "kiln/Runtime/Npy.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <sys/stat.h>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              ".npy reading assumes a little-endian host");

namespace kiln::npy {

int64_t Array::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicLen = 6;
/// NumPy itself refuses headers above 10000 bytes by default; allow more,
/// but not enough to matter for memory.
constexpr uint32_t kMaxHeaderLen = 1 << 20;

enum class SourceType { F4, F8, I1, I4, I8, U1, B1 };

struct SourceDtype {
  SourceType type;
  size_t size;
  bool isFloat;
};

SourceDtype parseDescr(const std::string &descr) {
  static const struct {
    const char *names[2]; // little-endian spelling, native '=' spelling
    SourceDtype dtype;
  } table[] = {
      {{"<f4", "=f4"}, {SourceType::F4, 4, true}},
      {{"<f8", "=f8"}, {SourceType::F8, 8, true}},
      {{"|i1", "<i1"}, {SourceType::I1, 1, false}},
      {{"<i4", "=i4"}, {SourceType::I4, 4, false}},
      {{"<i8", "=i8"}, {SourceType::I8, 8, false}},
      {{"|u1", "<u1"}, {SourceType::U1, 1, false}},
      {{"|b1", "<b1"}, {SourceType::B1, 1, false}},
  };
  for (const auto &entry : table)
    for (const char *name : entry.names)
      if (descr == name)
        return entry.dtype;
  if (!descr.empty() && descr[0] == '>')
    throw std::runtime_error("big-endian dtype '" + descr +
                             "' is not supported");
  throw std::runtime_error("unsupported dtype '" + descr +
                           "' (supported: <f4 <f8 <i4 <i8 |u1 |b1 |i1)");
}

struct FileCloser {
  void operator()(std::FILE *f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

void readExactly(std::FILE *f, void *dst, size_t n, const char *what) {
  if (n && std::fread(dst, 1, n, f) != n)
    throw std::runtime_error(std::string("truncated ") + what);
}

template <typename T> T readLE(const unsigned char *p) {
  T v = 0;
  for (size_t i = 0; i < sizeof(T); ++i)
    v |= static_cast<T>(p[i]) << (8 * i);
  return v;
}

template <typename Src, typename Dst>
void convertAll(const unsigned char *raw, Dst *out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    Src v;
    std::memcpy(&v, raw + i * sizeof(Src), sizeof(Src));
    out[i] = static_cast<Dst>(v);
  }
}

void convertI8ToI32(const unsigned char *raw, int32_t *out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    int64_t v;
    std::memcpy(&v, raw + i * sizeof(v), sizeof(v));
    if (v < INT32_MIN || v > INT32_MAX)
      throw std::runtime_error("value " + std::to_string(v) + " at index " +
                               std::to_string(i) + " does not fit in int32");
    out[i] = static_cast<int32_t>(v);
  }
}

/// Converts `n` raw elements of type `src` to `want` in `out`.
void convert(const unsigned char *raw, SourceDtype src, kiln_dtype want,
             Array &out, int64_t n) {
  if (want == KILN_FLOAT32) {
    float *o = out.f32();
    switch (src.type) {
    case SourceType::F4: return convertAll<float>(raw, o, n);
    case SourceType::F8: return convertAll<double>(raw, o, n);
    case SourceType::I1: return convertAll<int8_t>(raw, o, n);
    case SourceType::I4: return convertAll<int32_t>(raw, o, n);
    case SourceType::I8: return convertAll<int64_t>(raw, o, n);
    case SourceType::U1:
    case SourceType::B1: return convertAll<uint8_t>(raw, o, n);
    }
  }
  int32_t *o = out.i32();
  switch (src.type) {
  case SourceType::F4:
  case SourceType::F8:
    throw std::runtime_error("holds floating-point data but an int32 array "
                             "is expected");
  case SourceType::I1: return convertAll<int8_t>(raw, o, n);
  case SourceType::I4: return convertAll<int32_t>(raw, o, n);
  case SourceType::I8: return convertI8ToI32(raw, o, n);
  case SourceType::U1:
  case SourceType::B1: return convertAll<uint8_t>(raw, o, n);
  }
}

Array readNpyOrThrow(const std::string &path, kiln_dtype want) {
  if (want != KILN_FLOAT32 && want != KILN_INT32)
    throw std::runtime_error("unsupported target dtype " +
                             std::to_string(int(want)));
  struct stat st;
  if (::stat(path.c_str(), &st) != 0)
    throw std::runtime_error(std::strerror(errno));
  if (!S_ISREG(st.st_mode))
    throw std::runtime_error("not a regular file");
  File file(std::fopen(path.c_str(), "rb"));
  if (!file)
    throw std::runtime_error(std::strerror(errno));
  uint64_t fileSize = static_cast<uint64_t>(st.st_size);

  unsigned char prefix[kMagicLen + 2];
  if (fileSize < sizeof(prefix) ||
      std::fread(prefix, 1, sizeof(prefix), file.get()) != sizeof(prefix) ||
      std::memcmp(prefix, kMagic, kMagicLen) != 0)
    throw std::runtime_error("not a .npy file (bad magic)");
  int major = prefix[kMagicLen];
  uint64_t headerLen;
  size_t lenBytes;
  if (major == 1) {
    unsigned char b[2];
    readExactly(file.get(), b, 2, "header");
    headerLen = readLE<uint16_t>(b);
    lenBytes = 2;
  } else if (major == 2 || major == 3) {
    unsigned char b[4];
    readExactly(file.get(), b, 4, "header");
    headerLen = readLE<uint32_t>(b);
    lenBytes = 4;
  } else {
    throw std::runtime_error("unsupported .npy format version " +
                             std::to_string(major) + "." +
                             std::to_string(prefix[kMagicLen + 1]));
  }
  uint64_t dataStart = kMagicLen + 2 + lenBytes + headerLen;
  if (headerLen > kMaxHeaderLen)
    throw std::runtime_error("header length " + std::to_string(headerLen) +
                             " is implausible");
  if (dataStart > fileSize)
    throw std::runtime_error("truncated header: it claims " +
                             std::to_string(headerLen) + " bytes, the file has " +
                             std::to_string(fileSize) + " in all");
  std::string text(headerLen, '\0');
  readExactly(file.get(), text.data(), headerLen, "header");
  NpyHeader header = parseNpyHeader(text);
  if (header.fortranOrder)
    throw std::runtime_error("Fortran-order arrays are not supported (save "
                             "np.ascontiguousarray(x) instead)");
  SourceDtype src = parseDescr(header.descr);

  int64_t count = 1;
  for (int64_t d : header.shape) {
    if (d != 0 && count > kMaxNpyElements / d)
      throw std::runtime_error("shape has more than 2^40 elements");
    count *= d;
  }
  uint64_t dataBytes = static_cast<uint64_t>(count) * src.size;
  uint64_t actual = fileSize - dataStart;
  if (actual < dataBytes)
    throw std::runtime_error("truncated data: the shape needs " +
                             std::to_string(dataBytes) + " bytes, the file has " +
                             std::to_string(actual));
  if (actual > dataBytes)
    throw std::runtime_error(std::to_string(actual - dataBytes) +
                             " unexpected bytes after the data");

  Array out;
  out.dtype = want;
  out.shape = header.shape;
  out.storage.resize(static_cast<size_t>(count));
  bool sameType = (want == KILN_FLOAT32 && src.type == SourceType::F4) ||
                  (want == KILN_INT32 && src.type == SourceType::I4);
  if (sameType) {
    readExactly(file.get(), out.data(), dataBytes, "data");
  } else {
    std::vector<unsigned char> raw(dataBytes);
    readExactly(file.get(), raw.data(), dataBytes, "data");
    convert(raw.data(), src, want, out, count);
  }
  return out;
}

} // namespace

Array readNpy(const std::string &path, kiln_dtype want) {
  try {
    return readNpyOrThrow(path, want);
  } catch (const std::bad_alloc &) {
    throw std::runtime_error(path + ": out of memory");
  } catch (const std::exception &e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

} // namespace kiln::npy
