//===- Hdf5FileTest.cpp ---------------------------------------------------===//

#include "Hdf5Fixtures.h"
#include "TestSupport.h"
#include "kiln/Import/Hdf5File.h"

#include <gmock/gmock.h>

#include <cmath>
#include <limits>
#include <random>

using namespace kiln::import;
using namespace kiln::import::testing;
using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

class Hdf5FileTest : public ::testing::Test {
protected:
  TempDir dir;
  std::string path = dir.file("model.h5");
};

std::vector<float> values(const WeightArray &array) { return array.data; }

} // namespace

TEST_F(Hdf5FileTest, WalksTheHierarchy) {
  {
    H5Writer writer(path);
    writer.floats("/model_weights/dense_1/dense_1/kernel:0", {2, 3},
                  {1, 2, 3, 4, 5, 6});
    writer.group("/model_weights/b");
    writer.group("/model_weights/a");
    writer.group("/model_weights/C");
  }
  Hdf5File file = Hdf5File::open(path);
  EXPECT_EQ(file.displayName(), path);
  EXPECT_TRUE(file.exists("/"));
  EXPECT_TRUE(file.exists(""));
  EXPECT_TRUE(file.isGroup("/model_weights"));
  EXPECT_TRUE(file.isGroup("model_weights/dense_1/")); // slashes optional
  EXPECT_TRUE(file.isDataset("/model_weights/dense_1/dense_1/kernel:0"));
  EXPECT_FALSE(file.isGroup("/model_weights/dense_1/dense_1/kernel:0"));
  EXPECT_FALSE(file.exists("/model_weights/dense_2"));
  EXPECT_FALSE(file.exists("/nothing/at/all"));
  // A dataset cannot have children; asking is not an HDF5 error here.
  EXPECT_FALSE(file.exists("/model_weights/dense_1/dense_1/kernel:0/x"));
  EXPECT_FALSE(file.exists("/model_weights/./dense_1"));
  EXPECT_THAT(file.children("/model_weights"),
              ElementsAre("C", "a", "b", "dense_1"));
  EXPECT_THAT(file.children("/"), ElementsAre("model_weights"));
  EXPECT_TRUE(file.children("/model_weights/a").empty());
  EXPECT_STREQ(importErrorOf([&] { file.children("/model_weights/zz"); }).c_str(),
               (path + ": /model_weights/zz: group does not exist").c_str());
  EXPECT_THAT(importErrorOf([&] {
                file.children("/model_weights/dense_1/dense_1/kernel:0");
              }),
              HasSubstr("kernel:0: is not a group"));
}

TEST_F(Hdf5FileTest, StringAttributes) {
  {
    H5Writer writer(path);
    writer.group("/model_weights");
    writer.fixedStrings("/", "keras_version", {"2.15.0"}, 16, /*scalar=*/true);
    writer.vlenStrings("/", "backend", {"tensorflow"}, /*scalar=*/true);
    writer.vlenStrings("/", "model_config", {"{\"class_name\": \"Model\", \"name\": \"m\xc3\xb6\"}"}, true);
    writer.fixedStrings("/", "one_element", {"x"}, 4);
    writer.fixedStrings("/", "two", {"a", "b"}, 2);
    writer.intAttribute("/", "number", 3);
  }
  Hdf5File file = Hdf5File::open(path);
  EXPECT_EQ(file.stringAttribute("/", "keras_version"), "2.15.0");
  EXPECT_EQ(file.stringAttribute("/", "backend"), "tensorflow");
  EXPECT_EQ(file.stringAttribute("/", "model_config"),
            "{\"class_name\": \"Model\", \"name\": \"m\xc3\xb6\"}");
  EXPECT_EQ(file.stringAttribute("/", "one_element"), "x");
  EXPECT_EQ(file.stringAttribute("/", "training_config"), std::nullopt);
  EXPECT_EQ(file.stringAttribute("/model_weights", "backend"), std::nullopt);
  EXPECT_TRUE(file.hasAttribute("/", "backend"));
  EXPECT_FALSE(file.hasAttribute("/", "back"));
  EXPECT_STREQ(importErrorOf([&] { file.stringAttribute("/", "number"); }).c_str(),
               (path + ": /: attribute 'number' is not a string attribute")
                   .c_str());
  EXPECT_THAT(importErrorOf([&] { file.stringAttribute("/", "two"); }),
              HasSubstr("attribute 'two' holds 2 strings; expected exactly one"));
  EXPECT_THAT(importErrorOf([&] { file.stringAttribute("/missing", "x"); }),
              HasSubstr("/missing: object does not exist"));
}

