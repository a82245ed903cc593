//===- Hdf5File.cpp - Opening files and walking the hierarchy -------------===//
//
// Attribute reading lives in Hdf5Attributes.cpp, dataset reading in
// Hdf5Dataset.cpp.
//
//===----------------------------------------------------------------------===//

#include "kiln/Import/Hdf5File.h"
#include "Hdf5Support.h"
#include "kiln/Import/FileIO.h"
#include "kiln/Import/ImportError.h"

#include <hdf5_hl.h>

#include <algorithm>

namespace kiln::import {

using detail::canonicalHdf5Path;
using detail::H5Handle;
using detail::takeHdf5Error;

Hdf5File Hdf5File::open(const std::string &path) {
  detail::silenceHdf5ErrorPrinting();
  regularFileSize(path); // a clear message for missing or special files
  H5Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  // Read-only use needs no locks, and locking fails on some network file
  // systems.
  if (!access.valid() || H5Pset_file_locking(access.get(), false, true) < 0)
    throw ImportError(path, "cannot set up HDF5 file access: " +
                                takeHdf5Error());
  hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, access.get());
  if (id < 0)
    throw ImportError(path, "not a readable HDF5 file: " + takeHdf5Error());
  return Hdf5File(id, path);
}

Hdf5File Hdf5File::openImage(const std::vector<uint8_t> &image,
                             std::string displayName) {
  detail::silenceHdf5ErrorPrinting();
  if (image.empty())
    throw ImportError(displayName, "empty file, not an HDF5 file");
  // Flags 0: HDF5 copies the image, read-only. Opening in place
  // (DONT_COPY | DONT_RELEASE) would save the copy but HDF5 1.10 leaks its
  // callback state on every such open.
  hid_t id = H5LTopen_file_image(const_cast<uint8_t *>(image.data()),
                                 image.size(), 0);
  if (id < 0)
    throw ImportError(displayName,
                      "not a readable HDF5 file: " + takeHdf5Error());
  return Hdf5File(id, std::move(displayName));
}

Hdf5File::Hdf5File(int64_t fileId, std::string displayName)
    : file_(fileId), displayName_(std::move(displayName)) {}

Hdf5File::~Hdf5File() { close(); }

Hdf5File::Hdf5File(Hdf5File &&other) noexcept
    : file_(other.file_), displayName_(std::move(other.displayName_)) {
  other.file_ = -1;
}

Hdf5File &Hdf5File::operator=(Hdf5File &&other) noexcept {
  if (this != &other) {
    close();
    file_ = other.file_;
    displayName_ = std::move(other.displayName_);
    other.file_ = -1;
  }
  return *this;
}

void Hdf5File::close() {
  if (file_ >= 0)
    H5Fclose(file_);
  file_ = -1;
}

void Hdf5File::fail(std::string_view objPath, const std::string &reason) const {
  throw ImportError(displayName_, canonicalHdf5Path(objPath) + ": " + reason);
}

Hdf5File::ObjectKind Hdf5File::kindOf(std::string_view path) const {
  ObjectKind kind = ObjectKind::Group; // the root
  std::string prefix;
  for (const std::string &part : detail::splitHdf5Path(path)) {
    // H5Lexists requires every intermediate link to resolve to a group, and
    // "." would alias the current group.
    if (kind != ObjectKind::Group || part == ".")
      return ObjectKind::Missing;
    prefix += "/" + part;
    htri_t found = H5Lexists(file_, prefix.c_str(), H5P_DEFAULT);
    if (found < 0)
      fail(prefix, "cannot look up link: " + takeHdf5Error());
    if (found == 0)
      return ObjectKind::Missing;
    H5L_info_t link;
    if (H5Lget_info(file_, prefix.c_str(), &link, H5P_DEFAULT) < 0)
      fail(prefix, "cannot read link: " + takeHdf5Error());
    if (link.type == H5L_TYPE_SOFT)
      fail(prefix, "is a soft link; Keras weight files use hard links only");
    if (link.type != H5L_TYPE_HARD)
      fail(prefix, "is an external or user-defined link; Keras weight files "
                   "use hard links only");
    H5O_info_t info;
    if (H5Oget_info_by_name2(file_, prefix.c_str(), &info, H5O_INFO_BASIC,
                             H5P_DEFAULT) < 0)
      fail(prefix, "cannot read object header: " + takeHdf5Error());
    kind = info.type == H5O_TYPE_GROUP     ? ObjectKind::Group
           : info.type == H5O_TYPE_DATASET ? ObjectKind::Dataset
                                           : ObjectKind::Other;
  }
  return kind;
}

bool Hdf5File::exists(std::string_view path) const {
  return kindOf(path) != ObjectKind::Missing;
}

bool Hdf5File::isGroup(std::string_view path) const {
  return kindOf(path) == ObjectKind::Group;
}

bool Hdf5File::isDataset(std::string_view path) const {
  return kindOf(path) == ObjectKind::Dataset;
}

namespace {
herr_t collectLinkName(hid_t, const char *name, const H5L_info_t *,
                       void *data) {
  try {
    static_cast<std::vector<std::string> *>(data)->emplace_back(name);
    return 0;
  } catch (...) { // must not unwind through HDF5's C frames
    return -1;
  }
}
} // namespace

std::vector<std::string> Hdf5File::children(std::string_view groupPath) const {
  ObjectKind kind = kindOf(groupPath);
  if (kind == ObjectKind::Missing)
    fail(groupPath, "group does not exist");
  if (kind != ObjectKind::Group)
    fail(groupPath, "is not a group");
  std::string path = canonicalHdf5Path(groupPath);
  H5Handle group(H5Gopen2(file_, path.c_str(), H5P_DEFAULT), H5Gclose);
  if (!group.valid())
    fail(path, "cannot open group: " + takeHdf5Error());
  std::vector<std::string> names;
  hsize_t position = 0;
  if (H5Literate(group.get(), H5_INDEX_NAME, H5_ITER_INC, &position,
                 collectLinkName, &names) < 0)
    fail(path, "cannot list group members: " + takeHdf5Error());
  std::sort(names.begin(), names.end());
  return names;
}

} // namespace kiln::import
