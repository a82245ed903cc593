//===- TfjsWeights.h - Decode a TF.js weightsManifest -----------*- C++ -*-===//
//
// A TF.js layers model.json lists weight groups; each group's weights are
// stored back to back in its shard files, which are concatenated in `paths`
// order and sliced sequentially (a weight may straddle shards).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_IMPORT_TFJSWEIGHTS_H
#define KILN_IMPORT_TFJSWEIGHTS_H

#include "kiln/Import/Json.h"
#include "kiln/Import/WeightArray.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::import {

/// Upper bound on one group's total shard bytes.
inline constexpr uint64_t kMaxTfjsGroupBytes = uint64_t(16) << 30;

/// Decodes `weightsManifest` (the array under "weightsManifest"; `at` is its
/// location, e.g. JsonPath("model.json", "/weightsManifest")). Shard paths are
/// relative to `modelDir`; absolute paths and ".." are refused. Supported
/// dtypes: float32, int32, float16, bool, and `quantization` entries of dtype
/// uint8/uint16 (q * scale + min, rounded for int32 originals) or float16.
/// Returns the weights in manifest order.
std::vector<NamedWeight> readTfjsWeights(const nlohmann::json &weightsManifest,
                                         const std::string &modelDir,
                                         const JsonPath &at);

} // namespace kiln::import

#endif // KILN_IMPORT_TFJSWEIGHTS_H
