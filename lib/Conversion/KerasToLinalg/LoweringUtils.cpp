#include "LoweringUtils.h"
#include "../KilnToRuntime/RuntimeDecls.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;

namespace kiln::lowering {

SmallVector<OpFoldResult> sizesOf(OpBuilder &b, Location loc, Value tensor) {
  // getMixedSizes may fold a dim to a constant Value; as attributes such
  // sizes count as static everywhere (result types and static op attributes
  // then agree).
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, tensor);
  for (OpFoldResult &s : sizes)
    if (std::optional<int64_t> c = getConstantIntValue(s))
      s = b.getIndexAttr(*c);
  return sizes;
}

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                  ArrayRef<OpFoldResult> sizes) {
  SmallVector<OpFoldResult> mixed;
  for (auto [dim, size] : llvm::zip_equal(type.getShape(), sizes))
    mixed.push_back(ShapedType::isDynamic(dim) ? size : b.getIndexAttr(dim));
  return tensor::EmptyOp::create(b, loc, mixed, type.getElementType());
}

Value f32Constant(OpBuilder &b, Location loc, double value) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(static_cast<float>(value)));
}

Value indexToF32(OpBuilder &b, Location loc, OpFoldResult size) {
  Value index = getValueOrCreateConstantIndexOp(b, loc, size);
  Value i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
  return arith::SIToFPOp::create(b, loc, b.getF32Type(), i64);
}

OpFoldResult productOf(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes) {
  // Static factors fold into one constant so result types stay static.
  int64_t constant = 1;
  Value product;
  for (OpFoldResult s : sizes) {
    if (std::optional<int64_t> c = getConstantIntValue(s)) {
      constant *= *c;
      continue;
    }
    Value v = cast<Value>(s);
    product = product ? arith::MulIOp::create(b, loc, product, v).getResult() : v;
  }
  if (!product)
    return b.getIndexAttr(constant);
  if (constant != 1)
    product = arith::MulIOp::create(b, loc, product,
                                    arith::ConstantIndexOp::create(b, loc, constant));
  return product;
}

RankedTensorType typeWithSizes(Type elementType, ArrayRef<OpFoldResult> sizes) {
  SmallVector<int64_t> shape;
  for (OpFoldResult s : sizes)
    shape.push_back(getConstantIntValue(s).value_or(ShapedType::kDynamic));
  return RankedTensorType::get(shape, elementType);
}

Value elementwise(OpBuilder &b, Location loc, ValueRange inputs,
                  RankedTensorType resultType, ArrayRef<OpFoldResult> resultSizes,
                  BodyBuilder body) {
  int64_t rank = resultType.getRank();
  SmallVector<AffineMap> maps;
  for (Value input : inputs) {
    auto type = cast<RankedTensorType>(input.getType());
    assert(type.getRank() == rank && "elementwise inputs must have the result's rank");
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < rank; ++d) {
      bool broadcast = type.getDimSize(d) == 1 && resultType.getDimSize(d) != 1;
      exprs.push_back(broadcast ? b.getAffineConstantExpr(0) : b.getAffineDimExpr(d));
    }
    maps.push_back(AffineMap::get(rank, 0, exprs, b.getContext()));
  }
  maps.push_back(b.getMultiDimIdentityMap(rank));
  Value init = emptyTensor(b, loc, resultType, resultSizes);
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value result = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, result);
      });
  return generic.getResult(0);
}

Value reshape(OpBuilder &b, Location loc, Value tensor, ArrayRef<OpFoldResult> sizes) {
  auto sourceType = cast<RankedTensorType>(tensor.getType());
  RankedTensorType resultType = typeWithSizes(sourceType.getElementType(), sizes);
  if (resultType == sourceType && !resultType.hasStaticShape() && sizes.size() <= 1)
    return tensor;
  if (resultType == sourceType && resultType.hasStaticShape())
    return tensor;
  SmallVector<Value> values;
  for (OpFoldResult s : sizes)
    values.push_back(getValueOrCreateConstantIndexOp(b, loc, s));
  Value shape = tensor::FromElementsOp::create(b, loc, values);
  return tensor::ReshapeOp::create(b, loc, resultType, tensor, shape);
}

Value transpose(OpBuilder &b, Location loc, Value tensor, ArrayRef<int64_t> permutation) {
  bool identity = llvm::all_of(llvm::enumerate(permutation), [](auto it) {
    return static_cast<int64_t>(it.index()) == it.value();
  });
  if (identity)
    return tensor;
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<OpFoldResult> inSizes = sizesOf(b, loc, tensor), outSizes;
  SmallVector<int64_t> outShape;
  for (int64_t p : permutation) {
    outSizes.push_back(inSizes[p]);
    outShape.push_back(type.getDimSize(p));
  }
  auto outType = RankedTensorType::get(outShape, type.getElementType());
  Value init = emptyTensor(b, loc, outType, outSizes);
  return linalg::TransposeOp::create(b, loc, tensor, init, permutation).getResult()[0];
}

