//===- RecurrentLayers.cpp - LSTM/GRU/SimpleRNN, Bidirectional, Masking ---===//
//
// A recurrent layer splits into the part that does not depend on the state,
// the input projection x_t·W + b of every step and direction, done as ONE
// oneDNN matmul over all B·T rows, and the recurrence proper, which
// kiln.recurrence hands to the runtime's fused kernel (a loop of small h·U
// products with the gate math applied while the gates are in cache; batch
// rows and the two directions of a Bidirectional run in parallel there).
//
// The per-direction weights are stacked into the layouts the kernel reads
// ([F, D·G·U] for the projection, [D, U, G·U] for the recurrence). They are
// constants in every imported model, so the stacking happens here, at compile
// time; other producers get the same layout from tensor ops.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace kiln::lowering;
namespace keras = kiln::keras;

namespace {

/// The values of a constant f32 tensor, row-major; std::nullopt otherwise.
std::optional<std::vector<float>> constantValues(Value v) {
  auto constant = v.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return std::nullopt;
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(constant.getValue())) {
    std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
    if (!data)
      return std::nullopt;
    return std::vector<float>(data->begin(), data->end());
  }
  if (auto dense = dyn_cast<DenseElementsAttr>(constant.getValue())) {
    auto values = dense.getValues<float>();
    return std::vector<float>(values.begin(), values.end());
  }
  return std::nullopt;
}

/// Joins the [rows, cols_i] parts of `parts` side by side: part i of every
/// row, in order. A 1-D part is one row. `pick` selects a row range of each
/// part first (the input or recurrent row of a GRU bias).
struct Stacker {
  OpBuilder &b;
  Location loc;
  std::string blobName;

  /// `parts` are N-D tensors of one shape; the result has shape
  /// [outer..., parts, inner...] folded: `axis` is where the parts join (the
  /// result's dim `axis` is parts.size() times the parts' dim there, or a
  /// new leading dim when `newAxis`).
  Value join(ArrayRef<Value> parts, int64_t axis, bool newAxis) {
    auto type = cast<RankedTensorType>(parts.front().getType());
    SmallVector<int64_t> shape(type.getShape());
    int64_t n = parts.size();
    SmallVector<int64_t> resultShape = shape;
    if (newAxis)
      resultShape.insert(resultShape.begin() + axis, n);
    else
      resultShape[axis] *= n;
    auto resultType = RankedTensorType::get(resultShape, b.getF32Type());

    SmallVector<std::vector<float>> data;
    for (Value p : parts)
      if (std::optional<std::vector<float>> values = constantValues(p))
        data.push_back(std::move(*values));
    if (data.size() == parts.size() && type.hasStaticShape()) {
      // outer = dims before `axis`, inner = the rest: part i's block of each
      // outer index follows part i-1's.
      int64_t outer = 1, inner = 1;
      for (int64_t d = 0; d < static_cast<int64_t>(shape.size()); ++d)
        (d < axis ? outer : inner) *= shape[d];
      std::vector<float> joined;
      joined.reserve(outer * inner * n);
      for (int64_t o = 0; o < outer; ++o)
        for (const std::vector<float> &part : data)
          joined.insert(joined.end(), part.begin() + o * inner, part.begin() + (o + 1) * inner);
      auto blob = HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(joined);
      auto attr = DenseResourceElementsAttr::get(resultType, blobName, std::move(blob));
      return arith::ConstantOp::create(b, loc, attr);
    }
    if (parts.size() == 1 && !newAxis)
      return parts.front();
    SmallVector<Value> pieces(parts.begin(), parts.end());
    if (newAxis) {
      for (Value &p : pieces) {
        SmallVector<OpFoldResult> sizes = sizesOf(b, loc, p);
        sizes.insert(sizes.begin() + axis, b.getIndexAttr(1));
        p = reshape(b, loc, p, sizes);
      }
    }
    if (pieces.size() == 1)
      return pieces.front();
    return concatenate(b, loc, pieces, axis, resultType);
  }
};

