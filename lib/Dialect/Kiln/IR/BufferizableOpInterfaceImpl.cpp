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
/// Kiln's destination-style ops overwrite their init without reading it, so
/// bufferization need not copy its old contents into a fresh buffer. The
/// memref form is the same op with every operand replaced by its buffer and
/// no results (an op may have several inits, one result each).
template <typename OpTy>
struct OverwritingDstOpInterface
    : DstBufferizableOpInterfaceExternalModel<OverwritingDstOpInterface<OpTy>, OpTy> {
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const AnalysisState &) const {
    return !cast<DestinationStyleOpInterface>(op).isDpsInit(&operand);
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    SmallVector<Value> buffers;
    for (Value operand : op->getOperands()) {
      FailureOr<Value> buffer = getBuffer(rewriter, operand, options, state);
      if (failed(buffer))
        return failure();
      buffers.push_back(*buffer);
    }
    rewriter.setInsertionPoint(op);
    OperationState memrefForm(op->getLoc(), op->getName());
    memrefForm.addOperands(buffers);
    memrefForm.addAttributes(llvm::to_vector(op->getDiscardableAttrs()));
    memrefForm.propertiesAttr = op->getPropertiesAsAttribute();
    rewriter.create(memrefForm);
    // Result i is the new value of init i.
    SmallVector<Value> results;
    for (OpOperand &init : cast<DestinationStyleOpInterface>(op).getDpsInitsMutable())
      results.push_back(buffers[init.getOperandNumber()]);
    replaceOpWithBufferizedValues(rewriter, op, results);
    return success();
  }
};
} // namespace

void kiln::registerKilnBufferizableOpInterfaces(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, kiln::KilnDialect *) {
    kiln::MatmulOp::attachInterface<OverwritingDstOpInterface<kiln::MatmulOp>>(*ctx);
    kiln::AttentionOp::attachInterface<OverwritingDstOpInterface<kiln::AttentionOp>>(*ctx);
    kiln::RecurrenceOp::attachInterface<OverwritingDstOpInterface<kiln::RecurrenceOp>>(*ctx);
  });
}
