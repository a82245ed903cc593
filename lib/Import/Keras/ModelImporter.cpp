//===- ModelImporter.cpp - Keras model file -> keras dialect function -----===//
//
// The driver: load the file (ModelSource), normalise its config
// (ModelConfig), build the model function (GraphImporter), then verify. Every
// failure, including IR that does not verify, ends as one line in `error`.
//
//===----------------------------------------------------------------------===//

#include "kiln/Import/ModelImporter.h"

#include "GraphImporter.h"
#include "ModelGraph.h"
#include "ModelSource.h"

#include "kiln/Dialect/Keras/IR/KerasDialect.h"
#include "kiln/Dialect/Keras/IR/ModelAttributes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"

#include <new>

using namespace mlir;

namespace kiln::import {

namespace {

bool isCIdentifier(llvm::StringRef name) {
  return !name.empty() && !llvm::isDigit(name.front()) &&
         llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// "models/my-encoder.keras" -> "my_encoder"; "enc/model.json" -> "enc" (the
/// same rule as kiln-compile's default symbol).
std::string modelNameFromPath(llvm::StringRef path) {
  llvm::StringRef trimmed = path.rtrim("/");
  std::string stem = llvm::sys::path::stem(trimmed).str();
  if (stem == "model" || stem == "config")
    stem = llvm::sys::path::filename(llvm::sys::path::parent_path(trimmed)).str();
  std::string name;
  for (char c : stem)
    name += llvm::isAlnum(c) || c == '_' ? c : '_';
  if (name.empty())
    return "model";
  if (llvm::isDigit(name.front()))
    name = "_" + name;
  return name;
}

/// Output names: output layer names, made unique where a layer is output
/// more than once (`<layer>_<k>`).
SmallVector<std::string> outputNames(const ModelGraph &graph) {
  llvm::StringMap<int> uses, seen;
  for (const TensorRef &ref : graph.outputs)
    ++uses[ref.layer];
  SmallVector<std::string> names;
  llvm::StringSet<> taken;
  for (const TensorRef &ref : graph.outputs) {
    std::string name = ref.layer;
    if (uses[ref.layer] > 1)
      name += "_" + std::to_string(seen[ref.layer]++);
    while (!taken.insert(name).second)
      name += "_";
    names.push_back(name);
  }
  return names;
}

ArrayAttr stringArray(MLIRContext &ctx, ArrayRef<std::string> names) {
  SmallVector<Attribute> attrs;
  for (const std::string &n : names)
    attrs.push_back(StringAttr::get(&ctx, n));
  return ArrayAttr::get(&ctx, attrs);
}

/// Turns the first verifier error into the importer's one-line form.
std::string verifierError(const ImportSession &session, const Diagnostic &diag) {
  std::string message = diag.str();
  Location loc = diag.getLocation();
  if (auto named = dyn_cast<NameLoc>(loc)) {
    llvm::StringRef layer = named.getName().getValue();
    auto cls = session.classByLayer.find(layer);
    return session.modelPath + ": layer '" + layer.str() + "' (" +
           (cls == session.classByLayer.end() ? "?" : cls->second) + "): " + message;
  }
  return session.modelPath + ": the imported model does not verify: " + message;
}

OwningOpRef<ModuleOp> buildModule(MLIRContext &ctx, const std::string &path,
                                  const ImportOptions &options) {
  ModelSource source = loadModelSource(path, options);
  ModelConfigContext configContext{source.kerasVersion};
  std::unique_ptr<ModelGraph> graph =
      parseModelConfig(source.envelope, source.envelopeAt, configContext);

  std::string name = options.modelName.empty() ? modelNameFromPath(path) : options.modelName;
  if (!isCIdentifier(name))
    throw ImportError(path, "model name '" + name + "' is not a C identifier");

  // Keras 2 / TF.js differ from Keras 3 in the hard_sigmoid formula (§4.2) and in
  // how merge layers combine masks.
  llvm::StringRef version = source.kerasVersion;
  bool keras2 = source.fromTfjs || version.starts_with("1.") || version.starts_with("2.");
  ImportSession session(ctx, path, *source.weights, keras2);
  session.kerasVersion = source.kerasVersion;

  SmallVector<Type> argTypes;
  SmallVector<std::string> inputNames;
  for (const TensorRef &ref : graph->inputs) {
    const LayerEntry *input = graph->find(ref.layer);
    if (!input || !input->isInputLayer())
      throw ImportError(path, "model input '" + ref.layer + "' is not an InputLayer");
    argTypes.push_back(inputLayerType(session, *input));
    inputNames.push_back(ref.layer);
  }

  OwningOpRef<ModuleOp> module = ModuleOp::create(session.fileLoc());
  auto func = func::FuncOp::create(session.fileLoc(), name,
                                   FunctionType::get(&ctx, argTypes, {}));
  module->push_back(func);
  Block *entry = func.addEntryBlock();
  session.builder.setInsertionPointToStart(entry);

  // The model's own inputs carry no masks; its outputs' masks are dropped.
  GraphImporter importer(session, *graph, /*depth=*/0);
  MaskedValues arguments{SmallVector<Value>(entry->getArguments()),
                         SmallVector<Value>(entry->getNumArguments(), Value())};
  SmallVector<Value> outputs = importer.run(arguments).values;
  func::ReturnOp::create(session.builder, session.fileLoc(), outputs);
  func.setFunctionType(FunctionType::get(&ctx, argTypes, ValueRange(outputs).getTypes()));
  func->setAttr(kiln::kModelAttrName, UnitAttr::get(&ctx));
  func->setAttr(kiln::kInputNamesAttrName, stringArray(ctx, inputNames));
  func->setAttr(kiln::kOutputNamesAttrName, stringArray(ctx, outputNames(*graph)));

  source.weights->finish();

  std::optional<std::string> firstError;
  {
    ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &diag) {
      if (diag.getSeverity() == DiagnosticSeverity::Error && !firstError)
        firstError = verifierError(session, diag);
      return success();
    });
    if (failed(verify(*module)) || firstError)
      throw ImportError("", firstError.value_or(path + ": the imported model does not verify"));
  }
  return module;
}

} // namespace

OwningOpRef<ModuleOp> importModel(MLIRContext &ctx, llvm::StringRef path,
                                  const ImportOptions &options, std::string &error) {
  ctx.loadDialect<func::FuncDialect, arith::ArithDialect, keras::KerasDialect>();
  error.clear();
  try {
    return buildModule(ctx, path.str(), options);
  } catch (const ImportError &e) {
    error = e.what();
  } catch (const nlohmann::json::exception &e) {
    error = path.str() + ": malformed model config: " + e.what();
  } catch (const std::bad_alloc &) {
    error = path.str() + ": out of memory while importing the model";
  } catch (const std::exception &e) {
    error = path.str() + ": " + e.what();
  }
  // One line, whatever the source of the message.
  for (char &c : error)
    if (static_cast<unsigned char>(c) < 0x20)
      c = ' ';
  return nullptr;
}

} // namespace kiln::import
