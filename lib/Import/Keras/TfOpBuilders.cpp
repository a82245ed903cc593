//===- TfOpBuilders.cpp - tf.keras TFOpLambda layers ----------------------===//
//
// A TFOpLambda config names a public TensorFlow symbol without its `tf.`
// prefix ("linalg.matmul"); its node holds the call with the first argument
// unwrapped (a tensor, a list of tensors, or a constant) and every other
// argument in the kwargs under its parameter name: tensors as references,
// Python numbers and numpy arrays as JSON (spec §1b). The semantics are
// those of the TF function, so broadcasting is numpy's (lower-rank operands
// gain leading axes), reshapes and transposes include the batch axis, and
// matmul batches over all leading axes.
//
// Each function is built from the keras ops that have TF's semantics once
// ranks agree (merges, keras.dot, keras.softmax, keras.permute,
// keras.activation, keras.dense for constant matrices), so that the CPU
// pipeline lowers and fuses them as it does Keras layers; what no keras op
// expresses (sqrt, division, reductions, reshapes across the batch axis) is
// linalg/tensor IR from the keras lowering's own helpers. Functions outside
// the table are refused by name.
//
//===----------------------------------------------------------------------===//

#include "TfOpBuilders.h"

#include "../../Conversion/KerasToLinalg/LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"

#include <limits>

using namespace mlir;
using namespace kiln::keras;
using nlohmann::json;
namespace lowering = kiln::lowering;

namespace kiln::import {

namespace {

/// One argument of the TF call: a tensor, a constant as tf.keras wrote it,
/// or neither (not passed).
struct TfArg {
  Value tensor;
  const json *constant = nullptr;
  bool present() const { return tensor || constant; }
};

/// The call of one TF function: its arguments bound to the function's
/// parameters, typed accessors that fail with the layer named.
class TfCall {
public:
  /// `params` are the function's parameters in TF's order, the first one
  /// included; `name` is accepted everywhere and ignored.
  TfCall(LayerContext &c, llvm::StringRef function, ArrayRef<llvm::StringRef> params)
      : c(c), function(function), params(params) {
    for (const auto &[key, arg] : c.layerCall().kwargs)
      if (key != "name" && !llvm::is_contained(params.drop_front(), key))
        fail("unexpected argument '" + key + "' for tf." + function.str());
  }

  LayerContext &context() { return c; }
  MLIRContext *mlirContext() const { return c.context(); }
  OpBuilder &builder() { return c.builder(); }
  Location loc() const { return c.loc(); }
  [[noreturn]] void fail(const std::string &reason) const { c.fail(reason); }

  /// The argument bound to parameter `param`.
  TfArg arg(llvm::StringRef param) const {
    auto it = llvm::find(params, param);
    assert(it != params.end() && "not a parameter of the function");
    size_t index = it - params.begin();
    if (index == 0) {
      const LayerCall &call = c.layerCall();
      if (call.args.empty())
        return {};
      const CallArg &first = call.args.front();
      if (first.kind == CallArg::Kind::TensorList)
        fail("'" + param.str() + "' must be one tensor, not a list");
      if (first.kind == CallArg::Kind::Tensor)
        return {c.inputs().front(), nullptr};
      return {Value(), first.value.is_null() ? nullptr : &first.value};
    }
    if (Value v = c.tensorArg(index, param).value)
      return {v, nullptr};
    if (c.hasTensorKwarg(param))
      fail("'" + param.str() + "' must be one tensor, not a list");
    return {Value(), c.constantKwarg(param)};
  }

  /// The first argument, which every function has.
  TfArg first() const { return arg(params.front()); }
  /// The first argument as a float32 tensor.
  Value input() const { return floatTensor(params.front()); }

  /// A float32 tensor bound to `param`.
  Value floatTensor(llvm::StringRef param) const {
    TfArg a = arg(param);
    if (!a.tensor)
      fail("'" + param.str() + "' must be a tensor" +
           (a.constant ? ", not the constant " + a.constant->dump() : ""));
    return requireFloat(a.tensor, param);
  }

  Value requireFloat(Value v, llvm::StringRef param) const {
    if (!cast<RankedTensorType>(v.getType()).getElementType().isF32())
      fail("'" + param.str() + "' holds integers; tf." + function.str() +
           " is supported on float32 tensors");
    return v;
  }

  /// A constant argument that must not be a tensor (flags, axes, shapes).
  const json *constant(llvm::StringRef param) const {
    TfArg a = arg(param);
    if (a.tensor)
      fail("'" + param.str() + "' computed from tensors is not supported; it must be a constant");
    return a.constant;
  }

  bool flag(llvm::StringRef param, bool defaultValue) const {
    const json *v = constant(param);
    if (!v)
      return defaultValue;
    if (!v->is_boolean())
      fail("'" + param.str() + "' must be a bool, got " + v->dump());
    return v->get<bool>();
  }

  std::optional<int64_t> integer(llvm::StringRef param) const {
    const json *v = constant(param);
    if (!v)
      return std::nullopt;
    if (!v->is_number_integer())
      fail("'" + param.str() + "' must be an integer, got " + v->dump());
    return v->get<int64_t>();
  }