TEST_F(Hdf5FileTest, StringListAttributes) {
  {
    H5Writer writer(path);
    writer.group("/fixed");
    writer.fixedStrings("/fixed", "layer_names", {"input_1", "dense", "dense_1"},
                        7);
    writer.group("/vlen");
    writer.vlenStrings("/vlen", "weight_names",
                       {"dense/kernel:0", "dense/bias:0"});
    writer.group("/chunked");
    writer.fixedStrings("/chunked", "layer_names0", {"a", "b"}, 1);
    writer.fixedStrings("/chunked", "layer_names1", {"c"}, 1);
    writer.vlenStrings("/chunked", "layer_names2", {"d", "e"});
    writer.fixedStrings("/chunked", "layer_names4", {"never read"}, 10);
    writer.group("/empty");
    writer.emptyFloatArray("/empty", "weight_names");
    writer.nullAttribute("/empty", "layer_names");
    writer.group("/wrong");
    writer.intAttribute("/wrong", "weight_names", 1);
  }
  Hdf5File file = Hdf5File::open(path);
  EXPECT_THAT(file.stringListAttribute("/fixed", "layer_names"),
              ElementsAre("input_1", "dense", "dense_1"));
  EXPECT_THAT(file.stringListAttribute("vlen", "weight_names"),
              ElementsAre("dense/kernel:0", "dense/bias:0"));
  EXPECT_THAT(file.stringListAttribute("/chunked", "layer_names"),
              ElementsAre("a", "b", "c", "d", "e"));
  EXPECT_TRUE(file.stringListAttribute("/empty", "weight_names").empty());
  EXPECT_TRUE(file.stringListAttribute("/empty", "layer_names").empty());
  EXPECT_TRUE(file.stringListAttribute("/fixed", "weight_names").empty());
  EXPECT_THAT(importErrorOf([&] { file.stringListAttribute("/wrong", "weight_names"); }),
              HasSubstr("/wrong: attribute 'weight_names' is not a string"));
}

TEST_F(Hdf5FileTest, ReadsNumericDatasets) {
  {
    H5Writer writer(path);
    writer.floats("/f32", {2, 3}, {1.5f, -2, 3, 4, 5, 6.25f});
    double doubles[3] = {0.1, -1e300, 1e-50};
    writer.dataset("/f64", H5T_IEEE_F64LE, {3}, H5T_NATIVE_DOUBLE, doubles);
    float bigEndian[2] = {7.5f, -0.125f};
    writer.dataset("/f32be", H5T_IEEE_F32BE, {2}, H5T_NATIVE_FLOAT, bigEndian);
    int32_t ints[4] = {-3, 0, 7, 1 << 24};
    writer.dataset("/i32", H5T_STD_I32LE, {2, 2}, H5T_NATIVE_INT32, ints);
    int64_t longs[2] = {int64_t(1) << 40, -5};
    writer.dataset("/i64", H5T_STD_I64BE, {2}, H5T_NATIVE_INT64, longs);
    uint8_t bytes[2] = {0, 255};
    writer.dataset("/u8", H5T_STD_U8LE, {2}, H5T_NATIVE_UINT8, bytes);
    float scalar = 0.75f;
    writer.dataset("/layers/bn/vars/4", H5T_IEEE_F32LE, {}, H5T_NATIVE_FLOAT,
                   &scalar);
    writer.dataset("/empty", H5T_IEEE_F32LE, {0, 3}, H5T_NATIVE_FLOAT, nullptr);
  }
  Hdf5File file = Hdf5File::open(path);
  WeightArray f32 = file.readArray("/f32");
  EXPECT_THAT(f32.shape, ElementsAre(2, 3));
  EXPECT_THAT(values(f32), ElementsAre(1.5f, -2, 3, 4, 5, 6.25f));
  WeightArray f64 = file.readArray("f64");
  EXPECT_THAT(f64.shape, ElementsAre(3));
  EXPECT_EQ(f64.data[0], 0.1f);
  EXPECT_EQ(f64.data[1], -std::numeric_limits<float>::infinity());
  EXPECT_EQ(f64.data[2], 0.0f);
  EXPECT_THAT(values(file.readArray("/f32be")), ElementsAre(7.5f, -0.125f));
  WeightArray i32 = file.readArray("/i32");
  EXPECT_THAT(i32.shape, ElementsAre(2, 2));
  EXPECT_THAT(values(i32), ElementsAre(-3, 0, 7, float(1 << 24)));
  EXPECT_THAT(values(file.readArray("/i64")),
              ElementsAre(float(int64_t(1) << 40), -5));
  EXPECT_THAT(values(file.readArray("/u8")), ElementsAre(0, 255));
  WeightArray scalar = file.readArray("/layers/bn/vars/4");
  EXPECT_TRUE(scalar.shape.empty());
  EXPECT_THAT(values(scalar), ElementsAre(0.75f));
  WeightArray empty = file.readArray("/empty");
  EXPECT_THAT(empty.shape, ElementsAre(0, 3));
  EXPECT_TRUE(empty.data.empty());
}