/// Row `row` of each [2, G·U] GRU bias (0: input bias, 1: recurrent bias).
SmallVector<Value> biasRows(OpBuilder &b, Location loc, ValueRange biases, int64_t row) {
  SmallVector<Value> rows;
  for (Value bias : biases) {
    auto type = cast<RankedTensorType>(bias.getType());
    if (type.getRank() == 1) {
      rows.push_back(bias);
      continue;
    }
    int64_t width = type.getDimSize(1);
    auto rowType = RankedTensorType::get({width}, b.getF32Type());
    if (std::optional<std::vector<float>> values = constantValues(bias)) {
      std::vector<float> part(values->begin() + row * width,
                              values->begin() + (row + 1) * width);
      auto blob = HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(part);
      rows.push_back(arith::ConstantOp::create(
          b, loc,
          DenseResourceElementsAttr::get(rowType, row ? "recurrent_bias" : "input_bias",
                                         std::move(blob))));
      continue;
    }
    rows.push_back(tensor::ExtractSliceOp::create(
        b, loc, rowType, bias, ArrayRef<OpFoldResult>{b.getIndexAttr(row), b.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(width)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)}));
  }
  return rows;
}

kiln::Cell cellOf(keras::RecurrentCell cell) {
  switch (cell) {
  case keras::RecurrentCell::simple_rnn:
    return kiln::Cell::simple_rnn;
  case keras::RecurrentCell::lstm:
    return kiln::Cell::lstm;
  case keras::RecurrentCell::gru:
    return kiln::Cell::gru;
  case keras::RecurrentCell::gru_reset_before:
    return kiln::Cell::gru_reset_before;
  }
  llvm_unreachable("unknown cell");
}

/// The runtime's code for a cell activation, and the parameter it takes
/// (Keras' defaults: elu alpha 1, leaky_relu negative_slope 0.2).
std::pair<kiln::CellActivation, std::optional<float>> cellActivation(keras::ActivationKind kind) {
  using K = keras::ActivationKind;
  using C = kiln::CellActivation;
  switch (kind) {
  case K::linear: return {C::none, {}};
  case K::relu: return {C::relu, {}};
  case K::tanh: return {C::tanh, {}};
  case K::sigmoid: return {C::sigmoid, {}};
  case K::gelu: return {C::gelu_erf, {}};
  case K::gelu_approximate: return {C::gelu_tanh, {}};
  case K::elu: return {C::elu, 1.0f};
  case K::silu: return {C::swish, {}};
  case K::hard_sigmoid_keras2: return {C::hard_sigmoid_keras2, {}};
  case K::hard_sigmoid: return {C::hard_sigmoid, {}};
  case K::softsign: return {C::softsign, {}};
  case K::softplus: return {C::softplus, {}};
  case K::selu: return {C::selu, {}};
  case K::exponential: return {C::exponential, {}};
  case K::relu6: return {C::relu6, {}};
  case K::hard_silu: return {C::hard_silu, {}};
  case K::mish: return {C::mish, {}};
  case K::leaky_relu: return {C::leaky_relu, 0.2f};
  default:
    llvm_unreachable("the verifier admits cell activations only");
  }
}

