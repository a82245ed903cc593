//===- TfjsWeights.cpp ----------------------------------------------------===//
//
// Decoding follows tfjs-core io_utils decodeWeights (TF.js 4.22): values are
// little-endian; affine-quantized values are q * scale + min computed in
// double (JavaScript numbers) and rounded to float32, or Math.round()ed when
// the weight's dtype is int32.
//
//===----------------------------------------------------------------------===//

#include "kiln/Import/TfjsWeights.h"
#include "kiln/Import/FileIO.h"
#include "kiln/Import/HalfFloat.h"
#include "kiln/Import/ImportError.h"
#include "kiln/Import/PathSafety.h"

#include <cmath>
#include <cstring>

namespace kiln::import {

using nlohmann::json;

namespace {

enum class Encoding { Float32, Int32, Float16, Bool, Uint8Affine, Uint16Affine };

size_t bytesPerElement(Encoding encoding) {
  switch (encoding) {
  case Encoding::Float32:
  case Encoding::Int32:
    return 4;
  case Encoding::Float16:
  case Encoding::Uint16Affine:
    return 2;
  case Encoding::Bool:
  case Encoding::Uint8Affine:
    return 1;
  }
  return 0;
}

struct WeightSpec {
  std::string name;
  std::vector<int64_t> shape;
  uint64_t count = 0;
  Encoding encoding = Encoding::Float32;
  double scale = 1.0, min = 0.0; // affine quantization
  bool roundToInt = false;       // quantized int32 weight
  uint64_t byteSize = 0;
};

WeightSpec parseWeightSpec(const json &entry, const JsonPath &at) {
  WeightSpec spec;
  spec.name = requireString(entry, "name", at);
  auto failWeight = [&](const JsonPath &where, const std::string &reason) {
    where.fail("weight '" + spec.name + "': " + reason);
  };

  JsonPath shapeAt = at / "shape";
  const json &shape = requireArray(entry, "shape", at);
  for (size_t i = 0; i < shape.size(); ++i)
    spec.shape.push_back(asInt(shape[i], shapeAt / i));
  std::string whyNot;
  std::optional<uint64_t> count = checkedElementCount(spec.shape, whyNot);
  if (!count)
    failWeight(shapeAt, whyNot);
  spec.count = *count;

  std::string dtype = requireString(entry, "dtype", at);
  const json *quantization = findMember(entry, "quantization", at);
  if (quantization && !quantization->is_null()) {
    JsonPath quantAt = at / "quantization";
    expectObject(*quantization, quantAt);
    std::string storedAs = requireString(*quantization, "dtype", quantAt);
    if (storedAs == "float16") {
      if (dtype != "float32")
        failWeight(quantAt, "float16 quantization requires dtype float32, "
                            "not '" + dtype + "'");
      spec.encoding = Encoding::Float16;
    } else if (storedAs == "uint8" || storedAs == "uint16") {
      if (dtype != "float32" && dtype != "int32")
        failWeight(quantAt, storedAs + " quantization of dtype '" + dtype +
                                "' is not supported");
      spec.encoding = storedAs == "uint8" ? Encoding::Uint8Affine
                                          : Encoding::Uint16Affine;
      spec.scale = requireNumber(*quantization, "scale", quantAt);
      spec.min = requireNumber(*quantization, "min", quantAt);
      spec.roundToInt = dtype == "int32";
    } else {
      failWeight(quantAt, "unsupported quantization dtype '" + storedAs + "'");
    }
  } else if (dtype == "float32") {
    spec.encoding = Encoding::Float32;
  } else if (dtype == "int32") {
    spec.encoding = Encoding::Int32;
  } else if (dtype == "float16") {
    spec.encoding = Encoding::Float16;
  } else if (dtype == "bool") {
    spec.encoding = Encoding::Bool;
  } else {
    failWeight(at / "dtype", "unsupported dtype '" + dtype + "'");
  }
  spec.byteSize = spec.count * bytesPerElement(spec.encoding);
  return spec;
}

uint16_t loadLE16(const uint8_t *p) { return uint16_t(p[0] | (p[1] << 8)); }

uint32_t loadLE32(const uint8_t *p) {
  return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) |
         (uint32_t(p[3]) << 24);
}

std::vector<float> decode(const WeightSpec &spec, const uint8_t *bytes) {
  std::vector<float> values(static_cast<size_t>(spec.count));
  auto dequantize = [&](double q) {
    double value = q * spec.scale + spec.min;
    return static_cast<float>(spec.roundToInt ? std::floor(value + 0.5)
                                              : value); // Math.round
  };
  for (size_t i = 0; i < values.size(); ++i) {
    switch (spec.encoding) {
    case Encoding::Float32: {
      uint32_t bits = loadLE32(bytes + 4 * i);
      std::memcpy(&values[i], &bits, sizeof(float));
      break;
    }
    case Encoding::Int32:
      values[i] = static_cast<float>(static_cast<int32_t>(loadLE32(bytes + 4 * i)));
      break;
    case Encoding::Float16:
      values[i] = halfToFloat(loadLE16(bytes + 2 * i));
      break;
    case Encoding::Bool:
      values[i] = bytes[i] ? 1.0f : 0.0f;
      break;
    case Encoding::Uint8Affine:
      values[i] = dequantize(bytes[i]);
      break;
    case Encoding::Uint16Affine:
      values[i] = dequantize(loadLE16(bytes + 2 * i));
      break;
    }
  }
  return values;
}

/// Shard path as written, minus the "./" prefix TF.js browser saves use.
std::string_view stripDotSlash(std::string_view path) {
  while (path.substr(0, 2) == "./")
    path.remove_prefix(2);
  return path;
}

/// Reads and concatenates one group's shards, which must hold exactly
/// `needed` bytes; `specs` is used to name the weight a short group cuts.
std::vector<uint8_t> readShards(const json &paths, const JsonPath &pathsAt,
                                const std::string &modelDir,
                                const std::vector<WeightSpec> &specs,
                                uint64_t needed) {
  std::vector<std::string> files;
  uint64_t available = 0;
  for (size_t i = 0; i < paths.size(); ++i) {
    std::string written = asString(paths[i], pathsAt / i);
    std::string_view relative = stripDotSlash(written);
    if (!isSafeRelativePath(relative))
      (pathsAt / i)
          .fail("shard path '" + written +
                "' must be relative to the model.json directory without '..'");
    files.push_back(modelDir.empty() ? std::string(relative)
                                     : modelDir + "/" + std::string(relative));
    try {
      available += regularFileSize(files.back());
    } catch (const ImportError &error) {
      (pathsAt / i).fail("shard " + error.file() + ": " + error.reason());
    }
  }
  if (available < needed) {
    uint64_t end = 0;
    for (const WeightSpec &spec : specs) {
      end += spec.byteSize;
      if (end > available)
        pathsAt.fail("shards hold " + std::to_string(available) +
                     " bytes but weight '" + spec.name + "' " +
                     shapeToString(spec.shape) + " ends at byte " +
                     std::to_string(end) + " (shard missing or truncated)");
    }
  }
  if (available > needed)
    pathsAt.fail("shards hold " + std::to_string(available) +
                 " bytes but the manifest's weights use only " +
                 std::to_string(needed) +
                 " (manifest and shards do not match)");

  std::vector<uint8_t> buffer;
  buffer.reserve(static_cast<size_t>(needed));
  for (const std::string &file : files) {
    // Capped at what is still missing, in case a file grew since its stat.
    std::vector<uint8_t> shard = readFileBytes(file, needed - buffer.size());
    buffer.insert(buffer.end(), shard.begin(), shard.end());
  }
  if (buffer.size() != needed)
    pathsAt.fail("shard files changed while being read");
  return buffer;
}

} // namespace

