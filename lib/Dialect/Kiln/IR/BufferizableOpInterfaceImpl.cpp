// Bufferization of Kiln's destination-style ops: operands become their
// buffers and the op writes its init buffer in place.
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/DstBufferizableOpInterfaceImpl.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::bufferization;

namespace {
struct MatmulOpInterface
    : DstBufferizableOpInterfaceExternalModel<MatmulOpInterface, kiln::MatmulOp> {
  // The product overwrites init; its old contents are never read, so
  // bufferization need not copy them into a fresh buffer.
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const AnalysisState &) const {
    return !cast<DestinationStyleOpInterface>(op).isDpsInit(&operand);
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto matmul = cast<kiln::MatmulOp>(op);
    SmallVector<Value> buffers;
    for (Value operand : op->getOperands()) {
      FailureOr<Value> buffer = getBuffer(rewriter, operand, options, state);
      if (failed(buffer))
        return failure();
      buffers.push_back(*buffer);
    }
    rewriter.setInsertionPoint(op);
    Value bias = matmul.getBias() ? buffers[2] : Value();
    Value init = buffers.back();
    kiln::MatmulOp::create(rewriter, op->getLoc(), TypeRange{}, buffers[0], buffers[1], bias,
                           init, matmul.getActivationAttr(), matmul.getAlphaAttr(),
                           matmul.getActivationAlphaAttr());
    replaceOpWithBufferizedValues(rewriter, op, init);
    return success();
  }
};

struct AttentionOpInterface
    : DstBufferizableOpInterfaceExternalModel<AttentionOpInterface, kiln::AttentionOp> {
  // The attention output overwrites init without reading it, as for matmul.
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const AnalysisState &) const {
    return !cast<DestinationStyleOpInterface>(op).isDpsInit(&operand);
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto attention = cast<kiln::AttentionOp>(op);
    SmallVector<Value> buffers;
    for (Value operand : op->getOperands()) {
      FailureOr<Value> buffer = getBuffer(rewriter, operand, options, state);
      if (failed(buffer))
        return failure();
      buffers.push_back(*buffer);
    }
    rewriter.setInsertionPoint(op);
    Value mask = attention.getMask() ? buffers[3] : Value();
    Value init = buffers.back();
    kiln::AttentionOp::create(rewriter, op->getLoc(), TypeRange{}, buffers[0], buffers[1],
                              buffers[2], mask, init, attention.getScaleAttr(),
                              attention.getCausalAttr());
    replaceOpWithBufferizedValues(rewriter, op, init);
    return success();
  }
};
} // namespace

void kiln::registerKilnBufferizableOpInterfaces(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, kiln::KilnDialect *) {
    kiln::MatmulOp::attachInterface<MatmulOpInterface>(*ctx);
    kiln::AttentionOp::attachInterface<AttentionOpInterface>(*ctx);
  });
}
