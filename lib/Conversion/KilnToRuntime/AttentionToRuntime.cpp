//===- AttentionToRuntime.cpp - kiln.attention → kiln_rt_attention_f32 ----===//

#include "RuntimeDecls.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Runtime/KilnRuntimeABI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;

namespace {
/// Memref kiln.attention with dot scores and no probabilities →
/// kiln_rt_attention_f32(query, key, value, mask, output, scale, mask_fill,
/// causal, flags), the runtime's flash-attention kernel. A boolean mask
/// goes to kiln_rt_attention_bool_mask_f32, the same kernel declared with
/// an i1 mask (one MLIR declaration cannot take both element types).
struct AttentionToRuntimeCall : OpRewritePattern<kiln::AttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(kiln::AttentionOp op, PatternRewriter &rewriter) const override {
    if (!op.hasPureBufferSemantics())
      return rewriter.notifyMatchFailure(op, "bufferize first");
    if (!kiln::hasRuntimeKernel(op))
      return op.emitOpError("with additive scores or a probabilities result must be lowered "
                            "by kiln-lower-attention before bufferization");
    Location loc = op.getLoc();
    Type f32 = rewriter.getF32Type(), i64 = rewriter.getI64Type();
    auto unrankedF32 = UnrankedMemRefType::get(f32, 0);
    auto erase = [&](Value v) -> Value {
      auto element = cast<MemRefType>(v.getType()).getElementType();
      return memref::CastOp::create(rewriter, loc, UnrankedMemRefType::get(element, 0), v);
    };
    Value mask = op.getMask();
    bool boolMask = mask && cast<MemRefType>(mask.getType()).getElementType().isInteger(1);
    int64_t flags = 0;
    if (mask)
      flags |= boolMask ? KILN_ATTN_BOOL_MASK : KILN_ATTN_ADDITIVE_MASK;
    if (op.getZeroMasked())
      flags |= KILN_ATTN_ZERO_MASKED;
    Value output = erase(op.getInit());
    Value maskArg = mask ? erase(mask) : output;

    auto module = op->getParentOfType<ModuleOp>();
    func::FuncOp decl = kiln::getOrInsertRuntimeFunction(
        module, boolMask ? "kiln_rt_attention_bool_mask_f32" : "kiln_rt_attention_f32",
        rewriter.getFunctionType({unrankedF32, unrankedF32, unrankedF32, maskArg.getType(),
                                  unrankedF32, f32, f32, i64, i64},
                                 {}));
    SmallVector<Value> args{
        erase(op.getQuery()),
        erase(op.getKey()),
        erase(op.getValue()),
        maskArg,
        output,
        arith::ConstantOp::create(rewriter, loc, op.getScaleAttr()),
        arith::ConstantOp::create(rewriter, loc, op.getMaskFillAttr()),
        arith::ConstantIntOp::create(rewriter, loc, i64, static_cast<int64_t>(op.getCausal())),
        arith::ConstantIntOp::create(rewriter, loc, i64, flags)};
    rewriter.replaceOpWithNewOp<func::CallOp>(op, decl, args);
    return success();
  }
};
} // namespace

void kiln::populateAttentionToRuntimePatterns(RewritePatternSet &patterns) {
  patterns.add<AttentionToRuntimeCall>(patterns.getContext());
}
