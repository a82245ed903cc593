//===- ImportError.cpp ----------------------------------------------------===//

#include "kiln/Import/ImportError.h"

namespace kiln::import {

namespace {

/// Messages may quote file content (names, JSON snippets, HDF5 text); keep
/// them on one printable line.
std::string oneLine(std::string text) {
  for (char &c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      c = ' ';
  return text;
}

std::string compose(const std::string &file, const std::string &reason) {
  return file.empty() ? reason : file + ": " + reason;
}

} // namespace

ImportError::ImportError(const std::string &file, const std::string &reason)
    : std::runtime_error(compose(oneLine(file), oneLine(reason))),
      file_(oneLine(file)), reason_(oneLine(reason)) {}

// Out of line so the vtable and type info live in this library.
ImportError::~ImportError() = default;

ImportError ImportError::withPrefix(const std::string &prefix) const {
  return ImportError(file_, prefix + ": " + reason_);
}

} // namespace kiln::import
