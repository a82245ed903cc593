//===- KilnRunToolTest.cpp - kiln-run end to end on a fake model library --===//
//
// Runs the real kiln-run binary on FakeModel.cpp built as a library, the way
// a user runs it on `kiln-compile --emit=lib` output.
//
//===----------------------------------------------------------------------===//
#include "kiln/Runtime/Npy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct ToolResult {
  int exitCode;
  std::string out, err;
};

std::string shellQuote(const std::string &s) {
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string slurp(const fs::path &p) {
  std::ifstream f(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), {});
}

class KilnRun : public ::testing::Test {
protected:
  fs::path dir;

  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("kiln-run-test-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  std::string path(const std::string &name) { return (dir / name).string(); }

  ToolResult run(const std::vector<std::string> &args) {
    std::string cmd = shellQuote(KILN_RUN_PATH);
    for (const std::string &a : args)
      cmd += " " + shellQuote(a);
    cmd += " >" + shellQuote(path("stdout.txt")) + " 2>" +
           shellQuote(path("stderr.txt"));
    int status = std::system(cmd.c_str());
    ToolResult r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(path("stdout.txt"));
    r.err = slurp(path("stderr.txt"));
    fs::remove(path("stdout.txt"));
    fs::remove(path("stderr.txt"));
    return r;
  }

  /// Expects exit 1 and exactly one stderr line starting with `prefix` and
  /// containing `reason`.
  void expectError(const std::vector<std::string> &args,
                   const std::string &prefix, const std::string &reason) {
    ToolResult r = run(args);
    EXPECT_EQ(r.exitCode, 1) << r.err;
    EXPECT_EQ(r.err.rfind("kiln-run: error: " + prefix, 0), 0u) << r.err;
    EXPECT_NE(r.err.find(reason), std::string::npos)
        << "'" << r.err << "' lacks '" << reason << "'";
    ASSERT_FALSE(r.err.empty());
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "not one line: " << r.err;
  }

  /// A .npy file in a dtype kiln_npy does not write (<f8, <i8).
  std::string writeRaw(const std::string &name, const std::string &descr,
                       const std::string &shape, const void *data,
                       size_t bytes) {
    std::string header = "{'descr': '" + descr +
                         "', 'fortran_order': False, 'shape': " + shape + ", }";
    while ((10 + header.size() + 1) % 64)
      header += ' ';
    header += '\n';
    std::string file("\x93NUMPY\x01\x00", 8);
    file += char(header.size() & 0xff);
    file += char(header.size() >> 8);
    file += header;
    file.append(static_cast<const char *>(data), bytes);
    std::ofstream(path(name), std::ios::binary) << file;
    return path(name);
  }

  std::string writeX(const std::string &name, std::vector<int64_t> shape,
                     std::vector<float> values) {
    kiln::npy::writeNpy(path(name), KILN_FLOAT32, shape.data(),
                        int(shape.size()), values.data());
    return path(name);
  }
};

// FakeModel.cpp: y = relu(x W + b) with these W, b.
std::vector<float> mlp(const std::vector<float> &x) {
  const float w[12] = {1, 0, -1, 0, 1, 2, 1, 1, 0, -1, 0, 1};
  const float b[3] = {0.5f, -1.f, 0.f};
  std::vector<float> y(x.size() / 4 * 3);
  for (size_t i = 0; i < x.size() / 4; ++i)
    for (size_t j = 0; j < 3; ++j) {
      float acc = b[j];
      for (size_t k = 0; k < 4; ++k)
        acc += x[i * 4 + k] * w[k * 3 + j];
      y[i * 3 + j] = std::max(acc, 0.f);
    }
  return y;
}

TEST_F(KilnRun, RunsAndWritesOutputs) {
  std::vector<float> x = {1, 2, 3, 4, -1, 0, 2, 5};
  std::string xFile = writeX("x.npy", {2, 4}, x);
  std::string out = path("out/nested");
  ToolResult r = run({FAKE_MODEL_PATH, "--input", "x=" + xFile,
                      "--output-dir", out});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out.rfind("y: float32 [2,3] =", 0), 0u) << r.out;
  kiln::npy::Array y = kiln::npy::readNpy(out + "/y.npy", KILN_FLOAT32);
  EXPECT_EQ(y.shape, (std::vector<int64_t>{2, 3}));
  std::vector<float> want = mlp(x);
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_NEAR(y.f32()[i], want[i], 1e-5f);
  // Nothing but the output: no temporary files left.
  EXPECT_EQ(std::distance(fs::directory_iterator(out), {}), 1);
}

