//===- Options.h - kiln-run's command line --------------------------------===//
#ifndef KILN_TOOLS_KILN_RUN_OPTIONS_H
#define KILN_TOOLS_KILN_RUN_OPTIONS_H

#include <stdexcept>
#include <string>
#include <vector>

namespace kiln::run {

/// Every kiln-run failure: its message is "<subject>: <reason>", where the
/// subject is the file (or argument) at fault. main prints it as the one
/// line "kiln-run: error: <message>".
struct ToolError : std::runtime_error {
  ToolError(const std::string &subject, const std::string &reason)
      : std::runtime_error(subject + ": " + reason) {}
};

struct InputArg {
  std::string name; // empty for a bare "--input FILE.npy"
  std::string file;
};

struct Options {
  std::string library;
  std::vector<InputArg> inputs;
  std::string outputDir; // empty: do not write outputs
  int benchRuns = 0;     // 0: no benchmark
  int threads = -1;      // -1: leave the default
  bool help = false;
};

/// Parses argv; throws ToolError on bad usage.
Options parseOptions(int argc, char **argv);

extern const char *const kUsage;

} // namespace kiln::run

#endif // KILN_TOOLS_KILN_RUN_OPTIONS_H
