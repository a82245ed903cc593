//===- ModelSource.cpp - Format detection and per-format loading ----------===//

#include "ModelSource.h"

#include "kiln/Import/FileIO.h"
#include "kiln/Import/Hdf5File.h"
#include "kiln/Import/ImportError.h"
#include "kiln/Import/TfjsWeights.h"
#include "kiln/Import/ZipArchive.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <array>
#include <cstring>
#include <fstream>

using nlohmann::json;

namespace kiln::import {

namespace {

/// model.weights.h5 is read into memory out of the archive; a header that
/// declares more than this is refused before anything is read.
constexpr uint64_t kMaxArchiveWeightsBytes = uint64_t(8) << 30;

enum class FileKind { Zip, Hdf5, Other };

FileKind sniff(const std::string &path) {
  if (regularFileSize(path) == 0)
    return FileKind::Other; // parsed as JSON, which reports an empty file
  std::ifstream in(path, std::ios::binary);
  std::array<char, 8> magic{};
  in.read(magic.data(), magic.size());
  auto got = static_cast<size_t>(in.gcount());
  if (got >= 4 && std::memcmp(magic.data(), "PK\x03\x04", 4) == 0)
    return FileKind::Zip;
  if (got >= 4 && std::memcmp(magic.data(), "PK\x05\x06", 4) == 0)
    return FileKind::Zip; // an empty archive; ZipArchive says what is wrong
  if (got == 8 && std::memcmp(magic.data(), "\x89HDF\r\n\x1a\n", 8) == 0)
    return FileKind::Hdf5;
  return FileKind::Other;
}

std::string versionIn(const json &doc, const char *key) {
  if (!doc.is_object())
    return "";
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : "";
}

void refuseWeightOptions(const std::string &path, const ImportOptions &options) {
  if (!options.weightsPath.empty() || options.randomWeightsSeed)
    throw ImportError(path, "--weights and --random-weights apply only to a bare JSON "
                            "config; this model file holds its own weights");
}

/// A weights file given with --weights: Keras 3 layout or Keras 2
/// save_weights layout, told apart by their root objects (spec §1d).
std::unique_ptr<WeightProvider> openWeightsFile(const std::string &path,
                                                std::string &kerasVersion) {
  if (llvm::StringRef(path).ends_with(".weights.json"))
    throw ImportError(path, "sharded weights (a .weights.json index) are not supported; "
                            "save the weights as one .weights.h5 file");
  Hdf5File file = Hdf5File::open(path);
  if (kerasVersion.empty())
    kerasVersion = file.stringAttribute("/", "keras_version").value_or("");
  if (file.isGroup("layers") || file.isGroup("_layer_checkpoint_dependencies") ||
      file.isGroup("vars"))
    return makeKeras3WeightProvider(std::move(file));
  if (file.hasAttribute("/", "layer_names") || file.hasAttribute("/", "layer_names0"))
    return makeKeras2WeightProvider(std::move(file), "/");
  if (file.isGroup("model_weights"))
    return makeKeras2WeightProvider(std::move(file), "/model_weights");
  throw ImportError(path, "not a Keras weights file: it has neither a layers/ group "
                          "(Keras 3) nor a layer_names attribute (Keras 2)");
}

ModelSource loadKerasArchive(const std::string &path) {
  ZipArchive zip(path);
  ModelSource source;
  if (!zip.contains("config.json"))
    throw ImportError(path, "not a Keras archive: it has no config.json member");
  std::string configName = zip.memberDisplayName("config.json");
  source.envelope = parseJsonText(zip.readText("config.json", kMaxJsonBytes), configName);
  source.envelopeAt = JsonPath(configName);
  if (zip.contains("metadata.json")) {
    std::string name = zip.memberDisplayName("metadata.json");
    source.kerasVersion =
        versionIn(parseJsonText(zip.readText("metadata.json", kMaxJsonBytes), name),
                  "keras_version");
  }
  if (zip.contains("model.weights.h5")) {
    std::string name = zip.memberDisplayName("model.weights.h5");
    source.weights = makeKeras3WeightProvider(
        Hdf5File::openImage(zip.read("model.weights.h5", kMaxArchiveWeightsBytes), name));
  } else if (zip.contains("model.weights.npz")) {
    throw ImportError(path, "weights saved as model.weights.npz are not supported; save "
                            "the model with the default weights_format (h5)");
  } else {
    throw ImportError(path, "not a Keras archive: it has no model.weights.h5 member");
  }
  return source;
}

/// An unzipped .keras: config.json and model.weights.h5 in a directory.
ModelSource loadKerasDirectory(const std::string &path) {
  llvm::SmallString<256> config(path), metadata(path), weights(path);
  llvm::sys::path::append(config, "config.json");
  llvm::sys::path::append(metadata, "metadata.json");
  llvm::sys::path::append(weights, "model.weights.h5");
  if (!llvm::sys::fs::exists(config) || !llvm::sys::fs::exists(weights))
    throw ImportError(path, "a model directory must hold config.json and model.weights.h5");
  ModelSource source;
  source.envelope = parseJsonFile(config.str().str());
  source.envelopeAt = JsonPath(config.str().str());
  if (llvm::sys::fs::exists(metadata))
    source.kerasVersion = versionIn(parseJsonFile(metadata.str().str()), "keras_version");
  source.weights = makeKeras3WeightProvider(Hdf5File::open(weights.str().str()));
  return source;
}

ModelSource loadLegacyH5(const std::string &path) {
  Hdf5File file = Hdf5File::open(path);
  std::optional<std::string> config = file.stringAttribute("/", "model_config");
  if (!config) {
    if (file.hasAttribute("/", "layer_names") || file.isGroup("layers") ||
        file.isGroup("vars"))
      throw ImportError(path, "this HDF5 file holds only weights (no model_config "
                              "attribute); compile the model's JSON config and pass this "
                              "file with --weights");
    throw ImportError(path, "not a Keras model: the HDF5 file has no model_config attribute");
  }
  ModelSource source;
  std::string configName = path + ":/model_config";
  source.envelope = parseJsonText(*config, configName);
  source.envelopeAt = JsonPath(configName);
  source.kerasVersion = file.stringAttribute("/", "keras_version").value_or("");
  if (!file.isGroup("model_weights"))
    throw ImportError(path, "the HDF5 file has a model_config but no /model_weights group "
                            "(saved without weights?)");
  source.weights = makeKeras2WeightProvider(std::move(file), "/model_weights");
  return source;
}

ModelSource loadTfjs(const std::string &path, json document) {
  JsonPath root(path);
  ModelSource source;
  source.fromTfjs = true;
  requireObject(document, "modelTopology", root);
  json &topology = document["modelTopology"];
  JsonPath topologyAt = root / "modelTopology";
  source.kerasVersion = versionIn(topology, "keras_version");
  if (topology.contains("model_config")) {
    // Converted from Keras: modelTopology = {"keras_version", "model_config", ...}.
    source.envelope = std::move(topology["model_config"]);
    source.envelopeAt = topologyAt / "model_config";
  } else {
    // Saved by TF.js itself: modelTopology is the model envelope.
    source.envelope = std::move(topology);
    source.envelopeAt = topologyAt;
  }
  std::string dir = llvm::sys::path::parent_path(path).str();
  const json &manifest = requireArray(document, "weightsManifest", root);
  source.weights = makeTfjsWeightProvider(
      readTfjsWeights(manifest, dir.empty() ? "." : dir, root / "weightsManifest"), path);
  return source;
}

ModelSource loadBareConfig(const std::string &path, json document,
                           const ImportOptions &options) {
  ModelSource source;
  // tf.keras to_json() wraps the envelope with keras_version and backend.
  source.kerasVersion = versionIn(document, "keras_version");
  source.envelope = std::move(document);
  source.envelopeAt = JsonPath(path);
  if (!options.weightsPath.empty() && options.randomWeightsSeed)
    throw ImportError(path, "give either --weights or --random-weights, not both");
  if (!options.weightsPath.empty())
    source.weights = openWeightsFile(options.weightsPath, source.kerasVersion);
  else if (options.randomWeightsSeed)
    source.weights = makeRandomWeightProvider(*options.randomWeightsSeed);
  else
    throw ImportError(path, "a bare JSON model config holds no weights; pass --weights "
                            "FILE (a .weights.h5) or --random-weights SEED");
  return source;
}

} // namespace

ModelSource loadModelSource(const std::string &path, const ImportOptions &options) {
  if (llvm::sys::fs::is_directory(path)) {
    refuseWeightOptions(path, options);
    return loadKerasDirectory(path);
  }
  switch (sniff(path)) {
  case FileKind::Zip:
    refuseWeightOptions(path, options);
    return loadKerasArchive(path);
  case FileKind::Hdf5:
    refuseWeightOptions(path, options);
    return loadLegacyH5(path);
  case FileKind::Other:
    break;
  }
  json document = parseJsonFile(path);
  if (!document.is_object())
    throw ImportError(path, "expected a JSON object (a Keras model config or a TF.js "
                            "model.json)");
  if (versionIn(document, "format") == "layers-model" || document.contains("modelTopology")) {
    refuseWeightOptions(path, options);
    return loadTfjs(path, std::move(document));
  }
  return loadBareConfig(path, std::move(document), options);
}

} // namespace kiln::import
