#include "RuntimeDecls.h"
#include "kiln/Conversion/Passes.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace kiln {
#define GEN_PASS_DEF_KILNTORUNTIME
#include "kiln/Conversion/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {
/// kiln.matmul on memrefs → kiln_rt_matmul_f32(a, b, bias, c, has_bias,
/// activation, alpha, activation_alpha), operands as unranked memrefs.
struct MatmulToRuntimeCall : OpRewritePattern<kiln::MatmulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(kiln::MatmulOp op, PatternRewriter &rewriter) const override {
    if (!op.hasPureBufferSemantics())
      return rewriter.notifyMatchFailure(op, "bufferize first");
    Location loc = op.getLoc();
    auto unranked = UnrankedMemRefType::get(rewriter.getF32Type(), 0);
    auto erase = [&](Value v) -> Value {
      return memref::CastOp::create(rewriter, loc, unranked, v);
    };
    // Without a bias the runtime ignores the operand; pass the output.
    Value bias = op.getBias() ? op.getBias() : op.getInit();
    auto module = op->getParentOfType<ModuleOp>();
    Type i64 = rewriter.getI64Type(), f32 = rewriter.getF32Type();
    func::FuncOp decl = kiln::getOrInsertRuntimeFunction(
        module, "kiln_rt_matmul_f32",
        rewriter.getFunctionType({unranked, unranked, unranked, unranked, i64, i64, f32, f32},
                                 {}));
    SmallVector<Value> args{
        erase(op.getLhs()),
        erase(op.getRhs()),
        erase(bias),
        erase(op.getInit()),
        arith::ConstantIntOp::create(rewriter, loc, i64, op.getBias() ? 1 : 0),
        arith::ConstantIntOp::create(rewriter, loc, i64,
                                     static_cast<int64_t>(op.getActivation())),
        arith::ConstantOp::create(rewriter, loc, op.getAlphaAttr()),
        arith::ConstantOp::create(rewriter, loc, op.getActivationAlphaAttr())};
    rewriter.replaceOpWithNewOp<func::CallOp>(op, decl, args);
    return success();
  }
};

/// memref.copy → linalg.copy. finalize-memref-to-llvm turns strided copies
/// into calls to `memrefCopy` from MLIR's C runner utils, which compiled
/// objects must not depend on; as a linalg op the copy becomes plain loops.
struct CopyToLinalg : OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(memref::CopyOp op, PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(op, op.getSource(), op.getTarget());
    return success();
  }
};

struct KilnToRuntimePass : kiln::impl::KilnToRuntimeBase<KilnToRuntimePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<MatmulToRuntimeCall, CopyToLinalg>(&getContext());
    kiln::populateRecurrenceToRuntimePatterns(patterns);
    kiln::populateAttentionToRuntimePatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    // A memref-form op left behind has had its error reported by its pattern.
    WalkResult left = getOperation().walk([](Operation *op) {
      if (!isa<kiln::MatmulOp, kiln::RecurrenceOp, kiln::AttentionOp>(op))
        return WalkResult::advance();
      if (!cast<DestinationStyleOpInterface>(op).hasPureBufferSemantics())
        op->emitError() << op->getName()
                        << " on tensors reached the runtime lowering; bufferize first";
      return WalkResult::interrupt();
    });
    if (left.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
