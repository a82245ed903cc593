//===- Hdf5Dataset.cpp - Reading weight datasets as float32 ---------------===//
//
// float32/float64 and integer datasets are converted by HDF5 itself (plain C
// conversions: round to nearest, overflow to +-inf). 16-bit floats are read
// as raw bits and decoded here: HDF5 1.10 has no half type, and h5py's
// float16 and Keras' bfloat16 (ml_dtypes, tagged with a dtype attribute) are
// custom layouts we want to decode exactly.
//
//===----------------------------------------------------------------------===//

#include "kiln/Import/Hdf5File.h"
#include "Hdf5Support.h"
#include "kiln/Import/HalfFloat.h"
#include "kiln/Import/ImportError.h"

namespace kiln::import {

using detail::canonicalHdf5Path;
using detail::H5Handle;
using detail::takeHdf5Error;

namespace {

std::string describeType(hid_t type) {
  size_t size = H5Tget_size(type);
  std::string kind;
  switch (H5Tget_class(type)) {
  case H5T_INTEGER: kind = "integer"; break;
  case H5T_FLOAT: kind = "float"; break;
  case H5T_STRING: kind = "string"; break;
  case H5T_BITFIELD: kind = "bitfield"; break;
  case H5T_OPAQUE: kind = "opaque"; break;
  case H5T_COMPOUND: kind = "compound"; break;
  case H5T_REFERENCE: kind = "reference"; break;
  case H5T_ENUM: kind = "enum (e.g. bool)"; break;
  case H5T_VLEN: kind = "variable-length"; break;
  case H5T_ARRAY: kind = "array"; break;
  default: kind = "unknown"; break;
  }
  return std::to_string(size * 8) + "-bit " + kind;
}

/// Whether a 2-byte HDF5 float type has the IEEE binary16 layout (what h5py
/// writes for numpy float16).
bool isIeeeHalf(hid_t type) {
  size_t signPos, expPos, expSize, mantPos, mantSize;
  if (H5Tget_fields(type, &signPos, &expPos, &expSize, &mantPos, &mantSize) < 0)
    return false;
  return H5Tget_size(type) == 2 && H5Tget_precision(type) == 16 &&
         H5Tget_offset(type) == 0 && signPos == 15 && expPos == 10 &&
         expSize == 5 && mantPos == 0 && mantSize == 10 &&
         H5Tget_ebias(type) == 15 && H5Tget_norm(type) == H5T_NORM_IMPLIED;
}

} // namespace

WeightArray Hdf5File::readArray(std::string_view datasetPath) const {
  std::string path = canonicalHdf5Path(datasetPath);
  ObjectKind kind = kindOf(path);
  if (kind == ObjectKind::Missing)
    fail(path, "dataset does not exist");
  if (kind != ObjectKind::Dataset)
    fail(path, "is not a dataset");

  H5Handle dataset(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid())
    fail(path, "cannot open dataset: " + takeHdf5Error());

  // Storage outside the file is refused, as Keras does: it could read
  // arbitrary files on this machine.
  H5Handle create(H5Dget_create_plist(dataset.get()), H5Pclose);
  if (!create.valid())
    fail(path, "cannot read dataset properties: " + takeHdf5Error());
  if (H5Pget_layout(create.get()) == H5D_VIRTUAL)
    fail(path, "virtual datasets are not supported");
  if (H5Pget_external_count(create.get()) != 0)
    fail(path, "datasets with external raw-data files are not supported");

  WeightArray array;
  H5Handle space(H5Dget_space(dataset.get()), H5Sclose);
  if (!space.valid())
    fail(path, "cannot read dataset shape: " + takeHdf5Error());
  switch (H5Sget_simple_extent_type(space.get())) {
  case H5S_SCALAR:
    break;
  case H5S_SIMPLE: {
    int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 0)
      fail(path, "cannot read dataset shape: " + takeHdf5Error());
    if (rank > kMaxWeightRank)
      fail(path, "rank " + std::to_string(rank) + " exceeds the limit of " +
                     std::to_string(kMaxWeightRank));
    std::vector<hsize_t> dims(static_cast<size_t>(rank));
    if (H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0)
      fail(path, "cannot read dataset shape: " + takeHdf5Error());
    for (hsize_t dim : dims) {
      if (dim > hsize_t(kMaxWeightElements))
        fail(path, "dimension " + std::to_string(dim) + " is too large");
      array.shape.push_back(static_cast<int64_t>(dim));
    }
    break;
  }
  case H5S_NULL:
    fail(path, "dataset has no data (null dataspace)");
  default:
    fail(path, "cannot read dataset shape: " + takeHdf5Error());
  }
  std::string whyNot;
  std::optional<uint64_t> count = checkedElementCount(array.shape, whyNot);
  if (!count)
    fail(path, whyNot);

  H5Handle type(H5Dget_type(dataset.get()), H5Tclose);
  if (!type.valid())
    fail(path, "cannot read dataset type: " + takeHdf5Error());
  H5T_class_t typeClass = H5Tget_class(type.get());
  size_t typeSize = H5Tget_size(type.get());
  bool isBfloat16 = stringAttribute(path, "dtype") == "bfloat16";
  bool isHalf = !isBfloat16 && typeClass == H5T_FLOAT && typeSize == 2;

  if (isBfloat16 &&
      !(typeSize == 2 && (typeClass == H5T_INTEGER || typeClass == H5T_OPAQUE)))
    fail(path, "is marked dtype=bfloat16 but stored as " +
                   describeType(type.get()) +
                   "; expected 16-bit integer or opaque");
  if (isHalf && !isIeeeHalf(type.get()))
    fail(path, "16-bit float type is not IEEE binary16");
  if (!isBfloat16 && !isHalf && typeClass != H5T_INTEGER &&
      !(typeClass == H5T_FLOAT && (typeSize == 4 || typeSize == 8)))
    fail(path, "unsupported element type " + describeType(type.get()));

  array.data.resize(static_cast<size_t>(*count));
  if (*count == 0)
    return array;

  if (!isBfloat16 && !isHalf) {
    if (H5Dread(dataset.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                array.data.data()) < 0)
      fail(path, "cannot read dataset: " + takeHdf5Error());
    return array;
  }

  // 16-bit patterns: read them in native byte order, then decode. Integer and
  // float types get the native order from HDF5; opaque data has no declared
  // order and is taken as written (numpy writes native little-endian).
  H5Handle memType(H5Tcopy(type.get()), H5Tclose);
  if (!memType.valid() ||
      (typeClass != H5T_OPAQUE &&
       H5Tset_order(memType.get(), H5Tget_order(H5T_NATIVE_UINT16)) < 0))
    fail(path, "cannot set up reading dataset: " + takeHdf5Error());
  std::vector<uint16_t> bits(static_cast<size_t>(*count));
  if (H5Dread(dataset.get(), memType.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
              bits.data()) < 0)
    fail(path, "cannot read dataset: " + takeHdf5Error());
  for (size_t i = 0; i < bits.size(); ++i)
    array.data[i] = isBfloat16 ? bfloat16ToFloat(bits[i]) : halfToFloat(bits[i]);
  return array;
}

} // namespace kiln::import
