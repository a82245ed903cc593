//===- ZipArchiveTest.cpp -------------------------------------------------===//
//
// Archives are written with libzip, then damaged byte by byte where a test
// needs a corrupt one.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"
#include "kiln/Import/ZipArchive.h"

#include <gmock/gmock.h>
#include <zip.h>

using namespace kiln::import;
using namespace kiln::import::testing;
using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

struct Member {
  std::string name;
  std::string data;
  bool deflate = false;
};

void writeZip(const std::string &path, const std::vector<Member> &members) {
  int code = 0;
  zip_t *archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  ASSERT_NE(archive, nullptr) << code;
  for (const Member &member : members) {
    zip_source_t *source = zip_source_buffer(archive, member.data.data(),
                                             member.data.size(), 0);
    zip_int64_t index =
        zip_file_add(archive, member.name.c_str(), source, ZIP_FL_ENC_UTF_8);
    ASSERT_GE(index, 0) << zip_strerror(archive);
    ASSERT_EQ(zip_set_file_compression(archive, index,
                                       member.deflate ? ZIP_CM_DEFLATE
                                                      : ZIP_CM_STORE,
                                       0),
              0);
  }
  ASSERT_EQ(zip_close(archive), 0);
}

uint32_t loadLE32(const uint8_t *p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 |
         uint32_t(p[3]) << 24;
}
void storeLE32(uint8_t *p, uint32_t value) {
  for (int i = 0; i < 4; ++i)
    p[i] = uint8_t(value >> (8 * i));
}

/// Rewrites the uncompressed-size field of every local and central header,
/// as a malicious archive would (single-member archives).
void forgeDeclaredSize(std::vector<uint8_t> &zip, uint32_t size) {
  for (size_t i = 0; i + 30 <= zip.size(); ++i) {
    uint32_t signature = loadLE32(&zip[i]);
    if (signature == 0x04034b50)
      storeLE32(&zip[i + 22], size);
    else if (signature == 0x02014b50)
      storeLE32(&zip[i + 24], size);
  }
}

size_t find(const std::vector<uint8_t> &bytes, const std::string &needle) {
  auto it = std::search(bytes.begin(), bytes.end(), needle.begin(),
                        needle.end());
  return it == bytes.end() ? std::string::npos : size_t(it - bytes.begin());
}

std::string pattern(size_t size) {
  std::string data(size, '\0');
  for (size_t i = 0; i < size; ++i)
    data[i] = char('a' + (i * 7 + i / 13) % 26);
  return data;
}

/// Opens the archive and reads every member; whatever goes wrong must be an
/// ImportError (importErrorOf fails the test otherwise).
std::string openAndReadAll(const std::string &path) {
  return importErrorOf([&] {
    ZipArchive archive(path);
    for (const std::string &name : archive.memberNames())
      archive.read(name, 1 << 24);
  });
}

class ZipArchiveTest : public ::testing::Test {
protected:
  TempDir dir;
  std::string path = dir.file("model.keras");
};

} // namespace

TEST_F(ZipArchiveTest, ReadsStoredAndDeflatedMembers) {
  std::string weights = pattern(200000);
  writeZip(path, {{"metadata.json", R"({"keras_version": "3.5.0"})"},
                  {"config.json", R"({"class_name": "Sequential"})"},
                  {"model.weights.h5", weights, /*deflate=*/true},
                  {"assets/vocab.txt", "a\nb\n", true}});
  ZipArchive archive(path);
  EXPECT_EQ(archive.path(), path);
  EXPECT_THAT(archive.memberNames(),
              ElementsAre("metadata.json", "config.json", "model.weights.h5",
                          "assets/vocab.txt"));
  EXPECT_TRUE(archive.contains("config.json"));
  EXPECT_TRUE(archive.contains("assets/vocab.txt"));
  EXPECT_FALSE(archive.contains("model.weights.npz"));
  EXPECT_EQ(archive.declaredSize("model.weights.h5"), weights.size());
  EXPECT_EQ(archive.readText("config.json", 1000),
            R"({"class_name": "Sequential"})");
  std::vector<uint8_t> bytes = archive.read("model.weights.h5", weights.size());
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()), weights);
  EXPECT_EQ(archive.readText("assets/vocab.txt", 4), "a\nb\n");
  EXPECT_EQ(archive.memberDisplayName("config.json"), path + "!config.json");

  ZipArchive moved = std::move(archive);
  EXPECT_EQ(moved.readText("metadata.json", 100).size(), 26u);
}

