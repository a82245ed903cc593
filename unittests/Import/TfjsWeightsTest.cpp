//===- TfjsWeightsTest.cpp ------------------------------------------------===//

#include "TestSupport.h"
#include "kiln/Import/TfjsWeights.h"

#include <gmock/gmock.h>

#include <cstring>

using namespace kiln::import;
using namespace kiln::import::testing;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

template <typename T> std::vector<uint8_t> bytesOf(std::vector<T> values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(T));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

std::vector<uint8_t> concat(std::vector<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> all;
  for (const auto &part : parts)
    all.insert(all.end(), part.begin(), part.end());
  return all;
}

class TfjsWeightsTest : public ::testing::Test {
protected:
  TempDir dir;
  JsonPath at{"model.json", "/weightsManifest"};

  /// Writes `bytes` as shards of the given sizes; returns their names.
  json writeShards(const std::vector<uint8_t> &bytes,
                   const std::vector<size_t> &sizes,
                   const std::string &prefix = "group1") {
    json paths = json::array();
    size_t offset = 0;
    for (size_t i = 0; i < sizes.size(); ++i) {
      std::string name = prefix + "-shard" + std::to_string(i + 1) + "of" +
                         std::to_string(sizes.size()) + ".bin";
      writeFile(dir.file(name), bytes.data() + offset, sizes[i]);
      offset += sizes[i];
      paths.push_back(name);
    }
    return paths;
  }

  std::vector<NamedWeight> read(const json &manifest) {
    return readTfjsWeights(manifest, dir.path(), at);
  }
  std::string errorOf(const json &manifest) {
    return importErrorOf([&] { read(manifest); });
  }

  /// A one-weight group of `bytes` in a single shard.
  json single(const json &weight, const std::vector<uint8_t> &bytes) {
    return json::array(
        {{{"paths", writeShards(bytes, {bytes.size()})}, {"weights", {weight}}}});
  }
};

} // namespace

TEST_F(TfjsWeightsTest, SlicesWeightsAcrossShards) {
  std::vector<float> kernel = {1, 2, 3, 4, 5, 6};
  std::vector<float> bias = {-1, -2, -3};
  std::vector<uint8_t> bytes = concat({bytesOf(kernel), bytesOf(bias)});
  // Shard boundaries fall inside both weights.
  json manifest = json::array(
      {{{"paths", writeShards(bytes, {10, 17, 9})},
        {"weights",
         {{{"name", "dense/kernel"}, {"shape", {2, 3}}, {"dtype", "float32"}},
          {{"name", "dense/bias"}, {"shape", {3}}, {"dtype", "float32"}}}}}});
  std::vector<NamedWeight> weights = read(manifest);
  ASSERT_EQ(weights.size(), 2u);
  EXPECT_EQ(weights[0].name, "dense/kernel");
  EXPECT_THAT(weights[0].array.shape, ElementsAre(2, 3));
  EXPECT_EQ(weights[0].array.data, kernel);
  EXPECT_EQ(weights[1].name, "dense/bias");
  EXPECT_EQ(weights[1].array.data, bias);
}

TEST_F(TfjsWeightsTest, MultipleGroupsAndDotSlashPaths) {
  std::vector<uint8_t> first = bytesOf(std::vector<float>{1.5f});
  std::vector<uint8_t> second = bytesOf(std::vector<int32_t>{-7, 9});
  writeFile(dir.file("model.weights.bin"), first);
  writeFile(dir.file("g2.bin"), second);
  json manifest = json::array(
      {{{"paths", {"./model.weights.bin"}},
        {"weights", {{{"name", "s"}, {"shape", json::array()}, {"dtype", "float32"}}}}},
       {{"paths", {"g2.bin"}},
        {"weights", {{{"name", "i"}, {"shape", {2}}, {"dtype", "int32"}}}}}});
  std::vector<NamedWeight> weights = read(manifest);
  ASSERT_EQ(weights.size(), 2u);
  EXPECT_TRUE(weights[0].array.shape.empty());
  EXPECT_THAT(weights[0].array.data, ElementsAre(1.5f));
  EXPECT_THAT(weights[1].array.data, ElementsAre(-7, 9));
  EXPECT_TRUE(read(json::array()).empty());
}

