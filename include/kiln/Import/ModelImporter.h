//===- ModelImporter.h - Keras model file -> keras dialect ------*- C++ -*-===//
//
// The front door of the compiler: reads a Keras model in any of the formats
// of shared/spec/keras-models.md §1 and produces one func.func of keras
// dialect ops (one op per layer call), with the weights as dense resource
// constants. Bad input never aborts: it yields a one-line error that names the
// file and, where there is one, the layer.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_IMPORT_MODELIMPORTER_H
#define KILN_IMPORT_MODELIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace kiln::import {

struct ImportOptions {
  /// --weights FILE, for bare JSON configs only: a Keras 3 `.weights.h5`
  /// (layers/<path>/vars/<i>) or a Keras 2 `save_weights` .h5 (root
  /// `layer_names`).
  std::string weightsPath;
  /// --random-weights SEED, for bare JSON configs only: deterministic values
  /// (see WeightProviderRandom.cpp for the exact generator).
  std::optional<uint64_t> randomWeightsSeed;
  /// C symbol for the model function; empty derives it from the file name,
  /// sanitised to [A-Za-z_][A-Za-z0-9_]*.
  std::string modelName;
};

/// Imports MODEL: a `.keras` archive (or a directory holding its
/// config.json + model.weights.h5), a legacy full-model `.h5`, a TF.js layers
/// `model.json`, or a bare JSON config (with `options.weightsPath` or
/// `options.randomWeightsSeed`). The format is detected from the content.
///
/// The module holds one `func.func @<modelName>` with the unit attribute
/// `kiln.model` and `kiln.input_names` / `kiln.output_names`. Every op is
/// located at NameLoc("<layer>", FileLineColLoc("<path>", 0, 0)); layers of a
/// nested model are named "<model>/<layer>".
///
/// The context gets the dialects it needs loaded. On failure returns nullptr
/// and sets `error` to one line: "<file>: layer '<name>' (<Class>): <reason>",
/// or "<file>: <reason>" when no layer is involved.
mlir::OwningOpRef<mlir::ModuleOp> importModel(mlir::MLIRContext &ctx,
                                              llvm::StringRef path,
                                              const ImportOptions &options,
                                              std::string &error);

} // namespace kiln::import

#endif // KILN_IMPORT_MODELIMPORTER_H
