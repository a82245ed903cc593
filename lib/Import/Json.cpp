//===- Json.cpp -----------------------------------------------------------===//

#include "kiln/Import/Json.h"
#include "kiln/Import/FileIO.h"
#include "kiln/Import/ImportError.h"

#include <array>
#include <cmath>
#include <limits>

namespace kiln::import {

using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 3> kNonFiniteTokens = {
    "-Infinity", "Infinity", "NaN"};

/// Rewrites Python's NaN / Infinity / -Infinity tokens outside strings into
/// JSON strings; std::nullopt when there are none.
std::optional<std::string> quoteNonFiniteTokens(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  bool changed = false;
  bool inString = false;
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (inString) {
      size_t length = (c == '\\' && i + 1 < text.size()) ? 2 : 1;
      out.append(text.substr(i, length));
      inString = c != '"';
      i += length;
      continue;
    }
    if (c == '"') {
      inString = true;
      out += c;
      ++i;
      continue;
    }
    bool matched = false;
    for (std::string_view token : kNonFiniteTokens) {
      if (text.substr(i, token.size()) == token) {
        out += '"';
        out.append(token);
        out += '"';
        i += token.size();
        matched = changed = true;
        break;
      }
    }
    if (!matched) {
      out += c;
      ++i;
    }
  }
  if (!changed)
    return std::nullopt;
  return out;
}

/// nlohmann messages start with "[json.exception.parse_error.101] " and may
/// quote a whole (possibly huge) token after "last read:"; keep them short.
std::string conciseMessage(const std::string &message) {
  constexpr size_t kMaxLength = 240;
  std::string text = message;
  if (!text.empty() && text[0] == '[') {
    size_t end = text.find("] ");
    if (end != std::string::npos)
      text = text.substr(end + 2);
  }
  if (text.size() > kMaxLength)
    text = text.substr(0, kMaxLength - 3) + "...";
  return text;
}

json parseChecked(std::string_view text, const std::string &displayName) {
  json::parser_callback_t limitDepth = [&](int depth, json::parse_event_t event,
                                           json &) {
    if ((event == json::parse_event_t::object_start ||
         event == json::parse_event_t::array_start) &&
        depth >= kMaxJsonDepth)
      throw ImportError(displayName, "JSON nesting deeper than " +
                                         std::to_string(kMaxJsonDepth) +
                                         " levels");
    return true;
  };
  return json::parse(text.begin(), text.end(), limitDepth);
}

/// "a string (\"10\")": the JSON type with a short excerpt of the value.
std::string describe(const json &value) {
  std::string kind;
  switch (value.type()) {
  case json::value_t::null:
    return "null";
  case json::value_t::object:
    return "an object";
  case json::value_t::array:
    return "an array";
  case json::value_t::string:
    kind = "a string";
    break;
  case json::value_t::boolean:
    kind = "a boolean";
    break;
  default:
    kind = "a number";
    break;
  }
  std::string excerpt =
      value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (excerpt.size() > 40)
    excerpt = excerpt.substr(0, 37) + "...";
  return kind + " (" + excerpt + ")";
}

[[noreturn]] void failType(const json &value, const JsonPath &at,
                           const char *expected) {
  at.fail(std::string("expected ") + expected + ", got " + describe(value));
}

} // namespace

json parseJsonText(std::string_view text, const std::string &displayName) {
  try {
    return parseChecked(text, displayName);
  } catch (const json::exception &strictError) {
    std::optional<std::string> rewritten = quoteNonFiniteTokens(text);
    try {
      if (rewritten)
        return parseChecked(*rewritten, displayName);
      throw;
    } catch (const json::parse_error &error) {
      // Positions refer to the rewritten text when NaN/Infinity were quoted;
      // they shift by at most two bytes per such token.
      throw ImportError(displayName, "invalid JSON (byte " +
                                         std::to_string(error.byte) + "): " +
                                         conciseMessage(error.what()));
    } catch (const json::exception &error) {
      throw ImportError(displayName,
                        "invalid JSON: " + conciseMessage(error.what()));
    }
  }
}

json parseJsonFile(const std::string &path, uint64_t maxBytes) {
  return parseJsonText(readFileText(path, maxBytes), path);
}

JsonPath JsonPath::operator/(std::string_view key) const {
  // RFC 6901 escaping; TF.js weight names contain '/'.
  std::string escaped;
  for (char c : key) {
    if (c == '~')
      escaped += "~0";
    else if (c == '/')
      escaped += "~1";
    else
      escaped += c;
  }
  return JsonPath(file_, pointer_ + "/" + escaped);
}

