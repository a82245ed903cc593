// kiln-compile: Keras model file → object file / shared library + C header.
//
//   kiln-compile MODEL [--weights F | --random-weights SEED] [-o OUT]
//                [--emit=obj|lib|mlir|llvm|asm] [--target=cpu] [--name=SYMBOL]
//                [--stop-after=PASS]
#include "kiln/Conversion/Passes.h"
#include "kiln/Import/ModelImporter.h"
#include "kiln/InitAll.h"
#include "kiln/Target/Emitters.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include <csignal>
#include <unistd.h>

using namespace llvm;

static cl::opt<std::string> modelPath(cl::Positional, cl::desc("<model>"), cl::Required);
static cl::opt<std::string> weightsPath("weights", cl::desc("Weights for a bare JSON config"),
                                        cl::value_desc("file"));
static cl::opt<uint64_t> randomWeights("random-weights",
                                       cl::desc("Seeded random weights for a bare JSON config"),
                                       cl::value_desc("seed"));
static cl::opt<std::string> outputPath("o", cl::desc("Output file"), cl::value_desc("file"));
static cl::opt<std::string> emitKind("emit", cl::desc("obj|lib|mlir|llvm|asm"), cl::init("obj"));
static cl::opt<std::string> targetName("target", cl::desc("cpu"), cl::init("cpu"));
static cl::opt<unsigned> importTimeout(
    "import-timeout", cl::init(300),
    cl::desc("Give up reading the model file after this many seconds (0 = never)"));
static cl::opt<std::string> symbolName("name", cl::desc("C symbol prefix of the model"));
// LLVM's codegen owns the flag name "stop-after"; main() renames ours.
static cl::opt<std::string> stopAfter("kiln-stop-after",
                                      cl::desc("Stop after this pass ('import' or a pipeline "
                                               "stage) and print the IR (with --emit=mlir)"));

/// Set once an MLIR error diagnostic has been printed (as one line).
static bool reportedDiagnostic = false;

[[noreturn]] static void fatal(const Twine &message) {
  errs() << "kiln-compile: error: " << message << "\n";
  exit(1);
}

/// Fails with `message` unless a diagnostic already said why: users get one
/// line per problem.
[[noreturn]] static void fatalUnlessReported(const Twine &message) {
  if (!reportedDiagnostic)
    errs() << "kiln-compile: error: " << message << "\n";
  exit(1);
}

/// "file: layer 'x': message" for locations the importer gives
/// (NameLoc(layer, FileLineColLoc(file))), else MLIR's own location form.
static std::string formatDiagnostic(mlir::Diagnostic &diag) {
  std::string text;
  raw_string_ostream os(text);
  mlir::Location loc = diag.getLocation();
  if (auto name = dyn_cast<mlir::NameLoc>(loc)) {
    if (auto file = dyn_cast<mlir::FileLineColLoc>(name.getChildLoc()))
      os << file.getFilename().getValue() << ": ";
    os << "layer '" << name.getName().getValue() << "': ";
  } else if (auto file = dyn_cast<mlir::FileLineColLoc>(loc)) {
    os << file.getFilename().getValue() << ":" << file.getLine() << ":" << file.getColumn()
       << ": ";
  }
  os << diag.str();
  return text;
}

/// HDF5 1.10 can crash on crafted files (fuzzing found faults inside the
/// library itself). Whatever crashes, the user gets one line naming the model
/// and exit code 1; outputs are written by rename, so none is half-written.
static void reportCrash(int) {
  static const char prefix[] = "kiln-compile: error: ";
  static const char suffix[] =
      ": crashed while reading or compiling this model (corrupt or hostile file?)\n";
  (void)!write(2, prefix, sizeof prefix - 1);
  (void)!write(2, modelPath.c_str(), modelPath.size());
  (void)!write(2, suffix, sizeof suffix - 1);
  _exit(1);
}

/// HDF5 1.10 can also loop forever on a crafted file; reading is bounded by
/// --import-timeout.
static void reportTimeout(int) {
  static const char prefix[] = "kiln-compile: error: ";
  static const char suffix[] = ": gave up reading this model after --import-timeout seconds "
                               "(corrupt or hostile file?)\n";
  (void)!write(2, prefix, sizeof prefix - 1);
  (void)!write(2, modelPath.c_str(), modelPath.size());
  (void)!write(2, suffix, sizeof suffix - 1);
  _exit(1);
}

static std::string defaultSymbol(StringRef path) {
  std::string stem = sys::path::stem(path).str();
  if (stem == "model" || stem == "config")
    stem = sys::path::filename(sys::path::parent_path(path)).str();
  std::string symbol;
  for (char c : stem)
    symbol.push_back(isAlnum(c) ? c : '_');
  if (symbol.empty() || isDigit(symbol[0]))
    symbol.insert(symbol.begin(), 'm');
  return symbol;
}

static mlir::OwningOpRef<mlir::ModuleOp> loadModel(mlir::MLIRContext &ctx) {
  if (StringRef(modelPath).ends_with(".mlir")) {
    // Keras-dialect IR written by hand or by `--emit=mlir --stop-after=import`.
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::parseSourceFile<mlir::ModuleOp>(modelPath, &ctx);
    if (!module)
      fatalUnlessReported(modelPath + ": cannot parse MLIR");
    return module;
  }
  kiln::import::ImportOptions options;
  options.weightsPath = weightsPath;
  if (randomWeights.getNumOccurrences())
    options.randomWeightsSeed = randomWeights;
  options.modelName = symbolName.empty() ? defaultSymbol(modelPath) : symbolName.getValue();
  std::string error;
  std::signal(SIGALRM, reportTimeout);
  alarm(importTimeout);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      kiln::import::importModel(ctx, modelPath, options, error);
  alarm(0);
  if (!module)
    fatal(error.empty() ? modelPath + ": import failed" : error);
  return module;
}