TEST_F(Hdf5FileTest, ReadsFloat16AndBfloat16) {
  {
    H5Writer writer(path);
    Owned half{createHalfType(), H5Tclose};
    uint16_t halfBits[5] = {0x3C00, 0xC000, 0x0001, 0x7BFF, 0xFC00};
    writer.dataset("/f16", half, {5}, half, halfBits);
    // Big-endian float16: HDF5 swaps the bytes for us.
    Owned halfBe{createHalfType(), H5Tclose};
    H5Tset_order(halfBe, H5T_ORDER_BE);
    writer.dataset("/f16be", halfBe, {2}, half, halfBits);

    uint16_t bf16Bits[3] = {0x3F80, 0xBF80, 0x4049}; // 1, -1, 3.140625
    writer.dataset("/bf16_u16", H5T_STD_U16LE, {3}, H5T_NATIVE_UINT16, bf16Bits);
    writer.vlenStrings("/bf16_u16", "dtype", {"bfloat16"}, true);
    writer.dataset("/bf16_i16", H5T_STD_I16LE, {3}, H5T_NATIVE_INT16, bf16Bits);
    writer.fixedStrings("/bf16_i16", "dtype", {"bfloat16"}, 8, true);
    // ml_dtypes.bfloat16 arrays are numpy void dtypes: h5py stores opaque.
    Owned opaque{H5Tcreate(H5T_OPAQUE, 2), H5Tclose};
    H5Tset_tag(opaque, "bfloat16");
    writer.dataset("/bf16_opaque", opaque, {1, 3}, opaque, bf16Bits);
    writer.vlenStrings("/bf16_opaque", "dtype", {"bfloat16"}, true);
    // A plain uint16 dataset (no dtype tag) is an integer.
    writer.dataset("/u16", H5T_STD_U16LE, {3}, H5T_NATIVE_UINT16, bf16Bits);
    // dtype=bfloat16 on a float32 dataset is inconsistent.
    writer.floats("/bf16_bad", {1}, {1});
    writer.vlenStrings("/bf16_bad", "dtype", {"bfloat16"}, true);
    // A 16-bit float that is not IEEE binary16.
    Owned odd{createHalfType(), H5Tclose};
    H5Tset_ebias(odd, 7);
    writer.dataset("/f16_odd", odd, {1}, odd, halfBits);
  }
  Hdf5File file = Hdf5File::open(path);
  EXPECT_THAT(values(file.readArray("/f16")),
              ElementsAre(1.0f, -2.0f, std::ldexp(1.0f, -24), 65504.0f,
                          -std::numeric_limits<float>::infinity()));
  EXPECT_THAT(values(file.readArray("/f16be")), ElementsAre(1.0f, -2.0f));
  EXPECT_THAT(values(file.readArray("/bf16_u16")),
              ElementsAre(1.0f, -1.0f, 3.140625f));
  EXPECT_THAT(values(file.readArray("/bf16_i16")),
              ElementsAre(1.0f, -1.0f, 3.140625f));
  WeightArray opaque = file.readArray("/bf16_opaque");
  EXPECT_THAT(opaque.shape, ElementsAre(1, 3));
  EXPECT_THAT(values(opaque), ElementsAre(1.0f, -1.0f, 3.140625f));
  EXPECT_THAT(values(file.readArray("/u16")),
              ElementsAre(16256.0f, 49024.0f, 16457.0f));
  EXPECT_THAT(importErrorOf([&] { file.readArray("/bf16_bad"); }),
              HasSubstr("/bf16_bad: is marked dtype=bfloat16 but stored as "
                        "32-bit float"));
  EXPECT_THAT(importErrorOf([&] { file.readArray("/f16_odd"); }),
              HasSubstr("not IEEE binary16"));
}