TEST_F(KilnRun, BareInputForSingleInputModelAndFloat64) {
  // float64 data is converted to the model's float32.
  std::vector<double> x = {0.5, -1, 2, 3};
  writeRaw("x64.npy", "<f8", "(1, 4)", x.data(), 32);
  ToolResult r = run({FAKE_MODEL_PATH, "--input=" + path("x64.npy"),
                      "--output-dir=" + path("o")});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  kiln::npy::Array y = kiln::npy::readNpy(path("o/y.npy"), KILN_FLOAT32);
  std::vector<float> want = mlp({0.5f, -1.f, 2.f, 3.f});
  for (size_t i = 0; i < 3; ++i)
    EXPECT_NEAR(y.f32()[i], want[i], 1e-5f);
}

TEST_F(KilnRun, TwoInputsByNameWithInt64Ids) {
  std::string xFile = writeX("x.npy", {1, 4}, {1, 1, 1, 1});
  std::vector<int64_t> ids = {7, -3, 100000};
  writeRaw("ids.npy", "<i8", "(3,)", ids.data(), 24);

  ToolResult r = run({FAKE_MODEL2_PATH, "--input", "ids=" + path("ids.npy"),
                      "--input", "x=" + xFile, "--output-dir", path("o")});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("ids_out: int32 [3] = 7 -3 100000\n"), std::string::npos)
      << r.out;
  kiln::npy::Array idsOut =
      kiln::npy::readNpy(path("o/ids_out.npy"), KILN_INT32);
  EXPECT_EQ(idsOut.i32()[2], 100000);

  expectError({FAKE_MODEL2_PATH, "--input", xFile}, xFile,
              "a bare --input FILE needs a single-input model, but model "
              "'mlp2' has inputs: x, ids");
  expectError({FAKE_MODEL2_PATH, "--input", "x=" + xFile}, FAKE_MODEL2_PATH,
              "model 'mlp2': no file for input 'ids'");
  expectError({FAKE_MODEL2_PATH, "--input", "x=" + xFile, "--input",
               "x=" + xFile},
              xFile, "input 'x' is already bound");
}

TEST_F(KilnRun, Bench) {
  std::string xFile = writeX("x.npy", {3, 4}, std::vector<float>(12, 0.5f));
  ToolResult r = run({FAKE_MODEL_PATH, "--input", xFile, "--bench", "5",
                      "--threads", "1"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("latency: min "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" ms over 5 runs\n"), std::string::npos) << r.out;
}

TEST_F(KilnRun, Errors) {
  std::string xFile = writeX("x.npy", {2, 4}, std::vector<float>(8, 1.f));
  std::string badShape = writeX("bad.npy", {2, 3}, std::vector<float>(6, 1.f));
  std::ofstream(path("junk.npy")) << "not numpy";

  expectError({}, "usage", "no model library given");
  expectError({FAKE_MODEL_PATH, "--frobnicate"}, "--frobnicate",
              "unknown option");
  expectError({FAKE_MODEL_PATH, "--bench", "zero"}, "--bench",
              "expects an integer >= 1");
  expectError({FAKE_MODEL_PATH, "--input"}, "--input", "expects a value");
  expectError({path("missing.so"), "--input", xFile}, path("missing.so"),
              "cannot open shared object file");
  expectError({RUNTIME_LIB_PATH, "--input", xFile}, RUNTIME_LIB_PATH,
              "not a Kiln model library");
  expectError({FAKE_MODEL_PATH, "--input", "z=" + xFile}, FAKE_MODEL_PATH,
              "model 'mlp' has no input 'z' (inputs: x)");
  expectError({FAKE_MODEL_PATH}, FAKE_MODEL_PATH,
              "no file for input 'x' (use --input x=FILE.npy)");
  expectError({FAKE_MODEL_PATH, "--input", path("junk.npy")},
              path("junk.npy"), "bad magic");
  expectError({FAKE_MODEL_PATH, "--input", path("nothere.npy")},
              path("nothere.npy"), "No such file");
  expectError({FAKE_MODEL_PATH, "--input", badShape}, FAKE_MODEL_PATH,
              "model 'mlp': input 'x' has shape [2,3] but expects [?,4]");
  // The output directory path runs through a regular file.
  expectError({FAKE_MODEL_PATH, "--input", xFile, "--output-dir",
               xFile + "/sub"},
              xFile + "/sub", "cannot create directory");
}

} // namespace
