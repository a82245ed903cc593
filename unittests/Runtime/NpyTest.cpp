//===- NpyTest.cpp - .npy reading, writing and malformed files ------------===//
#include "kiln/Runtime/Npy.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
using kiln::npy::Array;
using kiln::npy::readNpy;
using kiln::npy::writeNpy;

namespace {

class Npy : public ::testing::Test {
protected:
  fs::path dir;

  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("kiln-npy-test-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  std::string path(const std::string &name) { return (dir / name).string(); }

  /// Writes a .npy file by hand: `version` 1/2/3, header dict `dict`
  /// (padded as NumPy does unless `exactLen`), then `data`.
  std::string writeRaw(const std::string &name, int version,
                       const std::string &dict, const std::string &data,
                       long lenOverride = -1) {
    std::string header = dict;
    size_t fixed = version == 1 ? 10 : 12;
    while ((fixed + header.size() + 1) % 64)
      header += ' ';
    header += '\n';
    std::string bytes("\x93NUMPY", 6);
    bytes += char(version);
    bytes += '\0';
    uint64_t len = lenOverride >= 0 ? uint64_t(lenOverride) : header.size();
    for (size_t i = 0; i < (version == 1 ? 2u : 4u); ++i)
      bytes += char((len >> (8 * i)) & 0xff);
    bytes += header + data;
    return writeBytes(name, bytes);
  }

  std::string writeBytes(const std::string &name, const std::string &bytes) {
    std::string p = path(name);
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

  template <typename T> static std::string bytesOf(std::vector<T> v) {
    return std::string(reinterpret_cast<const char *>(v.data()),
                       v.size() * sizeof(T));
  }

  /// Expects readNpy to fail with a message "PATH: ...REASON...".
  void expectError(const std::string &p, kiln_dtype want,
                   const std::string &reason) {
    try {
      readNpy(p, want);
      FAIL() << "no error for " << p;
    } catch (const std::runtime_error &e) {
      std::string msg = e.what();
      EXPECT_EQ(msg.rfind(p + ": ", 0), 0u) << msg;
      EXPECT_NE(msg.find(reason), std::string::npos)
          << "'" << msg << "' lacks '" << reason << "'";
    }
  }
};

const std::string kF4_2x3 =
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";

TEST_F(Npy, RoundTripFloat) {
  std::vector<float> v = {1.5f, -2.f, 0.f, 3.25f, 1e30f, -0.f};
  int64_t dims[] = {2, 3};
  writeNpy(path("a.npy"), KILN_FLOAT32, dims, 2, v.data());
  Array a = readNpy(path("a.npy"), KILN_FLOAT32);
  EXPECT_EQ(a.dtype, KILN_FLOAT32);
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
  ASSERT_EQ(a.numElements(), 6);
  EXPECT_EQ(std::memcmp(a.f32(), v.data(), 24), 0);
}

TEST_F(Npy, RoundTripIntAllRanks) {
  for (std::vector<int64_t> shape :
       {std::vector<int64_t>{}, {5}, {0}, {2, 0, 3}, {1, 2, 1, 2, 1, 2, 1, 2}}) {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    std::vector<int32_t> v(n);
    for (int64_t i = 0; i < n; ++i)
      v[i] = int32_t(i * 7 - 3);
    writeNpy(path("i.npy"), KILN_INT32, shape.data(), int(shape.size()),
             v.data());
    Array a = readNpy(path("i.npy"), KILN_INT32);
    EXPECT_EQ(a.shape, shape);
    ASSERT_EQ(a.numElements(), n);
    for (int64_t i = 0; i < n; ++i)
      EXPECT_EQ(a.i32()[i], v[i]);
  }
}

TEST_F(Npy, WrittenHeaderIsWhatNumPyWrites) {
  float v[3] = {1, 2, 3};
  int64_t dims[] = {3};
  writeNpy(path("h.npy"), KILN_FLOAT32, dims, 1, v);
  std::ifstream f(path("h.npy"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(f)), {});
  // 10-byte preamble + dict + '\n', space-padded to a multiple of 64.
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
  ASSERT_EQ(bytes.size(), 128u + 12u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_EQ(uint8_t(bytes[8]) | (uint8_t(bytes[9]) << 8), 118);
  EXPECT_EQ(bytes.substr(10, 118),
            dict + std::string(118 - dict.size() - 1, ' ') + "\n");
  // No temporary file left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), {}), 1);
}

TEST_F(Npy, WriteFailureNamesFileAndLeavesNothing) {
  float v = 1.f;
  std::string p = path("missing-dir/out.npy");
  try {
    writeNpy(p, KILN_FLOAT32, nullptr, 0, &v);
    FAIL();
  } catch (const std::runtime_error &e) {
    EXPECT_EQ(std::string(e.what()).rfind(p + ": cannot create file", 0), 0u)
        << e.what();
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), {}), 0);
}

TEST_F(Npy, WriteReplacesExistingFile) {
  int32_t a[2] = {1, 2}, b[1] = {9};
  int64_t d2[] = {2}, d1[] = {1};
  writeNpy(path("r.npy"), KILN_INT32, d2, 1, a);
  writeNpy(path("r.npy"), KILN_INT32, d1, 1, b);
  Array r = readNpy(path("r.npy"), KILN_INT32);
  EXPECT_EQ(r.shape, std::vector<int64_t>{1});
  EXPECT_EQ(r.i32()[0], 9);
}

TEST_F(Npy, Versions2And3AndDoubleQuotes) {
  std::string data = bytesOf<float>({1, 2, 3, 4, 5, 6});
  for (int version : {2, 3}) {
    std::string p = writeRaw("v.npy", version, kF4_2x3, data);
    Array a = readNpy(p, KILN_FLOAT32);
    EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(a.f32()[5], 6.f);
  }
  std::string p = writeRaw(
      "q.npy", 1, "{\"shape\": (6,), \"fortran_order\": False, \"descr\": \"<f4\"}",
      data);
  EXPECT_EQ(readNpy(p, KILN_FLOAT32).shape, std::vector<int64_t>{6});
}

TEST_F(Npy, ConvertsToRequestedDtype) {
  std::string f8 = writeRaw(
      "f8.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
      bytesOf<double>({0.1, -3.5}));
  Array a = readNpy(f8, KILN_FLOAT32);
  EXPECT_EQ(a.dtype, KILN_FLOAT32);
  EXPECT_EQ(a.f32()[0], 0.1f);
  EXPECT_EQ(a.f32()[1], -3.5f);

  std::string i8 = writeRaw(
      "i8.npy", 1, "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }",
      bytesOf<int64_t>({-5, 2147483647, -2147483648LL}));
  Array b = readNpy(i8, KILN_INT32);
  EXPECT_EQ(b.i32()[0], -5);
  EXPECT_EQ(b.i32()[1], 2147483647);
  EXPECT_EQ(b.i32()[2], INT32_MIN);
  EXPECT_EQ(readNpy(i8, KILN_FLOAT32).f32()[0], -5.f);

  std::string b1 = writeRaw(
      "b1.npy", 1, "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }",
      std::string("\x01\x00\x01", 3));
  Array c = readNpy(b1, KILN_INT32);
  EXPECT_EQ(c.i32()[0], 1);
  EXPECT_EQ(c.i32()[1], 0);
  EXPECT_EQ(readNpy(b1, KILN_FLOAT32).f32()[2], 1.f);

  std::string u1 = writeRaw(
      "u1.npy", 1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }",
      std::string("\xff\x07", 2));
  EXPECT_EQ(readNpy(u1, KILN_INT32).i32()[0], 255);

