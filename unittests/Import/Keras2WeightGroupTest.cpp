//===- Keras2WeightGroupTest.cpp ------------------------------------------===//

#include "Hdf5Fixtures.h"
#include "TestSupport.h"
#include "kiln/Import/Hdf5File.h"
#include "kiln/Import/Keras2WeightGroup.h"

#include <gmock/gmock.h>

using namespace kiln::import;
using namespace kiln::import::testing;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

/// A tf.keras full-model layout: /model_weights/<layer>/<weight name>.
void writeFullModel(const std::string &path) {
  H5Writer writer(path);
  writer.group("/model_weights");
  writer.fixedStrings("/model_weights", "layer_names",
                      {"input_1", "dense_1", "lstm"}, 7);
  writer.group("/model_weights/input_1");
  writer.emptyFloatArray("/model_weights/input_1", "weight_names");
  writer.floats("/model_weights/dense_1/dense_1/kernel:0", {2, 2}, {1, 2, 3, 4});
  writer.floats("/model_weights/dense_1/dense_1/bias:0", {2}, {5, 6});
  // weight_names order, not alphabetical order, decides.
  writer.fixedStrings("/model_weights/dense_1", "weight_names",
                      {"dense_1/kernel:0", "dense_1/bias:0"}, 16);
  writer.floats("/model_weights/lstm/lstm/lstm_cell/kernel:0", {1, 4},
                {1, 1, 1, 1});
  writer.vlenStrings("/model_weights/lstm", "weight_names",
                     {"lstm/lstm_cell/kernel:0", "lstm/lstm_cell/bias:0"});
}

} // namespace

TEST(Keras2WeightGroupTest, ReadsWeightsInWeightNamesOrder) {
  TempDir dir;
  writeFullModel(dir.file("m.h5"));
  Hdf5File file = Hdf5File::open(dir.file("m.h5"));
  std::vector<NamedWeight> dense =
      readKeras2WeightGroup(file, "/model_weights/dense_1");
  ASSERT_EQ(dense.size(), 2u);
  EXPECT_EQ(dense[0].name, "dense_1/kernel:0");
  EXPECT_THAT(dense[0].array.shape, ElementsAre(2, 2));
  EXPECT_THAT(dense[0].array.data, ElementsAre(1, 2, 3, 4));
  EXPECT_EQ(dense[1].name, "dense_1/bias:0");
  EXPECT_THAT(dense[1].array.data, ElementsAre(5, 6));
  EXPECT_TRUE(readKeras2WeightGroup(file, "model_weights/input_1").empty());
}

TEST(Keras2WeightGroupTest, ReadsSaveWeightsLayoutAtRoot) {
  TempDir dir;
  {
    H5Writer writer(dir.file("w.h5"));
    writer.fixedStrings("/", "layer_names", {"dense"}, 5);
    writer.floats("/dense/dense/kernel:0", {1}, {3});
    writer.fixedStrings("/dense", "weight_names", {"dense/kernel:0"}, 14);
  }
  Hdf5File file = Hdf5File::open(dir.file("w.h5"));
  std::vector<NamedWeight> weights = readKeras2WeightGroup(file, "/dense");
  ASSERT_EQ(weights.size(), 1u);
  EXPECT_EQ(weights[0].name, "dense/kernel:0");
  EXPECT_THAT(weights[0].array.data, ElementsAre(3));
}

TEST(Keras2WeightGroupTest, ReportsMissingPieces) {
  TempDir dir;
  std::string path = dir.file("m.h5");
  writeFullModel(path);
  Hdf5File file = Hdf5File::open(path);
  EXPECT_STREQ(importErrorOf([&] {
                 readKeras2WeightGroup(file, "/model_weights/lstm");
               }).c_str(),
               (path + ": /model_weights/lstm: weight_names lists "
                       "'lstm/lstm_cell/bias:0' but there is no dataset "
                       "/model_weights/lstm/lstm/lstm_cell/bias:0")
                   .c_str());
  EXPECT_THAT(importErrorOf([&] {
                readKeras2WeightGroup(file, "/model_weights/dense_9");
              }),
              HasSubstr("/model_weights/dense_9: layer weight group does not "
                        "exist"));
}
