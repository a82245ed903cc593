//===- RecurrenceOp.cpp - kiln.recurrence verifier and effects ------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

using namespace mlir;
using namespace kiln;

int64_t RecurrenceOp::getNumGates() {
  switch (getCell()) {
  case Cell::simple_rnn:
    return 1;
  case Cell::lstm:
    return 4;
  case Cell::gru:
  case Cell::gru_reset_before:
    return 3;
  }
  llvm_unreachable("unknown cell");
}

int64_t RecurrenceOp::getNumStates() { return getCell() == Cell::lstm ? 2 : 1; }

LogicalResult RecurrenceOp::verify() {
  bool tensors = isa<RankedTensorType>(getOutputs().getType());
  for (Type t : getOperandTypes())
    if (isa<RankedTensorType>(t) != tensors || !cast<ShapedType>(t).hasRank())
      return emitOpError("operands must all be ranked tensors or all be memrefs");
  if (tensors != (getNumResults() == 2))
    return emitOpError("returns the new outputs and final_state on tensors, nothing on memrefs");
  if (tensors && (getResult(0).getType() != getOutputs().getType() ||
                  getResult(1).getType() != getFinalState().getType()))
    return emitOpError("result types must equal the outputs and final_state types");

  auto shaped = [](Value v) { return cast<ShapedType>(v.getType()); };
  for (Value v : getOperands()) {
    bool isMask = v == getMask();
    Type element = shaped(v).getElementType();
    if (isMask ? !element.isInteger(8) : !element.isF32())
      return emitOpError(isMask ? "mask must be i8" : "operands other than mask must be f32");
  }

  int64_t directions = getGoBackwards().size();
  if ((directions != 1 && directions != 2) ||
      static_cast<int64_t>(getFlipOutputs().size()) != directions)
    return emitOpError("go_backwards and flip_outputs must list the same 1 or 2 directions");
  if (getCell() != Cell::gru && getRecurrentBias())
    return emitOpError("only the gru cell (reset_after) takes a recurrent bias");

  // Every dim is checked where both sides are static.
  auto same = [](int64_t a, int64_t b) {
    return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
  };
  auto check = [&](Value v, StringRef name, ArrayRef<int64_t> expected) -> LogicalResult {
    ArrayRef<int64_t> shape = shaped(v).getShape();
    bool ok = shape.size() == expected.size();
    for (size_t i = 0; ok && i < shape.size(); ++i)
      ok = same(shape[i], expected[i]);
    if (ok)
      return success();
    InFlightDiagnostic diag = emitOpError() << name << " must be [";
    llvm::interleaveComma(expected, diag, [&](int64_t d) {
      if (ShapedType::isDynamic(d))
        diag << "?";
      else
        diag << d;
    });
    return diag << "]";
  };
  ArrayRef<int64_t> p = shaped(getProjected()).getShape();
  if (p.size() != 4)
    return emitOpError("projected must be [B, T, D, G*U]");
  ArrayRef<int64_t> rk = shaped(getRecurrentKernel()).getShape();
  if (rk.size() != 3)
    return emitOpError("recurrent_kernel must be [D, U, G*U]");
  int64_t b = p[0], t = p[1], units = rk[1];
  int64_t gates = ShapedType::isDynamic(units) ? ShapedType::kDynamic : units * getNumGates();
  int64_t s = getNumStates();
  if (failed(check(getProjected(), "projected", {b, t, directions, gates})) ||
      failed(check(getRecurrentKernel(), "recurrent_kernel", {directions, units, gates})))
    return failure();
  if (Value bias = getRecurrentBias())
    if (failed(check(bias, "recurrent_bias", {directions, gates})))
      return failure();
  if (Value mask = getMask())
    if (failed(check(mask, "mask", {b, t})))
      return failure();
  if (Value init = getInitialState())
    if (failed(check(init, "initial_state", {directions, s, b, units})))
      return failure();
  SmallVector<int64_t> outputs{b};
  if (getReturnSequences())
    outputs.push_back(t);
  outputs.append({directions, units});
  if (failed(check(getOutputs(), "outputs", outputs)) ||
      failed(check(getFinalState(), "final_state", {directions, s, b, units})))
    return failure();
  return success();
}

void RecurrenceOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  detail::getDpsEffects(getOperation(), effects);
}