TEST_F(TfjsWeightsTest, Float16AndBool) {
  std::vector<uint8_t> bytes =
      concat({bytesOf(std::vector<uint16_t>{0x3C00, 0xC000, 0x0001}),
              std::vector<uint8_t>{0, 1, 2}});
  json manifest = json::array(
      {{{"paths", writeShards(bytes, {3, 6})},
        {"weights",
         {{{"name", "h"}, {"shape", {3}}, {"dtype", "float16"}},
          {{"name", "b"}, {"shape", {3}}, {"dtype", "bool"}}}}}});
  std::vector<NamedWeight> weights = read(manifest);
  EXPECT_THAT(weights[0].array.data,
              ElementsAre(1.0f, -2.0f, std::ldexp(1.0f, -24)));
  EXPECT_THAT(weights[1].array.data, ElementsAre(0, 1, 1));
}

TEST_F(TfjsWeightsTest, QuantizedWeights) {
  std::vector<uint8_t> bytes =
      concat({std::vector<uint8_t>{0, 1, 255},
              bytesOf(std::vector<uint16_t>{0, 1000}),
              std::vector<uint8_t>{0, 3, 4},
              bytesOf(std::vector<uint16_t>{0x3800})});
  json manifest = json::array(
      {{{"paths", writeShards(bytes, {bytes.size()})},
        {"weights",
         {{{"name", "q8"}, {"shape", {3}}, {"dtype", "float32"},
           {"quantization",
            {{"dtype", "uint8"}, {"min", -1.0}, {"scale", 0.1},
             {"original_dtype", "float32"}}}},
          {{"name", "q16"}, {"shape", {2}}, {"dtype", "float32"},
           {"quantization", {{"dtype", "uint16"}, {"min", 0.5}, {"scale", 0.25}}}},
          {{"name", "qint"}, {"shape", {3}}, {"dtype", "int32"},
           {"quantization", {{"dtype", "uint8"}, {"min", -1.0}, {"scale", 0.5}}}},
          {{"name", "qhalf"}, {"shape", {1}}, {"dtype", "float32"},
           {"quantization", {{"dtype", "float16"}}}}}}}});
  std::vector<NamedWeight> weights = read(manifest);
  ASSERT_EQ(weights.size(), 4u);
  // Computed in double like JavaScript, then rounded to float32.
  EXPECT_THAT(weights[0].array.data,
              ElementsAre(float(0 * 0.1 - 1.0), float(1 * 0.1 - 1.0),
                          float(255 * 0.1 - 1.0)));
  EXPECT_THAT(weights[1].array.data, ElementsAre(0.5f, 250.5f));
  // Math.round: -1 -> -1, 0.5 -> 1, 1 -> 1.
  EXPECT_THAT(weights[2].array.data, ElementsAre(-1.0f, 1.0f, 1.0f));
  EXPECT_THAT(weights[3].array.data, ElementsAre(0.5f));
}

TEST_F(TfjsWeightsTest, ShortShardNamesTheCutWeight) {
  std::vector<uint8_t> bytes = bytesOf(std::vector<float>(9, 1.0f));
  json manifest = json::array(
      {{{"paths", writeShards(bytes, {20, 12})}, // 32 of the 36 bytes
        {"weights",
         {{{"name", "dense/kernel"}, {"shape", {2, 3}}, {"dtype", "float32"}},
          {{"name", "dense/bias"}, {"shape", {3}}, {"dtype", "float32"}}}}}});
  EXPECT_STREQ(errorOf(manifest).c_str(),
               "model.json: /weightsManifest/0/paths: shards hold 32 bytes but "
               "weight 'dense/bias' [3] ends at byte 36 (shard missing or "
               "truncated)");
}