TEST_F(ZipArchiveTest, EmptyMember) {
  writeZip(path, {{"empty.txt", ""}});
  EXPECT_TRUE(ZipArchive(path).read("empty.txt", 0).empty());
}

TEST_F(ZipArchiveTest, CapRefusesLargerMembers) {
  writeZip(path, {{"config.json", pattern(1000)},
                  {"w.h5", pattern(5000), true}});
  ZipArchive archive(path);
  EXPECT_EQ(archive.read("config.json", 1000).size(), 1000u);
  EXPECT_STREQ(importErrorOf([&] { archive.read("config.json", 999); }).c_str(),
               (path + "!config.json: member declares 1000 bytes, more than "
                       "the limit of 999")
                   .c_str());
  EXPECT_THAT(importErrorOf([&] { archive.read("w.h5", 10); }),
              HasSubstr("declares 5000 bytes"));
}

TEST_F(ZipArchiveTest, MissingMember) {
  writeZip(path, {{"config.json", "{}"}});
  ZipArchive archive(path);
  EXPECT_STREQ(importErrorOf([&] { archive.read("model.weights.h5", 10); })
                   .c_str(),
               (path + ": no member named 'model.weights.h5'").c_str());
}

TEST_F(ZipArchiveTest, RefusesUnsafeNames) {
  writeZip(path, {{"../evil.txt", "x"}, {"ok.txt", "y"}});
  ZipArchive archive(path);
  EXPECT_THAT(archive.memberNames(), ElementsAre("../evil.txt", "ok.txt"));
  for (const char *name : {"../evil.txt", "/ok.txt", "a/../ok.txt", "./ok.txt",
                           "C:ok.txt", "a\\ok.txt", ""}) {
    EXPECT_FALSE(archive.contains(name)) << name;
    EXPECT_THAT(importErrorOf([&] { archive.read(name, 10); }),
                HasSubstr("refusing unsafe member name")) << name;
  }
}

TEST_F(ZipArchiveTest, RefusesDuplicateMembers) {
  writeZip(path, {{"config.json", "{\"a\": 1}"}, {"configXjson", "{\"a\": 2}"}});
  std::vector<uint8_t> bytes = readBytes(path);
  // Rename the second member in its local and central headers.
  for (size_t at; (at = find(bytes, "configXjson")) != std::string::npos;)
    bytes[at + 6] = '.';
  writeFile(path, bytes);
  EXPECT_STREQ(importErrorOf([&] { ZipArchive archive(path); }).c_str(),
               (path + ": corrupt ZIP archive: a member name appears more "
                       "than once")
                   .c_str());
}

TEST_F(ZipArchiveTest, NotAZipFile) {
  writeFile(path, std::string("\x89HDF\r\n\x1a\n not a zip at all", 26));
  EXPECT_STREQ(importErrorOf([&] { ZipArchive archive(path); }).c_str(),
               (path + ": not a ZIP archive (no end-of-central-directory "
                       "record; the file may be truncated)")
                   .c_str());
  writeFile(path, "");
  EXPECT_THAT(importErrorOf([&] { ZipArchive archive(path); }),
              HasSubstr("empty file, not a ZIP archive"));
}

TEST_F(ZipArchiveTest, MissingFile) {
  EXPECT_THAT(importErrorOf([&] { ZipArchive archive(dir.file("none.keras")); }),
              HasSubstr("none.keras: cannot open"));
  EXPECT_THAT(importErrorOf([&] { ZipArchive archive(dir.path()); }),
              HasSubstr("not a regular file"));
}

