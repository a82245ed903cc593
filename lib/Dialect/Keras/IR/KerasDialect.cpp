#include "kiln/Dialect/Keras/IR/KerasDialect.h"
#include "kiln/Dialect/Keras/IR/KerasOps.h"

#include "llvm/ADT/TypeSwitch.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Transforms/InliningUtils.h"

using namespace mlir;
using namespace kiln::keras;

#include "kiln/Dialect/Keras/IR/KerasOpsDialect.cpp.inc"
#include "kiln/Dialect/Keras/IR/KerasEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "kiln/Dialect/Keras/IR/KerasAttrs.cpp.inc"

namespace {
/// Every op of this dialect is pure or writes only its operands, so it may be
/// inlined anywhere; the model function is inlined into its runtime body.
struct AlwaysInlinable : DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;
  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final { return true; }
};
} // namespace

void KerasDialect::initialize() {
  addInterfaces<AlwaysInlinable>();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "kiln/Dialect/Keras/IR/KerasAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "kiln/Dialect/Keras/IR/KerasOps.cpp.inc"
      >();
}
