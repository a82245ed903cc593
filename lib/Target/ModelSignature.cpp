#include "kiln/Target/ModelSignature.h"

#include "kiln/Conversion/Passes.h"
#include "kiln/Runtime/kiln.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

static llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

static llvm::Expected<std::vector<kiln::TensorSignature>>
readTensors(TypeRange types, ArrayAttr names, StringRef what) {
  std::vector<kiln::TensorSignature> tensors;
  for (auto [index, type] : llvm::enumerate(types)) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || tensor.getRank() > KILN_MAX_RANK)
      return fail("model " + what + " " + llvm::Twine(index) +
                  " must be a ranked tensor of rank <= 8");
    kiln::TensorSignature sig;
    if (tensor.getElementType().isF32())
      sig.dtype = KILN_FLOAT32;
    else if (tensor.getElementType().isInteger(32))
      sig.dtype = KILN_INT32;
    else
      return fail("model " + what + " " + llvm::Twine(index) + " must be f32 or i32");
    for (int64_t d : tensor.getShape())
      sig.dims.push_back(ShapedType::isDynamic(d) ? KILN_DYNAMIC_DIM : d);
    if (names && index < names.size())
      if (auto name = dyn_cast<StringAttr>(names[index]))
        sig.name = name.str();
    if (sig.name.empty())
      sig.name = (what + "_" + llvm::Twine(index)).str();
    tensors.push_back(std::move(sig));
  }
  return tensors;
}

llvm::Expected<kiln::ModelSignature> kiln::readModelSignature(ModuleOp module) {
  func::FuncOp model;
  unsigned count = 0;
  module.walk([&](func::FuncOp fn) {
    if (fn->hasAttr(kModelAttrName)) {
      model = fn;
      ++count;
    }
  });
  if (count != 1)
    return fail("expected exactly one function marked 'kiln.model', found " +
                llvm::Twine(count));
  ModelSignature signature;
  signature.name = model.getSymName().str();
  auto inputs = readTensors(model.getArgumentTypes(),
                            model->getAttrOfType<ArrayAttr>(kInputNamesAttrName), "input");
  if (!inputs)
    return inputs.takeError();
  auto outputs = readTensors(model.getResultTypes(),
                             model->getAttrOfType<ArrayAttr>(kOutputNamesAttrName), "output");
  if (!outputs)
    return outputs.takeError();
  signature.inputs = std::move(*inputs);
  signature.outputs = std::move(*outputs);
  return signature;
}

std::string kiln::describe(const TensorSignature &tensor) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << (tensor.dtype == KILN_FLOAT32 ? "float32" : "int32") << " [";
  llvm::interleaveComma(tensor.dims, os, [&](int64_t d) {
    if (d == KILN_DYNAMIC_DIM)
      os << "?";
    else
      os << d;
  });
  os << "]";
  return s;
}
