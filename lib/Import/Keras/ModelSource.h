//===- ModelSource.h - Find a model's config and weights ---------*- C++ -*-===//
//
// Detects a model file's format from its content (ZIP magic, HDF5 signature,
// JSON shape; spec §1) and returns its model config envelope together with a
// weight provider for the format its weights are in.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORT_KERAS_MODELSOURCE_H
#define KILN_LIB_IMPORT_KERAS_MODELSOURCE_H

#include "WeightProvider.h"

#include "kiln/Import/Json.h"
#include "kiln/Import/ModelImporter.h"

#include <memory>
#include <string>

namespace kiln::import {

struct ModelSource {
  /// The model envelope ({"class_name": ..., "config": ...}) and where it
  /// was read from, for messages.
  nlohmann::json envelope;
  JsonPath envelopeAt{""};
  /// "3.5.0", "2.15.0", "tfjs-layers 4.22.0"; empty when the files do not say.
  std::string kerasVersion;
  bool fromTfjs = false;
  std::unique_ptr<WeightProvider> weights;
};

/// Reads the model at `path`. Throws ImportError on any problem.
ModelSource loadModelSource(const std::string &path, const ImportOptions &options);

} // namespace kiln::import

#endif // KILN_LIB_IMPORT_KERAS_MODELSOURCE_H
