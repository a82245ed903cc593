// Keras activation formulas (shared/spec/keras-models.md §2.4), as scalar
// arith/math IR that elementwise generics wrap.
#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using kiln::keras::ActivationKind;

namespace kiln::lowering {
namespace {
/// Scalar arithmetic helpers so formulas read like the spec.
struct Scalar {
  OpBuilder &b;
  Location loc;
  Value c(double v) { return f32Constant(b, loc, v); }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value max(Value x, Value y) { return arith::MaximumFOp::create(b, loc, x, y); }
  Value min(Value x, Value y) { return arith::MinimumFOp::create(b, loc, x, y); }
  Value neg(Value x) { return arith::NegFOp::create(b, loc, x); }
  Value abs(Value x) { return math::AbsFOp::create(b, loc, x); }
  Value exp(Value x) { return math::ExpOp::create(b, loc, x); }
  Value expm1(Value x) { return math::ExpM1Op::create(b, loc, x); }
  Value log1p(Value x) { return math::Log1pOp::create(b, loc, x); }
  Value tanh(Value x) { return math::TanhOp::create(b, loc, x); }
  Value erf(Value x) { return math::ErfOp::create(b, loc, x); }
  Value sqrt(Value x) { return math::SqrtOp::create(b, loc, x); }
  Value clip(Value x, double lo, double hi) { return min(max(x, c(lo)), c(hi)); }
  Value cmp(arith::CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, p, x, y);
  }
  Value select(Value cond, Value x, Value y) {
    return arith::SelectOp::create(b, loc, cond, x, y);
  }
  Value sigmoid(Value x) { return div(c(1.0), add(c(1.0), exp(neg(x)))); }
  /// log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|).
  Value softplus(Value x) { return add(max(x, c(0.0)), log1p(exp(neg(abs(x))))); }
  Value elu(Value x, double alpha) {
    return select(cmp(arith::CmpFPredicate::OGT, x, c(0.0)), x, mul(c(alpha), expm1(x)));
  }
};
} // namespace

Value activationScalar(OpBuilder &b, Location loc, Value x, ActivationKind kind,
                       const ActivationParams &params) {
  Scalar s{b, loc};
  using P = arith::CmpFPredicate;
  switch (kind) {
  case ActivationKind::linear:
    return x;
  case ActivationKind::relu:
    return s.max(x, s.c(0.0));
  case ActivationKind::relu6:
    return s.clip(x, 0.0, 6.0);
  case ActivationKind::leaky_relu: {
    double alpha = params.alpha.value_or(0.2);
    return s.select(s.cmp(P::OGE, x, s.c(0.0)), x, s.mul(s.c(alpha), x));
  }
  case ActivationKind::elu:
    return s.elu(x, params.alpha.value_or(1.0));
  case ActivationKind::selu:
    return s.mul(s.c(1.0507009873554805), s.elu(x, 1.6732632423543772));
  case ActivationKind::gelu:
    return s.mul(s.mul(s.c(0.5), x),
                 s.add(s.c(1.0), s.erf(s.mul(x, s.c(0.7071067811865476)))));
  case ActivationKind::gelu_approximate: {
    Value cube = s.mul(s.mul(x, x), x);
    Value inner = s.mul(s.c(0.7978845608028654), s.add(x, s.mul(s.c(0.044715), cube)));
    return s.mul(s.mul(s.c(0.5), x), s.add(s.c(1.0), s.tanh(inner)));
  }
  case ActivationKind::sigmoid:
    return s.sigmoid(x);
  case ActivationKind::hard_sigmoid:
    return s.clip(s.add(s.div(x, s.c(6.0)), s.c(0.5)), 0.0, 1.0);
  case ActivationKind::hard_sigmoid_keras2:
    return s.clip(s.add(s.mul(x, s.c(0.2)), s.c(0.5)), 0.0, 1.0);
  case ActivationKind::hard_silu:
    return s.mul(x, s.clip(s.add(s.div(x, s.c(6.0)), s.c(0.5)), 0.0, 1.0));
  case ActivationKind::tanh:
    return s.tanh(x);
  case ActivationKind::silu:
    return s.mul(x, s.sigmoid(x));
  case ActivationKind::softplus:
    return s.softplus(x);
  case ActivationKind::softsign:
    return s.div(x, s.add(s.c(1.0), s.abs(x)));
  case ActivationKind::exponential:
    return s.exp(x);
  case ActivationKind::mish:
    return s.mul(x, s.tanh(s.softplus(x)));
  case ActivationKind::celu: {
    double alpha = params.alpha.value_or(1.0);
    return s.select(s.cmp(P::OGE, x, s.c(0.0)), x,
                    s.mul(s.c(alpha), s.expm1(s.div(x, s.c(alpha)))));
  }
  case ActivationKind::squareplus: {
    double bParam = params.alpha.value_or(4.0);
    return s.div(s.add(x, s.sqrt(s.add(s.mul(x, x), s.c(bParam)))), s.c(2.0));
  }
  case ActivationKind::soft_shrink: {
    double t = params.threshold.value_or(0.5);
    return s.select(s.cmp(P::OGT, x, s.c(t)), s.sub(x, s.c(t)),
                    s.select(s.cmp(P::OLT, x, s.c(-t)), s.add(x, s.c(t)), s.c(0.0)));
  }
  case ActivationKind::hard_shrink: {
    double t = params.threshold.value_or(0.5);
    return s.select(s.cmp(P::OGT, s.abs(x), s.c(t)), x, s.c(0.0));
  }
  case ActivationKind::tanh_shrink:
    return s.sub(x, s.tanh(x));
  case ActivationKind::hard_tanh:
    return s.clip(x, -1.0, 1.0);
  case ActivationKind::sparse_plus: {
    Value mid = s.div(s.mul(s.add(x, s.c(1.0)), s.add(x, s.c(1.0))), s.c(4.0));
    return s.select(s.cmp(P::OLE, x, s.c(-1.0)), s.c(0.0),
                    s.select(s.cmp(P::OGE, x, s.c(1.0)), x, mid));
  }
  case ActivationKind::sparse_sigmoid:
    return s.clip(s.mul(s.c(0.5), s.add(x, s.c(1.0))), 0.0, 1.0);
  case ActivationKind::log_sigmoid:
    return s.neg(s.softplus(s.neg(x)));
  case ActivationKind::relu_general: {
    // ReLU layer: x above the threshold (capped at max_value), slope below.
    double t = params.threshold.value_or(0.0), slope = params.alpha.value_or(0.0);
    Value above = params.maxValue ? s.min(x, s.c(*params.maxValue)) : x;
    Value below = s.mul(s.c(slope), s.sub(x, s.c(t)));
    return s.select(s.cmp(P::OGT, x, s.c(t)), above, below);
  }
  case ActivationKind::thresholded_relu: {
    double theta = params.threshold.value_or(1.0);
    return s.select(s.cmp(P::OGT, x, s.c(theta)), x, s.c(0.0));
  }
  case ActivationKind::softmax:
  case ActivationKind::log_softmax:
  case ActivationKind::sparsemax:
    break;
  }
  llvm_unreachable("softmax-like activations are not elementwise");
}

