//===- Keras2WeightGroup.h - Read one legacy Keras layer group --*- C++ -*-===//
//
// In legacy Keras 2 full-model .h5 files (/model_weights/<layer>) and Keras 2
// save_weights files (/<layer>), a layer's group carries a `weight_names`
// attribute; each name is a path relative to the group
// ("dense_1/kernel:0" -> /model_weights/dense_1/dense_1/kernel:0).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_IMPORT_KERAS2WEIGHTGROUP_H
#define KILN_IMPORT_KERAS2WEIGHTGROUP_H

#include "kiln/Import/WeightArray.h"

#include <string_view>
#include <vector>

namespace kiln::import {

class Hdf5File;

/// The weights of layer group `groupPath`, in `weight_names` order, each
/// with its name exactly as written. ImportError if the group is missing or a
/// listed dataset does not exist.
std::vector<NamedWeight> readKeras2WeightGroup(const Hdf5File &file,
                                               std::string_view groupPath);

} // namespace kiln::import

#endif // KILN_IMPORT_KERAS2WEIGHTGROUP_H
