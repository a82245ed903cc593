//===- Inputs.cpp ---------------------------------------------------------===//
#include "Inputs.h"

#include <cstring>

namespace kiln::run {

namespace {

std::string inputList(const ModelLibrary &lib) {
  std::string s;
  for (size_t i = 0; i < lib.info->n_inputs; ++i)
    s += (i ? ", " : "") + lib.inputName(i);
  return s.empty() ? "none" : s;
}

/// For each model input, the file bound to it.
std::vector<std::string> matchFiles(const ModelLibrary &lib,
                                    const std::vector<InputArg> &args) {
  size_t n = lib.info->n_inputs;
  std::string model = "model '" + lib.modelName() + "'";
  std::vector<std::string> files(n);
  for (const InputArg &arg : args) {
    size_t index = n;
    if (arg.name.empty()) {
      if (n != 1)
        throw ToolError(arg.file,
                        "a bare --input FILE needs a single-input model, but " +
                            model + " has inputs: " + inputList(lib) +
                            " (use --input NAME=FILE)");
      index = 0;
    } else {
      for (size_t i = 0; i < n; ++i)
        if (lib.inputName(i) == arg.name)
          index = i;
      if (index == n)
        throw ToolError(lib.path, model + " has no input '" + arg.name +
                                      "' (inputs: " + inputList(lib) + ")");
    }
    if (!files[index].empty())
      throw ToolError(arg.file, "input '" + lib.inputName(index) +
                                    "' is already bound to " + files[index]);
    files[index] = arg.file;
  }
  for (size_t i = 0; i < n; ++i)
    if (files[i].empty())
      throw ToolError(lib.path, model + ": no file for input '" +
                                    lib.inputName(i) + "' (use --input " +
                                    lib.inputName(i) + "=FILE.npy)");
  return files;
}

} // namespace

BoundInputs bindInputs(const ModelLibrary &lib,
                       const std::vector<InputArg> &args) {
  std::vector<std::string> files = matchFiles(lib, args);
  BoundInputs bound;
  bound.arrays.reserve(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    auto dtype = static_cast<kiln_dtype>(lib.info->inputs[i].dtype);
    npy::Array array = npy::readNpy(files[i], dtype);
    if (array.shape.size() > KILN_MAX_RANK)
      throw ToolError(files[i], "has rank " + std::to_string(array.shape.size()) +
                                    ", more than Kiln's maximum of " +
                                    std::to_string(KILN_MAX_RANK));
    bound.arrays.push_back(std::move(array));
  }
  for (npy::Array &array : bound.arrays) {
    kiln_tensor t;
    std::memset(&t, 0, sizeof(t));
    t.data = array.data();
    t.dtype = array.dtype;
    t.rank = static_cast<int32_t>(array.shape.size());
    std::copy(array.shape.begin(), array.shape.end(), t.dims);
    bound.tensors.push_back(t);
  }
  return bound;
}

} // namespace kiln::run
