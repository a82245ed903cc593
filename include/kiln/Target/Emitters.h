// From the LLVM dialect to artifacts a C program links: object files, shared
// libraries, LLVM IR or assembly, and the generated C header.
#ifndef KILN_TARGET_EMITTERS_H
#define KILN_TARGET_EMITTERS_H

#include "kiln/Target/ModelSignature.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"
#include <memory>

namespace kiln {

enum class ArtifactKind { Object, SharedLibrary, LLVMIR, Assembly };

/// Translates the lowered module to LLVM IR, adds the C API of
/// include/kiln/Runtime/kiln.h (`<name>_info`, `<name>_run`, and for shared
/// libraries `kiln_library_entry`), hides everything else, and optimizes at -O3
/// for the host CPU.
llvm::Expected<std::unique_ptr<llvm::Module>>
buildLLVMModule(mlir::ModuleOp module, const ModelSignature &signature,
                llvm::LLVMContext &llvmContext, bool sharedLibrary);

/// Writes `kind` to `outputPath` atomically: nothing is left behind on failure.
llvm::Error writeArtifact(llvm::Module &module, ArtifactKind kind,
                          llvm::StringRef outputPath);

/// The C header declaring the model's entry points and describing its tensors.
std::string generateHeader(const ModelSignature &signature, llvm::StringRef sourceFile);

} // namespace kiln

#endif // KILN_TARGET_EMITTERS_H