  /// An int or a list of ints; std::nullopt when not passed.
  std::optional<SmallVector<int64_t>> integers(llvm::StringRef param) const {
    const json *v = constant(param);
    if (!v)
      return std::nullopt;
    SmallVector<int64_t> result;
    auto read = [&](const json &x) {
      if (!x.is_number_integer())
        fail("'" + param.str() + "' must be an integer or a list of integers, got " + v->dump());
      result.push_back(x.get<int64_t>());
    };
    if (v->is_array())
      for (const json &x : *v)
        read(x);
    else
      read(*v);
    return result;
  }

  llvm::StringRef functionName() const { return function; }

private:
  LayerContext &c;
  llvm::StringRef function;
  ArrayRef<llvm::StringRef> params;
};

/// "[0, 2, 1]": how the model's Python code spelled a list of ints.
std::string formatInts(ArrayRef<int64_t> values) {
  std::string text = "[";
  for (auto [i, v] : llvm::enumerate(values))
    text += (i ? ", " : "") + std::to_string(v);
  return text + "]";
}

/// Non-negative `axis` (TF counts negative axes from the end) of a tensor of
/// rank `rank`.
int64_t normalizeAxis(const TfCall &t, int64_t axis, int64_t rank) {
  int64_t a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank)
    t.fail("axis " + std::to_string(axis) + " is out of range for a tensor of rank " +
           std::to_string(rank));
  return a;
}

//===----------------------------------------------------------------------===//
// Constants and broadcasting
//===----------------------------------------------------------------------===//

/// A numpy constant (a number or a nested list, as `tolist()` writes it) as
/// an f32 attribute.
DenseElementsAttr constantAttr(const TfCall &t, const json &value) {
  SmallVector<int64_t> shape;
  for (const json *level = &value; level->is_array(); level = &level->front()) {
    if (level->empty())
      t.fail("an empty constant is not supported");
    shape.push_back(level->size());
  }
  if (static_cast<int64_t>(shape.size()) > kMaxRank || !fitsElementLimit(shape))
    t.fail("constant of shape " + formatShape(shape) + " is too large");
  SmallVector<float> values;
  std::function<void(const json &, size_t)> collect = [&](const json &x, size_t depth) {
    if (depth == shape.size()) {
      if (!x.is_number())
        t.fail("constant holds a non-number: " + x.dump());
      values.push_back(static_cast<float>(x.get<double>()));
      return;
    }
    if (!x.is_array() || static_cast<int64_t>(x.size()) != shape[depth])
      t.fail("constant " + value.dump().substr(0, 60) + " is not a rectangular array");
    for (const json &e : x)
      collect(e, depth + 1);
  };
  collect(value, 0);
  auto type = RankedTensorType::get(shape, Float32Type::get(t.mlirContext()));
  return DenseElementsAttr::get(type, ArrayRef<float>(values));
}

Value constantTensor(TfCall &t, const json &value) {
  return arith::ConstantOp::create(t.builder(), t.loc(), constantAttr(t, value));
}

/// `x` with `count` unit dims in front: numpy aligns shapes at their ends.
Value prependUnitDims(TfCall &t, Value x, int64_t count) {
  if (count == 0)
    return x;
  SmallVector<OpFoldResult> sizes(count, t.builder().getIndexAttr(1));
  llvm::append_range(sizes, lowering::sizesOf(t.builder(), t.loc(), x));
  return lowering::reshape(t.builder(), t.loc(), x, sizes);
}

Value mapElements(TfCall &t, Value x, function_ref<Value(OpBuilder &, Location, Value)> f) {
  OpBuilder &b = t.builder();
  auto type = cast<RankedTensorType>(x.getType());
  return lowering::elementwise(
      b, t.loc(), {x}, type, lowering::sizesOf(b, t.loc(), x),
      [&](OpBuilder &nb, Location l, ValueRange args) { return f(nb, l, args.front()); });
}

Value activation(TfCall &t, Value x, ActivationKind kind, std::optional<double> alpha = {}) {
  OpBuilder &b = t.builder();
  return ActivationOp::create(b, t.loc(), x.getType(), x, kind,
                              alpha ? b.getF64FloatAttr(*alpha) : FloatAttr(), FloatAttr(),
                              FloatAttr());
}

//===----------------------------------------------------------------------===//
// Elementwise functions
//===----------------------------------------------------------------------===//

enum class Binary { Add, Subtract, Multiply, Divide, Maximum, Minimum, Pow };

Value combineScalars(OpBuilder &b, Location l, Binary kind, Value x, Value y) {
  switch (kind) {
  case Binary::Add:
    return arith::AddFOp::create(b, l, x, y);
  case Binary::Subtract:
    return arith::SubFOp::create(b, l, x, y);
  case Binary::Multiply:
    return arith::MulFOp::create(b, l, x, y);
  case Binary::Divide:
    return arith::DivFOp::create(b, l, x, y);
  case Binary::Maximum:
    return arith::MaximumFOp::create(b, l, x, y);
  case Binary::Minimum:
    return arith::MinimumFOp::create(b, l, x, y);
  case Binary::Pow:
    return math::PowFOp::create(b, l, x, y);
  }
  llvm_unreachable("unknown binary function");
}

/// `x op y` (or `y op x`) with one Python number: one elementwise op whose
/// body holds the number, the form kiln-fuse-attention reads as a scale.
Value scalarBinary(TfCall &t, Binary kind, Value tensor, double number, bool numberFirst) {
  return mapElements(t, tensor, [&](OpBuilder &b, Location l, Value x) {
    Value n = lowering::f32Constant(b, l, number);
    return numberFirst ? combineScalars(b, l, kind, n, x) : combineScalars(b, l, kind, x, n);
  });
}

template <typename OpTy>
Value merge(TfCall &t, ArrayRef<Value> operands, size_t exactCount = 0) {
  SmallVector<SmallVector<int64_t, 4>> shapes;
  for (Value v : operands)
    shapes.emplace_back(LayerContext::shapeOf(v));
  RankedTensorType type = t.context().resultType(mergeShape(shapes, exactCount));
  return OpTy::create(t.builder(), t.loc(), type, operands);
}

/// `x op y` with numpy broadcasting. Two tensors meet in a keras merge op
/// once their ranks agree (keras merges broadcast like numpy between equal
/// ranks, and check at run time where dynamic dims must agree).
Value binary(TfCall &t, Binary kind) {
  TfArg x = t.first(), y = t.arg("y");
  if (!x.present() || !y.present())
    t.fail("tf." + t.functionName().str() + " needs two operands");
  if (!x.tensor && !y.tensor)
    t.fail("tf." + t.functionName().str() + " has no tensor operand");
  if (x.constant && x.constant->is_number())
    return scalarBinary(t, kind, t.requireFloat(y.tensor, "y"), x.constant->get<double>(), true);
  if (y.constant && y.constant->is_number())
    return scalarBinary(t, kind, t.requireFloat(x.tensor, "x"), y.constant->get<double>(), false);
  Value a = x.tensor ? t.requireFloat(x.tensor, "x") : constantTensor(t, *x.constant);
  Value b = y.tensor ? t.requireFloat(y.tensor, "y") : constantTensor(t, *y.constant);
  int64_t ra = LayerContext::shapeOf(a).size(), rb = LayerContext::shapeOf(b).size();
  if (ra == 0 || rb == 0)
    t.fail("tf." + t.functionName().str() + " on a rank-0 tensor is not supported");
  a = prependUnitDims(t, a, std::max(ra, rb) - ra);
  b = prependUnitDims(t, b, std::max(ra, rb) - rb);
  switch (kind) {
  case Binary::Add:
    return merge<AddOp>(t, {a, b});
  case Binary::Subtract:
    return merge<SubtractOp>(t, {a, b}, 2);
  case Binary::Multiply:
    return merge<MultiplyOp>(t, {a, b});
  case Binary::Maximum:
    return merge<MaximumOp>(t, {a, b});
  case Binary::Minimum:
    return merge<MinimumOp>(t, {a, b});
  case Binary::Divide: {
    // x / y = x · (1 / y): the reciprocal needs no broadcasting, the product
    // gets the merge's run-time shape checks (within an ulp of TF's x / y).
    Value reciprocal = mapElements(t, b, [](OpBuilder &nb, Location l, Value v) {
      return arith::DivFOp::create(nb, l, lowering::f32Constant(nb, l, 1.0), v);
    });
    return merge<MultiplyOp>(t, {a, reciprocal});
  }
  case Binary::Pow:
    t.fail("tf.math.pow with a tensor exponent is not supported (only a number)");
  }
  llvm_unreachable("unknown binary function");
}

template <Binary Kind>
Value buildBinary(TfCall &t) {
  return binary(t, Kind);
}

/// A keras.activation kind applied to the first argument.
template <ActivationKind Kind>
Value buildActivation(TfCall &t) {
  return activation(t, t.input(), Kind);
}

Value buildGelu(TfCall &t) {
  bool approximate = t.flag("approximate", false);
  return activation(t, t.input(),
                    approximate ? ActivationKind::gelu_approximate : ActivationKind::gelu);
}

Value buildLeakyRelu(TfCall &t) {
  Value x = t.input();
  const json *alpha = t.constant("alpha");
  if (alpha && !alpha->is_number())
    t.fail("'alpha' must be a number, got " + alpha->dump());
  return activation(t, x, ActivationKind::leaky_relu, alpha ? alpha->get<double>() : 0.2);
}

Value buildSilu(TfCall &t) {
  Value x = t.input();
  if (const json *beta = t.constant("beta"); beta && (!beta->is_number() || *beta != 1.0))
    t.fail("'beta' other than 1.0 is not supported, got " + beta->dump());
  return activation(t, x, ActivationKind::silu);
}

/// Elementwise math with no keras.activation counterpart.
template <typename OpTy>
Value buildMathUnary(TfCall &t) {
  return mapElements(t, t.input(),
                     [](OpBuilder &b, Location l, Value x) { return OpTy::create(b, l, x); });
}

Value buildSquare(TfCall &t) {
  return mapElements(t, t.input(), [](OpBuilder &b, Location l, Value x) -> Value {
    return arith::MulFOp::create(b, l, x, x);
  });
}

Value buildReciprocal(TfCall &t) {
  return mapElements(t, t.input(), [](OpBuilder &b, Location l, Value x) -> Value {
    return arith::DivFOp::create(b, l, lowering::f32Constant(b, l, 1.0), x);
  });
}

/// tf.cast to float32: the identity on float32 tensors; integers convert.
Value buildCast(TfCall &t) {
  TfArg x = t.first();
  if (!x.tensor)
    t.fail("tf.cast needs a tensor to cast");
  const json *dtype = t.constant("dtype");
  if (!dtype || !dtype->is_string())
    t.fail("'dtype' must be a dtype name, got " + (dtype ? dtype->dump() : "nothing"));
  if (*dtype != "float32")
    t.fail("casting to '" + dtype->get<std::string>() +
           "' is not supported (Kiln computes in float32)");
  auto type = cast<RankedTensorType>(x.tensor.getType());
  if (type.getElementType().isF32())
    return x.tensor;
  OpBuilder &b = t.builder();
  auto resultType = RankedTensorType::get(type.getShape(), b.getF32Type());
  return lowering::elementwise(
      b, t.loc(), {x.tensor}, resultType, lowering::sizesOf(b, t.loc(), x.tensor),
      [](OpBuilder &nb, Location l, ValueRange args) -> Value {
        return arith::SIToFPOp::create(nb, l, nb.getF32Type(), args.front());
      });
}

//===----------------------------------------------------------------------===//
// Softmax, reductions
//===----------------------------------------------------------------------===//

Value buildSoftmax(TfCall &t) {
  Value x = t.input();
  int64_t rank = LayerContext::shapeOf(x).size();
  int64_t axis = normalizeAxis(t, t.integer("axis").value_or(-1), rank);
  SmallVector<int64_t> axes{axis};
  RankedTensorType type = t.context().resultType(checkAxes(LayerContext::shapeOf(x), axes));
  return SoftmaxOp::create(t.builder(), t.loc(), type, x, axes);
}

Value buildLogSoftmax(TfCall &t) {
  Value x = t.input();
  int64_t rank = LayerContext::shapeOf(x).size();
  if (normalizeAxis(t, t.integer("axis").value_or(-1), rank) != rank - 1)
    t.fail("tf.nn.log_softmax over an axis other than the last is not supported");
  return activation(t, x, ActivationKind::log_softmax);
}

enum class Reduction { Sum, Mean, Max, Min, Prod };

template <Reduction Kind>
Value buildReduce(TfCall &t) {
  Value x = t.input();
  int64_t rank = LayerContext::shapeOf(x).size();
  SmallVector<int64_t> dims;
  if (std::optional<SmallVector<int64_t>> axes = t.integers("axis")) {
    for (int64_t a : *axes)
      dims.push_back(normalizeAxis(t, a, rank));
    llvm::sort(dims);
    dims.erase(std::unique(dims.begin(), dims.end()), dims.end());
  } else {
    dims = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  }
  bool keepdims = t.flag("keepdims", false);
  if (!keepdims && static_cast<int64_t>(dims.size()) == rank)
    t.fail("reducing every axis to a scalar is not supported (pass keepdims=True or an axis)");

  OpBuilder &b = t.builder();
  Location loc = t.loc();
  constexpr double inf = std::numeric_limits<double>::infinity();
  double init = Kind == Reduction::Max    ? -inf
                : Kind == Reduction::Min  ? inf
                : Kind == Reduction::Prod ? 1.0
                                          : 0.0;
  Value y = lowering::reduce(b, loc, x, dims, init,
                             [](OpBuilder &nb, Location l, Value v, Value acc) -> Value {
                               switch (Kind) {
                               case Reduction::Sum:
                               case Reduction::Mean:
                                 return arith::AddFOp::create(nb, l, v, acc);
                               case Reduction::Max:
                                 return arith::MaximumFOp::create(nb, l, v, acc);
                               case Reduction::Min:
                                 return arith::MinimumFOp::create(nb, l, v, acc);
                               case Reduction::Prod:
                                 return arith::MulFOp::create(nb, l, v, acc);
                               }
                               llvm_unreachable("unknown reduction");
                             });
  if (Kind == Reduction::Mean) {
    SmallVector<OpFoldResult> sizes = lowering::sizesOf(b, loc, x), reduced;
    for (int64_t d : dims)
      reduced.push_back(sizes[d]);
    Value count = lowering::indexToF32(b, loc, lowering::productOf(b, loc, reduced));
    y = mapElements(t, y, [&](OpBuilder &nb, Location l, Value v) -> Value {
      return arith::DivFOp::create(nb, l, v, count);
    });
  }
  return keepdims ? lowering::keepDims(b, loc, y, x, dims) : y;
}

//===----------------------------------------------------------------------===//
// Matrix products
//===----------------------------------------------------------------------===//

/// A constant matrix `value` (K, N), or (N, K) when `transposed`, as a
/// (K, N) kernel.
Value constantKernel(TfCall &t, const json &value, bool transposed) {
  DenseElementsAttr attr = constantAttr(t, value);
  ArrayRef<int64_t> shape = attr.getType().getShape();
  if (shape.size() != 2)
    t.fail("a constant 'b' must be a matrix, got shape " + formatShape(shape));
  if (!transposed)
    return arith::ConstantOp::create(t.builder(), t.loc(), attr);
  SmallVector<float> values(attr.getValues<float>()), flipped(values.size());
  for (int64_t i = 0; i < shape[0]; ++i)
    for (int64_t j = 0; j < shape[1]; ++j)
      flipped[j * shape[0] + i] = values[i * shape[1] + j];
  auto type = RankedTensorType::get({shape[1], shape[0]}, attr.getElementType());
  return arith::ConstantOp::create(t.builder(), t.loc(),
                                   DenseElementsAttr::get(type, ArrayRef<float>(flipped)));
}

/// `x` of rank >= 2 as (batch, rows, cols) with all leading axes merged into
/// one batch axis (a unit one for matrices).
Value asBatchOfMatrices(TfCall &t, Value x) {
  if (LayerContext::shapeOf(x).size() == 3)
    return x;
  SmallVector<OpFoldResult> sizes = lowering::sizesOf(t.builder(), t.loc(), x);
  ArrayRef<OpFoldResult> leading = ArrayRef(sizes).drop_back(2);
  SmallVector<OpFoldResult> merged{lowering::productOf(t.builder(), t.loc(), leading),
                                   sizes.end()[-2], sizes.back()};
  return lowering::reshape(t.builder(), t.loc(), x, merged);
}

/// tf.linalg.matmul: a product of the last two axes, batched over the
/// leading ones. Equal-rank tensors go through keras.dot on (batch, rows,
/// cols) views; a constant matrix `b` becomes the kernel of a keras.dense.
Value buildMatmul(TfCall &t) {
  for (llvm::StringRef sparse : {"a_is_sparse", "b_is_sparse", "grad_a", "grad_b"})
    if (t.flag(sparse, false))
      t.fail("'" + sparse.str() + "=True' is not supported");
  if (const json *outputType = t.constant("output_type"); outputType && *outputType != "float32")
    t.fail("'output_type' " + outputType->dump() + " is not supported");
  // On real numbers the adjoint is the transpose.
  bool transposeA = t.flag("transpose_a", false), adjointA = t.flag("adjoint_a", false);
  bool transposeB = t.flag("transpose_b", false), adjointB = t.flag("adjoint_b", false);
  if ((transposeA && adjointA) || (transposeB && adjointB))
    t.fail("transpose and adjoint of the same operand cannot both be set");
  transposeA |= adjointA;
  transposeB |= adjointB;

  TfArg a = t.first(), b = t.arg("b");
  if (!a.tensor)
    t.fail("a constant first operand 'a' is not supported");
  Value lhs = t.requireFloat(a.tensor, "a");
  ArrayRef<int64_t> lhsShape = LayerContext::shapeOf(lhs);
  if (lhsShape.size() < 2)
    t.fail("'a' " + formatShape(lhsShape) + " must have rank 2 or more");
  if (!b.present())
    t.fail("tf.linalg.matmul needs 'b'");
  OpBuilder &builder = t.builder();
  if (!b.tensor) {
    if (transposeA)
      t.fail("'transpose_a' with a constant 'b' is not supported");
    Value kernel = constantKernel(t, *b.constant, transposeB);
    RankedTensorType type =
        t.context().resultType(denseShape(lhsShape, LayerContext::shapeOf(kernel), nullptr));
    return DenseOp::create(builder, t.loc(), type, lhs, kernel, Value(), ActivationKind::linear);
  }
  Value rhs = t.requireFloat(b.tensor, "b");
  ArrayRef<int64_t> rhsShape = LayerContext::shapeOf(rhs);
  if (rhsShape.size() != lhsShape.size())
    t.fail("operands " + formatShape(lhsShape) + " and " + formatShape(rhsShape) +
           " differ in rank; broadcasting batch axes is not supported");
  size_t rank = lhsShape.size();
  for (size_t d = 0; d + 2 < rank; ++d) {
    // TF broadcasts a batch axis of size 1; keras.dot takes them as equal.
    int64_t l = lhsShape[d], r = rhsShape[d];
    if (l != r && (l == 1 || r == 1 || (!ShapedType::isDynamic(l) && !ShapedType::isDynamic(r))))
      t.fail("batch axes of " + formatShape(lhsShape) + " and " + formatShape(rhsShape) +
             " differ; broadcasting batch axes is not supported");
  }
  // keras.dot contracts lhs axis `lhsAxis` with rhs axis `rhsAxis` and
  // orders the result (batch, lhs free axis, rhs free axis): (batch, M, N)
  // whichever operands are transposed.
  int64_t lhsAxis = transposeA ? 1 : 2, rhsAxis = transposeB ? 2 : 1;
  Value lhs3 = asBatchOfMatrices(t, lhs), rhs3 = asBatchOfMatrices(t, rhs);
  RankedTensorType type = t.context().resultType(
      dotShape(LayerContext::shapeOf(lhs3), LayerContext::shapeOf(rhs3), lhsAxis, rhsAxis));
  Value product =
      DotOp::create(builder, t.loc(), type, lhs3, rhs3,
                    builder.getDenseI64ArrayAttr({lhsAxis, rhsAxis}), builder.getBoolAttr(false));
  if (rank == 3)
    return product;
  // Back to the operands' leading axes, static where either operand says.
  SmallVector<OpFoldResult> lhsSizes = lowering::sizesOf(builder, t.loc(), lhs);
  SmallVector<OpFoldResult> productSizes = lowering::sizesOf(builder, t.loc(), product);
  SmallVector<OpFoldResult> sizes;
  for (size_t d = 0; d + 2 < rank; ++d)
    sizes.push_back(ShapedType::isDynamic(lhsShape[d]) && !ShapedType::isDynamic(rhsShape[d])
                        ? builder.getIndexAttr(rhsShape[d])
                        : lhsSizes[d]);
  sizes.push_back(productSizes[1]);
  sizes.push_back(productSizes[2]);
  return lowering::reshape(builder, t.loc(), product, sizes);
}

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

/// tf.reshape to a constant shape (batch axis included, at most one -1).
/// A reshape that keeps the batch axis is keras.reshape; others are
/// tensor.reshape where the sizes follow statically from the input's.
Value buildReshape(TfCall &t) {
  TfArg x = t.first();
  if (!x.tensor)
    t.fail("tf.reshape needs a tensor to reshape");
  const json *shapeValue = t.constant("shape");
  if (!shapeValue || !shapeValue->is_array())
    t.fail("'shape' must be a list of integers" +
           (shapeValue ? ", got " + shapeValue->dump() : std::string()));
  std::optional<SmallVector<int64_t>> target = t.integers("shape");
  std::string targetText = formatInts(*target);
  if (target->empty() || static_cast<int64_t>(target->size()) > kMaxRank)
    t.fail("'shape' " + targetText + " must have rank 1 to " + std::to_string(kMaxRank));
  int64_t unknownAt = -1, known = 1;
  for (auto [i, d] : llvm::enumerate(*target)) {
    if (d == -1 && unknownAt < 0) {
      unknownAt = i;
      continue;
    }
    if (d < 1 || d > kMaxDim)
      t.fail("'shape' " + targetText + " holds " + std::to_string(d) +
             " (dims must be positive, with at most one -1)");
    if (__builtin_mul_overflow(known, d, &known) || known > kMaxStaticElements)
      t.fail("'shape' " + targetText + " is absurdly large");
  }
  ArrayRef<int64_t> in = LayerContext::shapeOf(x.tensor);
  if (in.empty())
    t.fail("reshaping a rank-0 tensor is not supported");
  bool dynamic = llvm::any_of(in, ShapedType::isDynamic);
  int64_t staticElements = 1;
  for (int64_t d : in)
    staticElements *= ShapedType::isDynamic(d) ? 1 : d;

  // The batch axis stays when the rest of the input is static and the
  // target's rest holds exactly those elements.
  if (unknownAt == 0 && llvm::none_of(in.drop_front(), ShapedType::isDynamic) &&
      (ShapedType::isDynamic(in[0]) ? staticElements : staticElements / in[0]) == known) {
    SmallVector<int64_t> rest(target->begin() + 1, target->end());
    RankedTensorType type = t.context().resultType(
        reshapeShape(in, rest), cast<RankedTensorType>(x.tensor.getType()).getElementType());
    return ReshapeOp::create(t.builder(), t.loc(), type, x.tensor);
  }

  std::string what = "cannot reshape " + formatShape(in) + " to " + targetText;
  OpBuilder &b = t.builder();
  SmallVector<OpFoldResult> inSizes = lowering::sizesOf(b, t.loc(), x.tensor), sizes;
  OpFoldResult unknownSize;
  if (unknownAt >= 0) {
    // -1 = (static part / known) · dynamic part, exact when known divides
    // the static part; otherwise the element count cannot be proven to fit.
    if (staticElements % known != 0)
      t.fail(what + ": " + std::to_string(known) + " does not divide the " +
             std::to_string(staticElements) +
             (dynamic ? " elements of its static dims" : " elements"));
    SmallVector<OpFoldResult> factors{b.getIndexAttr(staticElements / known)};
    for (auto [d, size] : llvm::zip_equal(in, inSizes))
      if (ShapedType::isDynamic(d))
        factors.push_back(size);
    unknownSize = lowering::productOf(b, t.loc(), factors);
  } else if (dynamic || staticElements != known) {
    t.fail(what +
           (dynamic ? ": without a -1 the input's dynamic dims cannot be proven to fit" : ""));
  }
  for (auto [i, d] : llvm::enumerate(*target))
    sizes.push_back(static_cast<int64_t>(i) == unknownAt ? unknownSize : b.getIndexAttr(d));
  return lowering::reshape(b, t.loc(), x.tensor, sizes);
}

Value buildTranspose(TfCall &t) {
  TfArg x = t.first();
  if (!x.tensor)
    t.fail("tf.transpose needs a tensor to transpose");
  ArrayRef<int64_t> in = LayerContext::shapeOf(x.tensor);
  int64_t rank = in.size();
  (void)t.flag("conjugate", false); // no-op on real numbers
  SmallVector<int64_t> perm;
  if (std::optional<SmallVector<int64_t>> given = t.integers("perm"))
    perm = *given;
  else
    perm = llvm::to_vector(llvm::reverse(llvm::seq<int64_t>(0, rank))); // TF's default
  SmallVector<int64_t> sorted = perm;
  llvm::sort(sorted);
  if (!llvm::equal(sorted, llvm::seq<int64_t>(0, rank)))
    t.fail("'perm' " + formatInts(perm) + " is not a permutation of the " + std::to_string(rank) +
           " axes of " + formatShape(in));
  if (rank > 0 && perm[0] == 0) {
    RankedTensorType type = t.context().resultType(
        permuteShape(in, perm), cast<RankedTensorType>(x.tensor.getType()).getElementType());
    return PermuteOp::create(t.builder(), t.loc(), type, x.tensor, perm);
  }
  // The batch axis moves: no Keras layer does that.
  return lowering::transpose(t.builder(), t.loc(), x.tensor, perm);
}

Value buildExpandDims(TfCall &t) {
  TfArg x = t.first();
  if (!x.tensor)
    t.fail("tf.expand_dims needs a tensor");
  std::optional<int64_t> axis = t.integer("axis");
  if (!axis)
    t.fail("tf.expand_dims needs 'axis'");
  int64_t rank = LayerContext::shapeOf(x.tensor).size();
  if (rank + 1 > kMaxRank)
    t.fail("the result would have rank above " + std::to_string(kMaxRank));
  int64_t at = normalizeAxis(t, *axis, rank + 1);
  SmallVector<OpFoldResult> sizes = lowering::sizesOf(t.builder(), t.loc(), x.tensor);
  sizes.insert(sizes.begin() + at, t.builder().getIndexAttr(1));
  return lowering::reshape(t.builder(), t.loc(), x.tensor, sizes);
}

Value buildSqueeze(TfCall &t) {
  TfArg x = t.first();
  if (!x.tensor)
    t.fail("tf.squeeze needs a tensor");
  ArrayRef<int64_t> in = LayerContext::shapeOf(x.tensor);
  int64_t rank = in.size();
  SmallVector<int64_t> dims;
  if (std::optional<SmallVector<int64_t>> axes = t.integers("axis")) {
    for (int64_t a : *axes)
      dims.push_back(normalizeAxis(t, a, rank));
  } else {
    // TF drops the dims that are 1 at run time; a dynamic dim might be.
    if (llvm::any_of(in, ShapedType::isDynamic))
      t.fail("tf.squeeze without 'axis' on " + formatShape(in) +
             " is not supported: a dynamic dim might be 1");
    for (int64_t d = 0; d < rank; ++d)
      if (in[d] == 1)
        dims.push_back(d);
  }
  for (int64_t d : dims)
    if (in[d] != 1)
      t.fail("cannot squeeze axis " + std::to_string(d) + " of " + formatShape(in) +
             ": its size is not 1");
  if (static_cast<int64_t>(dims.size()) >= rank)
    t.fail("squeezing to a scalar is not supported");
  SmallVector<OpFoldResult> sizes = lowering::sizesOf(t.builder(), t.loc(), x.tensor), kept;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(dims, d))
      kept.push_back(sizes[d]);
  return lowering::reshape(t.builder(), t.loc(), x.tensor, kept);
}

