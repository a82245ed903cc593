//===- ZipArchive.h - Read-only, bounded access to ZIP members --*- C++ -*-===//
//
// A .keras file is a ZIP archive (members normally stored, deflate allowed).
// Member contents are untrusted: read() never returns or buffers more than
// the caller's cap, even when a member's header lies about its size, and
// CRC/consistency failures are reported rather than returning corrupt bytes.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_IMPORT_ZIPARCHIVE_H
#define KILN_IMPORT_ZIPARCHIVE_H

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct zip;

namespace kiln::import {

class ZipArchive {
public:
  /// Opens `path` read-only with libzip's consistency checks; ImportError if
  /// it is missing, empty, not a ZIP archive, truncated, inconsistent or
  /// lists a member name twice.
  explicit ZipArchive(const std::string &path);
  ~ZipArchive();
  ZipArchive(ZipArchive &&) noexcept;
  ZipArchive &operator=(ZipArchive &&) noexcept;
  ZipArchive(const ZipArchive &) = delete;
  ZipArchive &operator=(const ZipArchive &) = delete;

  const std::string &path() const { return path_; }
  /// "<archive path>!<member>", the display name used for a member's errors.
  std::string memberDisplayName(std::string_view member) const;

  /// Member names in central-directory order (directories included).
  const std::vector<std::string> &memberNames() const { return names_; }
  /// False for absent members and for unsafe names (see read()).
  bool contains(std::string_view name) const;
  /// Uncompressed size recorded in the archive (untrusted).
  uint64_t declaredSize(std::string_view name) const;

  /// The uncompressed content of member `name`. ImportError if the name is
  /// unsafe (see isSafeRelativePath), absent, declares more than `maxBytes`,
  /// decompresses to a size other than the declared one (reading stops as
  /// soon as it exceeds it), is encrypted or fails its CRC.
  std::vector<uint8_t> read(std::string_view name, uint64_t maxBytes) const;
  std::string readText(std::string_view name, uint64_t maxBytes) const;

private:
  struct Closer {
    void operator()(zip *archive) const;
  };
  /// Index of `name`, validated as described for read().
  uint64_t locate(std::string_view name) const;

  std::string path_;
  std::unique_ptr<zip, Closer> archive_;
  std::vector<std::string> names_;
};

} // namespace kiln::import

#endif // KILN_IMPORT_ZIPARCHIVE_H
