//===- Json.h - JSON parsing and typed access with one-line errors -*- C++ -*-===//
//
// Keras configs (config.json, model_config attributes, TF.js model.json) are
// parsed with nlohmann::json. Parse errors and type mismatches become
// ImportErrors that say where the problem is:
//   "model.keras!config.json: /config/layers/3/config/units: expected an
//    integer, got a string (\"10\")"
//
// Python's json module writes NaN, Infinity and -Infinity for non-finite
// floats (allow_nan=True is its default), which is not JSON. The parser
// accepts those tokens outside strings by turning them into the strings
// "NaN", "Infinity", "-Infinity"; asNumber()/requireNumber() read those
// strings back as the corresponding doubles.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_IMPORT_JSON_H
#define KILN_IMPORT_JSON_H

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiln::import {

inline constexpr uint64_t kMaxJsonBytes = uint64_t(256) << 20;
/// Deeper nesting than any Keras config needs; the cap protects recursive
/// consumers of the parsed tree from stack exhaustion.
inline constexpr int kMaxJsonDepth = 512;

/// Parses the file at `path` (at most `maxBytes` bytes).
nlohmann::json parseJsonFile(const std::string &path,
                             uint64_t maxBytes = kMaxJsonBytes);
/// Parses `text`; `displayName` names it in error messages (for example
/// "model.keras!config.json" or "model.h5:/model_config").
nlohmann::json parseJsonText(std::string_view text,
                             const std::string &displayName);

/// Location of a JSON value for messages: a file display name plus an
/// RFC 6901 pointer ("" is the document root).
class JsonPath {
public:
  explicit JsonPath(std::string file, std::string pointer = "")
      : file_(std::move(file)), pointer_(std::move(pointer)) {}

  JsonPath operator/(std::string_view key) const;
  JsonPath operator/(size_t index) const;

  const std::string &file() const { return file_; }
  const std::string &pointer() const { return pointer_; }

  /// Throws ImportError(file, "<pointer>: <reason>").
  [[noreturn]] void fail(const std::string &reason) const;

private:
  std::string file_;
  std::string pointer_;
};

// Value accessors: `at` is the location of `value` itself.
const nlohmann::json &expectObject(const nlohmann::json &value,
                                   const JsonPath &at);
const nlohmann::json &expectArray(const nlohmann::json &value,
                                  const JsonPath &at);
std::string asString(const nlohmann::json &value, const JsonPath &at);
/// Integers; a float with an integral value (10.0) is accepted too.
int64_t asInt(const nlohmann::json &value, const JsonPath &at);
/// Numbers, plus the non-finite spellings described above.
double asNumber(const nlohmann::json &value, const JsonPath &at);
bool asBool(const nlohmann::json &value, const JsonPath &at);

// Member accessors: `obj` must be an object located at `at`; the member's
// location is at / key. require* throw when the member is absent;
// optional* return std::nullopt when it is absent or null.
const nlohmann::json *findMember(const nlohmann::json &obj,
                                 std::string_view key, const JsonPath &at);
const nlohmann::json &requireMember(const nlohmann::json &obj,
                                    std::string_view key, const JsonPath &at);
const nlohmann::json &requireObject(const nlohmann::json &obj,
                                    std::string_view key, const JsonPath &at);
const nlohmann::json &requireArray(const nlohmann::json &obj,
                                   std::string_view key, const JsonPath &at);
std::string requireString(const nlohmann::json &obj, std::string_view key,
                          const JsonPath &at);
int64_t requireInt(const nlohmann::json &obj, std::string_view key,
                   const JsonPath &at);
double requireNumber(const nlohmann::json &obj, std::string_view key,
                     const JsonPath &at);
bool requireBool(const nlohmann::json &obj, std::string_view key,
                 const JsonPath &at);
std::optional<std::string> optionalString(const nlohmann::json &obj,
                                          std::string_view key,
                                          const JsonPath &at);
std::optional<int64_t> optionalInt(const nlohmann::json &obj,
                                   std::string_view key, const JsonPath &at);
std::optional<double> optionalNumber(const nlohmann::json &obj,
                                     std::string_view key, const JsonPath &at);
std::optional<bool> optionalBool(const nlohmann::json &obj,
                                 std::string_view key, const JsonPath &at);

} // namespace kiln::import

#endif // KILN_IMPORT_JSON_H