TEST_F(ZipArchiveTest, EveryTruncationIsAnError) {
  writeZip(path, {{"config.json", pattern(300)},
                  {"model.weights.h5", pattern(3000), true}});
  std::vector<uint8_t> whole = readBytes(path);
  std::string cut = dir.file("cut.keras");
  for (size_t size = 0; size < whole.size(); size += 5) {
    writeFile(cut, whole.data(), size);
    EXPECT_THAT(openAndReadAll(cut),
                AnyOf(HasSubstr("not a ZIP archive"), HasSubstr("corrupt"),
                      HasSubstr("truncated"), HasSubstr("empty file")))
        << "truncated to " << size << " of " << whole.size();
  }
}

TEST_F(ZipArchiveTest, CorruptStoredMemberFailsCrc) {
  std::string data = pattern(4000);
  writeZip(path, {{"model.weights.h5", data}});
  std::vector<uint8_t> bytes = readBytes(path);
  size_t at = find(bytes, data.substr(0, 64));
  ASSERT_NE(at, std::string::npos);
  bytes[at + 2000] ^= 0x01;
  writeFile(path, bytes);
  ZipArchive archive(path);
  EXPECT_THAT(importErrorOf([&] { archive.read("model.weights.h5", 1 << 20); }),
              HasSubstr("model.weights.h5: corrupt member: CRC error"));
}

TEST_F(ZipArchiveTest, CorruptDeflatedMemberFails) {
  writeZip(path, {{"config.json", pattern(50000), true}});
  std::vector<uint8_t> whole = readBytes(path);
  size_t dataStart = find(whole, "config.json") + 11; // after the local name
  size_t dataEnd = find(whole, std::string("PK\x01\x02", 4));
  ASSERT_LT(dataStart + 40, dataEnd);
  // Damage a few different spots in the compressed stream.
  for (size_t offset : {size_t(2), (dataEnd - dataStart) / 2,
                        dataEnd - dataStart - 3}) {
    std::vector<uint8_t> bytes = whole;
    bytes[dataStart + offset] ^= 0x5a;
    writeFile(path, bytes);
    EXPECT_THAT(openAndReadAll(path),
                AnyOf(HasSubstr("corrupt member"),
                      HasSubstr("decompresses to more than its declared")))
        << "flipped byte " << offset;
  }
}

TEST_F(ZipArchiveTest, ZipBombWithLyingSizeIsStopped) {
  // 64 MiB of zeros deflates to ~64 KB; the headers claim 1000 bytes.
  writeZip(path, {{"model.weights.h5", std::string(64 << 20, '\0'), true}});
  std::vector<uint8_t> bytes = readBytes(path);
  ASSERT_LT(bytes.size(), 1u << 20);
  forgeDeclaredSize(bytes, 1000);
  writeFile(path, bytes);
  EXPECT_THAT(openAndReadAll(path),
              AnyOf(HasSubstr("decompresses to more than its declared 1000 "
                              "bytes"),
                    HasSubstr("corrupt")));
}

TEST_F(ZipArchiveTest, HugeDeclaredSizeIsRefusedOrBounded) {
  writeZip(path, {{"model.weights.h5", pattern(100000), true}});
  std::vector<uint8_t> bytes = readBytes(path);
  forgeDeclaredSize(bytes, 0xFFFFFFF0u);
  writeFile(path, bytes);
  std::string message = importErrorOf([&] {
    ZipArchive archive(path);
    EXPECT_EQ(archive.declaredSize("model.weights.h5"), 0xFFFFFFF0u);
    EXPECT_THAT(importErrorOf([&] { archive.read("model.weights.h5", 1 << 20); }),
                HasSubstr("declares 4294967280 bytes, more than the limit"));
    // Even with no cap, the 4 GiB declaration is not allocated up front and
    // the real data falls short of it.
    archive.read("model.weights.h5", UINT64_MAX);
  });
  EXPECT_THAT(message, AnyOf(HasSubstr("truncated"), HasSubstr("corrupt")));
}
