//===- KerasRecurrentOps.cpp - Verifiers of recurrent layers and Masking --===//

#include "kiln/Dialect/Keras/IR/KerasOps.h"
#include "kiln/Dialect/Keras/IR/KerasShapes.h"

using namespace mlir;
using namespace kiln::keras;

bool kiln::keras::isCellActivation(ActivationKind kind) {
  switch (kind) {
  case ActivationKind::linear:
  case ActivationKind::relu:
  case ActivationKind::relu6:
  case ActivationKind::leaky_relu:
  case ActivationKind::elu:
  case ActivationKind::selu:
  case ActivationKind::gelu:
  case ActivationKind::gelu_approximate:
  case ActivationKind::sigmoid:
  case ActivationKind::hard_sigmoid:
  case ActivationKind::hard_sigmoid_keras2:
  case ActivationKind::hard_silu:
  case ActivationKind::tanh:
  case ActivationKind::silu:
  case ActivationKind::softplus:
  case ActivationKind::softsign:
  case ActivationKind::exponential:
  case ActivationKind::mish:
    return true;
  default:
    return false;
  }
}

int64_t RecurrentOp::getNumGates() {
  switch (getCell()) {
  case RecurrentCell::simple_rnn:
    return 1;
  case RecurrentCell::lstm:
    return 4;
  case RecurrentCell::gru:
  case RecurrentCell::gru_reset_before:
    return 3;
  }
  llvm_unreachable("unknown cell");
}

int64_t RecurrentOp::getNumStates() { return getCell() == RecurrentCell::lstm ? 2 : 1; }

int64_t RecurrentOp::getNumOutputs() { return getMergeMode() == MergeMode::none ? 2 : 1; }

/// Whether `shape` matches `expected`, where dynamic dims match anything.
static bool fits(ArrayRef<int64_t> shape, ArrayRef<int64_t> expected) {
  if (shape.size() != expected.size())
    return false;
  for (auto [a, b] : llvm::zip_equal(shape, expected))
    if (!ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) && a != b)
      return false;
  return true;
}

static ArrayRef<int64_t> shapeOf(Value v) { return cast<RankedTensorType>(v.getType()).getShape(); }

LogicalResult RecurrentOp::verify() {
  int64_t directions = getNumDirections();
  if (directions != 1 && directions != 2)
    return emitOpError("go_backwards must list 1 or 2 directions");
  if (directions == 1 && getMergeMode() != MergeMode::concat)
    return emitOpError("merge_mode applies to 2 directions only (use concat for 1)");
  if (!isCellActivation(getActivation()) || !isCellActivation(getRecurrentActivation()))
    return emitOpError("cell activations must be elementwise activations without "
                       "parameters (not softmax, sparsemax, ...)");
  ArrayRef<int64_t> x = shapeOf(getInput());
  if (x.size() != 3)
    return emitOpError("input must be (batch, steps, features), got ")
           << formatShape(x);
  int64_t units = getUnits(), gates = getNumGates() * units;
  if (units < 1)
    return emitOpError("units must be positive");
  auto count = [&](ValueRange values, StringRef what) -> LogicalResult {
    if (static_cast<int64_t>(values.size()) != directions)
      return emitOpError() << "expects " << directions << " " << what << ", got "
                           << values.size();
    return success();
  };
  if (failed(count(getKernels(), "kernels")) ||
      failed(count(getRecurrentKernels(), "recurrent kernels")) ||
      (!getBiases().empty() && failed(count(getBiases(), "biases"))))
    return failure();
  for (Value k : getKernels())
    if (!fits(shapeOf(k), {x[2], gates}))
      return emitOpError("kernel ") << formatShape(shapeOf(k)) << " must be (features "
                                    << x[2] << ", " << gates << ")";
  for (Value k : getRecurrentKernels())
    if (!fits(shapeOf(k), {units, gates}))
      return emitOpError("recurrent kernel ")
             << formatShape(shapeOf(k)) << " must be (" << units << ", " << gates << ")";
  SmallVector<int64_t> biasShape{gates};
  if (getCell() == RecurrentCell::gru)
    biasShape.insert(biasShape.begin(), 2);
  for (Value b : getBiases())
    if (!fits(shapeOf(b), biasShape))
      return emitOpError("bias ") << formatShape(shapeOf(b)) << " must be "
                                  << formatShape(biasShape);
  if (Value mask = getMask())
    if (!fits(shapeOf(mask), {x[0], x[1]}))
      return emitOpError("mask ") << formatShape(shapeOf(mask)) << " must be (batch, steps) "
                                  << formatShape({x[0], x[1]});
  int64_t states = getNumStates() * directions;
  if (!getInitialStates().empty()) {
    if (static_cast<int64_t>(getInitialStates().size()) != states)
      return emitOpError() << "expects " << states << " initial states, got "
                           << getInitialStates().size();
    for (Value s : getInitialStates())
      if (!fits(shapeOf(s), {x[0], units}))
        return emitOpError("initial state ")
               << formatShape(shapeOf(s)) << " must be (batch, " << units << ")";
  }

  int64_t outputs = getNumOutputs();
  int64_t expectedResults = outputs + (getReturnState() ? states : 0);
  if (static_cast<int64_t>(getResults().size()) != expectedResults)
    return emitOpError() << "expects " << expectedResults << " results, got "
                         << getResults().size();
  int64_t width = getMergeMode() == MergeMode::concat ? units * directions : units;
  SmallVector<int64_t> outShape{x[0]};
  if (getReturnSequences())
    outShape.push_back(x[1]);
  outShape.push_back(width);
  SmallVector<int64_t> stateShape{x[0], units};
  for (int64_t i = 0; i < expectedResults; ++i) {
    ArrayRef<int64_t> expected = i < outputs ? outShape : stateShape;
    if (!fits(shapeOf(getResult(i)), expected))
      return emitOpError("result ") << i << " " << formatShape(shapeOf(getResult(i)))
                                    << " must be " << formatShape(expected);
  }
  return success();
}

static LogicalResult verifyMaskOfSteps(Operation *op, Value input, Value mask) {
  ArrayRef<int64_t> x = shapeOf(input);
  if (x.size() < 2)
    return op->emitOpError("input must have a steps and a features axis, got ")
           << formatShape(x);
  if (mask && !fits(shapeOf(mask), x.drop_back()))
    return op->emitOpError("mask must be the input shape without its last axis");
  return success();
}

LogicalResult MaskingOp::verify() {
  if (getInput().getType() != getOutput().getType())
    return emitOpError("output type must equal the input type");
  return verifyMaskOfSteps(*this, getInput(), Value());
}

LogicalResult ValueMaskOp::verify() { return verifyMaskOfSteps(*this, getInput(), getMask()); }