  std::string i4 = writeRaw(
      "i4.npy", 1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }",
      bytesOf<int32_t>({-7}));
  EXPECT_EQ(readNpy(i4, KILN_FLOAT32).f32()[0], -7.f);
}

TEST_F(Npy, ConversionErrors) {
  std::string i8 = writeRaw(
      "big.npy", 1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }",
      bytesOf<int64_t>({1, 1LL << 40}));
  expectError(i8, KILN_INT32,
              "value 1099511627776 at index 1 does not fit in int32");
  std::string f4 = writeRaw("f.npy", 1, kF4_2x3, std::string(24, '\0'));
  expectError(f4, KILN_INT32, "floating-point data");
}

TEST_F(Npy, RejectsUnsupportedLayoutsAndDtypes) {
  std::string data(24, '\0');
  expectError(writeRaw("fo.npy", 1,
                       "{'descr': '<f4', 'fortran_order': True, 'shape': (2, "
                       "3), }",
                       data),
              KILN_FLOAT32, "Fortran-order arrays are not supported");
  expectError(writeRaw("be.npy", 1,
                       "{'descr': '>f4', 'fortran_order': False, 'shape': (2, "
                       "3), }",
                       data),
              KILN_FLOAT32, "big-endian dtype '>f4'");
  expectError(writeRaw("c8.npy", 1,
                       "{'descr': '<c8', 'fortran_order': False, 'shape': (3,), "
                       "}",
                       data),
              KILN_FLOAT32, "unsupported dtype '<c8'");
  expectError(writeRaw("st.npy", 1,
                       "{'descr': [('a', '<f4')], 'fortran_order': False, "
                       "'shape': (6,), }",
                       data),
              KILN_FLOAT32, "structured dtypes are not supported");
}