/// tf.concat(values, axis): the first argument is a list of tensors.
Value buildConcat(TfCall &t) {
  LayerContext &c = t.context();
  if (!c.layerCall().inputIsList() && c.inputs().size() != 1)
    t.fail("'values' must be a list of tensors");
  SmallVector<Value> xs = c.floatInputList(1);
  std::optional<int64_t> axisValue = t.integer("axis");
  if (!axisValue)
    t.fail("tf.concat needs 'axis'");
  int64_t axis = normalizeAxis(t, *axisValue, LayerContext::shapeOf(xs.front()).size());
  if (axis == 0)
    t.fail("concatenating along axis 0 (the batch axis) is not supported");
  SmallVector<SmallVector<int64_t, 4>> shapes;
  for (Value v : xs)
    shapes.emplace_back(LayerContext::shapeOf(v));
  RankedTensorType type = c.resultType(concatenateShape(shapes, axis));
  return ConcatenateOp::create(t.builder(), t.loc(), type, xs, axis);
}

//===----------------------------------------------------------------------===//
// The table
//===----------------------------------------------------------------------===//

using TfBuilderFn = Value (*)(TfCall &);

struct TfFunction {
  /// Parameters in TF's order, the first (unwrapped) one included.
  std::vector<llvm::StringRef> params;
  TfBuilderFn build;
};