Value concatenate(OpBuilder &b, Location loc, ValueRange inputs, int64_t axis,
                  RankedTensorType resultType) {
  SmallVector<OpFoldResult> outSizes = sizesOf(b, loc, inputs.front());
  Value total = arith::ConstantIndexOp::create(b, loc, 0);
  for (Value input : inputs)
    total = arith::AddIOp::create(
        b, loc, total, getValueOrCreateConstantIndexOp(b, loc, sizesOf(b, loc, input)[axis]));
  outSizes[axis] = total;
  // Non-axis dims: prefer a static size from any input.
  for (int64_t d = 0; d < resultType.getRank(); ++d)
    if (d != axis && !ShapedType::isDynamic(resultType.getDimSize(d)))
      outSizes[d] = b.getIndexAttr(resultType.getDimSize(d));
  Value result = emptyTensor(b, loc, resultType, outSizes);
  Value offset = arith::ConstantIndexOp::create(b, loc, 0);
  for (Value input : inputs) {
    SmallVector<OpFoldResult> sizes = sizesOf(b, loc, input);
    SmallVector<OpFoldResult> offsets(resultType.getRank(), b.getIndexAttr(0));
    SmallVector<OpFoldResult> strides(resultType.getRank(), b.getIndexAttr(1));
    offsets[axis] = offset;
    result = tensor::InsertSliceOp::create(b, loc, input, result, offsets, sizes, strides);
    offset = arith::AddIOp::create(b, loc, offset,
                                   getValueOrCreateConstantIndexOp(b, loc, sizes[axis]));
  }
  return result;
}

Value matmul(OpBuilder &b, Location loc, Value lhs, Value rhs, Value bias,
             FusedActivation activation, double activationAlpha) {
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  int64_t rank = lhsType.getRank();
  SmallVector<OpFoldResult> lhsSizes = sizesOf(b, loc, lhs), rhsSizes = sizesOf(b, loc, rhs);
  SmallVector<OpFoldResult> outSizes(lhsSizes.begin(), lhsSizes.end() - 1);
  outSizes.push_back(rhsSizes.back());
  SmallVector<int64_t> outShape(lhsType.getShape().drop_back());
  outShape.push_back(rhsType.getShape().back());
  auto outType = RankedTensorType::get(outShape, lhsType.getElementType());
  (void)rank;
  Value init = emptyTensor(b, loc, outType, outSizes);
  return MatmulOp::create(b, loc, TypeRange{outType}, lhs, rhs, bias, init,
                          FusedActivationAttr::get(b.getContext(), activation),
                          b.getF32FloatAttr(1.0f),
                          b.getF32FloatAttr(static_cast<float>(activationAlpha)))
      .getResult()[0];
}

Value reduce(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> dims, double init,
             function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<OpFoldResult> sizes = sizesOf(b, loc, x), outSizes;
  SmallVector<int64_t> outShape;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (llvm::is_contained(dims, d))
      continue;
    outSizes.push_back(sizes[d]);
    outShape.push_back(type.getDimSize(d));
  }
  auto outType = RankedTensorType::get(outShape, type.getElementType());
  Value empty = emptyTensor(b, loc, outType, outSizes);
  Value filled =
      linalg::FillOp::create(b, loc, f32Constant(b, loc, init), empty).getResult(0);
  auto op = linalg::ReduceOp::create(
      b, loc, ValueRange{x}, ValueRange{filled}, dims,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(nb, nloc, combine(nb, nloc, args[0], args[1]));
      });
  return op.getResult(0);
}

Value keepDims(OpBuilder &b, Location loc, Value reduced, Value original,
               ArrayRef<int64_t> dims) {
  auto type = cast<RankedTensorType>(original.getType());
  SmallVector<OpFoldResult> sizes = sizesOf(b, loc, original);
  for (int64_t d : dims)
    sizes[d] = b.getIndexAttr(1);
  (void)type;
  return reshape(b, loc, reduced, sizes);
}

Value softmax(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> axes) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> sizes = sizesOf(b, loc, x);
  if (axes.size() == 1) {
    Value init = emptyTensor(b, loc, type, sizes);
    return linalg::SoftmaxOp::create(b, loc, TypeRange{type}, x, init, axes[0])
        .getResult()[0];
  }
  // Several axes: softmax(x) over them is the one-axis softmax of the tensor
  // with those axes moved to the end and merged.
  SmallVector<int64_t> permutation, inverse(rank);
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(axes, d))
      permutation.push_back(d);
  permutation.append(axes.begin(), axes.end());
  for (auto [i, p] : llvm::enumerate(permutation))
    inverse[p] = i;
  Value moved = transpose(b, loc, x, permutation);
  SmallVector<OpFoldResult> movedSizes = sizesOf(b, loc, moved);
  size_t kept = rank - axes.size();
  SmallVector<OpFoldResult> merged(movedSizes.begin(), movedSizes.begin() + kept);
  merged.push_back(productOf(b, loc, ArrayRef(movedSizes).drop_front(kept)));
  Value flat = reshape(b, loc, moved, merged);
  Value normalized = softmax(b, loc, flat, {static_cast<int64_t>(kept)});
  Value unflat = reshape(b, loc, normalized, movedSizes);
  return transpose(b, loc, unflat, inverse);
}

