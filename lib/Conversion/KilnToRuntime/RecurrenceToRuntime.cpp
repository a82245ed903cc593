//===- RecurrenceToRuntime.cpp - kiln.recurrence → kiln_rt_recurrence_f32 -===//

#include "RuntimeDecls.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Runtime/KilnRuntimeABI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;

namespace {
/// kiln.recurrence on memrefs → kiln_rt_recurrence_f32(projected,
/// recurrent_kernel, recurrent_bias, mask, initial_state, outputs,
/// final_state, cell, activation, recurrent_activation, act_alpha, flags);
/// absent operands are passed as some other buffer the runtime does not read
/// (the flags say which are present).
struct RecurrenceToRuntimeCall : OpRewritePattern<kiln::RecurrenceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(kiln::RecurrenceOp op, PatternRewriter &rewriter) const override {
    if (!op.hasPureBufferSemantics())
      return rewriter.notifyMatchFailure(op, "bufferize first");
    Location loc = op.getLoc();
    Type f32 = rewriter.getF32Type(), i8 = rewriter.getI8Type(), i64 = rewriter.getI64Type();
    auto unrankedF32 = UnrankedMemRefType::get(f32, 0);
    auto unrankedI8 = UnrankedMemRefType::get(i8, 0);
    auto erase = [&](Value v, Type type) -> Value {
      return memref::CastOp::create(rewriter, loc, type, v);
    };
    Value mask = op.getMask();
    if (!mask)
      mask = memref::AllocaOp::create(rewriter, loc, MemRefType::get({0, 0}, i8));

    int64_t flags = 0;
    if (op.getReturnSequences())
      flags |= KILN_RNN_RETURN_SEQUENCES;
    if (op.getZeroOutputForMask())
      flags |= KILN_RNN_ZERO_OUTPUT_FOR_MASK;
    if (op.getMask())
      flags |= KILN_RNN_HAS_MASK;
    if (op.getInitialState())
      flags |= KILN_RNN_HAS_INITIAL_STATE;
    if (op.getRecurrentBias())
      flags |= KILN_RNN_HAS_RECURRENT_BIAS;
    for (auto [d, backwards] : llvm::enumerate(op.getGoBackwards()))
      if (backwards)
        flags |= KILN_RNN_GO_BACKWARDS(d);
    for (auto [d, flip] : llvm::enumerate(op.getFlipOutputs()))
      if (flip)
        flags |= KILN_RNN_FLIP_OUTPUTS(d);

    auto module = op->getParentOfType<ModuleOp>();
    func::FuncOp decl = kiln::getOrInsertRuntimeFunction(
        module, "kiln_rt_recurrence_f32",
        rewriter.getFunctionType({unrankedF32, unrankedF32, unrankedF32, unrankedI8, unrankedF32,
                                  unrankedF32, unrankedF32, i64, i64, i64, f32, i64},
                                 {}));
    auto constant = [&](int64_t v) -> Value {
      return arith::ConstantIntOp::create(rewriter, loc, i64, v);
    };
    Value unused = op.getFinalState();
    SmallVector<Value> args{
        erase(op.getProjected(), unrankedF32),
        erase(op.getRecurrentKernel(), unrankedF32),
        erase(op.getRecurrentBias() ? op.getRecurrentBias() : unused, unrankedF32),
        erase(mask, unrankedI8),
        erase(op.getInitialState() ? op.getInitialState() : unused, unrankedF32),
        erase(op.getOutputs(), unrankedF32),
        erase(op.getFinalState(), unrankedF32),
        constant(static_cast<int64_t>(op.getCell())),
        constant(static_cast<int64_t>(op.getActivation())),
        constant(static_cast<int64_t>(op.getRecurrentActivation())),
        arith::ConstantOp::create(rewriter, loc, op.getActivationAlphaAttr()),
        constant(flags)};
    rewriter.replaceOpWithNewOp<func::CallOp>(op, decl, args);
    return success();
  }
};
} // namespace

void kiln::populateRecurrenceToRuntimePatterns(RewritePatternSet &patterns) {
  patterns.add<RecurrenceToRuntimeCall>(patterns.getContext());
}
