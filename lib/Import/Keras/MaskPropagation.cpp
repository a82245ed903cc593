//===- MaskPropagation.cpp - Keras masks from layer to layer --------------===//
//
// The rules follow Keras 3 (spec §2.0, §2.10, §2.11) and, where tf.keras 2
// differs, Keras 2 [TK layers/merging/base_merge.py, concatenate.py,
// preprocessing/image_preprocessing.py]: Keras 2 merges AND the masks present,
// Keras 3 merges OR them only when every input has one; Keras 2 Rescaling does
// not support masking.
//
//===----------------------------------------------------------------------===//

#include "MaskPropagation.h"

#include "LayerContext.h"

#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace kiln::keras;

namespace kiln::import {

namespace {

using Values = SmallVector<Value>;

/// The type of the mask of `tensor`: i1, its shape without the last axis.
RankedTensorType maskTypeOf(Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  return RankedTensorType::get(type.getShape().drop_back(),
                               IntegerType::get(type.getContext(), 1));
}

Values presentMasks(ArrayRef<Value> masks) {
  Values present;
  llvm::copy_if(masks, std::back_inserter(present), [](Value m) { return bool(m); });
  return present;
}

/// Fails unless `mask` has the shape of `output` without its last axis, so
/// that no mask is ever applied to the wrong steps.
void checkFits(const LayerContext &c, Value mask, Value output) {
  ArrayRef<int64_t> shape = c.shapeOf(output), maskShape = c.shapeOf(mask);
  if (shape.empty() || failed(verifyCompatibleShape(maskShape, shape.drop_back())))
    c.fail("the Keras mask " + formatShape(maskShape) + " does not fit its output " +
           formatShape(shape) + " (masks of broadcast inputs are not supported)");
}

/// The elementwise OR (or AND) of `masks`, as the mask of `output`.
Value combine(LayerContext &c, ArrayRef<Value> masks, bool useOr, Value output) {
  for (Value m : masks)
    checkFits(c, m, output);
  if (masks.size() == 1)
    return masks.front();
  RankedTensorType type = maskTypeOf(output);
  if (useOr)
    return MaskOrOp::create(c.builder(), c.loc(), type, masks);
  return MaskAndOp::create(c.builder(), c.loc(), type, masks);
}

/// Add, Subtract, Average, and in Keras 2 also Multiply, Maximum, Minimum.
Value mergeMask(LayerContext &c, Value output) {
  ArrayRef<Value> masks = c.inputMasks();
  Values present = presentMasks(masks);
  if (present.empty())
    return {};
  if (c.keras2())
    return combine(c, present, /*useOr=*/false, output);
  if (present.size() != masks.size())
    return {};
  return combine(c, present, /*useOr=*/true, output);
}

Value concatenateMask(LayerContext &c, Value output) {
  ArrayRef<Value> masks = c.inputMasks();
  Values present = presentMasks(masks);
  if (present.empty())
    return {};
  auto concat = output.getDefiningOp<ConcatenateOp>();
  assert(concat && "Concatenate builds keras.concatenate");
  int64_t axis = concat.getAxis();
  if (axis == static_cast<int64_t>(c.shapeOf(output).size()) - 1) {
    // Keras broadcasts each mask over its input's last axis, joins them along
    // it and reduces it away: Keras 3 with any, where an unmasked input (all
    // True) makes the result all True, which masks nothing, as no mask does;
    // Keras 2 with all.
    if (c.keras2())
      return combine(c, present, /*useOr=*/false, output);
    if (present.size() != masks.size())
      return {};
    return combine(c, present, /*useOr=*/true, output);
  }
  // Along another axis the masks join as the tensors do; an unmasked input
  // contributes all True.
  Values parts;
  for (auto [input, mask] : llvm::zip_equal(c.inputs(), masks))
    parts.push_back(mask ? mask
                         : FullMaskOp::create(c.builder(), c.loc(), maskTypeOf(input), input));
  return ConcatenateMaskOp::create(c.builder(), c.loc(), maskTypeOf(output), parts, axis);
}

} // namespace

SmallVector<Value> propagateMasks(LayerContext &c, MaskRule rule, ArrayRef<Value> outputs) {
  const std::string &cls = c.layer().className;
  bool masked = llvm::any_of(c.inputMasks(), [](Value m) { return bool(m); });
  Values result(outputs.size(), Value());
  switch (rule) {
  case MaskRule::PassThroughSinceKeras3:
    if (c.keras2())
      break;
    [[fallthrough]];
  case MaskRule::PassThrough:
    result.assign(outputs.size(), c.inputMask());
    break;
  case MaskRule::Drop:
  case MaskRule::Consume:
    break;
  case MaskRule::EmbeddingIds:
    if (c.flag("mask_zero", false)) {
      Value ids = c.input();
      auto type = RankedTensorType::get(c.shapeOf(ids), c.builder().getI1Type());
      result.front() = EmbeddingMaskOp::create(c.builder(), c.loc(), type, ids);
    }
    break;
  case MaskRule::MaskedMerge:
    if (masked && !c.keras2())
      c.fail("masked " + cls +
             " is not supported yet: Keras 3 leaves the masked steps of an input out of "
             "the result");
    [[fallthrough]];
  case MaskRule::Merge:
    result.front() = mergeMask(c, outputs.front());
    break;
  case MaskRule::Concatenate:
    result.front() = concatenateMask(c, outputs.front());
    break;
  case MaskRule::QueryMask:
    result.front() = c.inputMasks().front();
    break;
  case MaskRule::Sequence:
    for (auto [output, mask] : llvm::zip_equal(outputs, result))
      if (c.shapeOf(output).size() == c.shapeOf(c.inputs().front()).size())
        mask = c.inputMasks().front();
    break;
  case MaskRule::Masking: {
    auto masking = outputs.front().getDefiningOp<MaskingOp>();
    assert(masking && "Masking builds keras.masking");
    result.front() = ValueMaskOp::create(c.builder(), c.loc(), maskTypeOf(c.input()),
                                         c.input(), masking.getMaskValueAttr());
    break;
  }
  case MaskRule::Unsupported:
    if (masked)
      c.fail("masked " + llvm::StringRef(cls).lower() +
             " is not supported yet (its input carries a Keras mask)");
    break;
  }
  for (auto [output, mask] : llvm::zip_equal(outputs, result))
    if (mask)
      checkFits(c, mask, output);
  return result;
}

} // namespace kiln::import