std::vector<NamedWeight> readTfjsWeights(const json &weightsManifest,
                                         const std::string &modelDir,
                                         const JsonPath &at) {
  expectArray(weightsManifest, at);
  std::vector<NamedWeight> result;
  for (size_t g = 0; g < weightsManifest.size(); ++g) {
    JsonPath groupAt = at / g;
    const json &group = expectObject(weightsManifest[g], groupAt);
    const json &paths = requireArray(group, "paths", groupAt);
    const json &weights = requireArray(group, "weights", groupAt);

    std::vector<WeightSpec> specs;
    uint64_t needed = 0;
    for (size_t w = 0; w < weights.size(); ++w) {
      JsonPath weightAt = groupAt / "weights" / w;
      specs.push_back(parseWeightSpec(expectObject(weights[w], weightAt),
                                      weightAt));
      needed += specs.back().byteSize; // each <= 2^33: cannot overflow first
      if (needed > kMaxTfjsGroupBytes)
        weightAt.fail("weight group exceeds " +
                      std::to_string(kMaxTfjsGroupBytes) + " bytes");
    }

    std::vector<uint8_t> bytes =
        readShards(paths, groupAt / "paths", modelDir, specs, needed);
    uint64_t offset = 0;
    for (WeightSpec &spec : specs) {
      std::vector<float> values = decode(spec, bytes.data() + offset);
      offset += spec.byteSize;
      result.push_back(
          {std::move(spec.name), WeightArray{std::move(spec.shape), std::move(values)}});
    }
  }
  return result;
}

} // namespace kiln::import
