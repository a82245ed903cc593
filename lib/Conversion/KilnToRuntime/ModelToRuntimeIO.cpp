#include "RuntimeDecls.h"
#include "kiln/Conversion/Passes.h"

#include "mlir/IR/Builders.h"

namespace kiln {
#define GEN_PASS_DEF_MODELTORUNTIMEIO
#include "kiln/Conversion/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {
struct ModelToRuntimeIOPass : kiln::impl::ModelToRuntimeIOBase<ModelToRuntimeIOPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> models;
    module.walk([&](func::FuncOp fn) {
      if (fn->hasAttr(kiln::kModelAttrName))
        models.push_back(fn);
    });
    for (func::FuncOp model : models)
      if (failed(wrap(module, model)))
        return signalPassFailure();
  }

  LogicalResult wrap(ModuleOp module, func::FuncOp model) {
    MLIRContext *ctx = &getContext();
    Location loc = model.getLoc();
    FunctionType modelType = model.getFunctionType();
    for (Type t : llvm::concat<const Type>(modelType.getInputs(), modelType.getResults())) {
      auto memref = dyn_cast<MemRefType>(t);
      if (!memref || !(memref.getElementType().isF32() || memref.getElementType().isInteger(32)) ||
          memref.getRank() > 8 || !memref.getLayout().isIdentity())
        return model.emitError("model inputs and outputs must be bufferized f32 or i32 "
                               "memrefs of rank at most 8 with identity layout, got ")
               << t;
    }
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    OpBuilder b(model);
    b.setInsertionPointAfter(model);
    std::string bodyName = (model.getSymName() + kiln::kBodySuffix).str();
    auto body = func::FuncOp::create(b, loc, bodyName, b.getFunctionType({ptrType}, {}));
    body->setAttr(kiln::kModelAttrName, b.getUnitAttr());
    for (StringRef attr : {kiln::kInputNamesAttrName, kiln::kOutputNamesAttrName})
      if (Attribute names = model->getAttr(attr))
        body->setAttr(attr, names);
    Block *entry = body.addEntryBlock();
    b.setInsertionPointToStart(entry);
    Value ctxArg = entry->getArgument(0);

    SmallVector<Value> inputs;
    for (auto [index, type] : llvm::enumerate(model.getArgumentTypes())) {
      auto memrefType = dyn_cast<MemRefType>(type);
      if (!memrefType)
        return model.emitError("bufferize the model before kiln-model-io");
      // The runtime returns a fully dynamic descriptor of the right rank; it
      // has already checked the static dims that the cast asserts.
      auto dynamicType = MemRefType::get(
          SmallVector<int64_t>(memrefType.getRank(), ShapedType::kDynamic),
          memrefType.getElementType());
      std::string name = ("kiln_rt_input_" + kiln::runtimeTypeSuffix(memrefType.getElementType()) +
                          "_r" + Twine(memrefType.getRank()))
                             .str();
      func::FuncOp decl = kiln::getOrInsertRuntimeFunction(
          module, name, b.getFunctionType({ptrType, b.getI64Type()}, {dynamicType}));
      Value idx = arith::ConstantIntOp::create(b, loc, b.getI64Type(), index);
      Value memref = func::CallOp::create(b, loc, decl, ValueRange{ctxArg, idx}).getResult(0);
      inputs.push_back(memref::CastOp::create(b, loc, memrefType, memref));
    }
    auto call = func::CallOp::create(b, loc, model, inputs);
    for (auto [index, result] : llvm::enumerate(call.getResults())) {
      auto memrefType = cast<MemRefType>(result.getType());
      auto unranked = UnrankedMemRefType::get(memrefType.getElementType(), 0);
      Value erased = memref::CastOp::create(b, loc, unranked, result);
      std::string name =
          ("kiln_rt_output_" + kiln::runtimeTypeSuffix(memrefType.getElementType())).str();
      func::FuncOp decl = kiln::getOrInsertRuntimeFunction(
          module, name, b.getFunctionType({ptrType, b.getI64Type(), unranked}, {}));
      Value idx = arith::ConstantIntOp::create(b, loc, b.getI64Type(), index);
      func::CallOp::create(b, loc, decl, ValueRange{ctxArg, idx, erased});
    }
    // Buffer deallocation has run: function results are owned by the caller
    // (its ABI) and the output calls have copied them. Outputs may alias
    // (one value returned twice, or a view of another output);
    // bufferization.dealloc frees each distinct base buffer once.
    if (call.getNumResults() != 0) {
      Value owned = arith::ConstantIntOp::create(b, loc, b.getI1Type(), 1);
      SmallVector<Value> bases, conditions;
      for (Value result : call.getResults()) {
        bases.push_back(memref::ExtractStridedMetadataOp::create(b, loc, result).getBaseBuffer());
        conditions.push_back(owned);
      }
      bufferization::DeallocOp::create(b, loc, bases, conditions, ValueRange{});
    }
    func::ReturnOp::create(b, loc);
    model->removeAttr(kiln::kModelAttrName);
    return success();
  }
};
} // namespace