TEST_F(Npy, RejectsMalformedFiles) {
  std::string data = bytesOf<float>({1, 2, 3, 4, 5, 6});
  expectError(path("nope.npy"), KILN_FLOAT32, "No such file or directory");
  expectError(dir.string(), KILN_FLOAT32, "not a regular file");
  expectError(writeBytes("empty.npy", ""), KILN_FLOAT32, "bad magic");
  expectError(writeBytes("text.npy", "hello, world\n"), KILN_FLOAT32,
              "bad magic");
  expectError(writeBytes("short.npy", std::string("\x93NUMPY\x01\x00\x10", 9)),
              KILN_FLOAT32, "truncated header");
  expectError(writeRaw("v4.npy", 4, kF4_2x3, data), KILN_FLOAT32,
              "unsupported .npy format version 4.0");
  // Header length claims more bytes than the file has.
  expectError(writeRaw("hl.npy", 1, kF4_2x3, "", 60000), KILN_FLOAT32,
              "truncated header");
  expectError(writeRaw("hl2.npy", 2, kF4_2x3, "", 0x7fffffff), KILN_FLOAT32,
              "header length 2147483647 is implausible");
  // Header length shorter than the dict: the dict is cut off.
  expectError(writeRaw("hs.npy", 1, kF4_2x3, data, 20), KILN_FLOAT32,
              "malformed header");
  expectError(writeRaw("td.npy", 1, kF4_2x3, data.substr(0, 10)), KILN_FLOAT32,
              "truncated data: the shape needs 24 bytes, the file has 10");
  expectError(writeRaw("tr.npy", 1, kF4_2x3, data + "xx"), KILN_FLOAT32,
              "2 unexpected bytes after the data");
}

TEST_F(Npy, RejectsMalformedHeaders) {
  std::string data(24, '\0');
  auto header = [&](const std::string &dict, const std::string &reason) {
    expectError(writeRaw("m.npy", 1, dict, data), KILN_FLOAT32, reason);
  };
  header("{'descr': '<f4', 'fortran_order': False}", "missing key 'shape'");
  header("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'x': 1}",
         "unexpected key 'x'");
  header("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': "
         "(6,)}",
         "duplicate key 'descr'");
  header("{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 6)}",
         "shape entries must be non-negative integers");
  header("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (6,)}",
         "fortran_order must be True or False");
  header("{'descr': '<f4', 'fortran_order': False, 'shape': (6,)} junk",
         "unexpected text after the header dict");
  header("{'descr': '<f4, 'fortran_order': False, 'shape': (6,)}",
         "malformed header");
  header("{'descr': '<f4', 'fortran_order': False, 'shape': (6,",
         "malformed header");
  header("{'descr': '<f4', 'fortran_order': False, 'shape': "
         "(99999999999999999999999,)}",
         "shape entry too large");
  header("{'descr': '<f4', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,"
         "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1)}",
         "more than 32 dimensions");
}

TEST_F(Npy, AbsurdShapesFailBeforeAllocating) {
  // 2^20 x 2^20 x 2^20 elements: rejected by the element cap, not by an
  // allocation failure.
  expectError(writeRaw("huge.npy", 1,
                       "{'descr': '<f4', 'fortran_order': False, 'shape': "
                       "(1048576, 1048576, 1048576), }",
                       ""),
              KILN_FLOAT32, "more than 2^40 elements");
  // Under the cap but far beyond the file: rejected by the size check.
  expectError(writeRaw("big.npy", 1,
                       "{'descr': '<f4', 'fortran_order': False, 'shape': "
                       "(1048576, 65536), }",
                       "abcd"),
              KILN_FLOAT32, "truncated data");
}

} // namespace
