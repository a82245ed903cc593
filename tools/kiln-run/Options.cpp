//===- Options.cpp --------------------------------------------------------===//
#include "Options.h"

#include <cerrno>
#include <climits>
#include <cstdlib>

namespace kiln::run {

const char *const kUsage =
    "usage: kiln-run LIB.so [--input NAME=FILE.npy]... [--input FILE.npy]\n"
    "                [--output-dir DIR] [--bench N] [--threads N]\n"
    "\n"
    "Runs a model library built with `kiln-compile --emit=lib`.\n"
    "  --input NAME=FILE  bind the model input NAME (its Keras name) to FILE\n"
    "  --input FILE       the same, for a model with a single input\n"
    "  --output-dir DIR   write each output to DIR/<output name>.npy\n"
    "  --bench N          after a warm-up run, time N runs\n"
    "  --threads N        number of threads (0: default)\n";

namespace {

int parseCount(const std::string &flag, const std::string &text, int min) {
  errno = 0;
  char *end = nullptr;
  long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE || v < min ||
      v > INT_MAX)
    throw ToolError(flag, "expects an integer >= " + std::to_string(min) +
                              ", got '" + text + "'");
  return static_cast<int>(v);
}

InputArg parseInput(const std::string &text) {
  if (text.empty())
    throw ToolError("--input", "expects NAME=FILE.npy or FILE.npy");
  // Keras input names never contain '=', so the first '=' splits.
  size_t eq = text.find('=');
  if (eq == std::string::npos)
    return {"", text};
  if (eq == 0 || eq + 1 == text.size())
    throw ToolError("--input", "expects NAME=FILE.npy, got '" + text + "'");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

} // namespace

Options parseOptions(int argc, char **argv) {
  Options opts;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      opts.help = true;
      return opts;
    }
    // Options take their value as the next argument or after '='.
    auto value = [&](const std::string &flag) {
      std::string v;
      if (arg.size() > flag.size())
        v = arg.substr(flag.size() + 1); // "--flag=value"
      else if (i + 1 < argc)
        v = argv[++i];
      if (v.empty())
        throw ToolError(flag, "expects a value");
      return v;
    };
    auto is = [&](const std::string &flag) {
      return arg == flag || arg.compare(0, flag.size() + 1, flag + "=") == 0;
    };
    if (is("--input"))
      opts.inputs.push_back(parseInput(value("--input")));
    else if (is("--output-dir"))
      opts.outputDir = value("--output-dir");
    else if (is("--bench"))
      opts.benchRuns = parseCount("--bench", value("--bench"), 1);
    else if (is("--threads"))
      opts.threads = parseCount("--threads", value("--threads"), 0);
    else if (arg.size() > 1 && arg[0] == '-')
      throw ToolError(arg, "unknown option (see kiln-run --help)");
    else if (opts.library.empty())
      opts.library = arg;
    else
      throw ToolError(arg, "unexpected argument: the model library is '" +
                               opts.library + "'");
  }
  if (opts.library.empty())
    throw ToolError("usage", "no model library given (see kiln-run --help)");
  return opts;
}

} // namespace kiln::run