TEST_F(TfjsWeightsTest, LongShardIsAMismatch) {
  std::vector<uint8_t> bytes = bytesOf(std::vector<float>(4, 1.0f));
  json manifest = single(
      {{"name", "w"}, {"shape", {3}}, {"dtype", "float32"}}, bytes);
  EXPECT_THAT(errorOf(manifest),
              HasSubstr("shards hold 16 bytes but the manifest's weights use "
                        "only 12"));
}

TEST_F(TfjsWeightsTest, MissingShardFile) {
  json manifest = json::array(
      {{{"paths", {"group1-shard1of1.bin"}},
        {"weights", {{{"name", "w"}, {"shape", {1}}, {"dtype", "float32"}}}}}});
  EXPECT_THAT(errorOf(manifest),
              HasSubstr("model.json: /weightsManifest/0/paths/0: shard " +
                        dir.file("group1-shard1of1.bin") +
                        ": cannot open: No such file"));
}

TEST_F(TfjsWeightsTest, RefusesEscapingPaths) {
  writeFile(dir.file("w.bin"), bytesOf(std::vector<float>{1}));
  for (const char *path : {"/etc/passwd", "../w.bin", "a/../../w.bin", "C:\\w.bin"}) {
    json manifest = json::array(
        {{{"paths", {path}},
          {"weights", {{{"name", "w"}, {"shape", {1}}, {"dtype", "float32"}}}}}});
    EXPECT_THAT(errorOf(manifest),
                HasSubstr("/weightsManifest/0/paths/0: shard path '" +
                          std::string(path) + "' must be relative"));
  }
}

TEST_F(TfjsWeightsTest, RefusesBadShapesAndDtypes) {
  std::vector<uint8_t> four = bytesOf(std::vector<float>{1});
  EXPECT_STREQ(errorOf(single({{"name", "w"}, {"shape", {2, -1}},
                               {"dtype", "float32"}},
                              four))
                   .c_str(),
               "model.json: /weightsManifest/0/weights/0/shape: weight 'w': "
               "shape [2, -1] has a negative dimension");
  EXPECT_THAT(errorOf(single({{"name", "w"},
                              {"shape", {int64_t(1) << 40, int64_t(1) << 40}},
                              {"dtype", "float32"}},
                             four)),
              HasSubstr("weight 'w': shape [1099511627776, 1099511627776] has "
                        "more than"));
  EXPECT_THAT(errorOf(single({{"name", "w"}, {"shape", {"2"}},
                              {"dtype", "float32"}},
                             four)),
              HasSubstr("/weights/0/shape/0: expected an integer"));
  EXPECT_STREQ(errorOf(single({{"name", "w"}, {"shape", {1}},
                               {"dtype", "complex64"}},
                              four))
                   .c_str(),
               "model.json: /weightsManifest/0/weights/0/dtype: weight 'w': "
               "unsupported dtype 'complex64'");
  EXPECT_THAT(errorOf(single({{"name", "w"}, {"shape", {1}}, {"dtype", "float32"},
                              {"quantization", {{"dtype", "int4"}}}},
                             four)),
              HasSubstr("/weights/0/quantization: weight 'w': unsupported "
                        "quantization dtype 'int4'"));
  EXPECT_THAT(errorOf(single({{"name", "w"}, {"shape", {4}}, {"dtype", "float32"},
                              {"quantization", {{"dtype", "uint8"}, {"min", 0}}}},
                             four)),
              HasSubstr("/weights/0/quantization: missing required key "
                        "\"scale\""));
  EXPECT_THAT(errorOf(single({{"shape", {1}}, {"dtype", "float32"}}, four)),
              HasSubstr("/weights/0: missing required key \"name\""));
  EXPECT_THAT(errorOf(json::object()), HasSubstr("/weightsManifest: expected "
                                                 "an array, got an object"));
  EXPECT_THAT(errorOf(json::array({{{"weights", json::array()}}})),
              HasSubstr("/weightsManifest/0: missing required key \"paths\""));
}
