//===- CoreTypesTest.cpp - ImportError, WeightArray, HalfFloat, paths -----===//

#include "TestSupport.h"
#include "kiln/Import/FileIO.h"
#include "kiln/Import/HalfFloat.h"
#include "kiln/Import/PathSafety.h"
#include "kiln/Import/WeightArray.h"

#include <gmock/gmock.h>

#include <cmath>
#include <limits>

using namespace kiln::import;
using namespace kiln::import::testing;
using ::testing::HasSubstr;

TEST(ImportErrorTest, FormatsFileAndReasonOnOneLine) {
  ImportError error("model.keras!config.json", "bad\nthing\there");
  EXPECT_STREQ(error.what(), "model.keras!config.json: bad thing here");
  EXPECT_EQ(error.file(), "model.keras!config.json");
  EXPECT_EQ(error.reason(), "bad thing here");
  EXPECT_STREQ(ImportError("", "only a reason").what(), "only a reason");
}

TEST(ImportErrorTest, WithPrefixKeepsFile) {
  ImportError error("m.h5", "missing kernel");
  EXPECT_STREQ(error.withPrefix("layer 'dense_1'").what(),
               "m.h5: layer 'dense_1': missing kernel");
}

TEST(WeightArrayTest, ElementsAndShapeString) {
  WeightArray scalar{{}, {1.5f}};
  EXPECT_EQ(scalar.numElements(), 1);
  EXPECT_EQ(scalar.shapeString(), "[]");
  WeightArray matrix{{3, 4}, std::vector<float>(12)};
  EXPECT_EQ(matrix.numElements(), 12);
  EXPECT_EQ(matrix.shapeString(), "[3, 4]");
}

TEST(WeightArrayTest, CheckedElementCount) {
  std::string why;
  EXPECT_EQ(checkedElementCount({2, 0, 5}, why), 0u);
  EXPECT_EQ(checkedElementCount({}, why), 1u);
  EXPECT_EQ(checkedElementCount({1 << 16, 1 << 15}, why), uint64_t(1) << 31);

  EXPECT_FALSE(checkedElementCount({3, -1}, why));
  EXPECT_THAT(why, HasSubstr("negative"));
  EXPECT_FALSE(checkedElementCount({1 << 16, 1 << 16}, why));
  EXPECT_THAT(why, HasSubstr("more than"));
  // Would overflow uint64 if multiplied naively.
  EXPECT_FALSE(checkedElementCount({int64_t(1) << 40, int64_t(1) << 40}, why));
  EXPECT_FALSE(checkedElementCount(std::vector<int64_t>(9, 1), why));
  EXPECT_THAT(why, HasSubstr("rank 9"));
}

TEST(HalfFloatTest, DecodesBinary16) {
  EXPECT_EQ(halfToFloat(0x3C00), 1.0f);
  EXPECT_EQ(halfToFloat(0xC000), -2.0f);
  EXPECT_EQ(halfToFloat(0x3555), 0.333251953125f);
  EXPECT_EQ(halfToFloat(0x7BFF), 65504.0f);
  EXPECT_EQ(halfToFloat(0x0400), std::ldexp(1.0f, -14)); // smallest normal
  EXPECT_EQ(halfToFloat(0x0001), std::ldexp(1.0f, -24)); // smallest subnormal
  EXPECT_EQ(halfToFloat(0x03FF), 1023 * std::ldexp(1.0f, -24));
  EXPECT_EQ(halfToFloat(0x8000), 0.0f);
  EXPECT_TRUE(std::signbit(halfToFloat(0x8000)));
  EXPECT_EQ(halfToFloat(0x7C00), std::numeric_limits<float>::infinity());
  EXPECT_EQ(halfToFloat(0xFC00), -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(halfToFloat(0x7E00)));
}

TEST(HalfFloatTest, DecodesBfloat16) {
  EXPECT_EQ(bfloat16ToFloat(0x3F80), 1.0f);
  EXPECT_EQ(bfloat16ToFloat(0x4049), 3.140625f);
  EXPECT_EQ(bfloat16ToFloat(0xC2F7), -123.5f);
  EXPECT_EQ(bfloat16ToFloat(0x7F80), std::numeric_limits<float>::infinity());
}

TEST(PathSafetyTest, AcceptsPlainRelativePaths) {
  EXPECT_TRUE(isSafeRelativePath("config.json"));
  EXPECT_TRUE(isSafeRelativePath("assets/vocab.txt"));
  EXPECT_TRUE(isSafeRelativePath("group1-shard1of2.bin"));
  EXPECT_TRUE(isSafeRelativePath("a..b"));
}

TEST(PathSafetyTest, RejectsEscapes) {
  for (const char *path :
       {"", "/etc/passwd", "../x", "a/../../x", "a/..", "./x", "a//b", "a/",
        "C:x", "c:/x", "a\\b", "..\\x"})
    EXPECT_FALSE(isSafeRelativePath(path)) << path;
  EXPECT_FALSE(isSafeRelativePath(std::string_view("a\0b", 3)));
}

TEST(FileIOTest, ReadsWithCap) {
  TempDir dir;
  writeFile(dir.file("f.txt"), "hello");
  EXPECT_EQ(regularFileSize(dir.file("f.txt")), 5u);
  EXPECT_EQ(readFileText(dir.file("f.txt"), 5), "hello");
  EXPECT_EQ(readFileBytes(dir.file("f.txt"), 100).size(), 5u);
  EXPECT_THAT(importErrorOf([&] { readFileText(dir.file("f.txt"), 4); }),
              HasSubstr("more than the limit of 4"));
  EXPECT_THAT(importErrorOf([&] { readFileText(dir.file("nope"), 4); }),
              HasSubstr("nope: cannot open: No such file"));
  EXPECT_THAT(importErrorOf([&] { readFileText(dir.path(), 4); }),
              HasSubstr("not a regular file"));
  EXPECT_THAT(importErrorOf([&] { regularFileSize(dir.path()); }),
              HasSubstr("not a regular file"));
}
