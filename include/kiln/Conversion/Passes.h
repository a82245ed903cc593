#ifndef KILN_CONVERSION_PASSES_H
#define KILN_CONVERSION_PASSES_H

#include "kiln/Dialect/Keras/IR/ModelAttributes.h"
#include "kiln/Dialect/Kiln/IR/KilnDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace kiln {

#define GEN_PASS_DECL
#include "kiln/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "kiln/Conversion/Passes.h.inc"

/// Options of the whole CPU pipeline, from the keras dialect to the LLVM dialect.
struct CpuPipelineOptions {
  /// Stop after the pass with this argument (e.g. "kiln-lower-keras"); empty
  /// runs everything.
  std::string stopAfter;
};

/// Adds the CPU pipeline's passes to `pm`. Returns false when `stopAfter`
/// names no pass of the pipeline.
bool buildCpuPipeline(mlir::OpPassManager &pm, const CpuPipelineOptions &options);
/// The pass arguments of the CPU pipeline, in order (for --stop-after help).
llvm::SmallVector<std::string> cpuPipelinePassNames();
/// Registers `kiln-cpu-pipeline` for kiln-opt.
void registerCpuPipeline();

/// Suffix of the generated body function (`<model>__body`).
inline constexpr llvm::StringLiteral kBodySuffix = "__body";

} // namespace kiln

#endif // KILN_CONVERSION_PASSES_H
