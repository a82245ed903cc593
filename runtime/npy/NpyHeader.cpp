//===- NpyHeader.cpp - A strict parser for the .npy header dict -----------===//
#include "NpyHeader.h"

#include <cctype>
#include <set>
#include <stdexcept>

namespace kiln::npy {

namespace {

class HeaderParser {
public:
  explicit HeaderParser(std::string_view text) : text(text) {}

  NpyHeader parse() {
    NpyHeader h;
    std::set<std::string> seen;
    expect('{');
    while (!tryConsume('}')) {
      std::string key = parseString();
      if (!seen.insert(key).second)
        fail("duplicate key '" + key + "'");
      expect(':');
      if (key == "descr") {
        skipSpace();
        if (peek() == '[')
          fail("structured dtypes are not supported");
        h.descr = parseString();
      } else if (key == "fortran_order") {
        h.fortranOrder = parseBool();
      } else if (key == "shape") {
        h.shape = parseShape();
      } else {
        fail("unexpected key '" + key + "'");
      }
      if (!tryConsume(',')) {
        expect('}');
        break;
      }
    }
    skipSpace(); // NumPy pads with spaces and ends with '\n'
    if (pos != text.size())
      fail("unexpected text after the header dict");
    for (const char *key : {"descr", "fortran_order", "shape"})
      if (!seen.count(key))
        fail(std::string("missing key '") + key + "'");
    return h;
  }

private:
  [[noreturn]] void fail(const std::string &why) {
    throw std::runtime_error("malformed header: " + why);
  }

  void skipSpace() {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos])))
      ++pos;
  }
  char peek() const { return pos < text.size() ? text[pos] : '\0'; }
  bool tryConsume(char c) {
    skipSpace();
    if (peek() != c)
      return false;
    ++pos;
    return true;
  }
  void expect(char c) {
    if (!tryConsume(c))
      fail(pos < text.size() ? std::string("expected '") + c + "' at offset " +
                                   std::to_string(pos)
                             : std::string("ends early, expected '") + c + "'");
  }

  std::string parseString() {
    skipSpace();
    char quote = peek();
    if (quote != '\'' && quote != '"')
      fail("expected a quoted string at offset " + std::to_string(pos));
    size_t end = text.find(quote, pos + 1);
    if (end == std::string_view::npos)
      fail("unterminated string");
    std::string s(text.substr(pos + 1, end - pos - 1));
    if (s.find('\\') != std::string::npos)
      fail("escapes in strings are not supported");
    pos = end + 1;
    return s;
  }

  bool parseBool() {
    skipSpace();
    for (auto [word, value] : {std::pair{"True", true}, {"False", false}}) {
      std::string_view w(word);
      if (text.substr(pos, w.size()) == w) {
        pos += w.size();
        return value;
      }
    }
    fail("fortran_order must be True or False");
  }

  int64_t parseDim() {
    skipSpace();
    if (!std::isdigit(static_cast<unsigned char>(peek())))
      fail("shape entries must be non-negative integers");
    int64_t v = 0;
    while (std::isdigit(static_cast<unsigned char>(peek()))) {
      int digit = text[pos++] - '0';
      if (v > (kMaxNpyElements - digit) / 10)
        fail("shape entry too large");
      v = v * 10 + digit;
    }
    if (peek() == 'L') // Python 2 longs
      ++pos;
    return v;
  }

  std::vector<int64_t> parseShape() {
    std::vector<int64_t> shape;
    expect('(');
    while (!tryConsume(')')) {
      shape.push_back(parseDim());
      if (shape.size() > static_cast<size_t>(kMaxNpyRank))
        fail("more than " + std::to_string(kMaxNpyRank) + " dimensions");
      if (!tryConsume(',')) {
        expect(')');
        break;
      }
    }
    return shape;
  }

  std::string_view text;
  size_t pos = 0;
};

} // namespace

NpyHeader parseNpyHeader(std::string_view text) {
  return HeaderParser(text).parse();
}

std::string formatNpyHeader(const std::string &descr,
                            const std::vector<int64_t> &shape) {
  std::string s = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < shape.size(); ++i)
    s += std::to_string(shape[i]) + ", ";
  if (shape.size() > 1)
    s.erase(s.size() - 2); // "(2, 3)" but "(3,)" for 1-D
  else if (shape.size() == 1)
    s.erase(s.size() - 1);
  return s + "), }";
}

} // namespace kiln::npy
