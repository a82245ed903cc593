//===- Hdf5File.h - Read-only, checked access to HDF5 files ------*- C++ -*-===//
//
// Keras stores weights (and, in legacy .h5 files, the model config) in HDF5.
// This wrapper exposes the handful of queries the importer needs and turns
// every HDF5 failure into an ImportError naming the file and the object path;
// HDF5's own error-stack printing is silenced process-wide on first use.
// Only hard links are followed: soft/external links, external raw-data
// storage and virtual datasets are refused, as the Keras loader does.
//
// Paths are HDF5 paths from the root; a leading '/' is optional.
// Not thread-safe (the serial HDF5 library is not).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_IMPORT_HDF5FILE_H
#define KILN_IMPORT_HDF5FILE_H

#include "kiln/Import/WeightArray.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::import {

namespace detail {
class H5Handle;
} // namespace detail

class Hdf5File {
public:
  /// Opens the file at `path` read-only.
  static Hdf5File open(const std::string &path);
  /// Opens an in-memory file image (for example model.weights.h5 read out of
  /// a .keras archive). HDF5 works on its own copy, so the caller may free
  /// `image` right away; `displayName` is used in messages, e.g.
  /// "model.keras!model.weights.h5".
  static Hdf5File openImage(const std::vector<uint8_t> &image,
                            std::string displayName);

  ~Hdf5File();
  Hdf5File(Hdf5File &&other) noexcept;
  Hdf5File &operator=(Hdf5File &&other) noexcept;
  Hdf5File(const Hdf5File &) = delete;
  Hdf5File &operator=(const Hdf5File &) = delete;

  const std::string &displayName() const { return displayName_; }

  /// Whether an object exists at `path`. Every prefix is checked in turn, so
  /// a missing or non-group intermediate component simply yields false; a
  /// soft or external link on the way is an ImportError.
  bool exists(std::string_view path) const;
  bool isGroup(std::string_view path) const;
  bool isDataset(std::string_view path) const;

  /// Names of the links in group `groupPath`, sorted bytewise.
  std::vector<std::string> children(std::string_view groupPath) const;

  /// Whether object `objPath` has an attribute called exactly `name`.
  bool hasAttribute(std::string_view objPath, std::string_view name) const;

  /// A scalar (or one-element) string attribute, fixed- or variable-length;
  /// fixed-length values end at their first NUL. std::nullopt if absent,
  /// ImportError if present but not a string.
  std::optional<std::string> stringAttribute(std::string_view objPath,
                                             std::string_view name) const;

  /// A 1-D array attribute of fixed- or variable-length strings. When `name`
  /// is absent, the chunks `name0`, `name1`, ... (written by Keras for
  /// attributes over 64 KB) are concatenated in numeric order. Absent
  /// entirely, or an empty array of any type -> {}.
  std::vector<std::string> stringListAttribute(std::string_view objPath,
                                               std::string_view name) const;

  /// Reads dataset `datasetPath` as float32: float16/32/64 and integer
  /// datasets are converted; a dataset with attribute dtype="bfloat16" holds
  /// 16-bit patterns (uint16/int16 or 2-byte opaque) decoded as bfloat16.
  /// Scalars get shape {}. Refuses rank > kMaxWeightRank and more than
  /// kMaxWeightElements elements.
  WeightArray readArray(std::string_view datasetPath) const;

private:
  Hdf5File(int64_t fileId, std::string displayName);

  enum class ObjectKind { Missing, Group, Dataset, Other };
  /// Walks `path` link by link from the root (hard links only).
  ObjectKind kindOf(std::string_view path) const;
  /// Attribute `name` of existing object `objPath`; an invalid handle when
  /// the object has no such attribute.
  detail::H5Handle openAttribute(std::string_view objPath,
                                 std::string_view name) const;
  /// All strings held by attribute `attr` (named `name` on `objPath`).
  std::vector<std::string> readStrings(const detail::H5Handle &attr,
                                       std::string_view objPath,
                                       std::string_view name) const;
  [[noreturn]] void fail(std::string_view objPath,
                         const std::string &reason) const;
  void close();

  int64_t file_ = -1; ///< hid_t of the open file
  std::string displayName_;
};

} // namespace kiln::import

#endif // KILN_IMPORT_HDF5FILE_H
