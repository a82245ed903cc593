#include "kiln/Target/Emitters.h"

#include "kiln/Conversion/Passes.h"
#include "kiln/Runtime/kiln.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace llvm;

static Error fail(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

/// A target machine for the CPU kiln-compile runs on, position independent
/// so the same object can go into a shared library.
static Expected<std::unique_ptr<TargetMachine>> createHostTargetMachine() {
  InitializeNativeTarget();
  InitializeNativeTargetAsmPrinter();
  Triple triple(sys::getProcessTriple());
  std::string error;
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return fail("no LLVM target for " + triple.str() + ": " + error);
  SubtargetFeatures features;
  for (const auto &feature : sys::getHostCPUFeatures())
    features.AddFeature(feature.first(), feature.second);
  std::unique_ptr<TargetMachine> machine(target->createTargetMachine(
      triple, sys::getHostCPUName(), features.getString(), TargetOptions(), Reloc::PIC_,
      std::nullopt, CodeGenOptLevel::Aggressive));
  if (!machine)
    return fail("cannot create a target machine for " + triple.str());
  return machine;
}

namespace {
/// Emits the tables and entry points of include/kiln/Runtime/kiln.h.
class ApiBuilder {
public:
  ApiBuilder(Module &module, const kiln::ModelSignature &sig)
      : module(module), sig(sig), ctx(module.getContext()), ptr(PointerType::get(ctx, 0)),
        i32(Type::getInt32Ty(ctx)), i64(Type::getInt64Ty(ctx)),
        tensorInfo(StructType::get(ctx, {ptr, i32, i32, ptr})),
        modelInfo(StructType::get(ctx, {ptr, i64, ptr, i64, ptr})) {}

  Error build(bool sharedLibrary) {
    Function *body = module.getFunction(sig.name + kiln::kBodySuffix.str());
    if (!body)
      return fail("lowered module lacks the body function '" + sig.name +
                  kiln::kBodySuffix.str() + "'");
    Constant *name = string(sig.name, "name");
    Constant *inputs = tensorTable(sig.inputs, "inputs");
    Constant *outputs = tensorTable(sig.outputs, "outputs");
    auto *info = new GlobalVariable(
        module, modelInfo, true, GlobalValue::InternalLinkage,
        ConstantStruct::get(modelInfo, {name, ConstantInt::get(i64, sig.inputs.size()), inputs,
                                        ConstantInt::get(i64, sig.outputs.size()), outputs}),
        sig.name + "__info");

    Function *infoFn = Function::Create(FunctionType::get(ptr, false),
                                        GlobalValue::ExternalLinkage, sig.name + "_info", module);
    IRBuilder<> b(BasicBlock::Create(ctx, "entry", infoFn));
    b.CreateRet(info);

    FunctionCallee runtimeRun = module.getOrInsertFunction(
        "kiln_rt_run", FunctionType::get(i32, {ptr, ptr, ptr, i64, ptr, i64, ptr}, false));
    Function *runFn =
        Function::Create(FunctionType::get(i32, {ptr, i64, ptr, i64, ptr}, false),
                         GlobalValue::ExternalLinkage, sig.name + "_run", module);
    b.SetInsertPoint(BasicBlock::Create(ctx, "entry", runFn));
    SmallVector<Value *> args{info, body};
    for (Argument &arg : runFn->args())
      args.push_back(&arg);
    b.CreateRet(b.CreateCall(runtimeRun, args));

    keep = {infoFn->getName().str(), runFn->getName().str()};
    if (sharedLibrary) {
      auto *entryType = StructType::get(ctx, {ptr, ptr});
      auto *entry = new GlobalVariable(module, entryType, true, GlobalValue::ExternalLinkage,
                                       ConstantStruct::get(entryType, {infoFn, runFn}),
                                       KILN_LIBRARY_ENTRY_SYMBOL);
      keep.insert(entry->getName());
    }
    hideInternals();
    return Error::success();
  }

private:
  Constant *string(StringRef text, const Twine &what) {
    Constant *data = ConstantDataArray::getString(ctx, text, true);
    return new GlobalVariable(module, data->getType(), true, GlobalValue::PrivateLinkage, data,
                              sig.name + "__" + what);
  }

  Constant *tensorTable(const std::vector<kiln::TensorSignature> &tensors, StringRef what) {
    SmallVector<Constant *> rows;
    for (auto [i, t] : llvm::enumerate(tensors)) {
      Constant *dimsData = ConstantDataArray::get(ctx, ArrayRef<int64_t>(t.dims));
      auto *dims = new GlobalVariable(module, dimsData->getType(), true,
                                      GlobalValue::PrivateLinkage, dimsData,
                                      sig.name + "__" + what + Twine(i) + "_dims");
      rows.push_back(ConstantStruct::get(
          tensorInfo, {string(t.name, what + Twine(i) + "_name"), ConstantInt::get(i32, t.dtype),
                       ConstantInt::get(i32, t.dims.size()), dims}));
    }
    auto *type = ArrayType::get(tensorInfo, rows.size());
    return new GlobalVariable(module, type, true, GlobalValue::PrivateLinkage,
                              ConstantArray::get(type, rows), sig.name + "__" + what);
  }

  /// Only the C API stays visible, so two models link into one program.
  void hideInternals() {
    for (Function &fn : module)
      if (!fn.isDeclaration() && !keep.contains(fn.getName()))
        fn.setLinkage(GlobalValue::InternalLinkage);
    for (GlobalVariable &gv : module.globals())
      if (!gv.isDeclaration() && !keep.contains(gv.getName()) && !gv.hasPrivateLinkage())
        gv.setLinkage(GlobalValue::InternalLinkage);
  }

  Module &module;
  const kiln::ModelSignature &sig;
  LLVMContext &ctx;
  PointerType *ptr;
  IntegerType *i32, *i64;
  StructType *tensorInfo, *modelInfo;
  StringSet<> keep;
};
} // namespace

Expected<std::unique_ptr<Module>> kiln::buildLLVMModule(mlir::ModuleOp module,
                                                        const ModelSignature &signature,
                                                        LLVMContext &llvmContext,
                                                        bool sharedLibrary) {
  std::unique_ptr<Module> llvmModule = mlir::translateModuleToLLVMIR(module, llvmContext);
  if (!llvmModule)
    return fail("translation to LLVM IR failed");
  if (Error e = ApiBuilder(*llvmModule, signature).build(sharedLibrary))
    return std::move(e);
  auto machine = createHostTargetMachine();
  if (!machine)
    return machine.takeError();
  llvmModule->setDataLayout((*machine)->createDataLayout());
  llvmModule->setTargetTriple((*machine)->getTargetTriple());
  if (verifyModule(*llvmModule, &errs()))
    return fail("generated LLVM IR is invalid");

  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  PassBuilder builder(machine->get());
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  builder.buildPerModuleDefaultPipeline(OptimizationLevel::O3).run(*llvmModule, mam);
  return llvmModule;
}

/// Directory of libkiln_runtime, where kiln-compile's shared libraries find it.
static std::string runtimeLibraryDir() {
  if (const char *dir = std::getenv("KILN_RUNTIME_DIR"))
    return dir;
  return KILN_RUNTIME_DIR;
}

static Error linkSharedLibrary(StringRef objectPath, StringRef outputPath) {
  ErrorOr<std::string> linker = sys::findProgramByName("cc");
  if (!linker)
    linker = sys::findProgramByName("clang-22");
  if (!linker)
    return fail("no C compiler driver (cc) found to link the shared library");
  std::string dir = runtimeLibraryDir();
  std::string libFlag = "-L" + dir, rpath = "-Wl,-rpath," + dir;
  SmallVector<StringRef> args{*linker, "-shared", "-o", outputPath, objectPath, libFlag,
                              "-lkiln_runtime", "-lm", rpath};
  std::string message;
  int rc = sys::ExecuteAndWait(*linker, args, std::nullopt, {}, 0, 0, &message);
  if (rc != 0)
    return fail("linking the shared library failed" +
                (message.empty() ? Twine("") : Twine(": ") + message));
  return Error::success();
}

Error kiln::writeArtifact(Module &module, ArtifactKind kind, StringRef outputPath) {
  SmallString<128> temp;
  std::string model = (sys::path::filename(outputPath) + ".tmp-%%%%%%").str();
  SmallString<128> pattern(sys::path::parent_path(outputPath));
  sys::path::append(pattern, model);
  int fd;
  if (std::error_code ec = sys::fs::createUniqueFile(pattern, fd, temp))
    return fail("cannot create " + outputPath + ": " + ec.message());
  auto cleanup = llvm::make_scope_exit([&] { sys::fs::remove(temp); });
  {
    raw_fd_ostream os(fd, /*shouldClose=*/true);
    if (kind == ArtifactKind::LLVMIR) {
      module.print(os, nullptr);
    } else {
      auto machine = createHostTargetMachine();
      if (!machine)
        return machine.takeError();
      legacy::PassManager pm;
      CodeGenFileType type =
          kind == ArtifactKind::Assembly ? CodeGenFileType::AssemblyFile
                                         : CodeGenFileType::ObjectFile;
      if ((*machine)->addPassesToEmitFile(pm, os, nullptr, type))
        return fail("the host target cannot emit this file type");
      pm.run(module);
    }
    if (os.has_error())
      return fail("cannot write " + outputPath + ": " + os.error().message());
  }
  if (kind == ArtifactKind::SharedLibrary) {
    SmallString<128> library(temp);
    library += ".so";
    auto removeLibrary = llvm::make_scope_exit([&] { sys::fs::remove(library); });
    if (Error e = linkSharedLibrary(temp, library))
      return e;
    if (std::error_code ec = sys::fs::rename(library, outputPath))
      return fail("cannot write " + outputPath + ": " + ec.message());
    return Error::success();
  }
  if (std::error_code ec = sys::fs::rename(temp, outputPath))
    return fail("cannot write " + outputPath + ": " + ec.message());
  return Error::success();
}
