//===- ImportError.h - Error type for malformed model files -----*- C++ -*-===//
//
// Every problem caused by the user's input (a corrupt archive, a missing
// dataset, a wrong JSON type) is reported by throwing ImportError. Its what()
// is one printable line, "<file>: <reason>", so a driver can print it as is;
// file() and reason() stay available so that a caller with more context (the
// model importer knows the layer name) can rebuild the line with a prefix.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_IMPORT_IMPORTERROR_H
#define KILN_IMPORT_IMPORTERROR_H

#include <stdexcept>
#include <string>

namespace kiln::import {

class ImportError : public std::runtime_error {
public:
  /// `file` is the display name of the offending file (for members of an
  /// archive, "archive.keras!member"); an empty file yields just the reason.
  /// Line breaks and other control characters are replaced by spaces so the
  /// message always stays on one line.
  ImportError(const std::string &file, const std::string &reason);
  ~ImportError() override;

  const std::string &file() const { return file_; }
  const std::string &reason() const { return reason_; }

  /// The same error with `prefix` put in front of the reason, e.g.
  /// withPrefix("layer 'dense_1'") -> "<file>: layer 'dense_1': <reason>".
  ImportError withPrefix(const std::string &prefix) const;

private:
  std::string file_;
  std::string reason_;
};

} // namespace kiln::import

#endif // KILN_IMPORT_IMPORTERROR_H
