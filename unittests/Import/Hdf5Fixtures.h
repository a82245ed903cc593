//===- Hdf5Fixtures.h - Writing small HDF5 files for tests ------*- C++ -*-===//
//
// Writes what h5py / Keras would write (fixed- and variable-length string
// attributes, float16 via a custom float type, ...) with the HDF5 C API, so
// no binary fixtures are committed.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_UNITTESTS_IMPORT_HDF5FIXTURES_H
#define KILN_UNITTESTS_IMPORT_HDF5FIXTURES_H

#include <hdf5.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace kiln::import::testing {

inline hid_t check(hid_t id, const char *what) {
  if (id < 0)
    throw std::runtime_error(std::string("HDF5 fixture: ") + what);
  return id;
}

/// Closes an id at scope exit.
struct Owned {
  hid_t id;
  herr_t (*close)(hid_t);
  ~Owned() { close(id); }
  operator hid_t() const { return id; }
};

/// The float16 type h5py creates for numpy float16.
inline hid_t createHalfType() {
  hid_t type = H5Tcopy(H5T_IEEE_F32LE);
  H5Tset_fields(type, 15, 10, 5, 0, 10);
  H5Tset_size(type, 2);
  H5Tset_ebias(type, 15);
  return type;
}

class H5Writer {
public:
  explicit H5Writer(const std::string &path)
      : file_(check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT,
                              H5P_DEFAULT),
                    "create file")) {}
  ~H5Writer() { H5Fclose(file_); }
  H5Writer(const H5Writer &) = delete;
  H5Writer &operator=(const H5Writer &) = delete;

  hid_t id() const { return file_; }

  void group(const std::string &path) {
    Owned lcpl{intermediateGroups(), H5Pclose};
    Owned group{check(H5Gcreate2(file_, path.c_str(), lcpl, H5P_DEFAULT,
                                 H5P_DEFAULT),
                      "create group"),
                H5Gclose};
  }

  /// Dataset of `fileType` with `dims` ({} = scalar), written from `data` of
  /// `memType` unless data is null.
  void dataset(const std::string &path, hid_t fileType,
               const std::vector<hsize_t> &dims, hid_t memType,
               const void *data, hid_t dcpl = H5P_DEFAULT) {
    Owned lcpl{intermediateGroups(), H5Pclose};
    Owned space{dims.empty() ? H5Screate(H5S_SCALAR)
                             : H5Screate_simple(int(dims.size()), dims.data(),
                                                nullptr),
                H5Sclose};
    Owned dataset{check(H5Dcreate2(file_, path.c_str(), fileType, space, lcpl,
                                   dcpl, H5P_DEFAULT),
                        "create dataset"),
                  H5Dclose};
    if (data)
      check(H5Dwrite(dataset, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
            "write dataset");
  }

  void floats(const std::string &path, const std::vector<hsize_t> &dims,
              const std::vector<float> &values) {
    dataset(path, H5T_IEEE_F32LE, dims, H5T_NATIVE_FLOAT, values.data());
  }

  /// Array (or, with scalar, single) attribute of fixed-length,
  /// NUL-padded strings of `width` bytes (numpy "S<width>").
  void fixedStrings(const std::string &objPath, const std::string &name,
                    const std::vector<std::string> &values, size_t width,
                    bool scalar = false) {
    Owned type{H5Tcopy(H5T_C_S1), H5Tclose};
    H5Tset_size(type, width);
    H5Tset_strpad(type, H5T_STR_NULLPAD);
    std::vector<char> buffer(values.size() * width, '\0');
    for (size_t i = 0; i < values.size(); ++i)
      std::memcpy(&buffer[i * width], values[i].data(),
                  std::min(width, values[i].size()));
    attribute(objPath, name, type, values.size(), scalar, buffer.data());
  }

  /// Variable-length UTF-8 strings (what h5py writes for Python str).
  void vlenStrings(const std::string &objPath, const std::string &name,
                   const std::vector<std::string> &values,
                   bool scalar = false) {
    Owned type{H5Tcopy(H5T_C_S1), H5Tclose};
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    std::vector<const char *> pointers;
    for (const std::string &value : values)
      pointers.push_back(value.c_str());
    attribute(objPath, name, type, values.size(), scalar, pointers.data());
  }

  /// What Keras writes for an empty name list: a float64 array of shape (0,).
  void emptyFloatArray(const std::string &objPath, const std::string &name) {
    attribute(objPath, name, H5T_IEEE_F64LE, 0, false, nullptr);
  }

  void nullAttribute(const std::string &objPath, const std::string &name) {
    Owned object{check(H5Oopen(file_, objPath.c_str(), H5P_DEFAULT), "open"),
                 H5Oclose};
    Owned space{H5Screate(H5S_NULL), H5Sclose};
    Owned attr{check(H5Acreate2(object, name.c_str(), H5T_STD_I32LE, space,
                                H5P_DEFAULT, H5P_DEFAULT),
                     "create attribute"),
               H5Aclose};
  }

  void intAttribute(const std::string &objPath, const std::string &name,
                    int value) {
    attribute(objPath, name, H5T_STD_I32LE, 1, true, &value, H5T_NATIVE_INT);
  }

  /// Attribute with `count` elements (or a scalar), written from `data`.
  void attribute(const std::string &objPath, const std::string &name,
                 hid_t type, size_t count, bool scalar, const void *data,
                 hid_t memType = -1) {
    Owned object{check(H5Oopen(file_, objPath.c_str(), H5P_DEFAULT), "open"),
                 H5Oclose};
    hsize_t dims[1] = {count};
    Owned space{scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, dims, nullptr),
                H5Sclose};
    Owned attr{check(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT,
                                H5P_DEFAULT),
                     "create attribute"),
               H5Aclose};
    if (data)
      check(H5Awrite(attr, memType >= 0 ? memType : type, data),
            "write attribute");
  }

private:
  static hid_t intermediateGroups() {
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    return lcpl;
  }

  hid_t file_;
};

} // namespace kiln::import::testing

#endif // KILN_UNITTESTS_IMPORT_HDF5FIXTURES_H
