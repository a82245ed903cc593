//===- JsonTest.cpp -------------------------------------------------------===//

#include "TestSupport.h"
#include "kiln/Import/Json.h"

#include <gmock/gmock.h>

#include <cmath>

using namespace kiln::import;
using namespace kiln::import::testing;
using nlohmann::json;
using ::testing::HasSubstr;

TEST(JsonParseTest, ParsesText) {
  json value = parseJsonText(R"({"a": [1, 2.5, "x"], "b": null})", "t.json");
  EXPECT_EQ(value["a"][0], 1);
  EXPECT_TRUE(value["b"].is_null());
}

TEST(JsonParseTest, SyntaxErrorNamesLineAndByte) {
  std::string message = importErrorOf(
      [] { parseJsonText("{\n  \"a\": 1,\n  \"b\": [1 2]\n}", "cfg.json"); });
  EXPECT_THAT(message, HasSubstr("cfg.json: invalid JSON (byte "));
  EXPECT_THAT(message, HasSubstr("line 3, column"));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("[json.exception")));
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST(JsonParseTest, TruncatedAndEmptyInput) {
  EXPECT_THAT(importErrorOf([] { parseJsonText("{\"a\": [1, 2", "t.json"); }),
              HasSubstr("t.json: invalid JSON"));
  EXPECT_THAT(importErrorOf([] { parseJsonText("", "t.json"); }),
              HasSubstr("invalid JSON"));
  EXPECT_THAT(importErrorOf([] { parseJsonText("\xff\xfe", "t.json"); }),
              HasSubstr("invalid JSON"));
}

TEST(JsonParseTest, LongTokensAreNotQuotedInFull) {
  std::string unterminated = "{\"a\": \"" + std::string(100000, 'x');
  std::string message =
      importErrorOf([&] { parseJsonText(unterminated, "t.json"); });
  EXPECT_THAT(message, HasSubstr("invalid JSON"));
  EXPECT_LT(message.size(), 300u);
}

TEST(JsonParseTest, RejectsExcessiveNesting) {
  std::string deep(100000, '[');
  EXPECT_THAT(importErrorOf([&] { parseJsonText(deep, "deep.json"); }),
              HasSubstr("deep.json: JSON nesting deeper than"));
  std::string ok = std::string(100, '[') + std::string(100, ']');
  EXPECT_NO_THROW(parseJsonText(ok, "ok.json"));
}

TEST(JsonParseTest, AcceptsPythonNonFiniteFloats) {
  json value = parseJsonText(
      R"({"a": NaN, "b": [Infinity, -Infinity], "s": "NaN Infinity"})",
      "py.json");
  JsonPath at("py.json");
  EXPECT_TRUE(std::isnan(requireNumber(value, "a", at)));
  EXPECT_EQ(asNumber(value["b"][0], at), INFINITY);
  EXPECT_EQ(asNumber(value["b"][1], at), -INFINITY);
  EXPECT_EQ(value["s"], "NaN Infinity"); // strings untouched
}

TEST(JsonParseTest, NonFiniteRewriteKeepsRealErrors) {
  EXPECT_THAT(importErrorOf([] { parseJsonText("{\"a\": NaN,}", "t.json"); }),
              HasSubstr("invalid JSON"));
}

TEST(JsonParseTest, ParsesFileWithCap) {
  TempDir dir;
  writeFile(dir.file("m.json"), R"({"format": "layers-model"})");
  EXPECT_EQ(parseJsonFile(dir.file("m.json"))["format"], "layers-model");
  EXPECT_THAT(importErrorOf([&] { parseJsonFile(dir.file("m.json"), 8); }),
              HasSubstr("more than the limit"));
  EXPECT_THAT(importErrorOf([&] { parseJsonFile(dir.file("missing.json")); }),
              HasSubstr("missing.json: cannot open"));
  writeFile(dir.file("bad.json"), "{");
  EXPECT_THAT(importErrorOf([&] { parseJsonFile(dir.file("bad.json")); }),
              HasSubstr("bad.json: invalid JSON"));
}

