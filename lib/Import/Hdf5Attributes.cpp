//===- Hdf5Attributes.cpp - String attributes of HDF5 objects -------------===//
//
// h5py writes Python str attributes as variable-length UTF-8 strings and
// bytes / numpy byte arrays as fixed-length strings; Keras uses both for
// model_config, layer_names and weight_names, so both forms are accepted.
//
//===----------------------------------------------------------------------===//

#include "kiln/Import/Hdf5File.h"
#include "Hdf5Support.h"
#include "kiln/Import/ImportError.h"

#include <cstring>

namespace kiln::import {

using detail::canonicalHdf5Path;
using detail::H5Handle;
using detail::takeHdf5Error;

namespace {

/// Bounds on what one attribute may make us allocate. Keras' largest
/// attribute, model_config, is a few megabytes.
constexpr hssize_t kMaxAttributeStrings = hssize_t(1) << 24;
constexpr uint64_t kMaxAttributeBytes = uint64_t(256) << 20;

/// Frees the strings HDF5 allocated for a variable-length read, also when
/// copying them out throws.
class VlenReclaimer {
public:
  VlenReclaimer(hid_t type, hid_t space, std::vector<char *> &buffer)
      : type_(type), space_(space), buffer_(buffer) {}
  ~VlenReclaimer() {
    H5Dvlen_reclaim(type_, space_, H5P_DEFAULT, buffer_.data());
  }
  VlenReclaimer(const VlenReclaimer &) = delete;
  VlenReclaimer &operator=(const VlenReclaimer &) = delete;

private:
  hid_t type_;
  hid_t space_;
  std::vector<char *> &buffer_;
};

} // namespace

H5Handle Hdf5File::openAttribute(std::string_view objPath,
                                 std::string_view name) const {
  if (kindOf(objPath) == ObjectKind::Missing)
    fail(objPath, "object does not exist");
  std::string path = canonicalHdf5Path(objPath);
  H5Handle object(H5Oopen(file_, path.c_str(), H5P_DEFAULT), H5Oclose);
  if (!object.valid())
    fail(path, "cannot open object: " + takeHdf5Error());
  std::string attrName(name);
  htri_t found = H5Aexists(object.get(), attrName.c_str());
  if (found < 0)
    fail(path, "cannot look up attribute '" + attrName + "': " +
                   takeHdf5Error());
  if (found == 0)
    return H5Handle();
  H5Handle attr(H5Aopen(object.get(), attrName.c_str(), H5P_DEFAULT),
                H5Aclose);
  if (!attr.valid())
    fail(path, "cannot open attribute '" + attrName + "': " + takeHdf5Error());
  return attr;
}

std::vector<std::string> Hdf5File::readStrings(const H5Handle &attr,
                                               std::string_view objPath,
                                               std::string_view name) const {
  std::string what = "attribute '" + std::string(name) + "'";
  H5Handle type(H5Aget_type(attr.get()), H5Tclose);
  H5Handle space(H5Aget_space(attr.get()), H5Sclose);
  if (!type.valid() || !space.valid())
    fail(objPath, "cannot read " + what + ": " + takeHdf5Error());

  hssize_t count = 0;
  switch (H5Sget_simple_extent_type(space.get())) {
  case H5S_NULL:
    count = 0;
    break;
  case H5S_SCALAR:
    count = 1;
    break;
  case H5S_SIMPLE: {
    int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank > 1)
      fail(objPath, what + " has rank " + std::to_string(rank) +
                        "; expected a string or a list of strings");
    count = H5Sget_simple_extent_npoints(space.get());
    break;
  }
  default:
    fail(objPath, "cannot read the shape of " + what + ": " + takeHdf5Error());
  }
  // Keras writes an empty list as an empty float64 array: no strings, and
  // its type does not matter.
  if (count == 0)
    return {};
  if (count < 0 || count > kMaxAttributeStrings)
    fail(objPath, what + " has an implausible number of elements (" +
                      std::to_string(count) + ")");
  if (H5Tget_class(type.get()) != H5T_STRING)
    fail(objPath, what + " is not a string attribute");