/// sparsemax over the last axis without sorting: z_j is in the support iff
/// 1 + c_j·z_j > s_j, where c_j counts and s_j sums the z_i >= z_j (the sorted
/// formulation's condition; ties agree). Then tau = (Σ_support z - 1) / |support|
/// and the result is max(z - tau, 0). Quadratic in the axis length, which is
/// what activations over feature axes can afford.
static Value sparsemax(OpBuilder &b, Location loc, Value z) {
  auto type = cast<RankedTensorType>(z.getType());
  int64_t rank = type.getRank(), last = rank - 1;
  SmallVector<OpFoldResult> sizes = sizesOf(b, loc, z);
  MLIRContext *ctx = b.getContext();
  // Iteration space (d0 .. d_last = j, i): i is the reduction over the axis.
  SmallVector<AffineExpr> jExprs, iExprs;
  for (int64_t d = 0; d < rank; ++d) {
    jExprs.push_back(b.getAffineDimExpr(d));
    iExprs.push_back(b.getAffineDimExpr(d == last ? rank : d));
  }
  AffineMap jMap = AffineMap::get(rank + 1, 0, jExprs, ctx);
  AffineMap iMap = AffineMap::get(rank + 1, 0, iExprs, ctx);
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  Value zero = f32Constant(b, loc, 0.0);
  Value init = linalg::FillOp::create(b, loc, zero, emptyTensor(b, loc, type, sizes))
                   .getResult(0);
  auto pairwise = linalg::GenericOp::create(
      b, loc, TypeRange{type, type}, ValueRange{z, z}, ValueRange{init, init},
      ArrayRef<AffineMap>{jMap, iMap, jMap, jMap}, iterators,
      [](OpBuilder &nb, Location l, ValueRange a) {
        Value ge = arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OGE, a[1], a[0]);
        Value zeroF = f32Constant(nb, l, 0.0);
        Value count = arith::AddFOp::create(
            nb, l, a[2], arith::SelectOp::create(nb, l, ge, f32Constant(nb, l, 1.0), zeroF));
        Value sum =
            arith::AddFOp::create(nb, l, a[3], arith::SelectOp::create(nb, l, ge, a[1], zeroF));
        linalg::YieldOp::create(nb, l, ValueRange{count, sum});
      });
  Value counts = pairwise.getResult(0), sums = pairwise.getResult(1);
  auto inSupport = [](OpBuilder &nb, Location l, ValueRange a) -> Value {
    Value lhs = arith::AddFOp::create(nb, l, f32Constant(nb, l, 1.0),
                                      arith::MulFOp::create(nb, l, a[1], a[0]));
    return arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OGT, lhs, a[2]);
  };
  Value support = elementwise(b, loc, {z, counts, sums}, type, sizes,
                              [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
                                return arith::SelectOp::create(nb, l, inSupport(nb, l, a),
                                                               f32Constant(nb, l, 1.0),
                                                               f32Constant(nb, l, 0.0));
                              });
  Value supportZ = elementwise(b, loc, {z, support}, type, sizes,
                               [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                                 return arith::MulFOp::create(nb, l, a[0], a[1]);
                               });
  auto add = [](OpBuilder &nb, Location l, Value v, Value acc) -> Value {
    return arith::AddFOp::create(nb, l, v, acc);
  };
  Value k = keepDims(b, loc, reduce(b, loc, support, {last}, 0.0, add), z, {last});
  Value total = keepDims(b, loc, reduce(b, loc, supportZ, {last}, 0.0, add), z, {last});
  return elementwise(b, loc, {z, total, k}, type, sizes,
                     [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                       Value tau = arith::DivFOp::create(
                           nb, l, arith::SubFOp::create(nb, l, a[1], f32Constant(nb, l, 1.0)),
                           a[2]);
                       return arith::MaximumFOp::create(nb, l,
                                                        arith::SubFOp::create(nb, l, a[0], tau),
                                                        f32Constant(nb, l, 0.0));
                     });
}

