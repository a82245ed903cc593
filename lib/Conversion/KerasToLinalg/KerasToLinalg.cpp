#include "Patterns.h"
#include "kiln/Conversion/Passes.h"
#include "kiln/Dialect/Keras/IR/KerasOps.h"

#include "mlir/Transforms/DialectConversion.h"

namespace kiln {
#define GEN_PASS_DEF_KERASTOLINALG
#include "kiln/Conversion/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {
struct KerasToLinalgPass : kiln::impl::KerasToLinalgBase<KerasToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    kiln::populateCoreLayerLowerings(patterns);
    kiln::populateShapeLayerLowerings(patterns);
    kiln::populateMergeLayerLowerings(patterns);
    kiln::populateNormalizationLayerLowerings(patterns);
    kiln::populateConvPoolLayerLowerings(patterns);
    kiln::populateMaskLowerings(patterns);
    kiln::populateAttentionLayerLowerings(patterns);
    kiln::populateRecurrentLayerLowerings(patterns);
    ConversionTarget target(*ctx);
    target.addIllegalDialect<kiln::keras::KerasDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      return signalPassFailure();
    markModelInputsReadOnly();
  }

  void markModelInputsReadOnly() {
    getOperation().walk([&](func::FuncOp fn) {
      if (!fn->hasAttr(kiln::kModelAttrName))
        return;
      for (unsigned i = 0, e = fn.getNumArguments(); i < e; ++i)
        fn.setArgAttr(i, "bufferization.writable", BoolAttr::get(&getContext(), false));
    });
  }
};
} // namespace