TEST(JsonPathTest, BuildsEscapedPointers) {
  JsonPath root("m.json");
  EXPECT_EQ((root / "config" / "layers" / size_t(3)).pointer(),
            "/config/layers/3");
  EXPECT_EQ((root / "dense/kernel" / "a~b").pointer(), "/dense~1kernel/a~0b");
  EXPECT_STREQ(importErrorOf([&] { (root / "x").fail("boom"); }).c_str(),
               "m.json: /x: boom");
  EXPECT_STREQ(importErrorOf([&] { root.fail("boom"); }).c_str(),
               "m.json: boom");
}

class JsonAccessTest : public ::testing::Test {
protected:
  json obj = json::parse(R"({
    "units": 10, "big": 18446744073709551615, "float_int": 4.0,
    "ratio": 0.5, "name": "dense", "flag": true, "nothing": null,
    "list": [1, 2], "sub": {"k": 1}, "text_units": "10"})");
  JsonPath at{"config.json", "/config/layers/3/config"};
};

TEST_F(JsonAccessTest, TypedReads) {
  EXPECT_EQ(requireInt(obj, "units", at), 10);
  EXPECT_EQ(requireInt(obj, "float_int", at), 4);
  EXPECT_EQ(requireNumber(obj, "units", at), 10.0);
  EXPECT_EQ(requireNumber(obj, "ratio", at), 0.5);
  EXPECT_EQ(requireString(obj, "name", at), "dense");
  EXPECT_TRUE(requireBool(obj, "flag", at));
  EXPECT_EQ(requireArray(obj, "list", at).size(), 2u);
  EXPECT_EQ(requireObject(obj, "sub", at)["k"], 1);
  EXPECT_EQ(findMember(obj, "absent", at), nullptr);
  EXPECT_NE(findMember(obj, "nothing", at), nullptr);
}

TEST_F(JsonAccessTest, OptionalReads) {
  EXPECT_EQ(optionalInt(obj, "units", at), 10);
  EXPECT_EQ(optionalInt(obj, "absent", at), std::nullopt);
  EXPECT_EQ(optionalInt(obj, "nothing", at), std::nullopt);
  EXPECT_EQ(optionalString(obj, "nothing", at), std::nullopt);
  EXPECT_EQ(optionalBool(obj, "flag", at), true);
  EXPECT_EQ(optionalNumber(obj, "ratio", at), 0.5);
  EXPECT_THAT(importErrorOf([&] { optionalInt(obj, "name", at); }),
              HasSubstr("expected an integer"));
}

TEST_F(JsonAccessTest, WrongTypesGiveOneLinePointerMessages) {
  EXPECT_STREQ(importErrorOf([&] { requireInt(obj, "text_units", at); }).c_str(),
               "config.json: /config/layers/3/config/text_units: expected an "
               "integer, got a string (\"10\")");
  EXPECT_THAT(importErrorOf([&] { requireInt(obj, "ratio", at); }),
              HasSubstr("got a number (0.5)"));
  EXPECT_THAT(importErrorOf([&] { requireInt(obj, "big", at); }),
              HasSubstr("/big: expected an integer"));
  EXPECT_THAT(importErrorOf([&] { requireInt(obj, "flag", at); }),
              HasSubstr("got a boolean (true)"));
  EXPECT_THAT(importErrorOf([&] { requireString(obj, "nothing", at); }),
              HasSubstr("expected a string, got null"));
  EXPECT_THAT(importErrorOf([&] { requireArray(obj, "sub", at); }),
              HasSubstr("/sub: expected an array, got an object"));
  EXPECT_THAT(importErrorOf([&] { requireBool(obj, "absent", at); }),
              HasSubstr("/config/layers/3/config: missing required key "
                        "\"absent\""));
  EXPECT_THAT(importErrorOf([&] { requireInt(obj["list"], "x", at / "list"); }),
              HasSubstr("/list: expected an object, got an array"));
}

TEST_F(JsonAccessTest, LongValuesAreAbbreviated) {
  json long_string = {{"s", std::string(500, 'x')}};
  std::string message =
      importErrorOf([&] { requireInt(long_string, "s", at); });
  EXPECT_THAT(message, HasSubstr("..."));
  EXPECT_LT(message.size(), 150u);
}