static void writeText(StringRef path, StringRef text) {
  std::string temp = (path + ".tmp").str();
  {
    std::error_code ec;
    raw_fd_ostream os(temp, ec);
    if (ec)
      fatal("cannot write " + path + ": " + ec.message());
    os << text;
  }
  if (std::error_code ec = sys::fs::rename(temp, path))
    fatal("cannot write " + path + ": " + ec.message());
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  mlir::DialectRegistry registry;
  kiln::registerAllDialects(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  kiln::registerAllPasses();
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  std::vector<std::string> storage(argv, argv + argc);
  for (std::string &arg : storage)
    for (StringRef flag : {"--stop-after", "-stop-after"})
      if (StringRef(arg) == flag || StringRef(arg).starts_with((flag + "=").str()))
        arg = "--kiln-stop-after" + arg.substr(flag.size());
  std::vector<const char *> args;
  for (const std::string &arg : storage)
    args.push_back(arg.c_str());
  cl::ParseCommandLineOptions(args.size(), args.data(),
                              "Kiln: compile Keras models to native code\n");

  static const llvm::StringSet<> kinds{"obj", "lib", "mlir", "llvm", "asm"};
  if (!kinds.contains(emitKind))
    fatal("unknown --emit=" + emitKind + " (expected obj, lib, mlir, llvm or asm)");
  if (targetName != "cpu")
    fatal("unsupported --target=" + targetName + " (this build supports cpu)");
  if (!stopAfter.empty() && emitKind != "mlir")
    fatal("--stop-after needs --emit=mlir");
  if (weightsPath.getNumOccurrences() && randomWeights.getNumOccurrences())
    fatal("--weights and --random-weights exclude each other");

  // Replaces LLVM's stack-trace handler: users get one line, not a backtrace.
  for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT})
    std::signal(sig, reportCrash);
  mlir::MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &diag) {
    if (diag.getSeverity() == mlir::DiagnosticSeverity::Error) {
      reportedDiagnostic = true;
      errs() << "kiln-compile: error: " << formatDiagnostic(diag) << "\n";
    }
    return mlir::success();
  });

  mlir::OwningOpRef<mlir::ModuleOp> module = loadModel(ctx);
  if (failed(mlir::verify(*module)))
    fatalUnlessReported(modelPath + ": the imported IR is invalid");
  Expected<kiln::ModelSignature> signature = kiln::readModelSignature(*module);
  if (!signature)
    fatal(modelPath + ": " + toString(signature.takeError()));
  if (!symbolName.empty())
    signature->name = symbolName;

  bool toStdout = outputPath.empty() || outputPath == "-";
  auto printModule = [&] {
    if (toStdout) {
      module->print(outs());
      return;
    }
    std::string text;
    raw_string_ostream os(text);
    module->print(os);
    writeText(outputPath, text);
  };
  if (stopAfter == "import") {
    printModule();
    return 0;
  }

  mlir::PassManager pm(&ctx);
  if (failed(mlir::applyPassManagerCLOptions(pm)))
    fatal("invalid pass manager options");
  kiln::CpuPipelineOptions options;
  options.stopAfter = stopAfter;
  if (!kiln::buildCpuPipeline(pm, options))
    fatal("unknown --stop-after=" + stopAfter + " (expected import or one of: " +
          join(kiln::cpuPipelinePassNames(), ", ") + ")");
  if (failed(pm.run(*module)))
    fatalUnlessReported(modelPath + ": compilation failed");
  if (emitKind == "mlir") {
    printModule();
    return 0;
  }

  LLVMContext llvmContext;
  bool shared = emitKind == "lib";
  auto llvmModule = kiln::buildLLVMModule(*module, *signature, llvmContext, shared);
  if (!llvmModule)
    fatal(modelPath + ": " + toString(llvmModule.takeError()));
  if ((emitKind == "llvm" || emitKind == "asm") && toStdout) {
    if (emitKind == "llvm") {
      (*llvmModule)->print(outs(), nullptr);
      return 0;
    }
    outputPath = signature->name + ".s";
  }
  if (outputPath.empty())
    outputPath = shared ? "lib" + signature->name + ".so" : signature->name + ".o";
  kiln::ArtifactKind kind = shared                ? kiln::ArtifactKind::SharedLibrary
                            : emitKind == "llvm" ? kiln::ArtifactKind::LLVMIR
                            : emitKind == "asm"  ? kiln::ArtifactKind::Assembly
                                                 : kiln::ArtifactKind::Object;
  if (Error e = kiln::writeArtifact(**llvmModule, kind, outputPath))
    fatal(toString(std::move(e)));
  if (emitKind == "obj" || emitKind == "lib") {
    SmallString<128> header(outputPath);
    sys::path::replace_extension(header, "h");
    writeText(header, kiln::generateHeader(*signature, modelPath));
  }
  return reportedDiagnostic ? 1 : 0;
}