struct RecurrentLowering : OpRewritePattern<keras::RecurrentOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::RecurrentOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto [activation, alpha] = cellActivation(op.getActivation());
    auto [recurrentActivation, recurrentAlpha] = cellActivation(op.getRecurrentActivation());
    if (alpha && recurrentAlpha && *alpha != *recurrentAlpha)
      return op.emitOpError("activation and recurrent_activation with different default "
                            "parameters (elu and leaky_relu) are not supported");
    float activationAlpha = alpha.value_or(recurrentAlpha.value_or(0.0f));

    Value x = op.getInput();
    int64_t directions = op.getNumDirections(), units = op.getUnits();
    int64_t gateWidth = op.getNumGates() * units, states = op.getNumStates();
    SmallVector<OpFoldResult> xSizes = sizesOf(rewriter, loc, x);
    OpFoldResult batch = xSizes[0], steps = xSizes[1];
    auto index = [&](int64_t v) -> OpFoldResult { return rewriter.getIndexAttr(v); };

    // All steps' input projections at once: [B·T, F] x [F, D·G·U].
    Stacker stack{rewriter, loc, "recurrent_weights"};
    Value kernel = stack.join(llvm::to_vector(op.getKernels()), /*axis=*/1, /*newAxis=*/false);
    Value inputBias;
    if (!op.getBiases().empty())
      inputBias = stack.join(biasRows(rewriter, loc, op.getBiases(), 0), 0, false);
    Value rows = reshape(rewriter, loc, x,
                         {productOf(rewriter, loc, {batch, steps}), xSizes[2]});
    Value projected = matmul(rewriter, loc, rows, kernel, inputBias);
    projected = reshape(rewriter, loc, projected,
                        {batch, steps, index(directions), index(gateWidth)});

    Value recurrentKernel =
        stack.join(llvm::to_vector(op.getRecurrentKernels()), 0, /*newAxis=*/true);
    Value recurrentBias;
    if (op.getCell() == keras::RecurrentCell::gru && !op.getBiases().empty())
      recurrentBias = stack.join(biasRows(rewriter, loc, op.getBiases(), 1), 0, true);
    Value mask;
    if (Value m = op.getMask())
      mask = elementwise(rewriter, loc, m,
                         typeWithSizes(rewriter.getI8Type(), {batch, steps}), {batch, steps},
                         [](OpBuilder &b, Location loc, ValueRange args) -> Value {
                           return arith::ExtUIOp::create(b, loc, b.getI8Type(), args[0]);
                         });
    SmallVector<OpFoldResult> stateSizes{index(directions), index(states), batch, index(units)};
    Value initialState;
    if (!op.getInitialStates().empty()) {
      SmallVector<Value> parts;
      for (Value s : op.getInitialStates())
        parts.push_back(reshape(rewriter, loc, s, {index(1), batch, index(units)}));
      initialState = concatenate(
          rewriter, loc, parts, 0,
          typeWithSizes(rewriter.getF32Type(), {index(directions * states), batch, index(units)}));
      initialState = reshape(rewriter, loc, initialState, stateSizes);
    }

    bool sequences = op.getReturnSequences();
    SmallVector<OpFoldResult> outSizes{batch};
    if (sequences)
      outSizes.push_back(steps);
    outSizes.append({index(directions), index(units)});
    Value outputsInit = emptyTensor(rewriter, loc, typeWithSizes(rewriter.getF32Type(), outSizes),
                                    outSizes);
    Value finalInit = emptyTensor(
        rewriter, loc, typeWithSizes(rewriter.getF32Type(), stateSizes), stateSizes);
    // Bidirectional aligns the backward sequence with the forward one.
    SmallVector<bool> flip(directions, false);
    if (directions == 2)
      flip[1] = sequences;
    auto recurrence = kiln::RecurrenceOp::create(
        rewriter, loc, TypeRange{outputsInit.getType(), finalInit.getType()}, projected,
        recurrentKernel, recurrentBias, mask, initialState, outputsInit, finalInit,
        cellOf(op.getCell()), activation, recurrentActivation, llvm::APFloat(activationAlpha),
        sequences, op.getZeroOutputForMask(), op.getGoBackwards(), flip);
    Value outputs = recurrence.getResult(0);
    Value finalState = recurrence.getResult(1);

    SmallVector<Value> results = mergeDirections(rewriter, op, outputs, outSizes);
    if (op.getReturnState())
      for (int64_t d = 0; d < directions; ++d)
        for (int64_t s = 0; s < states; ++s)
          results.push_back(slice(rewriter, loc, finalState, {d, s}, {batch, index(units)}));
    for (auto [result, value] : llvm::zip_equal(op.getResults(), results))
      if (value.getType() != result.getType())
        value = tensor::CastOp::create(rewriter, loc, result.getType(), value);
    rewriter.replaceOp(op, results);
    return success();
  }

  /// `source`[lead..., :, ...]: the leading indices fixed, the trailing dims
  /// (`sizes`) whole, rank-reduced.
  static Value slice(OpBuilder &b, Location loc, Value source, ArrayRef<int64_t> lead,
                     ArrayRef<OpFoldResult> sizes) {
    SmallVector<OpFoldResult> offsets, allSizes, strides;
    for (int64_t i : lead) {
      offsets.push_back(b.getIndexAttr(i));
      allSizes.push_back(b.getIndexAttr(1));
    }
    for (OpFoldResult s : sizes) {
      offsets.push_back(b.getIndexAttr(0));
      allSizes.push_back(s);
    }
    strides.assign(offsets.size(), b.getIndexAttr(1));
    return tensor::ExtractSliceOp::create(b, loc, typeWithSizes(b.getF32Type(), sizes), source,
                                          offsets, allSizes, strides);
  }

  /// The layer's output(s) from [B, (T,) D, U]: concat is the free reshape
  /// to [B, (T,) D·U]; sum/mul/ave combine the two directions; none returns
  /// each direction's slice.
  static SmallVector<Value> mergeDirections(PatternRewriter &b, keras::RecurrentOp op,
                                            Value outputs, ArrayRef<OpFoldResult> outSizes) {
    Location loc = op.getLoc();
    int64_t directions = op.getNumDirections(), units = op.getUnits();
    SmallVector<OpFoldResult> lead(outSizes.drop_back(2));
    SmallVector<OpFoldResult> merged = lead;
    keras::MergeMode mode = op.getMergeMode();
    if (mode == keras::MergeMode::concat) {
      merged.push_back(b.getIndexAttr(directions * units));
      return {reshape(b, loc, outputs, merged)};
    }
    merged.push_back(b.getIndexAttr(units));
    // Direction d as [B, (T,) U]: a strided slice of the D axis.
    auto direction = [&](int64_t d) {
      SmallVector<OpFoldResult> offsets(outSizes.size(), b.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes(outSizes.begin(), outSizes.end());
      offsets[outSizes.size() - 2] = b.getIndexAttr(d);
      sizes[outSizes.size() - 2] = b.getIndexAttr(1);
      SmallVector<OpFoldResult> strides(outSizes.size(), b.getIndexAttr(1));
      return tensor::ExtractSliceOp::create(b, loc, typeWithSizes(b.getF32Type(), merged),
                                            outputs, offsets, sizes, strides)
          .getResult();
    };
    Value forward = direction(0), backward = direction(1);
    if (mode == keras::MergeMode::none)
      return {forward, backward};
    auto type = typeWithSizes(b.getF32Type(), merged);
    return {elementwise(b, loc, {forward, backward}, type, merged,
                        [mode](OpBuilder &b, Location loc, ValueRange args) -> Value {
                          switch (mode) {
                          case keras::MergeMode::sum:
                            return arith::AddFOp::create(b, loc, args[0], args[1]);
                          case keras::MergeMode::mul:
                            return arith::MulFOp::create(b, loc, args[0], args[1]);
                          default: {
                            Value sum = arith::AddFOp::create(b, loc, args[0], args[1]);
                            Value half = arith::ConstantOp::create(
                                b, loc, b.getF32FloatAttr(0.5f));
                            return arith::MulFOp::create(b, loc, sum, half);
                          }
                          }
                        })};
  }
};

