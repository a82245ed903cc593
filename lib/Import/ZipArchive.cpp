//===- ZipArchive.cpp -----------------------------------------------------===//

#include "kiln/Import/ZipArchive.h"
#include "kiln/Import/FileIO.h"
#include "kiln/Import/ImportError.h"
#include "kiln/Import/PathSafety.h"

#include <zip.h>

#include <algorithm>

namespace kiln::import {

namespace {

std::string libzipMessage(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string message = zip_error_strerror(&error);
  zip_error_fini(&error);
  return message;
}

std::string openFailureReason(int code) {
  switch (code) {
  case ZIP_ER_NOZIP:
    return "not a ZIP archive (no end-of-central-directory record; the file "
           "may be truncated)";
  case ZIP_ER_EXISTS: // duplicates are refused under ZIP_CHECKCONS
    return "corrupt ZIP archive: a member name appears more than once";
  case ZIP_ER_INCONS:
    return "corrupt or truncated ZIP archive (" + libzipMessage(code) + ")";
  case ZIP_ER_NOENT:
  case ZIP_ER_OPEN:
    return "cannot open: " + libzipMessage(code);
  default:
    return "cannot read ZIP archive: " + libzipMessage(code);
  }
}

struct FileCloser {
  void operator()(zip_file_t *file) const { zip_fclose(file); }
};

constexpr size_t kChunkBytes = 64 * 1024;

/// How much to allocate before reading a member. Deflate expands at most
/// ~1032:1 (stored members 1:1), so a declared size beyond that bound is a
/// lie and is not allocated up front; the buffer then grows only with data
/// actually read.
uint64_t initialReserve(const zip_stat_t &stat) {
  constexpr uint64_t kMaxDeflateRatio = 1032;
  if (!(stat.valid & ZIP_STAT_COMP_SIZE) ||
      stat.comp_size > (UINT64_MAX - kChunkBytes) / kMaxDeflateRatio)
    return stat.size;
  return std::min(stat.size, stat.comp_size * kMaxDeflateRatio + kChunkBytes);
}

/// The central-directory record of member `index`.
zip_stat_t statMember(zip_t *archive, uint64_t index,
                      const std::string &display) {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive, index, 0, &stat) != 0 ||
      !(stat.valid & ZIP_STAT_SIZE))
    throw ImportError(display, std::string("cannot read member header: ") +
                                   zip_strerror(archive));
  return stat;
}

} // namespace

void ZipArchive::Closer::operator()(zip *archive) const {
  // Read-only: discard, there is nothing to write back.
  zip_discard(archive);
}

ZipArchive::ZipArchive(const std::string &path) : path_(path) {
  // Clear messages for missing or special files, and libzip would open an
  // empty file as an empty archive.
  if (regularFileSize(path) == 0)
    throw ImportError(path_, "empty file, not a ZIP archive");
  int code = 0;
  zip_t *archive = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (!archive)
    throw ImportError(path_, openFailureReason(code));
  archive_.reset(archive);

  zip_int64_t count = zip_get_num_entries(archive, 0);
  if (count < 0)
    throw ImportError(path_, "cannot list ZIP members");
  names_.reserve(static_cast<size_t>(count));
  for (zip_int64_t i = 0; i < count; ++i) {
    const char *name = zip_get_name(archive, static_cast<zip_uint64_t>(i),
                                    ZIP_FL_ENC_GUESS);
    if (!name)
      throw ImportError(path_, "cannot read the name of ZIP member #" +
                                   std::to_string(i) + ": " +
                                   zip_strerror(archive));
    names_.emplace_back(name);
  }
}

ZipArchive::~ZipArchive() = default;
ZipArchive::ZipArchive(ZipArchive &&) noexcept = default;
ZipArchive &ZipArchive::operator=(ZipArchive &&) noexcept = default;

std::string ZipArchive::memberDisplayName(std::string_view member) const {
  return path_ + "!" + std::string(member);
}

bool ZipArchive::contains(std::string_view name) const {
  return isSafeRelativePath(name) &&
         std::find(names_.begin(), names_.end(), name) != names_.end();
}

uint64_t ZipArchive::locate(std::string_view name) const {
  if (!isSafeRelativePath(name))
    throw ImportError(path_, "refusing unsafe member name '" +
                                 std::string(name) + "'");
  auto it = std::find(names_.begin(), names_.end(), name);
  // Names are unique: libzip refuses duplicates when opening with
  // ZIP_CHECKCONS (readers disagree on which duplicate wins).
  if (it == names_.end())
    throw ImportError(path_, "no member named '" + std::string(name) + "'");
  return static_cast<uint64_t>(it - names_.begin());
}

uint64_t ZipArchive::declaredSize(std::string_view name) const {
  return statMember(archive_.get(), locate(name), memberDisplayName(name)).size;
}

std::vector<uint8_t> ZipArchive::read(std::string_view name,
                                      uint64_t maxBytes) const {
  uint64_t index = locate(name);
  std::string display = memberDisplayName(name);
  zip_stat_t stat = statMember(archive_.get(), index, display);
  if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
      stat.encryption_method != ZIP_EM_NONE)
    throw ImportError(display, "member is encrypted");
  uint64_t declared = stat.size;
  if (declared > maxBytes)
    throw ImportError(display, "member declares " + std::to_string(declared) +
                                   " bytes, more than the limit of " +
                                   std::to_string(maxBytes));

  std::unique_ptr<zip_file_t, FileCloser> file(
      zip_fopen_index(archive_.get(), index, 0));
  if (!file)
    throw ImportError(display, std::string("cannot open member: ") +
                                   zip_strerror(archive_.get()));

  std::vector<uint8_t> bytes;
  bytes.reserve(static_cast<size_t>(initialReserve(stat)));
  uint8_t chunk[kChunkBytes];
  while (true) {
    zip_int64_t got = zip_fread(file.get(), chunk, sizeof(chunk));
    if (got < 0)
      throw ImportError(display,
                        std::string("corrupt member: ") +
                            zip_error_strerror(zip_file_get_error(file.get())));
    if (got == 0)
      break;
    // A member whose data outgrows its header is corrupt or a zip bomb; stop
    // before buffering any more of it. declared <= maxBytes, so this also
    // enforces the caller's cap.
    if (static_cast<uint64_t>(got) > declared - bytes.size())
      throw ImportError(display, "member decompresses to more than its "
                                 "declared " +
                                     std::to_string(declared) + " bytes");
    bytes.insert(bytes.end(), chunk, chunk + got);
  }
  if (bytes.size() != declared)
    throw ImportError(display, "member is truncated: " +
                                   std::to_string(bytes.size()) + " of " +
                                   std::to_string(declared) + " bytes");
  return bytes;
}

std::string ZipArchive::readText(std::string_view name,
                                 uint64_t maxBytes) const {
  std::vector<uint8_t> bytes = read(name, maxBytes);
  return std::string(bytes.begin(), bytes.end());
}

} // namespace kiln::import
