// The CPU pipeline from the keras dialect to the LLVM dialect. Stages are
// named by the flag of their first pass so `--stop-after` can cut anywhere.
#include "kiln/Conversion/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

namespace {
struct Stage {
  const char *name;
  const char *pipeline;
};

// Upstream passes are used wherever they exist (design.md, "Facts worth
// knowing"); the kiln-* ones are ours.
constexpr Stage kCpuStages[] = {
    {"kiln-lower-keras", "kiln-lower-keras"},
    {"canonicalize", "canonicalize,cse"},
    // Recognise the attention chains the keras lowering (or another
    // frontend) spelled out and fuse each into one kiln.attention.
    {"kiln-fuse-attention", "kiln-fuse-attention"},
    // Reference lowering of the tensor kiln.attention ops that the runtime
    // flash-attention kernel does not compute (additive scores, returned
    // probabilities); the others become runtime calls after bufferization.
    {"kiln-lower-attention", "kiln-lower-attention{keep-runtime-forms=true},canonicalize,cse"},
    {"kiln-decompose-aggregates", "func.func(kiln-decompose-aggregates)"},
    {"linalg-fuse-elementwise-ops", "linalg-fuse-elementwise-ops,canonicalize,cse"},
    {"one-shot-bufferize",
     "one-shot-bufferize{bufferize-function-boundaries "
     "function-boundary-type-conversion=identity-layout-map},"
     "canonicalize,cse"},
    {"buffer-deallocation-pipeline", "buffer-deallocation-pipeline"},
    {"kiln-lower-to-runtime", "kiln-lower-to-runtime"},
    // The body frees the model's results with bufferization.dealloc, which
    // frees each distinct buffer once even when outputs alias; deallocation
    // ops and the clones ownership-based deallocation inserted lower here.
    {"kiln-model-io", "kiln-model-io,bufferization-lower-deallocations,convert-bufferization-to-memref"},
    {"convert-linalg-to-loops", "func.func(convert-linalg-to-loops),canonicalize,cse"},
    {"convert-to-llvm",
     // expand-strided-metadata creates affine.apply ops: lower-affine after it.
     // Generic heap functions: the runtime's buffer pool (runtime/BufferPool.cpp).
     "expand-strided-metadata,lower-affine,convert-scf-to-cf,"
     "finalize-memref-to-llvm{use-generic-functions=true},"
     "convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,"
     "convert-index-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,"
     "reconcile-unrealized-casts,canonicalize"},
};
} // namespace

bool kiln::buildCpuPipeline(OpPassManager &pm, const CpuPipelineOptions &options) {
  bool found = options.stopAfter.empty();
  for (const Stage &stage : kCpuStages)
    found |= options.stopAfter == stage.name;
  if (!found)
    return false;
  for (const Stage &stage : kCpuStages) {
    if (failed(parsePassPipeline(stage.pipeline, pm, llvm::errs())))
      llvm::report_fatal_error("Kiln's CPU pipeline names an unregistered pass");
    if (options.stopAfter == stage.name)
      break;
  }
  return true;
}

llvm::SmallVector<std::string> kiln::cpuPipelinePassNames() {
  llvm::SmallVector<std::string> names;
  for (const Stage &stage : kCpuStages)
    names.push_back(stage.name);
  return names;
}

void kiln::registerCpuPipeline() {
  PassPipelineRegistration<>(
      "kiln-cpu-pipeline", "Lower a keras-dialect model to the LLVM dialect for the CPU",
      [](OpPassManager &pm) { buildCpuPipeline(pm, CpuPipelineOptions{}); });
}
