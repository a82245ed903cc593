#ifndef KILN_CONVERSION_PASSES_TD
#define KILN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def KerasToLinalg : Pass<"kiln-lower-keras", "mlir::ModuleOp"> {
  let summary = "Lower keras dialect layers to linalg, tensor, math and kiln.matmul";
  let description = [{
    Rewrites every `keras.*` op into tensor-level IR with the exact inference
    formulas of shared/spec/keras-models.md §2: matrix products of Dense,
    EinsumDense and Dot become `kiln.matmul` (bias and the activations oneDNN
    supports folded in as post-ops), everything else becomes linalg
    (named ops where they exist, `linalg.generic` otherwise), tensor and math
    ops. Dynamic dims stay dynamic. Fails on ops it cannot lower, naming them.
    The model function's arguments are the caller's input memory, so they are
    marked `bufferization.writable = false`: bufferization copies before any
    in-place write.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect", "mlir::tensor::TensorDialect",
    "mlir::scf::SCFDialect", "kiln::KilnDialect"
  ];
}

def LowerAttention : Pass<"kiln-lower-attention", "mlir::ModuleOp"> {
  let summary = "Lower tensor kiln.attention to linalg on tensors (reference path)";
  let description = [{
    Rewrites each tensor-form `kiln.attention` into linalg on tensors, with
    the op's exact semantics (KilnOps.td): the [B, Hq, T, S] scores
    (Q·Kᵀ, or the additive Σ_d w_d · tanh(c · (q_d + k_d))) as a
    `linalg.generic` whose key map reads kv head h floordiv (Hq / Hkv), the
    scale, the additive or boolean mask (static unit dims broadcast through
    constant-0 indexing; dynamic dims that are 1 at run time broadcast by a
    copy made only then, other sizes failing the run through
    kiln_rt_shape_error) and the causal triangle (from `linalg.index`) applied by a
    second generic that replaces masked logits by the op's mask_fill,
    `linalg.softmax` over the keys, with zero_masked a generic zeroing the
    masked probabilities, and a last generic for the product with V written
    into the op's init; the probabilities are the second result when the op
    has one. It materializes the T × S logits: it is the straightforward
    path that makes models with fused attention run before a fast kernel
    exists. Head counts must be static; memref-form ops are left alone.

    With `keep-runtime-forms` (the CPU pipeline), ops that libkiln_runtime's
    flash-attention kernel computes (score = dot, no probabilities result)
    are left as they are, for bufferization and kiln-lower-to-runtime.
  }];
  let options = [
    Option<"keepRuntimeForms", "keep-runtime-forms", "bool", /*default=*/"false",
           "Leave the ops the runtime's flash-attention kernel computes">
  ];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect", "mlir::tensor::TensorDialect", "mlir::scf::SCFDialect",
    "mlir::func::FuncDialect", "kiln::KilnDialect"
  ];
}

def ModelToRuntimeIO : Pass<"kiln-model-io", "mlir::ModuleOp"> {
  let summary = "Add the body that reads and writes the bufferized model through libkiln_runtime";
  let description = [{
    Runs after bufferization and buffer deallocation, on the model function
    marked `kiln.model` (memrefs in, owned memrefs out). It adds
    `func.func @<name>__body(!llvm.ptr)`, the uniform entry that
    libkiln_runtime's `kiln_rt_run` calls: it fetches each input with
    `kiln_rt_input_<ty>_r<rank>` (a descriptor of the caller's validated
    tensor), calls the model, hands each result to `kiln_rt_output_<ty>`
    (which copies it to the caller) and frees the results with one
    `bufferization.dealloc` (outputs may alias). Running after deallocation
    keeps the caller's input memory out of the deallocation analysis, which
    would otherwise treat buffers returned by calls as owned.
  }];
  let dependentDialects = [
    "mlir::func::FuncDialect", "mlir::LLVM::LLVMDialect",
    "mlir::memref::MemRefDialect", "mlir::arith::ArithDialect",
    "mlir::bufferization::BufferizationDialect"
  ];
}

def KilnToRuntime : Pass<"kiln-lower-to-runtime", "mlir::ModuleOp"> {
  let summary = "Lower bufferized kiln ops to libkiln_runtime calls";
  let description = [{
    Replaces each memref-form `kiln.matmul` with a call to
    `kiln_rt_matmul_f32` (oneDNN), passing operands as unranked memrefs through
    MLIR's C interface so that the runtime sees their sizes and strides. The
    activation enum is passed as its ABI value (KilnRuntimeABI.h). It also
    turns `memref.copy` into `linalg.copy`: finalize-memref-to-llvm would lower
    strided copies to `memrefCopy` from MLIR's C runner utils, a library that
    compiled models must not need.
  }];
  let dependentDialects = [
    "mlir::func::FuncDialect", "mlir::memref::MemRefDialect", "mlir::linalg::LinalgDialect",
    "mlir::arith::ArithDialect"
  ];
}

def DecomposeAggregates : Pass<"kiln-decompose-aggregates", "mlir::func::FuncOp"> {
  let summary = "Decompose aggregated linalg ops (linalg.softmax) into generics";
  let description = [{
    Upstream registers no pass that calls `AggregatedOpInterface::decomposeOperation`,
    so the CPU pipeline uses this one to turn `linalg.softmax` into its
    max/sub/exp/sum/div generics before bufferization.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

#endif // KILN_CONVERSION_PASSES_TD