/// Masking: x · any(x ≠ v) over the features.
Value keepStep(OpBuilder &b, Location loc, Value x, float maskValue) {
  int64_t last = cast<RankedTensorType>(x.getType()).getRank() - 1;
  // any(x != v) as max over the features of (x != v ? 1 : 0).
  SmallVector<OpFoldResult> sizes = sizesOf(b, loc, x);
  Value differs = elementwise(
      b, loc, x, typeWithSizes(b.getF32Type(), sizes), sizes,
      [maskValue](OpBuilder &b, Location loc, ValueRange args) -> Value {
        Value v = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(maskValue));
        Value ne = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, args[0], v);
        return arith::UIToFPOp::create(b, loc, b.getF32Type(), ne);
      });
  return reduce(b, loc, differs, {last}, 0.0,
                [](OpBuilder &b, Location loc, Value acc, Value v) -> Value {
                  return arith::MaximumFOp::create(b, loc, acc, v);
                });
}

struct MaskingLowering : OpRewritePattern<keras::MaskingOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::MaskingOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    float maskValue = op.getMaskValue().convertToFloat();
    Value keep = keepDims(rewriter, loc, keepStep(rewriter, loc, x, maskValue), x,
                          {cast<RankedTensorType>(x.getType()).getRank() - 1});
    SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, x);
    Value y = elementwise(rewriter, loc, {x, keep}, typeWithSizes(rewriter.getF32Type(), sizes),
                          sizes, [](OpBuilder &b, Location loc, ValueRange args) -> Value {
                            return arith::MulFOp::create(b, loc, args[0], args[1]);
                          });
    replaceWith(rewriter, op, y);
    return success();
  }
};

struct ValueMaskLowering : OpRewritePattern<keras::ValueMaskOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(keras::ValueMaskOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value keep = keepStep(rewriter, loc, op.getInput(), op.getMaskValue().convertToFloat());
    SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, keep);
    Value mask = elementwise(rewriter, loc, keep, typeWithSizes(rewriter.getI1Type(), sizes),
                             sizes, [](OpBuilder &b, Location loc, ValueRange args) -> Value {
                               Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
                               return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ONE,
                                                            args[0], zero);
                             });
    replaceWith(rewriter, op, mask);
    return success();
  }
};

} // namespace

void kiln::populateRecurrentLayerLowerings(RewritePatternSet &patterns) {
  patterns.add<RecurrentLowering, MaskingLowering, ValueMaskLowering>(patterns.getContext());
}
