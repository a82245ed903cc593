//===- FileIO.h - Size-capped whole-file reads ------------------*- C++ -*-===//
//
// JSON configs and TF.js shards are read whole. The cap keeps a wrong path
// (a device, a multi-gigabyte file) from exhausting memory; failures are
// ImportErrors naming the path.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_IMPORT_FILEIO_H
#define KILN_IMPORT_FILEIO_H

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::import {

/// Size in bytes of the regular file at `path`; ImportError if it is missing,
/// unreadable or not a regular file.
uint64_t regularFileSize(const std::string &path);

/// The whole content of the regular file at `path`; ImportError if it is
/// larger than `maxBytes` or cannot be read completely.
std::vector<uint8_t> readFileBytes(const std::string &path, uint64_t maxBytes);
std::string readFileText(const std::string &path, uint64_t maxBytes);

} // namespace kiln::import

#endif // KILN_IMPORT_FILEIO_H