Value addBiasAndActivate(OpBuilder &b, Location loc, Value y, Value bias,
                         keras::ActivationKind activation) {
  if (bias) {
    auto type = cast<RankedTensorType>(y.getType());
    auto biasType = cast<RankedTensorType>(bias.getType());
    SmallVector<OpFoldResult> biasSizes(type.getRank() - biasType.getRank(),
                                        b.getIndexAttr(1));
    for (int64_t d : biasType.getShape())
      biasSizes.push_back(b.getIndexAttr(d));
    Value expanded = reshape(b, loc, bias, biasSizes);
    y = elementwise(b, loc, {y, expanded}, type, sizesOf(b, loc, y),
                    [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                      return arith::AddFOp::create(nb, l, a[0], a[1]);
                    });
  }
  return applyActivation(b, loc, y, activation);
}

void replaceWith(PatternRewriter &rewriter, Operation *op, Value value) {
  Type expected = op->getResult(0).getType();
  if (value.getType() != expected)
    value = tensor::CastOp::create(rewriter, op->getLoc(), expected, value);
  rewriter.replaceOp(op, value);
}

Value runtimeBroadcasting(OpBuilder &b, Location loc, ModuleOp module, ArrayRef<Value> inputs,
                        ArrayRef<SmallVector<OpFoldResult>> inputSizes, RankedTensorType outType,
                        ArrayRef<OpFoldResult> outSizes, BodyBuilder combineAll) {
  int64_t rank = outType.getRank();
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value compatible = arith::ConstantIntOp::create(b, loc, b.getI1Type(), 1);
  for (auto &sizes : inputSizes)
    for (int64_t d = 0; d < rank; ++d) {
      Value size = getValueOrCreateConstantIndexOp(b, loc, sizes[d]);
      Value out = getValueOrCreateConstantIndexOp(b, loc, outSizes[d]);
      Value ok = arith::OrIOp::create(
          b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, size, one),
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, size, out));
      compatible = arith::AndIOp::create(b, loc, compatible, ok);
    }
  func::FuncOp reportError = kiln::getOrInsertRuntimeFunction(
      module, "kiln_rt_shape_error", b.getFunctionType({}, {}));
  Value incompatible = arith::XOrIOp::create(
      b, loc, compatible, arith::ConstantIntOp::create(b, loc, b.getI1Type(), 1));
  scf::IfOp::create(b, loc, incompatible, [&](OpBuilder &nb, Location l) {
    func::CallOp::create(nb, l, reportError, ValueRange{});
    scf::YieldOp::create(nb, l);
  });
  Value init = emptyTensor(b, loc, outType, outSizes);
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{outType}, ValueRange{}, ValueRange{init},
      ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank)}, iterators,
      [&](OpBuilder &nb, Location l, ValueRange) {
        Value zero = arith::ConstantIndexOp::create(nb, l, 0);
        Value one = arith::ConstantIndexOp::create(nb, l, 1);
        SmallVector<Value> values;
        for (auto [input, sizes] : llvm::zip_equal(inputs, inputSizes)) {
          SmallVector<Value> indices;
          for (int64_t d = 0; d < rank; ++d) {
            Value i = linalg::IndexOp::create(nb, l, d);
            Value size = getValueOrCreateConstantIndexOp(nb, l, sizes[d]);
            Value isOne = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq, size, one);
            Value last = arith::SubIOp::create(nb, l, size, one);
            Value inBounds = arith::MinUIOp::create(nb, l, i, last);
            indices.push_back(arith::SelectOp::create(nb, l, isOne, zero, inBounds));
          }
          values.push_back(tensor::ExtractOp::create(nb, l, input, indices));
        }
        linalg::YieldOp::create(nb, l, combineAll(nb, l, values));
      });
  return generic.getResult(0);
}

Value broadcastDynamicDims(OpBuilder &b, Location loc, ModuleOp module, Value x,
                           ArrayRef<OpFoldResult> sizes) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.hasStaticShape())
    return x;
  SmallVector<OpFoldResult> xSizes = sizesOf(b, loc, x), outSizes;
  Value allFull;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    outSizes.push_back(type.isDynamicDim(i) ? sizes[i] : xSizes[i]);
    if (!type.isDynamicDim(i))
      continue;
    Value full = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, cast<Value>(xSizes[i]),
                                       getValueOrCreateConstantIndexOp(b, loc, sizes[i]));
    allFull = allFull ? arith::AndIOp::create(b, loc, allFull, full).getResult() : full;
  }
  auto identity = [](OpBuilder &, Location, ValueRange args) { return args[0]; };
  auto branch = scf::IfOp::create(
      b, loc, allFull, [&](OpBuilder &nb, Location l) { scf::YieldOp::create(nb, l, x); },
      [&](OpBuilder &nb, Location l) {
        scf::YieldOp::create(nb, l, runtimeBroadcasting(nb, l, module, {x}, {xSizes}, type,
                                                        outSizes, identity));
      });
  return branch.getResult(0);
}

} // namespace kiln::lowering