  htri_t isVariable = H5Tis_variable_str(type.get());
  if (isVariable < 0)
    fail(objPath, "cannot read the type of " + what + ": " + takeHdf5Error());
  std::vector<std::string> strings;
  strings.reserve(static_cast<size_t>(count));

  if (isVariable) {
    H5Handle memType(H5Tcopy(H5T_C_S1), H5Tclose);
    if (!memType.valid() || H5Tset_size(memType.get(), H5T_VARIABLE) < 0 ||
        H5Tset_cset(memType.get(), H5Tget_cset(type.get())) < 0)
      fail(objPath, "cannot set up reading " + what + ": " + takeHdf5Error());
    std::vector<char *> pointers(static_cast<size_t>(count), nullptr);
    if (H5Aread(attr.get(), memType.get(), pointers.data()) < 0)
      fail(objPath, "cannot read " + what + ": " + takeHdf5Error());
    VlenReclaimer reclaim(memType.get(), space.get(), pointers);
    for (const char *text : pointers)
      strings.emplace_back(text ? text : "");
    return strings;
  }

  size_t size = H5Tget_size(type.get());
  if (size == 0 || static_cast<uint64_t>(count) > kMaxAttributeBytes / size)
    fail(objPath, what + " is too large (" + std::to_string(count) + " x " +
                      std::to_string(size) + " bytes)");
  std::vector<char> buffer(static_cast<size_t>(count) * size);
  // Fixed-length strings have no byte order: reading with the file type
  // copies the bytes unchanged.
  if (H5Aread(attr.get(), type.get(), buffer.data()) < 0)
    fail(objPath, "cannot read " + what + ": " + takeHdf5Error());
  bool spacePadded = H5Tget_strpad(type.get()) == H5T_STR_SPACEPAD;
  for (hssize_t i = 0; i < count; ++i) {
    const char *begin = buffer.data() + static_cast<size_t>(i) * size;
    std::string text(begin, strnlen(begin, size)); // NUL-padded or -terminated
    if (spacePadded)
      text.erase(text.find_last_not_of(' ') + 1);
    strings.push_back(std::move(text));
  }
  return strings;
}

bool Hdf5File::hasAttribute(std::string_view objPath,
                            std::string_view name) const {
  return openAttribute(objPath, name).valid();
}

std::optional<std::string>
Hdf5File::stringAttribute(std::string_view objPath,
                          std::string_view name) const {
  H5Handle attr = openAttribute(objPath, name);
  if (!attr.valid())
    return std::nullopt;
  std::vector<std::string> strings = readStrings(attr, objPath, name);
  if (strings.size() != 1)
    fail(objPath, "attribute '" + std::string(name) + "' holds " +
                      std::to_string(strings.size()) +
                      " strings; expected exactly one");
  return std::move(strings.front());
}

std::vector<std::string>
Hdf5File::stringListAttribute(std::string_view objPath,
                              std::string_view name) const {
  if (H5Handle attr = openAttribute(objPath, name); attr.valid())
    return readStrings(attr, objPath, name);
  // Keras splits attributes over HDF5's 64 KB object-header limit into
  // name0, name1, ... [save_attributes_to_hdf5_group].
  std::vector<std::string> all;
  for (size_t chunk = 0;; ++chunk) {
    std::string chunkName = std::string(name) + std::to_string(chunk);
    H5Handle piece = openAttribute(objPath, chunkName);
    if (!piece.valid())
      break;
    std::vector<std::string> strings = readStrings(piece, objPath, chunkName);
    all.insert(all.end(), std::make_move_iterator(strings.begin()),
               std::make_move_iterator(strings.end()));
  }
  return all;
}

} // namespace kiln::import
