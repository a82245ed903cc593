//===- Hdf5Support.h - HDF5 handle ownership and error text -----*- C++ -*-===//
//
// Private to the Hdf5File implementation files.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORT_HDF5SUPPORT_H
#define KILN_LIB_IMPORT_HDF5SUPPORT_H

#include <hdf5.h>

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace kiln::import::detail {

// The public header stores hid_t as int64_t to keep hdf5.h out of it.
static_assert(std::is_same_v<hid_t, int64_t>, "hid_t is expected to be int64_t");

/// Turns off HDF5's automatic printing of its error stack to stderr (once per
/// process); failures are reported through ImportError instead.
void silenceHdf5ErrorPrinting();

/// Describes the error HDF5 just recorded ("unable to open file (file
/// signature not found)": outermost and innermost entries) and clears it.
std::string takeHdf5Error();

/// The non-empty components of an HDF5 path ("/a//b/" -> {"a", "b"}).
std::vector<std::string> splitHdf5Path(std::string_view path);
/// The path in the form used for HDF5 calls and messages: "/a/b", "/".
std::string canonicalHdf5Path(std::string_view path);

/// Owns one HDF5 identifier and closes it with the matching H5?close.
class H5Handle {
public:
  using Closer = herr_t (*)(hid_t);
  H5Handle() = default;
  H5Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~H5Handle() { reset(); }
  H5Handle(H5Handle &&other) noexcept : id_(other.id_), closer_(other.closer_) {
    other.id_ = H5I_INVALID_HID;
  }
  H5Handle &operator=(H5Handle &&other) noexcept {
    if (this != &other) {
      reset();
      id_ = other.id_;
      closer_ = other.closer_;
      other.id_ = H5I_INVALID_HID;
    }
    return *this;
  }
  H5Handle(const H5Handle &) = delete;
  H5Handle &operator=(const H5Handle &) = delete;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void reset() {
    if (id_ >= 0 && closer_)
      closer_(id_);
    id_ = H5I_INVALID_HID;
  }

private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

} // namespace kiln::import::detail

#endif // KILN_LIB_IMPORT_HDF5SUPPORT_H