Value applyActivation(OpBuilder &b, Location loc, Value x, ActivationKind kind,
                      const ActivationParams &params) {
  if (kind == ActivationKind::linear)
    return x;
  auto type = cast<RankedTensorType>(x.getType());
  int64_t last = type.getRank() - 1;
  if (kind == ActivationKind::softmax)
    return softmax(b, loc, x, {last});
  if (kind == ActivationKind::sparsemax)
    return sparsemax(b, loc, x);
  SmallVector<OpFoldResult> sizes = sizesOf(b, loc, x);
  if (kind == ActivationKind::log_softmax) {
    // x - max - log(sum(exp(x - max))), over the last axis.
    Value maxv = reduce(b, loc, x, {last}, -std::numeric_limits<float>::infinity(),
                        [](OpBuilder &nb, Location l, Value v, Value acc) -> Value {
                          return arith::MaximumFOp::create(nb, l, v, acc);
                        });
    Value maxKept = keepDims(b, loc, maxv, x, {last});
    Value shifted = elementwise(b, loc, {x, maxKept}, type, sizes,
                                [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                                  return arith::SubFOp::create(nb, l, a[0], a[1]);
                                });
    Value sum = reduce(b, loc, shifted, {last}, 0.0,
                       [](OpBuilder &nb, Location l, Value v, Value acc) -> Value {
                         return arith::AddFOp::create(nb, l, math::ExpOp::create(nb, l, v),
                                                      acc);
                       });
    Value sumKept = keepDims(b, loc, sum, x, {last});
    return elementwise(b, loc, {shifted, sumKept}, type, sizes,
                       [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                         return arith::SubFOp::create(nb, l, a[0],
                                                      math::LogOp::create(nb, l, a[1]));
                       });
  }
  return elementwise(b, loc, {x}, type, sizes,
                     [&](OpBuilder &nb, Location l, ValueRange a) {
                       return activationScalar(nb, l, a[0], kind, params);
                     });
}

std::optional<FusedActivation> fusedActivationFor(ActivationKind kind) {
  switch (kind) {
  case ActivationKind::linear:
    return FusedActivation::none;
  case ActivationKind::relu:
    return FusedActivation::relu;
  case ActivationKind::tanh:
    return FusedActivation::tanh;
  case ActivationKind::sigmoid:
    return FusedActivation::sigmoid;
  case ActivationKind::gelu:
    return FusedActivation::gelu_erf;
  case ActivationKind::gelu_approximate:
    return FusedActivation::gelu_tanh;
  case ActivationKind::elu:
    return FusedActivation::elu;
  case ActivationKind::silu:
    return FusedActivation::swish;
  default:
    return std::nullopt;
  }
}

} // namespace kiln::lowering