TEST_F(Hdf5FileTest, RefusesUnsupportedDatasets) {
  {
    H5Writer writer(path);
    writer.group("/group");
    Owned compound{H5Tcreate(H5T_COMPOUND, 8), H5Tclose};
    H5Tinsert(compound, "a", 0, H5T_NATIVE_FLOAT);
    H5Tinsert(compound, "b", 4, H5T_NATIVE_FLOAT);
    writer.dataset("/compound", compound, {1}, compound, nullptr);
    Owned boolean{H5Tenum_create(H5T_NATIVE_INT8), H5Tclose};
    int8_t no = 0, yes = 1;
    H5Tenum_insert(boolean, "FALSE", &no);
    H5Tenum_insert(boolean, "TRUE", &yes);
    writer.dataset("/bool", boolean, {2}, boolean, nullptr);
    Owned text{H5Tcopy(H5T_C_S1), H5Tclose};
    H5Tset_size(text, 4);
    writer.dataset("/text", text, {1}, text, nullptr);
    writer.dataset("/rank9", H5T_IEEE_F32LE, std::vector<hsize_t>(9, 1),
                   H5T_NATIVE_FLOAT, nullptr);
    // 2^33 elements declared; chunked so nothing is allocated on disk.
    Owned chunked{H5Pcreate(H5P_DATASET_CREATE), H5Pclose};
    hsize_t chunk[3] = {1, 1, 2};
    H5Pset_chunk(chunked, 3, chunk);
    writer.dataset("/huge", H5T_IEEE_F32LE, {1 << 16, 1 << 16, 2},
                   H5T_NATIVE_FLOAT, nullptr, chunked);
    Owned nullSpace{H5Screate(H5S_NULL), H5Sclose};
    Owned nullSet{H5Dcreate2(writer.id(), "/null", H5T_IEEE_F32LE, nullSpace,
                             H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                  H5Dclose};
  }
  Hdf5File file = Hdf5File::open(path);
  EXPECT_STREQ(importErrorOf([&] { file.readArray("/layers/x/vars/0"); }).c_str(),
               (path + ": /layers/x/vars/0: dataset does not exist").c_str());
  EXPECT_THAT(importErrorOf([&] { file.readArray("/group"); }),
              HasSubstr("/group: is not a dataset"));
  EXPECT_THAT(importErrorOf([&] { file.readArray("/compound"); }),
              HasSubstr("/compound: unsupported element type 64-bit compound"));
  EXPECT_THAT(importErrorOf([&] { file.readArray("/bool"); }),
              HasSubstr("unsupported element type 8-bit enum"));
  EXPECT_THAT(importErrorOf([&] { file.readArray("/text"); }),
              HasSubstr("unsupported element type 32-bit string"));
  EXPECT_THAT(importErrorOf([&] { file.readArray("/rank9"); }),
              HasSubstr("/rank9: rank 9 exceeds the limit of 8"));
  EXPECT_THAT(importErrorOf([&] { file.readArray("/huge"); }),
              HasSubstr("/huge: shape [65536, 65536, 2] has more than"));
  EXPECT_THAT(importErrorOf([&] { file.readArray("/null"); }),
              HasSubstr("null dataspace"));
}

TEST_F(Hdf5FileTest, RefusesLinksAndForeignStorage) {
  {
    H5Writer writer(path);
    writer.floats("/real/vars/0", {1}, {1});
    H5Lcreate_soft("/real", writer.id(), "/alias", H5P_DEFAULT, H5P_DEFAULT);
    H5Lcreate_soft("/nowhere", writer.id(), "/dangling", H5P_DEFAULT,
                   H5P_DEFAULT);
    H5Lcreate_external("other.h5", "/x", writer.id(), "/ext", H5P_DEFAULT,
                       H5P_DEFAULT);
    Owned external{H5Pcreate(H5P_DATASET_CREATE), H5Pclose};
    H5Pset_external(external, "/etc/passwd", 0, 16);
    writer.dataset("/external_storage", H5T_IEEE_F32LE, {4}, H5T_NATIVE_FLOAT,
                   nullptr, external);
    // A virtual dataset mapping /real/vars/0 of this very file.
    hsize_t one[1] = {1};
    Owned space{H5Screate_simple(1, one, nullptr), H5Sclose};
    Owned virt{H5Pcreate(H5P_DATASET_CREATE), H5Pclose};
    H5Pset_virtual(virt, space, ".", "/real/vars/0", space);
    writer.dataset("/virtual", H5T_IEEE_F32LE, {1}, H5T_NATIVE_FLOAT, nullptr,
                   virt);
  }
  Hdf5File file = Hdf5File::open(path);
  EXPECT_THAT(importErrorOf([&] { file.readArray("/alias/vars/0"); }),
              HasSubstr("/alias: is a soft link"));
  EXPECT_THAT(importErrorOf([&] { file.exists("/dangling"); }),
              HasSubstr("/dangling: is a soft link"));
  EXPECT_THAT(importErrorOf([&] { file.isGroup("/ext"); }),
              HasSubstr("/ext: is an external or user-defined link"));
  EXPECT_THAT(importErrorOf([&] { file.readArray("/external_storage"); }),
              HasSubstr("external raw-data files are not supported"));
  EXPECT_THAT(importErrorOf([&] { file.readArray("/virtual"); }),
              HasSubstr("/virtual: virtual datasets are not supported"));
  EXPECT_THAT(file.children("/"),
              ElementsAre("alias", "dangling", "ext", "external_storage",
                          "real", "virtual"));
}

TEST_F(Hdf5FileTest, OpensInMemoryImages) {
  {
    H5Writer writer(path);
    writer.floats("/layers/dense/vars/0", {2}, {0.5f, 1.5f});
    writer.vlenStrings("/layers/dense/vars", "name", {"dense"}, true);
  }
  Hdf5File file =
      Hdf5File::openImage(readBytes(path), "m.keras!model.weights.h5");
  EXPECT_EQ(file.displayName(), "m.keras!model.weights.h5");
  Hdf5File moved = std::move(file);
  EXPECT_THAT(values(moved.readArray("/layers/dense/vars/0")),
              ElementsAre(0.5f, 1.5f));
  EXPECT_EQ(moved.stringAttribute("/layers/dense/vars", "name"), "dense");
  Hdf5File other = Hdf5File::openImage(readBytes(path), "second");
  other = std::move(moved);
  EXPECT_EQ(other.displayName(), "m.keras!model.weights.h5");
  EXPECT_TRUE(other.isDataset("/layers/dense/vars/0"));
  EXPECT_STREQ(importErrorOf([&] {
                 other.readArray("/layers/dense_1/vars/0");
               }).c_str(),
               "m.keras!model.weights.h5: /layers/dense_1/vars/0: dataset "
               "does not exist");
}

TEST_F(Hdf5FileTest, RejectsNonHdf5Input) {
  EXPECT_THAT(importErrorOf([&] { Hdf5File::open(dir.file("absent.h5")); }),
              HasSubstr("absent.h5: cannot open: No such file"));
  writeFile(path, "PK\x03\x04 this is a zip, not hdf5");
  EXPECT_THAT(importErrorOf([&] { Hdf5File::open(path); }),
              HasSubstr(path + ": not a readable HDF5 file: "));
  EXPECT_THAT(importErrorOf([&] { Hdf5File::openImage({}, "x!w.h5"); }),
              HasSubstr("x!w.h5: empty file"));
  std::vector<uint8_t> garbage(4096);
  std::mt19937 random(42);
  for (uint8_t &byte : garbage)
    byte = uint8_t(random());
  EXPECT_THAT(importErrorOf([&] { Hdf5File::openImage(garbage, "x!w.h5"); }),
              HasSubstr("x!w.h5: not a readable HDF5 file"));
}

TEST_F(Hdf5FileTest, Hdf5DoesNotPrintItsErrorStack) {
  writeFile(path, "not hdf5");
  ::testing::internal::CaptureStderr();
  importErrorOf([&] { Hdf5File::open(path); });
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

namespace {
/// Opens a (possibly damaged) image and reads everything the intact file
/// has; any failure must be an ImportError.
void readEverything(const std::vector<uint8_t> &image) {
  Hdf5File file = Hdf5File::openImage(image, "cut.h5");
  file.stringListAttribute("/", "layer_names");
  file.stringAttribute("/", "model_config");
  for (const std::string &layer : file.children("/")) {
    file.stringListAttribute(layer, "weight_names");
    for (const std::string &name : file.children(layer))
      file.readArray(layer + "/" + name);
  }
}
} // namespace

TEST_F(Hdf5FileTest, TruncatedOrDamagedFilesFailCleanly) {
  {
    H5Writer writer(path);
    writer.fixedStrings("/", "layer_names", {"dense", "dense_1"}, 8);
    writer.vlenStrings("/", "model_config", {std::string(3000, 'x')}, true);
    std::vector<float> data(2000, 1.0f);
    writer.floats("/dense/kernel", {1000, 2}, data);
    writer.floats("/dense_1/kernel", {2000}, data);
    writer.fixedStrings("/dense", "weight_names", {"kernel"}, 6);
  }
  std::vector<uint8_t> whole = readBytes(path);
  readEverything(whole); // the intact file reads fine
  for (size_t size = 1; size < whole.size(); size += 331) {
    std::vector<uint8_t> cut(whole.begin(), whole.begin() + long(size));
    importErrorOf([&] { readEverything(cut); });
    std::string cutPath = dir.file("cut.h5");
    writeFile(cutPath, cut);
    importErrorOf([&] { Hdf5File::open(cutPath).readArray("/dense/kernel"); });
  }
}