/// Keyed by the config's `function`: the canonical TF 2 symbol without
/// `tf.` (spec §1b), e.g. `x + y` is `__operators__.add`, `x * y`
/// `math.multiply`, `x / y` `math.truediv`, `x @ y` `linalg.matmul`.
const llvm::StringMap<TfFunction> &tfFunctions() {
  using A = ActivationKind;
  static const std::vector<llvm::StringRef> xy{"x", "y"}, x{"x"}, features{"features"};
  static const llvm::StringMap<TfFunction> table = {
      {"__operators__.add", {xy, buildBinary<Binary::Add>}},
      {"math.add", {xy, buildBinary<Binary::Add>}},
      {"math.subtract", {xy, buildBinary<Binary::Subtract>}},
      {"math.multiply", {xy, buildBinary<Binary::Multiply>}},
      {"math.truediv", {xy, buildBinary<Binary::Divide>}},
      {"math.divide", {xy, buildBinary<Binary::Divide>}},
      {"math.maximum", {xy, buildBinary<Binary::Maximum>}},
      {"math.minimum", {xy, buildBinary<Binary::Minimum>}},
      {"math.pow", {xy, buildBinary<Binary::Pow>}},
      {"math.sqrt", {x, buildMathUnary<math::SqrtOp>}},
      {"math.rsqrt", {x, buildMathUnary<math::RsqrtOp>}},
      {"math.log", {x, buildMathUnary<math::LogOp>}},
      {"math.abs", {x, buildMathUnary<math::AbsFOp>}},
      {"math.negative", {x, buildMathUnary<arith::NegFOp>}},
      {"math.square", {x, buildSquare}},
      {"math.reciprocal", {x, buildReciprocal}},
      {"math.exp", {x, buildActivation<A::exponential>}},
      {"math.tanh", {x, buildActivation<A::tanh>}},
      {"math.sigmoid", {x, buildActivation<A::sigmoid>}},
      {"math.softplus", {features, buildActivation<A::softplus>}},
      {"nn.softsign", {features, buildActivation<A::softsign>}},
      {"nn.relu", {features, buildActivation<A::relu>}},
      {"nn.relu6", {features, buildActivation<A::relu6>}},
      {"nn.elu", {features, buildActivation<A::elu>}},
      {"nn.selu", {features, buildActivation<A::selu>}},
      {"nn.gelu", {{"features", "approximate"}, buildGelu}},
      {"nn.leaky_relu", {{"features", "alpha"}, buildLeakyRelu}},
      {"nn.silu", {{"features", "beta"}, buildSilu}},
      {"nn.softmax", {{"logits", "axis"}, buildSoftmax}},
      {"nn.log_softmax", {{"logits", "axis"}, buildLogSoftmax}},
      {"math.reduce_sum", {{"input_tensor", "axis", "keepdims"}, buildReduce<Reduction::Sum>}},
      {"math.reduce_mean", {{"input_tensor", "axis", "keepdims"}, buildReduce<Reduction::Mean>}},
      {"math.reduce_max", {{"input_tensor", "axis", "keepdims"}, buildReduce<Reduction::Max>}},
      {"math.reduce_min", {{"input_tensor", "axis", "keepdims"}, buildReduce<Reduction::Min>}},
      {"math.reduce_prod", {{"input_tensor", "axis", "keepdims"}, buildReduce<Reduction::Prod>}},
      {"cast", {{"x", "dtype"}, buildCast}},
      {"linalg.matmul",
       {{"a", "b", "transpose_a", "transpose_b", "adjoint_a", "adjoint_b", "a_is_sparse",
         "b_is_sparse", "output_type", "grad_a", "grad_b"},
        buildMatmul}},
      {"reshape", {{"tensor", "shape"}, buildReshape}},
      {"transpose", {{"a", "perm", "conjugate"}, buildTranspose}},
      {"compat.v1.transpose", {{"a", "perm", "conjugate"}, buildTranspose}},
      {"expand_dims", {{"input", "axis"}, buildExpandDims}},
      {"squeeze", {{"input", "axis"}, buildSqueeze}},
      {"concat", {{"values", "axis"}, buildConcat}},
  };
  return table;
}

SmallVector<Value> buildTfOpLambda(LayerContext &c) {
  const json *function = c.member("function");
  std::string name = function && function->is_string() ? function->get<std::string>() : "?";
  auto it = tfFunctions().find(name);
  if (it == tfFunctions().end())
    c.fail("unsupported operation 'tf." + name +
           "': Kiln has no lowering for this TensorFlow function");
  // The keras ops' lowering helpers build linalg, tensor and math ops.
  MLIRContext *ctx = c.context();
  ctx->getOrLoadDialect<linalg::LinalgDialect>();
  ctx->getOrLoadDialect<tensor::TensorDialect>();
  ctx->getOrLoadDialect<math::MathDialect>();
  TfCall call(c, it->getKey(), it->second.params);
  return {it->second.build(call)};
}

} // namespace

bool isTfOpLayerClass(llvm::StringRef className) {
  return className == "TFOpLambda" || className == "SlicingOpLambda";
}

const LayerKind &tfOpLayerKind() {
  static const LayerKind kind{buildTfOpLambda, MaskRule::Drop};
  return kind;
}

} // namespace kiln::import