JsonPath JsonPath::operator/(size_t index) const {
  return JsonPath(file_, pointer_ + "/" + std::to_string(index));
}

void JsonPath::fail(const std::string &reason) const {
  throw ImportError(file_, pointer_.empty() ? reason : pointer_ + ": " + reason);
}

const json &expectObject(const json &value, const JsonPath &at) {
  if (!value.is_object())
    failType(value, at, "an object");
  return value;
}

const json &expectArray(const json &value, const JsonPath &at) {
  if (!value.is_array())
    failType(value, at, "an array");
  return value;
}

std::string asString(const json &value, const JsonPath &at) {
  if (!value.is_string())
    failType(value, at, "a string");
  return value.get<std::string>();
}

int64_t asInt(const json &value, const JsonPath &at) {
  if (value.is_number_integer() && !value.is_number_unsigned())
    return value.get<int64_t>();
  if (value.is_number_unsigned()) {
    uint64_t unsignedValue = value.get<uint64_t>();
    if (unsignedValue <= uint64_t(std::numeric_limits<int64_t>::max()))
      return static_cast<int64_t>(unsignedValue);
  } else if (value.is_number_float()) {
    double number = value.get<double>();
    // 2^63 is exactly representable; anything in [-2^63, 2^63) fits.
    if (std::isfinite(number) && number == std::floor(number) &&
        number >= -9223372036854775808.0 && number < 9223372036854775808.0)
      return static_cast<int64_t>(number);
  }
  failType(value, at, "an integer");
}

double asNumber(const json &value, const JsonPath &at) {
  if (value.is_number())
    return value.get<double>();
  if (value.is_string()) {
    const std::string &text = value.get_ref<const std::string &>();
    if (text == "NaN")
      return std::numeric_limits<double>::quiet_NaN();
    if (text == "Infinity")
      return std::numeric_limits<double>::infinity();
    if (text == "-Infinity")
      return -std::numeric_limits<double>::infinity();
  }
  failType(value, at, "a number");
}

bool asBool(const json &value, const JsonPath &at) {
  if (!value.is_boolean())
    failType(value, at, "a boolean");
  return value.get<bool>();
}

const json *findMember(const json &obj, std::string_view key,
                       const JsonPath &at) {
  expectObject(obj, at);
  auto it = obj.find(std::string(key));
  return it == obj.end() ? nullptr : &*it;
}

const json &requireMember(const json &obj, std::string_view key,
                          const JsonPath &at) {
  if (const json *member = findMember(obj, key, at))
    return *member;
  at.fail("missing required key \"" + std::string(key) + "\"");
}

const json &requireObject(const json &obj, std::string_view key,
                          const JsonPath &at) {
  return expectObject(requireMember(obj, key, at), at / key);
}

const json &requireArray(const json &obj, std::string_view key,
                         const JsonPath &at) {
  return expectArray(requireMember(obj, key, at), at / key);
}

std::string requireString(const json &obj, std::string_view key,
                          const JsonPath &at) {
  return asString(requireMember(obj, key, at), at / key);
}

int64_t requireInt(const json &obj, std::string_view key, const JsonPath &at) {
  return asInt(requireMember(obj, key, at), at / key);
}

double requireNumber(const json &obj, std::string_view key,
                     const JsonPath &at) {
  return asNumber(requireMember(obj, key, at), at / key);
}

bool requireBool(const json &obj, std::string_view key, const JsonPath &at) {
  return asBool(requireMember(obj, key, at), at / key);
}

namespace {
/// The member, or nullptr when it is absent or null.
const json *findNonNull(const json &obj, std::string_view key,
                        const JsonPath &at) {
  const json *member = findMember(obj, key, at);
  return member && !member->is_null() ? member : nullptr;
}
} // namespace

std::optional<std::string> optionalString(const json &obj, std::string_view key,
                                          const JsonPath &at) {
  if (const json *member = findNonNull(obj, key, at))
    return asString(*member, at / key);
  return std::nullopt;
}

std::optional<int64_t> optionalInt(const json &obj, std::string_view key,
                                   const JsonPath &at) {
  if (const json *member = findNonNull(obj, key, at))
    return asInt(*member, at / key);
  return std::nullopt;
}

std::optional<double> optionalNumber(const json &obj, std::string_view key,
                                     const JsonPath &at) {
  if (const json *member = findNonNull(obj, key, at))
    return asNumber(*member, at / key);
  return std::nullopt;
}

std::optional<bool> optionalBool(const json &obj, std::string_view key,
                                 const JsonPath &at) {
  if (const json *member = findNonNull(obj, key, at))
    return asBool(*member, at / key);
  return std::nullopt;
}

} // namespace kiln::import
