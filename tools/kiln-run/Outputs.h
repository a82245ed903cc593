//===- Outputs.h - Showing and saving a model's outputs -------------------===//
#ifndef KILN_TOOLS_KILN_RUN_OUTPUTS_H
#define KILN_TOOLS_KILN_RUN_OUTPUTS_H

#include "ModelLibrary.h"

#include <cstdio>
#include <string>
#include <vector>

namespace kiln::run {

/// Prints "name: dtype [shape] values..." per output (a few values only).
void printOutputs(const ModelLibrary &lib,
                  const std::vector<kiln_tensor> &outputs, std::FILE *out);

/// Writes each output to DIR/<name>.npy, creating DIR. Names are made safe
/// as file names (characters other than [A-Za-z0-9._-] become '_') and
/// unique. Throws ToolError naming the file that could not be written.
void writeOutputs(const ModelLibrary &lib,
                  const std::vector<kiln_tensor> &outputs,
                  const std::string &dir);

/// The file name (without directory) of each output, in output order.
std::vector<std::string> outputFileNames(const ModelLibrary &lib);

} // namespace kiln::run

#endif // KILN_TOOLS_KILN_RUN_OUTPUTS_H
