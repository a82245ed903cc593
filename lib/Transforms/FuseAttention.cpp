// Recognises scaled dot-product attention on tensors by its computation
// (Q·Kᵀ → scale → mask → softmax over the keys → ·V) and replaces the chain
// with one kiln.attention (semantics in KilnOps.td). Matching is
// conservative: whatever is not understood leaves the IR unchanged.
#include "kiln/Transforms/Passes.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dominance.h"
#include "llvm/ADT/SmallBitVector.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <cmath>
#include <functional>
#include <limits>
#include <optional>

namespace kiln {
#define GEN_PASS_DEF_FUSEATTENTION
#include "kiln/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;

namespace {

/// Fill values of a select mask at or below this count as "masked out" (a
/// larger fill leaves masked keys some weight: that is not attention
/// masking). The fused op keeps the exact fill as its mask_fill.
constexpr double kMaskThreshold = -1e4;

//===----------------------------------------------------------------------===//
// Small matchers
//===----------------------------------------------------------------------===//

bool isF32Tensor(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  return t && t.getElementType().isF32();
}

/// f32 or a narrower float attention may run in (the fused op computes in
/// f32 and casts at its edges).
bool isAttentionFloatTensor(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  return t && (t.getElementType().isF32() || t.getElementType().isF16() ||
               t.getElementType().isBF16());
}

Type elementTypeOf(Value v) { return cast<ShapedType>(v.getType()).getElementType(); }

/// The input of the elementwise float cast producing `v`: arith.extf
/// (`widening`) or arith.truncf on tensors, or a parallel linalg.generic
/// with identity maps whose body is that one cast of its input. Null
/// otherwise.
Value castSource(Value v, bool widening) {
  Operation *def = v.getDefiningOp();
  auto isCast = [&](Operation *op) {
    return widening ? isa<arith::ExtFOp>(op) : isa<arith::TruncFOp>(op);
  };
  if (def && isCast(def) && isa<RankedTensorType>(def->getOperand(0).getType()))
    return def->getOperand(0);
  auto g = dyn_cast_or_null<linalg::GenericOp>(def);
  if (!g || !g.hasPureTensorSemantics() || g.getNumDpsInputs() != 1 || g.getNumDpsInits() != 1 ||
      !llvm::all_of(g.getIndexingMapsArray(), [](AffineMap m) { return m.isIdentity(); }) ||
      llvm::any_of(g.getIteratorTypesArray(),
                   [](utils::IteratorType t) { return t != utils::IteratorType::parallel; }))
    return {};
  Block &body = g.getRegion().front();
  Operation *cast = body.getTerminator()->getOperand(0).getDefiningOp();
  if (!cast || !isCast(cast) || cast->getOperand(0) != body.getArgument(0) ||
      !llvm::hasSingleElement(body.without_terminator()))
    return {};
  return g.getDpsInputs()[0];
}

/// `x` with its elements converted to `elementType` (extf or truncf) by a
/// linalg.generic.
Value castElements(OpBuilder &b, Location loc, Value x, Type elementType);

/// The value of a scalar f32 constant or of a splat f32 tensor constant.
std::optional<double> splatConstant(Value v) {
  Attribute attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  if (auto f = dyn_cast<FloatAttr>(attr))
    return f.getValueAsDouble();
  if (auto d = dyn_cast<SplatElementsAttr>(attr))
    if (isa<FloatType>(d.getElementType()))
      return d.getSplatValue<APFloat>().convertToDouble();
  return std::nullopt;
}

/// True when `v` is a tensor filled with zeros (accumulating into it is the
/// same as overwriting it).
bool isZeroTensor(Value v) {
  if (auto fill = v.getDefiningOp<linalg::FillOp>()) {
    std::optional<double> c = splatConstant(fill.getInputs()[0]);
    return c && *c == 0.0;
  }
  std::optional<double> c = splatConstant(v);
  return c && *c == 0.0;
}

/// The sizes of `v`, read from the op that created it where possible so that
/// no new use of an op that is about to die is created.
SmallVector<OpFoldResult> mixedSizes(OpBuilder &b, Location loc, Value v) {
  if (auto empty = v.getDefiningOp<tensor::EmptyOp>())
    return empty.getMixedSizes();
  if (auto fill = v.getDefiningOp<linalg::FillOp>())
    return mixedSizes(b, loc, fill.getOutputs()[0]);
  return tensor::getMixedSizes(b, loc, v);
}

/// Size `i` of `v` (see mixedSizes), creating at most one tensor.dim.
OpFoldResult mixedSize(OpBuilder &b, Location loc, Value v, int64_t i) {
  if (auto empty = v.getDefiningOp<tensor::EmptyOp>())
    return empty.getMixedSizes()[i];
  if (auto fill = v.getDefiningOp<linalg::FillOp>())
    return mixedSize(b, loc, fill.getOutputs()[0], i);
  return tensor::getMixedSize(b, loc, v, i);
}

/// `x` reshaped (row-major, as tensor.reshape) to `sizes`.
Value reshapeTo(OpBuilder &b, Location loc, Value x, ArrayRef<OpFoldResult> sizes) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape;
  for (OpFoldResult s : sizes) {
    std::optional<int64_t> c = getConstantIntValue(s);
    shape.push_back(c ? *c : ShapedType::kDynamic);
  }
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  if (resultType == type) {
    // Nothing to do when every dynamic size is x's own (tensor.dim of x).
    bool same = true;
    for (auto [i, s] : llvm::enumerate(sizes))
      if (!getConstantIntValue(s)) {
        auto dim = dyn_cast_if_present<Value>(s);
        auto dimOp = dim ? dim.getDefiningOp<tensor::DimOp>() : tensor::DimOp();
        same &= dimOp && dimOp.getSource() == x && dimOp.getConstantIndex() == int64_t(i);
      }
    if (same)
      return x;
  }
  SmallVector<Value> dims;
  for (OpFoldResult s : sizes)
    dims.push_back(getValueOrCreateConstantIndexOp(b, loc, s));
  Value shapeTensor = tensor::FromElementsOp::create(b, loc, dims);
  return tensor::ReshapeOp::create(b, loc, resultType, x, shapeTensor);
}

Value castElements(OpBuilder &b, Location loc, Value x, Type elementType) {
  auto type = cast<RankedTensorType>(x.getType());
  Type from = type.getElementType();
  if (from == elementType)
    return x;
  Value init = tensor::EmptyOp::create(b, loc, mixedSizes(b, loc, x), elementType);
  int64_t rank = type.getRank();
  SmallVector<AffineMap> maps(2, b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{x}, ValueRange{init}, maps, iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value c = elementType.getIntOrFloatBitWidth() > from.getIntOrFloatBitWidth()
                             ? arith::ExtFOp::create(nb, l, elementType, args[0]).getResult()
                             : arith::TruncFOp::create(nb, l, elementType, args[0]).getResult();
               linalg::YieldOp::create(nb, l, c);
             })
      .getResult(0);
}

/// The SSA value holding the dynamic size of dim `i` of `v`, found through
/// destination-style producers (their result has the init's shape), the
/// tensor.empty that made the init, and shape operands of tensor.reshape.
/// Null when unknown.
Value dynamicSizeValue(Value v, int64_t i) {
  for (int guard = 0; guard < 16 && v; ++guard) {
    if (!cast<RankedTensorType>(v.getType()).isDynamicDim(i))
      return {};
    Operation *def = v.getDefiningOp();
    if (!def)
      return {};
    if (auto empty = dyn_cast<tensor::EmptyOp>(def))
      return empty.getDynamicSize(i);
    if (auto reshape = dyn_cast<tensor::ReshapeOp>(def)) {
      auto elements = reshape.getShape().getDefiningOp<tensor::FromElementsOp>();
      return elements ? elements.getElements()[i] : Value();
    }
    auto dps = dyn_cast<DestinationStyleOpInterface>(def);
    if (!dps || dps.getNumDpsInits() != 1)
      return {};
    v = dps.getDpsInitOperand(0)->get();
  }
  return {};
}

/// A reshape (tensor.reshape, expand_shape or collapse_shape) that keeps the
/// two trailing dims: element [..., t, s] stays [..., t, s] with the leading
/// dims re-linearised. Returns its source, or null.
Value trailingPreservingReshapeSource(Operation *op) {
  Value src, res;
  if (auto r = dyn_cast<tensor::ReshapeOp>(op)) {
    src = r.getSource();
    res = r.getResult();
  } else if (auto r = dyn_cast<tensor::ExpandShapeOp>(op)) {
    src = r.getSrc();
    res = r.getResult();
  } else if (auto r = dyn_cast<tensor::CollapseShapeOp>(op)) {
    src = r.getSrc();
    res = r.getResult();
  } else {
    return {};
  }
  auto st = cast<RankedTensorType>(src.getType());
  auto rt = cast<RankedTensorType>(res.getType());
  if (st.getRank() < 2 || rt.getRank() < 2)
    return {};
  // Structural check for expand/collapse: the last two groups are singletons.
  auto singletonTail = [](ArrayRef<ReassociationIndices> groups) {
    return groups.size() >= 2 && groups.back().size() == 1 && groups.end()[-2].size() == 1;
  };
  if (auto e = dyn_cast<tensor::ExpandShapeOp>(op))
    if (singletonTail(e.getReassociationIndices()))
      return src;
  if (auto c = dyn_cast<tensor::CollapseShapeOp>(op))
    if (singletonTail(c.getReassociationIndices()))
      return src;
  // Otherwise equal trailing sizes: static and equal, or, for a dynamic
  // tensor.reshape target, the very value that sizes the source's dim.
  auto shapeElements = [&]() -> OperandRange {
    if (auto r = dyn_cast<tensor::ReshapeOp>(op))
      if (auto e = r.getShape().getDefiningOp<tensor::FromElementsOp>())
        return e.getElements();
    return OperandRange(nullptr, 0);
  }();
  for (int i = 1; i <= 2; ++i) {
    int64_t a = st.getDimSize(st.getRank() - i), b = rt.getDimSize(rt.getRank() - i);
    if (!ShapedType::isDynamic(a) && a == b)
      continue;
    if (!ShapedType::isDynamic(a) || !ShapedType::isDynamic(b) || shapeElements.empty())
      return {};
    Value target = shapeElements[rt.getRank() - i];
    Value source = dynamicSizeValue(src, st.getRank() - i);
    if (!source || source != target)
      return {};
  }
  return src;
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

/// A two-operand contraction with one reduction dim, as indexing maps over
/// its loops. Transposes feeding an operand are folded into its map. An
/// additive one sums weights[d] · tanh(tanhScale · (a + b)) over the
/// reduction dim d instead of a · b.
struct Contraction {
  Operation *op = nullptr;
  Value operands[2];
  AffineMap maps[2];
  AffineMap outMap;
  unsigned reductionDim = 0;
  double alpha = 1.0;
  bool additive = false;
  Value weights; // additive: a [D] tensor read at d, or null for all ones
  double tanhScale = 1.0;
};

/// Peels linalg.transpose producers of `v` into `map`.
void peelTransposes(Value &v, AffineMap &map) {
  while (auto t = v.getDefiningOp<linalg::TransposeOp>()) {
    ArrayRef<int64_t> perm = t.getPermutation();
    SmallVector<AffineExpr> exprs(perm.size());
    for (auto [i, p] : llvm::enumerate(perm))
      exprs[p] = map.getResult(i);
    map = AffineMap::get(map.getNumDims(), 0, exprs, map.getContext());
    v = t.getInput();
  }
}

/// `c` with the transposes feeding its operands folded into their maps, when
/// every map is a projected permutation (no constant results).
std::optional<Contraction> withTransposesPeeled(Contraction c) {
  for (AffineMap map : {c.maps[0], c.maps[1], c.outMap})
    if (!map.isProjectedPermutation(/*allowZeroInResults=*/false))
      return std::nullopt;
  for (int i = 0; i < 2; ++i)
    peelTransposes(c.operands[i], c.maps[i]);
  return c;
}

std::optional<Contraction> matchContraction(Operation *op) {
  if (!op || op->getNumResults() != 1 || !isAttentionFloatTensor(op->getResult(0)))
    return std::nullopt;
  Contraction c;
  c.op = op;
  MLIRContext *ctx = op->getContext();
  if (auto mm = dyn_cast<kiln::MatmulOp>(op)) {
    if (mm.getBias() || mm.getActivation() != kiln::FusedActivation::none)
      return std::nullopt;
    auto lt = dyn_cast<RankedTensorType>(mm.getLhs().getType());
    auto rt = dyn_cast<RankedTensorType>(mm.getRhs().getType());
    if (!lt || !rt || lt.getRank() != rt.getRank())
      return std::nullopt;
    AffineExpr b, m, n, k;
    if (lt.getRank() == 3) {
      bindDims(ctx, b, m, n, k);
      c.maps[0] = AffineMap::get(4, 0, {b, m, k}, ctx);
      c.maps[1] = AffineMap::get(4, 0, {b, k, n}, ctx);
      c.outMap = AffineMap::get(4, 0, {b, m, n}, ctx);
      c.reductionDim = 3;
    } else if (lt.getRank() == 2) {
      bindDims(ctx, m, n, k);
      c.maps[0] = AffineMap::get(3, 0, {m, k}, ctx);
      c.maps[1] = AffineMap::get(3, 0, {k, n}, ctx);
      c.outMap = AffineMap::get(3, 0, {m, n}, ctx);
      c.reductionDim = 2;
    } else {
      return std::nullopt;
    }
    c.operands[0] = mm.getLhs();
    c.operands[1] = mm.getRhs();
    c.alpha = mm.getAlpha().convertToDouble();
  } else if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
    if (!linalgOp.hasPureTensorSemantics() || linalgOp.getNumDpsInputs() != 2 ||
        linalgOp.getNumDpsInits() != 1 || !linalg::isaContractionOpInterface(linalgOp))
      return std::nullopt;
    // Named and generic contractions accumulate into their init.
    if (!isZeroTensor(linalgOp.getDpsInits()[0]))
      return std::nullopt;
    SmallVector<utils::IteratorType> iters = linalgOp.getIteratorTypesArray();
    if (llvm::count(iters, utils::IteratorType::reduction) != 1)
      return std::nullopt;
    c.reductionDim = llvm::find(iters, utils::IteratorType::reduction) - iters.begin();
    SmallVector<AffineMap> maps = linalgOp.getIndexingMapsArray();
    c.operands[0] = linalgOp.getDpsInputs()[0];
    c.operands[1] = linalgOp.getDpsInputs()[1];
    c.maps[0] = maps[0];
    c.maps[1] = maps[1];
    c.outMap = maps[2];
  } else {
    return std::nullopt;
  }
  for (Value v : c.operands)
    if (elementTypeOf(v) != elementTypeOf(op->getResult(0)))
      return std::nullopt;
  return withTransposesPeeled(c);
}

/// The op of type OpTy defining `x` inside `body`, or null.
template <typename OpTy>
OpTy definedIn(Value x, Block &body) {
  auto def = x.getDefiningOp<OpTy>();
  return def && def->getBlock() == &body ? def : OpTy();
}

/// Σ_d [w[d] ·] tanh([c ·] (a + b)) over the one reduction dim d of a
/// linalg.generic accumulating into zeros: the additive (Bahdanau) score.
/// `a` and `b` are two f32 inputs, `w` an f32 vector input read at d only,
/// `c` a scalar constant (in the body or a splat input). Transposes feeding
/// a and b are folded into their maps.
std::optional<Contraction> matchAdditiveScores(Operation *op) {
  auto g = dyn_cast_if_present<linalg::GenericOp>(op);
  if (!g || !g.hasPureTensorSemantics() || g.getNumDpsInits() != 1 || g.getNumResults() != 1 ||
      !isF32Tensor(g.getResult(0)) || !isZeroTensor(g.getDpsInits()[0]))
    return std::nullopt;
  SmallVector<utils::IteratorType> iters = g.getIteratorTypesArray();
  if (llvm::count(iters, utils::IteratorType::reduction) != 1)
    return std::nullopt;
  unsigned red = llvm::find(iters, utils::IteratorType::reduction) - iters.begin();
  SmallVector<AffineMap> maps = g.getIndexingMapsArray();
  Block &body = g.getRegion().front();
  if (llvm::any_of(body.without_terminator(), [](Operation &o) { return !isPure(&o); }))
    return std::nullopt;
  auto inputOf = [&](Value x) -> int {
    auto arg = dyn_cast<BlockArgument>(x);
    if (!arg || arg.getOwner() != &body || arg.getArgNumber() >= g.getNumDpsInputs())
      return -1;
    return arg.getArgNumber();
  };
  auto constant = [&](Value x) -> std::optional<double> {
    if (int i = inputOf(x); i >= 0)
      return splatConstant(g.getDpsInputs()[i]);
    if (isa<BlockArgument>(x))
      return std::nullopt;
    return splatConstant(x);
  };
  // acc + term
  Value acc = body.getArguments().back();
  auto sum = definedIn<arith::AddFOp>(body.getTerminator()->getOperand(0), body);
  if (!sum || (sum.getLhs() != acc && sum.getRhs() != acc))
    return std::nullopt;
  Value term = sum.getLhs() == acc ? sum.getRhs() : sum.getLhs();
  if (term == acc)
    return std::nullopt;
  Contraction c;
  c.op = op;
  c.additive = true;
  c.reductionDim = red;
  c.outMap = maps.back();
  // [w ·] tanh(...)
  auto tanh = definedIn<math::TanhOp>(term, body);
  if (!tanh) {
    auto mul = definedIn<arith::MulFOp>(term, body);
    if (!mul)
      return std::nullopt;
    for (int i = 0; i < 2 && !tanh; ++i) {
      int w = inputOf(mul->getOperand(i));
      auto t = definedIn<math::TanhOp>(mul->getOperand(1 - i), body);
      if (w < 0 || !t || splatConstant(g.getDpsInputs()[w]))
        continue;
      auto wt = dyn_cast<RankedTensorType>(g.getDpsInputs()[w].getType());
      if (!wt || !wt.getElementType().isF32() || wt.getRank() != 1 ||
          maps[w] != AffineMap::get(maps[w].getNumDims(), 0,
                                    getAffineDimExpr(red, op->getContext())))
        continue;
      c.weights = g.getDpsInputs()[w];
      tanh = t;
    }
    if (!tanh)
      return std::nullopt;
  }
  // [c ·] (a + b)
  Value x = tanh.getOperand();
  if (auto mul = definedIn<arith::MulFOp>(x, body)) {
    for (int i = 0; i < 2; ++i) {
      std::optional<double> f = constant(mul->getOperand(i));
      if (f && definedIn<arith::AddFOp>(mul->getOperand(1 - i), body)) {
        c.tanhScale = *f;
        x = mul->getOperand(1 - i);
        break;
      }
    }
    if (x == tanh.getOperand())
      return std::nullopt;
  }
  auto add = definedIn<arith::AddFOp>(x, body);
  if (!add)
    return std::nullopt;
  int a = inputOf(add.getLhs()), b = inputOf(add.getRhs());
  if (a < 0 || b < 0 || a == b)
    return std::nullopt;
  int inputs[2] = {a, b};
  for (int i = 0; i < 2; ++i) {
    c.operands[i] = g.getDpsInputs()[inputs[i]];
    c.maps[i] = maps[inputs[i]];
    if (!isF32Tensor(c.operands[i]) || splatConstant(c.operands[i]))
      return std::nullopt;
  }
  return withTransposesPeeled(c);
}

/// The loop dims of `map`'s results.
SmallVector<unsigned> dimsOf(AffineMap map) {
  SmallVector<unsigned> dims;
  for (AffineExpr e : map.getResults())
    dims.push_back(cast<AffineDimExpr>(e).getPosition());
  return dims;
}

/// `x`, read through `map`, transposed so that its dims follow `order`
/// (loop dims). Null when `map`'s dims are not exactly those of `order`.
Value inOrder(OpBuilder &b, Location loc, Value x, AffineMap map, ArrayRef<unsigned> order) {
  SmallVector<unsigned> dims = dimsOf(map);
  if (dims.size() != order.size())
    return {};
  SmallVector<int64_t> perm;
  for (unsigned d : order) {
    auto it = llvm::find(dims, d);
    if (it == dims.end())
      return {};
    perm.push_back(it - dims.begin());
  }
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return x;
  SmallVector<OpFoldResult> sizes = mixedSizes(b, loc, x), permuted;
  for (int64_t p : perm)
    permuted.push_back(sizes[p]);
  Value init = tensor::EmptyOp::create(b, loc, permuted,
                                       cast<RankedTensorType>(x.getType()).getElementType());
  return linalg::TransposeOp::create(b, loc, x, init, perm)->getResult(0);
}

//===----------------------------------------------------------------------===//
// Elementwise steps between the contraction and the softmax
//===----------------------------------------------------------------------===//

struct Step {
  enum Kind { Scale, AddMask, BoolMask } kind;
  Value chainInput; // the scores the step reads
  double factor = 1.0;
  Value mask;       // may be null for a purely causal mask step
  AffineMap maskMap;
  /// A causal triangle found in the mask (split off `mask`).
  kiln::CausalMode causal = kiln::CausalMode::none;
  /// When set, materialises the mask (read through maskMap) at rewrite time.
  std::function<Value(OpBuilder &, Location)> build;
  /// BoolMask: the value masked logits are replaced by.
  std::optional<double> fill;
  /// BoolMask: the whole i1 keep tensor the select reads (before any causal
  /// split) and its map from the level loops, when the keep is a tensor.
  Value keep;
  AffineMap keepMap;
  /// The kiln.runtime_broadcast scf.if the step was read from, if any.
  scf::IfOp runtimeBroadcast;
};

/// A BoolMask step replacing masked logits by `fill`, the keep-mask being the
/// i1 tensor `keep` read through `map`.
Step boolMaskStep(Value chainInput, Value keep, AffineMap map, double fill) {
  Step step{Step::BoolMask, chainInput, 1.0, keep, map};
  step.fill = fill;
  step.keep = keep;
  step.keepMap = map;
  return step;
}

//===----------------------------------------------------------------------===//
// Causal masks and materialised masks
//===----------------------------------------------------------------------===//

/// Role of a loop dim of the softmax level: 1 = query (t), 2 = key (s), 0 other.
using RoleFn = std::function<int(unsigned)>;

/// Whether the i1 `c` is `j <= i` (top_left) or `j <= i + (S - T)`
/// (bottom_right) on linalg.index values of the query (i) and key (j) loops.
std::optional<kiln::CausalMode> causalCompare(Value c, const RoleFn &role,
                                              std::optional<int64_t> T,
                                              std::optional<int64_t> S) {
  auto cmp = c.getDefiningOp<arith::CmpIOp>();
  if (!cmp)
    return std::nullopt;
  Value lo, hi;
  bool isSigned = false;
  switch (cmp.getPredicate()) {
  case arith::CmpIPredicate::sle:
    isSigned = true;
    [[fallthrough]];
  case arith::CmpIPredicate::ule:
    lo = cmp.getLhs();
    hi = cmp.getRhs();
    break;
  case arith::CmpIPredicate::sge:
    isSigned = true;
    [[fallthrough]];
  case arith::CmpIPredicate::uge:
    lo = cmp.getRhs();
    hi = cmp.getLhs();
    break;
  default:
    return std::nullopt;
  }
  auto roleOf = [&](Value x) -> int {
    auto i = x.getDefiningOp<linalg::IndexOp>();
    return i ? role(i.getDim()) : 0;
  };
  if (roleOf(lo) != 2)
    return std::nullopt;
  int64_t off = 0;
  if (roleOf(hi) != 1) {
    auto add = hi.getDefiningOp<arith::AddIOp>();
    if (!add)
      return std::nullopt;
    Value a = add.getLhs(), b = add.getRhs();
    if (roleOf(a) != 1)
      std::swap(a, b);
    std::optional<int64_t> cst = getConstantIntValue(b);
    if (roleOf(a) != 1 || !cst)
      return std::nullopt;
    off = *cst;
  }
  if (off == 0)
    return kiln::CausalMode::top_left;
  if (!T || !S || off != *S - *T || (off < 0 && !isSigned))
    return std::nullopt;
  return kiln::CausalMode::bottom_right;
}

/// Splits the i1 `c` into a causal comparison and the other conjuncts.
void splitCausal(Value c, const RoleFn &role, std::optional<int64_t> T, std::optional<int64_t> S,
                 kiln::CausalMode &causal, SmallVector<Value> &rest) {
  SmallVector<Value> conj, work = {c};
  while (!work.empty()) {
    Value x = work.pop_back_val();
    if (auto a = x.getDefiningOp<arith::AndIOp>()) {
      work.push_back(a.getRhs());
      work.push_back(a.getLhs());
    } else {
      conj.push_back(x);
    }
  }
  causal = kiln::CausalMode::none;
  for (Value x : conj) {
    std::optional<kiln::CausalMode> m = causalCompare(x, role, T, S);
    if (m && (causal == kiln::CausalMode::none || causal == *m)) {
      causal = *m;
      continue;
    }
    rest.push_back(x);
  }
}

/// Whether the i1 constant `m`, read through `map` from the level loops, is
/// the causal triangle (broadcast over the other dims).
std::optional<kiln::CausalMode> constantCausal(Value m, AffineMap map, const RoleFn &role,
                                               std::optional<int64_t> T,
                                               std::optional<int64_t> S) {
  DenseElementsAttr attr;
  if (!T || !S || !matchPattern(m, m_Constant(&attr)) || !attr.getElementType().isInteger(1) ||
      attr.getNumElements() > (1 << 20) || !map.isProjectedPermutation(false))
    return std::nullopt;
  ArrayRef<int64_t> shape = attr.getType().getShape();
  SmallVector<unsigned> dims = dimsOf(map);
  int ti = -1, si = -1;
  for (auto [p, d] : llvm::enumerate(dims)) {
    if (role(d) == 1)
      ti = p;
    if (role(d) == 2)
      si = p;
  }
  if (ti < 0 || si < 0 || shape[ti] != *T || shape[si] != *S)
    return std::nullopt;
  SmallVector<bool> values(attr.getValues<bool>());
  auto matches = [&](int64_t off) {
    SmallVector<int64_t> idx(shape.size(), 0);
    for (bool val : values) {
      if (val != (idx[si] <= idx[ti] + off))
        return false;
      for (int d = int(shape.size()) - 1; d >= 0; --d) {
        if (++idx[d] < shape[d])
          break;
        idx[d] = 0;
      }
    }
    return true;
  };
  if (matches(0))
    return kiln::CausalMode::top_left;
  if (*S != *T && matches(*S - *T))
    return kiln::CausalMode::bottom_right;
  return std::nullopt;
}

/// The body ops of `g` that `roots` depend on, and the inputs they read.
struct BodySlice {
  llvm::SmallPtrSet<Operation *, 8> ops;
  SmallVector<unsigned> args; // increasing
};

BodySlice sliceOf(linalg::GenericOp g, ArrayRef<Value> roots) {
  Block &body = g.getRegion().front();
  BodySlice slice;
  llvm::SmallSetVector<unsigned, 4> usedArgs;
  SmallVector<Value> work(roots.begin(), roots.end());
  while (!work.empty()) {
    Value x = work.pop_back_val();
    if (auto arg = dyn_cast<BlockArgument>(x)) {
      if (arg.getOwner() == &body)
        usedArgs.insert(arg.getArgNumber());
      continue;
    }
    Operation *op = x.getDefiningOp();
    if (op->getBlock() != &body || !slice.ops.insert(op).second)
      continue;
    llvm::append_range(work, op->getOperands());
  }
  slice.args.assign(usedArgs.begin(), usedArgs.end());
  llvm::sort(slice.args);
  return slice;
}

/// The loops of `g` that `roots` vary along (read by an input map or a
/// linalg.index), as the projection of g's loops onto them.
AffineMap rootLoopsMap(linalg::GenericOp g, ArrayRef<Value> roots) {
  BodySlice slice = sliceOf(g, roots);
  llvm::SmallBitVector used(g.getNumLoops());
  SmallVector<AffineMap> maps = g.getIndexingMapsArray();
  for (unsigned a : slice.args)
    for (AffineExpr e : maps[a].getResults())
      e.walk([&](AffineExpr sub) {
        if (auto d = dyn_cast<AffineDimExpr>(sub))
          used.set(d.getPosition());
      });
  for (Operation *op : slice.ops)
    if (auto index = dyn_cast<linalg::IndexOp>(op))
      used.set(index.getDim());
  SmallVector<AffineExpr> exprs;
  for (unsigned d : used.set_bits())
    exprs.push_back(getAffineDimExpr(d, g.getContext()));
  return AffineMap::get(g.getNumLoops(), 0, exprs, g.getContext());
}

/// A copy of the parallel generic `g` computing, per element, `finish` of the
/// values `roots` of its body (their backward slice is cloned; the inputs it
/// does not read are dropped). The result has g's shape and `elementType`;
/// with `loops` (a projection of g's loops, rootLoopsMap) only the loops it
/// keeps, the values being the same along the others.
Value cloneGenericComputing(OpBuilder &b, Location loc, linalg::GenericOp g, ArrayRef<Value> roots,
                            Type elementType,
                            std::function<Value(OpBuilder &, Location, ArrayRef<Value>)> finish,
                            AffineMap loops = {}) {
  Block &body = g.getRegion().front();
  BodySlice slice = sliceOf(g, roots);
  MLIRContext *ctx = g.getContext();
  if (!loops)
    loops = AffineMap::getMultiDimIdentityMap(g.getNumLoops(), ctx);
  // Loop d of g is loop position[d] of the copy.
  SmallVector<int64_t> position(g.getNumLoops(), -1);
  SmallVector<AffineExpr> replacements(g.getNumLoops(), getAffineConstantExpr(0, ctx));
  for (auto [i, e] : llvm::enumerate(loops.getResults())) {
    unsigned d = cast<AffineDimExpr>(e).getPosition();
    position[d] = int64_t(i);
    replacements[d] = getAffineDimExpr(unsigned(i), ctx);
  }
  unsigned numLoops = loops.getNumResults();
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  SmallVector<AffineMap> gMaps = g.getIndexingMapsArray();
  for (unsigned a : slice.args) {
    inputs.push_back(g.getDpsInputs()[a]);
    maps.push_back(gMaps[a].replaceDimsAndSymbols(replacements, {}, numLoops, 0));
  }
  maps.push_back(AffineMap::getMultiDimIdentityMap(numLoops, ctx));
  SmallVector<OpFoldResult> sizes = mixedSizes(b, loc, g.getDpsInits()[0]), kept;
  for (AffineExpr e : loops.getResults())
    kept.push_back(sizes[cast<AffineDimExpr>(e).getPosition()]);
  Value init = tensor::EmptyOp::create(b, loc, kept, elementType);
  SmallVector<utils::IteratorType> iterators(numLoops, utils::IteratorType::parallel);
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange newArgs) {
        IRMapping mapping;
        for (auto [i, a] : llvm::enumerate(slice.args))
          mapping.map(body.getArgument(a), newArgs[i]);
        for (Operation &o : body.without_terminator()) {
          if (!slice.ops.contains(&o))
            continue;
          if (auto index = dyn_cast<linalg::IndexOp>(o)) {
            mapping.map(index.getResult(),
                        linalg::IndexOp::create(nb, nloc, position[index.getDim()]).getResult());
            continue;
          }
          nb.clone(o, mapping);
        }
        SmallVector<Value> mapped;
        for (Value r : roots)
          mapped.push_back(mapping.lookupOrDefault(r));
        linalg::YieldOp::create(nb, nloc, finish(nb, nloc, mapped));
      });
  return op.getResult(0);
}

/// Whether `x` (in the body of `g`) depends on the block argument `arg`.
bool dependsOn(Value x, Value arg, Block &body) {
  SmallVector<Value> work = {x};
  llvm::SmallPtrSet<Operation *, 8> seen;
  while (!work.empty()) {
    Value y = work.pop_back_val();
    if (y == arg)
      return true;
    Operation *op = y.getDefiningOp();
    if (!op || op->getBlock() != &body || !seen.insert(op).second)
      continue;
    llvm::append_range(work, op->getOperands());
  }
  return false;
}

/// A keep-mask read through `map` from the level loops: the causal triangle
/// found in it and what remains of it (a tensor read through `restMap`, a
/// builder for it, or nothing).
struct Keep {
  kiln::CausalMode causal = kiln::CausalMode::none;
  Value rest;
  AffineMap restMap;
  std::function<Value(OpBuilder &, Location)> buildRest;
};

bool sortedProjection(AffineMap map) {
  return map.isProjectedPermutation(false) && llvm::is_sorted(dimsOf(map));
}

/// Analyses the i1 tensor `m` read through `map` (level loops -> m's dims).
Keep resolveKeep(Value m, AffineMap map, const RoleFn &role, std::optional<int64_t> T,
                 std::optional<int64_t> S) {
  Keep plain{kiln::CausalMode::none, m, map, nullptr};
  if (std::optional<kiln::CausalMode> c = constantCausal(m, map, role, T, S))
    return Keep{*c, {}, map, nullptr};
  auto g = m.getDefiningOp<linalg::GenericOp>();
  if (!g || !g.hasPureTensorSemantics() || g.getNumDpsInits() != 1 || g.getNumResults() != 1 ||
      !map.isProjectedPermutation(false) ||
      g.getNumLoops() != cast<RankedTensorType>(m.getType()).getRank() ||
      !g.getIndexingMapsArray().back().isIdentity() ||
      llvm::any_of(g.getIteratorTypesArray(),
                   [](utils::IteratorType t) { return t != utils::IteratorType::parallel; }))
    return plain;
  Block &body = g.getRegion().front();
  if (!body.getArguments().back().use_empty() ||
      llvm::any_of(body.without_terminator(), [](Operation &o) { return !isPure(&o); }))
    return plain;
  SmallVector<unsigned> levelDims = dimsOf(map);
  RoleFn gRole = [&](unsigned d) { return role(levelDims[d]); };
  kiln::CausalMode causal;
  SmallVector<Value> rest;
  splitCausal(body.getTerminator()->getOperand(0), gRole, T, S, causal, rest);
  if (causal == kiln::CausalMode::none)
    return plain;
  Keep keep{causal, {}, map, nullptr};
  if (rest.empty())
    return keep;
  if (rest.size() == 1)
    if (auto arg = dyn_cast<BlockArgument>(rest[0]);
        arg && arg.getOwner() == &body && arg.getArgNumber() < g.getNumDpsInputs()) {
      AffineMap composed = g.getIndexingMapsArray()[arg.getArgNumber()].compose(map);
      if (!sortedProjection(composed))
        return plain;
      keep.rest = g.getDpsInputs()[arg.getArgNumber()];
      keep.restMap = composed;
      return keep;
    }
  SmallVector<Value> roots = rest;
  keep.buildRest = [g, roots](OpBuilder &b, Location loc) {
    return cloneGenericComputing(
        b, loc, g, roots, b.getI1Type(), [](OpBuilder &nb, Location l, ArrayRef<Value> v) {
          Value r = v[0];
          for (Value x : v.drop_front())
            r = arith::AndIOp::create(nb, l, r, x);
          return r;
        });
  };
  return keep;
}

/// `materialising`: also steps whose mask is materialised at rewrite time.
std::optional<Step> matchStep(Value v, bool materialising = true);
std::optional<Step> matchMultiOpStep(linalg::GenericOp generic, Value v);

/// Whether `x` plausibly carries the scores (rather than a mask) of an
/// addition of two tensors: produced by a contraction, a reshape or a scale.
bool looksLikeScores(Value x) {
  Operation *def = x.getDefiningOp();
  if (!def)
    return false;
  if (isa<kiln::MatmulOp, tensor::ReshapeOp, tensor::ExpandShapeOp, tensor::CollapseShapeOp>(def))
    return true;
  if (auto l = dyn_cast<linalg::LinalgOp>(def))
    if (l.getNumReductionLoops() == 1)
      return true;
  std::optional<Step> s = matchStep(x);
  return s && s->kind == Step::Scale;
}

/// Classifies the elementwise op producing `v` as a scale or a mask step.
/// Reads a linalg.generic's body in terms of its inputs: which input a block
/// argument stands for, identity-mapped inputs of the chain's type, and
/// scalar constants (in the body, from above, or as splat inputs).
struct GenericBody {
  linalg::GenericOp generic;
  Type chainType;

  /// The input a block argument of the body stands for, or -1.
  int inputOf(Value x) {
    auto arg = dyn_cast<BlockArgument>(x);
    if (!arg || arg.getOwner() != generic.getBody() ||
        arg.getArgNumber() >= generic.getNumDpsInputs())
      return -1;
    return arg.getArgNumber();
  }
  /// The identity-mapped input of the chain's type that `x` reads, or null.
  Value chain(Value x) {
    int i = inputOf(x);
    if (i < 0 || !generic.getIndexingMapsArray()[i].isIdentity() ||
        generic.getDpsInputs()[i].getType() != chainType)
      return {};
    return generic.getDpsInputs()[i];
  }
  std::optional<double> constant(Value x) {
    int i = inputOf(x);
    if (i >= 0)
      return splatConstant(generic.getDpsInputs()[i]);
    if (isa<BlockArgument>(x))
      return std::nullopt;
    return splatConstant(x);
  }
};

std::optional<Step> matchStep(Value v, bool materialising) {
  Operation *op = v.getDefiningOp();
  if (!op)
    return std::nullopt;

  // A merge layer whose dynamic dims meet only at run time (a scores batch
  // and a separate mask input's): the mask step of the then-region, when it
  // reads only values from above the if. kiln.attention broadcasts a mask's
  // run-time size-1 dims and checks its sizes, as the else-region does.
  if (auto branch = dyn_cast<scf::IfOp>(op)) {
    if (!branch->hasAttr(kiln::kRuntimeBroadcastAttrName) || branch.getNumResults() != 1)
      return std::nullopt;
    // A materialised mask would be built from the then-region's values.
    std::optional<Step> step = matchStep(branch.thenYield().getOperand(0), false);
    if (!step || step->kind == Step::Scale)
      return std::nullopt;
    Region &then = branch.getThenRegion();
    for (Value x : {step->chainInput, step->mask, step->keep})
      if (x && then.isAncestor(x.getParentRegion()))
        return std::nullopt;
    step->runtimeBroadcast = branch;
    return step;
  }
  auto rank = cast<RankedTensorType>(v.getType()).getRank();
  MLIRContext *ctx = v.getContext();

  // Tensor-level arith ops (operands of the result's shape).
  if (isa<arith::MulFOp, arith::DivFOp, arith::AddFOp, arith::SelectOp>(op)) {
    AffineMap id = AffineMap::getMultiDimIdentityMap(rank, ctx);
    auto sameType = [&](Value x) { return x.getType() == v.getType(); };
    if (auto mul = dyn_cast<arith::MulFOp>(op)) {
      for (int i = 0; i < 2; ++i)
        if (auto c = splatConstant(op->getOperand(1 - i)); c && sameType(op->getOperand(i)))
          return Step{Step::Scale, op->getOperand(i), *c, {}, {}};
    } else if (auto div = dyn_cast<arith::DivFOp>(op)) {
      if (auto c = splatConstant(div.getRhs()); c && *c != 0.0)
        return Step{Step::Scale, div.getLhs(), 1.0 / *c, {}, {}};
    } else if (auto add = dyn_cast<arith::AddFOp>(op)) {
      int first = looksLikeScores(op->getOperand(1)) && !looksLikeScores(op->getOperand(0));
      for (int i : {first, 1 - first}) {
        Value m = op->getOperand(1 - i);
        if (!splatConstant(m) && sameType(m))
          return Step{Step::AddMask, op->getOperand(i), 1.0, m, id};
      }
    } else if (auto sel = dyn_cast<arith::SelectOp>(op)) {
      auto c = splatConstant(sel.getFalseValue());
      if (c && *c <= kMaskThreshold && isa<RankedTensorType>(sel.getCondition().getType()))
        return boolMaskStep(sel.getTrueValue(), sel.getCondition(), id, *c);
    }
    return std::nullopt;
  }

  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || !generic.hasPureTensorSemantics() || generic.getNumDpsInits() != 1 ||
      generic.getNumLoops() != unsigned(rank) ||
      llvm::any_of(generic.getIteratorTypesArray(),
                   [](utils::IteratorType t) { return t != utils::IteratorType::parallel; }) ||
      !generic.getIndexingMapsArray().back().isIdentity())
    return std::nullopt;
  Block &body = generic.getRegion().front();
  if (!body.getArguments().back().use_empty())
    return std::nullopt;
  if (materialising)
    if (std::optional<Step> s = matchMultiOpStep(generic, v))
      return s;
  // One computing op besides constants.
  Operation *compute = nullptr;
  for (Operation &o : body.without_terminator()) {
    if (isa<arith::ConstantOp>(o))
      continue;
    if (compute)
      return std::nullopt;
    compute = &o;
  }
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (!compute || yield.getNumOperands() != 1 || yield.getOperand(0) != compute->getResult(0))
    return std::nullopt;
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  unsigned numInputs = generic.getNumDpsInputs();
  GenericBody g{generic, v.getType()};
  auto inputOf = [&](Value x) { return g.inputOf(x); };
  auto chain = [&](Value x) { return g.chain(x); };
  auto constant = [&](Value x) { return g.constant(x); };
  // A mask input read through a broadcasting map (dims in increasing order).
  // An additive mask may also keep its broadcast dims as static unit dims
  // read at 0 (the keras lowering's form): the rewrite drops them.
  auto maskInput = [&](Value x, Type elementType) -> std::optional<std::pair<Value, AffineMap>> {
    int i = inputOf(x);
    if (i < 0 || splatConstant(generic.getDpsInputs()[i]))
      return std::nullopt;
    Value m = generic.getDpsInputs()[i];
    auto mt = dyn_cast<RankedTensorType>(m.getType());
    if (!mt || mt.getElementType() != elementType)
      return std::nullopt;
    bool unitDimsAllowed = elementType.isF32();
    SmallVector<unsigned> dims;
    for (auto [j, e] : llvm::enumerate(maps[i].getResults())) {
      if (auto d = dyn_cast<AffineDimExpr>(e))
        dims.push_back(d.getPosition());
      else if (!unitDimsAllowed || !isa<AffineConstantExpr>(e) ||
               cast<AffineConstantExpr>(e).getValue() != 0 || mt.getDimSize(j) != 1)
        return std::nullopt;
    }
    if (!llvm::is_sorted(dims) || llvm::adjacent_find(dims) != dims.end())
      return std::nullopt;
    return std::make_pair(m, maps[i]);
  };
  if (numInputs < 1 || numInputs > 2)
    return std::nullopt;
  Type f32 = Float32Type::get(ctx);
  if (auto mul = dyn_cast<arith::MulFOp>(compute)) {
    for (int i = 0; i < 2; ++i)
      if (Value x = chain(mul->getOperand(i)))
        if (auto c = constant(mul->getOperand(1 - i)))
          return Step{Step::Scale, x, *c, {}, {}};
  } else if (auto div = dyn_cast<arith::DivFOp>(compute)) {
    if (Value x = chain(div.getLhs()))
      if (auto c = constant(div.getRhs()); c && *c != 0.0)
        return Step{Step::Scale, x, 1.0 / *c, {}, {}};
  } else if (auto add = dyn_cast<arith::AddFOp>(compute)) {
    auto scoresLike = [&](int i) {
      int in = inputOf(add->getOperand(i));
      return in >= 0 && looksLikeScores(generic.getDpsInputs()[in]);
    };
    int first = scoresLike(1) && !scoresLike(0);
    for (int i : {first, 1 - first})
      if (Value x = chain(add->getOperand(i)))
        if (auto m = maskInput(add->getOperand(1 - i), f32))
          return Step{Step::AddMask, x, 1.0, m->first, m->second};
  } else if (auto sel = dyn_cast<arith::SelectOp>(compute)) {
    if (Value x = chain(sel.getTrueValue()))
      if (auto c = constant(sel.getFalseValue()); c && *c <= kMaskThreshold)
        if (auto m = maskInput(sel.getCondition(), IntegerType::get(ctx, 1)))
          return boolMaskStep(x, m->first, m->second, *c);
  }
  return std::nullopt;
}

/// Elementwise steps as a linalg.generic whose body computes more than one
/// op: a scale followed by `+ 0` (keras.rescaling), masks whose condition is
/// computed in the body (causal iota comparisons, ANDs), Keras Luong masking
/// select(keep, x, x - c), and additive masks computed in the body
/// (x + (m - 1)·c, x - c·(1 - m)). The generic's shape checks are the caller's.
std::optional<Step> matchMultiOpStep(linalg::GenericOp generic, Value v) {
  Block &body = generic.getRegion().front();
  if (llvm::any_of(body.without_terminator(), [](Operation &o) { return !isPure(&o); }))
    return std::nullopt;
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto type = cast<RankedTensorType>(v.getType());
  int64_t rank = type.getRank();
  if (yield.getNumOperands() != 1 || rank < 2)
    return std::nullopt;
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  AffineMap id = AffineMap::getMultiDimIdentityMap(rank, v.getContext());
  GenericBody g{generic, v.getType()};
  auto inputOf = [&](Value x) { return g.inputOf(x); };
  auto chain = [&](Value x) { return g.chain(x); };
  auto constant = [&](Value x) { return g.constant(x); };
  // A mask tensor input of element type `et` read through a sorted projection.
  auto maskArg = [&](Value x, Type et) -> int {
    int i = inputOf(x);
    if (i < 0)
      return -1;
    auto mt = dyn_cast<RankedTensorType>(generic.getDpsInputs()[i].getType());
    if (!mt || mt.getElementType() != et || !sortedProjection(maps[i]) ||
        splatConstant(generic.getDpsInputs()[i]))
      return -1;
    return i;
  };
  RoleFn role = [rank](unsigned d) { return d == rank - 2 ? 1 : d == rank - 1 ? 2 : 0; };
  auto staticDim = [&](int64_t i) -> std::optional<int64_t> {
    if (type.isDynamicDim(i))
      return std::nullopt;
    return type.getDimSize(i);
  };
  std::optional<int64_t> T = staticDim(rank - 2), S = staticDim(rank - 1);
  Type i1 = IntegerType::get(v.getContext(), 1);
  Type f32 = Float32Type::get(v.getContext());

  Value y = yield.getOperand(0);
  // x·c + 0 (keras.rescaling with a zero offset): adding +0 changes at most
  // the sign of a zero, which the softmax does not see.
  if (auto add = y.getDefiningOp<arith::AddFOp>(); add && add->getBlock() == &body)
    for (int i = 0; i < 2; ++i)
      if (auto c = constant(add->getOperand(1 - i)); c && *c == 0.0) {
        Operation *def = add->getOperand(i).getDefiningOp();
        if (def && def->getBlock() == &body && isa<arith::MulFOp, arith::DivFOp>(def)) {
          y = add->getOperand(i);
          break;
        }
      }
  Operation *op = y.getDefiningOp();
  if (!op || op->getBlock() != &body)
    return std::nullopt;

  if (isa<arith::MulFOp>(op)) {
    for (int i = 0; i < 2; ++i)
      if (Value x = chain(op->getOperand(i)))
        if (auto c = constant(op->getOperand(1 - i)))
          return Step{Step::Scale, x, *c, {}, {}};
    return std::nullopt;
  }
  if (auto div = dyn_cast<arith::DivFOp>(op)) {
    if (Value x = chain(div.getLhs()))
      if (auto c = constant(div.getRhs()); c && *c != 0.0)
        return Step{Step::Scale, x, 1.0 / *c, {}, {}};
    return std::nullopt;
  }
  if (y != yield.getOperand(0))
    return std::nullopt;

  auto andAll = [](OpBuilder &nb, Location l, ArrayRef<Value> vals) {
    Value r = vals[0];
    for (Value x : vals.drop_front())
      r = arith::AndIOp::create(nb, l, r, x);
    return r;
  };

  if (auto sel = dyn_cast<arith::SelectOp>(op)) {
    Value xArg = sel.getTrueValue();
    Value x = chain(xArg);
    Value cond = sel.getCondition();
    if (!x || !cond.getType().isInteger(1) || dependsOn(cond, xArg, body))
      return std::nullopt;
    // The causal part and the rest of the keep condition.
    kiln::CausalMode causal = kiln::CausalMode::none;
    Value restTensor, keepTensor;
    AffineMap restMap = id, keepMap;
    std::function<Value(OpBuilder &, Location)> buildRest;
    if (int i = inputOf(cond); i >= 0) {
      if (!maps[i].isProjectedPermutation(false))
        return std::nullopt;
      keepTensor = generic.getDpsInputs()[i];
      keepMap = maps[i];
      Keep k = resolveKeep(generic.getDpsInputs()[i], maps[i], role, T, S);
      causal = k.causal;
      restTensor = k.rest;
      restMap = k.restMap;
      buildRest = k.buildRest;
      if (restTensor && (!sortedProjection(restMap) ||
                         cast<RankedTensorType>(restTensor.getType()).getElementType() != i1))
        return std::nullopt;
    } else {
      SmallVector<Value> rest;
      splitCausal(cond, role, T, S, causal, rest);
      if (rest.size() == 1 && maskArg(rest[0], i1) >= 0) {
        int j = maskArg(rest[0], i1);
        restTensor = generic.getDpsInputs()[j];
        restMap = maps[j];
      } else if (!rest.empty()) {
        buildRest = [generic, rest, andAll](OpBuilder &b, Location loc) {
          return cloneGenericComputing(b, loc, generic, rest, b.getI1Type(), andAll);
        };
      }
    }
    bool pureCausal = causal != kiln::CausalMode::none && !restTensor && !buildRest;

    // Replacement by a large negative constant: a boolean mask.
    if (auto c = constant(sel.getFalseValue()); c && *c <= kMaskThreshold) {
      Step step = boolMaskStep(x, restTensor, restMap, *c);
      step.causal = causal;
      step.build = buildRest;
      step.keep = keepTensor;
      step.keepMap = keepMap;
      return step;
    }
    // Keras Attention: select(keep, x, x - c) == x + select(keep, 0, -c).
    std::optional<double> penalty;
    Value f = sel.getFalseValue();
    if (auto sub = f.getDefiningOp<arith::SubFOp>(); sub && sub.getLhs() == xArg)
      if (auto c = constant(sub.getRhs()))
        penalty = -*c;
    if (auto add = f.getDefiningOp<arith::AddFOp>())
      for (int i = 0; i < 2; ++i)
        if (add->getOperand(i) == xArg)
          if (auto c = constant(add->getOperand(1 - i)))
            penalty = *c;
    if (!penalty || !std::isfinite(*penalty) || *penalty >= 0.0)
      return std::nullopt;
    Step step{Step::AddMask, x, 1.0, {}, id};
    // A causal triangle alone keeps a key in every row, so the penalised
    // probabilities underflow to 0 exactly as with the op's replacement.
    bool everyRowKeeps = causal == kiln::CausalMode::top_left ||
                         (causal == kiln::CausalMode::bottom_right && T && S && *S >= *T);
    if (pureCausal && everyRowKeeps && *penalty <= kMaskThreshold) {
      step.causal = causal;
      return step;
    }
    double p = *penalty;
    // A keep tensor read as it is: the penalty at the keep's own shape (the
    // op's mask broadcasts it over heads), not at the logits'.
    if (causal == kiln::CausalMode::none && restTensor && !buildRest) {
      step.maskMap = restMap;
      step.build = [keep = restTensor, p](OpBuilder &b, Location loc) {
        auto type = cast<RankedTensorType>(keep.getType());
        Value init = tensor::EmptyOp::create(b, loc, mixedSizes(b, loc, keep), b.getF32Type());
        SmallVector<AffineMap> maps(2, b.getMultiDimIdentityMap(type.getRank()));
        SmallVector<utils::IteratorType> iterators(type.getRank(), utils::IteratorType::parallel);
        return linalg::GenericOp::create(
                   b, loc, TypeRange{init.getType()}, ValueRange{keep}, ValueRange{init}, maps,
                   iterators,
                   [p](OpBuilder &nb, Location l, ValueRange args) {
                     Value zero = arith::ConstantOp::create(nb, l, nb.getF32FloatAttr(0.0f));
                     Value pen = arith::ConstantOp::create(nb, l, nb.getF32FloatAttr(float(p)));
                     linalg::YieldOp::create(nb, l,
                                             arith::SelectOp::create(nb, l, args[0], zero, pen)
                                                 .getResult());
                   })
            .getResult(0);
      };
      return step;
    }
    // Materialised over the loops the condition varies along only (not the
    // heads, say), broadcast by the op.
    step.maskMap = rootLoopsMap(generic, {cond});
    step.build = [generic, cond, p, loops = step.maskMap](OpBuilder &b, Location loc) {
      return cloneGenericComputing(
          b, loc, generic, {cond}, b.getF32Type(),
          [p](OpBuilder &nb, Location l, ArrayRef<Value> vals) -> Value {
            Value zero = arith::ConstantOp::create(nb, l, nb.getF32FloatAttr(0.0f));
            Value pen = arith::ConstantOp::create(nb, l, nb.getF32FloatAttr(float(p)));
            return arith::SelectOp::create(nb, l, vals[0], zero, pen);
          },
          loops);
    };
    return step;
  }

  // x + e or x - e with e computed in the body: the additive mask e or -e
  // (x - e == x + (-e) exactly).
  if (isa<arith::AddFOp, arith::SubFOp>(op)) {
    bool negate = isa<arith::SubFOp>(op);
    // For x + m, prefer as x the operand that looks like scores.
    auto scoresLike = [&](int i) {
      int in = inputOf(op->getOperand(i));
      return in >= 0 && looksLikeScores(generic.getDpsInputs()[in]);
    };
    int first = !negate && scoresLike(1) && !scoresLike(0);
    for (int i : {first, 1 - first}) {
      if (negate && i != 0)
        continue;
      Value xArg = op->getOperand(i), e = op->getOperand(1 - i);
      Value x = chain(xArg);
      if (!x || constant(e) || dependsOn(e, xArg, body))
        continue;
      Step step{Step::AddMask, x, 1.0, {}, id};
      if (!negate) {
        if (int j = maskArg(e, f32); j >= 0) {
          step.mask = generic.getDpsInputs()[j];
          step.maskMap = maps[j];
          return step;
        }
      }
      step.maskMap = rootLoopsMap(generic, {e});
      step.build = [generic, e, negate, loops = step.maskMap](OpBuilder &b, Location loc) {
        return cloneGenericComputing(
            b, loc, generic, {e}, b.getF32Type(),
            [negate](OpBuilder &nb, Location l, ArrayRef<Value> vals) {
              return negate ? arith::NegFOp::create(nb, l, vals[0]) : vals[0];
            },
            loops);
      };
      return step;
    }
  }
  return std::nullopt;
}

/// Q or K with its constant scale peeled off: a scale step possibly behind
/// reshapes and transposes. Returns the factor and the rebuilt operand (the
/// shape ops replayed on the unscaled tensor), or factor 1 and `v`.
std::pair<double, Value> peelOperandScale(OpBuilder &b, Value v) {
  SmallVector<Operation *> shapeOps;
  Value cur = v;
  while (Operation *def = cur.getDefiningOp()) {
    if (isa<tensor::ReshapeOp, tensor::ExpandShapeOp, tensor::CollapseShapeOp>(def)) {
      shapeOps.push_back(def);
      cur = def->getOperand(0);
      continue;
    }
    if (auto t = dyn_cast<linalg::TransposeOp>(def)) {
      shapeOps.push_back(def);
      cur = t.getInput();
      continue;
    }
    break;
  }
  std::optional<Step> step = matchStep(cur);
  if (!step || step->kind != Step::Scale)
    return {1.0, v};
  IRMapping mapping;
  mapping.map(cur, step->chainInput);
  Value result = step->chainInput;
  for (Operation *op : llvm::reverse(shapeOps)) {
    b.setInsertionPoint(op);
    result = b.clone(*op, mapping)->getResult(0);
  }
  return {step->factor, result};
}

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

struct Softmax {
  Value input;  // the logits
  Value init;   // a tensor of the logits' shape (for sizes)
  SmallVector<Operation *> ops;
};

/// A linalg.generic over `rank` loops reducing the last one, reading `in`
/// with the identity map into an init read through the map without the last
/// dim. Returns the combining op of the body, or null.
Operation *lastDimReduction(linalg::GenericOp g, Value in, int64_t rank) {
  if (!g || !g.hasPureTensorSemantics() || g.getNumDpsInputs() != 1 ||
      g.getNumDpsInits() != 1 || g.getDpsInputs()[0] != in || g.getNumLoops() != rank)
    return nullptr;
  SmallVector<utils::IteratorType> iters = g.getIteratorTypesArray();
  for (int64_t i = 0; i < rank; ++i)
    if ((iters[i] == utils::IteratorType::reduction) != (i == rank - 1))
      return nullptr;
  SmallVector<AffineMap> maps = g.getIndexingMapsArray();
  if (!maps[0].isIdentity() ||
      maps[1] != AffineMap::getMultiDimIdentityMap(rank, g.getContext()).getMajorSubMap(rank - 1))
    return nullptr;
  Block &body = g.getRegion().front();
  if (!llvm::hasSingleElement(body.without_terminator()))
    return nullptr;
  Operation *combine = &body.front();
  if (body.getTerminator()->getOperand(0) != combine->getResult(0) ||
      combine->getNumOperands() != 2)
    return nullptr;
  Value a = combine->getOperand(0), c = combine->getOperand(1);
  if (!((a == body.getArgument(0) && c == body.getArgument(1)) ||
        (c == body.getArgument(0) && a == body.getArgument(1))))
    return nullptr;
  return combine;
}

/// A parallel generic over `rank` loops with inputs (x: identity, r: without
/// the last dim) and an identity init. Returns the body's yielded value.
Value rowBroadcastBody(linalg::GenericOp g, int64_t rank) {
  if (!g || !g.hasPureTensorSemantics() || g.getNumDpsInputs() != 2 ||
      g.getNumDpsInits() != 1 || g.getNumLoops() != rank ||
      llvm::any_of(g.getIteratorTypesArray(),
                   [](utils::IteratorType t) { return t != utils::IteratorType::parallel; }))
    return {};
  SmallVector<AffineMap> maps = g.getIndexingMapsArray();
  AffineMap id = AffineMap::getMultiDimIdentityMap(rank, g.getContext());
  if (maps[0] != id || maps[1] != id.getMajorSubMap(rank - 1) || maps[2] != id)
    return {};
  Block &body = g.getRegion().front();
  if (!body.getArgument(2).use_empty())
    return {};
  return body.getTerminator()->getOperand(0);
}

/// Whether `g` is a parallel generic over `rank` loops with one input and an
/// identity map for everything (an elementwise map of its input).
bool isUnaryElementwise(linalg::GenericOp g, int64_t rank) {
  return g && g.hasPureTensorSemantics() && g.getNumDpsInputs() == 1 && g.getNumLoops() == rank &&
         llvm::all_of(g.getIndexingMapsArray(), [](AffineMap m) { return m.isIdentity(); }) &&
         llvm::all_of(g.getIteratorTypesArray(),
                      [](utils::IteratorType t) { return t == utils::IteratorType::parallel; });
}

/// `exp(x - r)` with `r` broadcast along the last dim, in one row-broadcast
/// generic or as a subtraction generic then an exp generic. Sets `x`, `r`
/// and appends the generics to `ops`.
bool matchExpOfRowDifference(Value e, int64_t rank, Value &x, Value &r,
                             SmallVectorImpl<Operation *> &ops) {
  auto expOp = e.getDefiningOp<linalg::GenericOp>();
  if (!expOp)
    return false;
  // One generic: exp(a0 - a1).
  if (Value y = rowBroadcastBody(expOp, rank)) {
    auto exp = y.getDefiningOp<math::ExpOp>();
    auto sub = exp ? exp.getOperand().getDefiningOp<arith::SubFOp>() : arith::SubFOp();
    Block &b = expOp.getRegion().front();
    if (!sub || sub.getLhs() != b.getArgument(0) || sub.getRhs() != b.getArgument(1) ||
        std::distance(b.without_terminator().begin(), b.without_terminator().end()) != 2)
      return false;
    x = expOp.getDpsInputs()[0];
    r = expOp.getDpsInputs()[1];
    ops.push_back(expOp);
    return true;
  }
  // An exp generic of a subtraction generic.
  if (!isUnaryElementwise(expOp, rank))
    return false;
  Block &b = expOp.getRegion().front();
  auto exp = b.getTerminator()->getOperand(0).getDefiningOp<math::ExpOp>();
  if (!exp || exp.getOperand() != b.getArgument(0) ||
      !llvm::hasSingleElement(b.without_terminator()))
    return false;
  auto subG = expOp.getDpsInputs()[0].getDefiningOp<linalg::GenericOp>();
  Value y = rowBroadcastBody(subG, rank);
  auto sub = y ? y.getDefiningOp<arith::SubFOp>() : arith::SubFOp();
  if (!sub || !subG.getResult(0).hasOneUse())
    return false;
  Block &sb = subG.getRegion().front();
  if (sub.getLhs() != sb.getArgument(0) || sub.getRhs() != sb.getArgument(1) ||
      !llvm::hasSingleElement(sb.without_terminator()))
    return false;
  x = subG.getDpsInputs()[0];
  r = subG.getDpsInputs()[1];
  ops.push_back(expOp);
  ops.push_back(subG);
  return true;
}

/// `lse = m + log(s)` over the rows (rank - 1 parallel loops, identity
/// maps, either operand order). Sets `m` and `s`.
bool matchMaxPlusLog(Value lse, int64_t rank, Value &m, Value &s) {
  auto g = lse.getDefiningOp<linalg::GenericOp>();
  if (!g || !g.hasPureTensorSemantics() || g.getNumDpsInputs() != 2 ||
      g.getNumLoops() != rank - 1 ||
      !llvm::all_of(g.getIndexingMapsArray(), [](AffineMap map) { return map.isIdentity(); }) ||
      llvm::any_of(g.getIteratorTypesArray(),
                   [](utils::IteratorType t) { return t != utils::IteratorType::parallel; }))
    return false;
  Block &b = g.getRegion().front();
  auto add = b.getTerminator()->getOperand(0).getDefiningOp<arith::AddFOp>();
  if (!add || std::distance(b.without_terminator().begin(), b.without_terminator().end()) != 2)
    return false;
  for (int i = 0; i < 2; ++i) {
    auto log = add->getOperand(1 - i).getDefiningOp<math::LogOp>();
    auto mArg = dyn_cast<BlockArgument>(add->getOperand(i));
    auto sArg = log ? dyn_cast<BlockArgument>(log.getOperand()) : BlockArgument();
    if (!mArg || !sArg || mArg.getOwner() != &b || sArg.getOwner() != &b ||
        mArg.getArgNumber() + sArg.getArgNumber() != 1)
      continue;
    m = g.getDpsInputs()[mArg.getArgNumber()];
    s = g.getDpsInputs()[sArg.getArgNumber()];
    return true;
  }
  return false;
}

/// The softmax over the last axis producing `p`: linalg.softmax, or as
/// linalg.generic ops m = max(x), e = exp(x - m), s = Σ e, then p = e / s
/// or, through the log-sum-exp, p = exp(x - (m + log s)).
std::optional<Softmax> matchSoftmax(Value p) {
  auto type = cast<RankedTensorType>(p.getType());
  int64_t rank = type.getRank();
  if (auto sm = p.getDefiningOp<linalg::SoftmaxOp>()) {
    if (int64_t(sm.getDimension()) != rank - 1 || !sm.hasPureTensorSemantics())
      return std::nullopt;
    return Softmax{sm.getInput(), sm.getOutput(), {sm}};
  }
  auto last = p.getDefiningOp<linalg::GenericOp>();
  if (!last || last.getDpsInits()[0].getType() != type)
    return std::nullopt;
  SmallVector<Operation *> ops;
  Value sum;
  // With the log-sum-exp: the x and m its last step reads.
  Value lseX, lseMax;
  // div: p = e / sum
  Value divBody = rowBroadcastBody(last, rank);
  auto divOp = divBody ? divBody.getDefiningOp<arith::DivFOp>() : arith::DivFOp();
  Block *lastBlock = &last.getRegion().front();
  if (divOp && divOp.getLhs() == lastBlock->getArgument(0) &&
      divOp.getRhs() == lastBlock->getArgument(1) &&
      llvm::hasSingleElement(lastBlock->without_terminator())) {
    sum = last.getDpsInputs()[1];
    ops.push_back(last);
  } else {
    Value lse;
    if (!matchExpOfRowDifference(p, rank, lseX, lse, ops) || !matchMaxPlusLog(lse, rank, lseMax, sum) ||
        !lse.hasOneUse())
      return std::nullopt;
    ops.push_back(lse.getDefiningOp());
  }
  auto sumOp = sum.getDefiningOp<linalg::GenericOp>();
  Value e = sumOp ? sumOp.getDpsInputs()[0] : Value();
  Operation *add = sumOp ? lastDimReduction(sumOp, e, rank) : nullptr;
  if (!add || !isa<arith::AddFOp>(add) || !isZeroTensor(sumOp.getDpsInits()[0]) ||
      !sum.hasOneUse())
    return std::nullopt;
  if (!lseX && last.getDpsInputs()[0] != e)
    return std::nullopt;
  ops.push_back(sumOp);
  Value x, max;
  if (!matchExpOfRowDifference(e, rank, x, max, ops))
    return std::nullopt;
  if (lseX && (lseX != x || lseMax != max))
    return std::nullopt;
  // e feeds the sum (and the division) only.
  if (!llvm::all_of(e.getUsers(), [&](Operation *u) { return llvm::is_contained(ops, u); }))
    return std::nullopt;
  auto maxOp = max.getDefiningOp<linalg::GenericOp>();
  Operation *maxCombine = lastDimReduction(maxOp, x, rank);
  if (!maxCombine || !isa<arith::MaxNumFOp, arith::MaximumFOp>(maxCombine) ||
      !llvm::all_of(max.getUsers(), [&](Operation *u) { return llvm::is_contained(ops, u); }))
    return std::nullopt;
  // The max starts from -inf or the lowest finite value (any start at or
  // below every logit gives the same result; these are the usual ones).
  Value maxInit = maxOp.getDpsInits()[0];
  auto fill = maxInit.getDefiningOp<linalg::FillOp>();
  std::optional<double> start = fill ? splatConstant(fill.getInputs()[0]) : splatConstant(maxInit);
  if (!start || *start > -3.0e38)
    return std::nullopt;
  // x feeds only the max and the subtractions.
  if (!llvm::all_of(x.getUsers(), [&](Operation *u) { return llvm::is_contained(ops, u) || u == maxOp; }))
    return std::nullopt;
  ops.push_back(maxOp);
  return Softmax{x, last.getDpsInits()[0], ops};
}

//===----------------------------------------------------------------------===//
// The whole chain
//===----------------------------------------------------------------------===//

/// Masked probabilities set to +0 after the softmax (Keras >= 3.10
/// Softmax-layer masking): a parallel linalg.generic yielding
/// select(keep, p, 0.0), p read through the identity map, keep an i1 input.
struct Zeroing {
  Operation *op;
  Value probs; // the softmax output it reads
  Value keep;
  AffineMap keepMap;
};

std::optional<Zeroing> matchZeroing(Value v) {
  auto g = v.getDefiningOp<linalg::GenericOp>();
  auto type = cast<RankedTensorType>(v.getType());
  if (!g || !g.hasPureTensorSemantics() || g.getNumDpsInputs() != 2 ||
      g.getNumDpsInits() != 1 || g.getNumLoops() != type.getRank() ||
      llvm::any_of(g.getIteratorTypesArray(),
                   [](utils::IteratorType t) { return t != utils::IteratorType::parallel; }) ||
      !g.getIndexingMapsArray().back().isIdentity())
    return std::nullopt;
  Block &body = g.getRegion().front();
  auto sel = definedIn<arith::SelectOp>(body.getTerminator()->getOperand(0), body);
  if (!sel)
    return std::nullopt;
  auto p = dyn_cast<BlockArgument>(sel.getTrueValue());
  auto keep = dyn_cast<BlockArgument>(sel.getCondition());
  std::optional<double> zero = splatConstant(sel.getFalseValue());
  if (!p || !keep || p.getOwner() != &body || keep.getOwner() != &body || p == keep ||
      p.getArgNumber() >= 2 || keep.getArgNumber() >= 2 || !zero || *zero != 0.0 ||
      std::signbit(*zero))
    return std::nullopt;
  SmallVector<AffineMap> maps = g.getIndexingMapsArray();
  Value probs = g.getDpsInputs()[p.getArgNumber()];
  Value keepTensor = g.getDpsInputs()[keep.getArgNumber()];
  if (probs.getType() != type || !maps[p.getArgNumber()].isIdentity() ||
      !cast<RankedTensorType>(keepTensor.getType()).getElementType().isInteger(1))
    return std::nullopt;
  return Zeroing{g, probs, keepTensor, maps[keep.getArgNumber()]};
}

/// Fuses the attention chain ending in the contraction `pvOp` (P·V). Returns
/// true when the IR changed.
bool fuseAt(IRRewriter &rewriter, DominanceInfo &dominance, Operation *pvOp) {
  std::optional<Contraction> pv = matchContraction(pvOp);
  if (!pv || pv->alpha != 1.0)
    return false;
  Location loc = pvOp->getLoc();

  // P·V output [batch..., t, e]; P reads [batch..., t, r]; V has batch, r, e.
  SmallVector<unsigned> pvOut = dimsOf(pv->outMap);
  if (pvOut.size() < 2 || pv->outMap.getNumDims() != pvOut.size() + 1)
    return false;
  unsigned t = pvOut.end()[-2], e = pvOut.back(), r = pv->reductionDim;
  SmallVector<unsigned> batch(pvOut.begin(), pvOut.end() - 2);
  SmallVector<unsigned> pOrder(batch), vOrder(batch);
  pOrder.append({t, r});
  vOrder.append({r, e});
  int pIndex = -1;
  for (int i = 0; i < 2; ++i)
    if (dimsOf(pv->maps[i]) == pOrder)
      pIndex = i;
  if (pIndex < 0)
    return false;
  Value pValue = pv->operands[pIndex];
  Value vValue = pv->operands[1 - pIndex];
  AffineMap vMap = pv->maps[1 - pIndex];
  {
    SmallVector<unsigned> vDims = dimsOf(vMap);
    if (vDims.size() != vOrder.size() || !llvm::all_of(vOrder, [&](unsigned d) {
          return llvm::is_contained(vDims, d);
        }))
      return false;
  }

  // Back from P to the probabilities through the transposes folded into P's
  // map and trailing-preserving reshapes, each read only on the way to P·V.
  // `consumer` is the op of that path that reads the probabilities.
  SmallVector<Operation *> chainOps = {pvOp};
  Operation *consumer = pvOp;
  Value cur = pv->op->getOperand(pIndex);
  for (; cur != pValue; cur = cast<linalg::TransposeOp>(consumer).getInput())
    consumer = cur.getDefiningOp<linalg::TransposeOp>();
  // A narrowing cast of f32 probabilities for a P·V in f16 or bf16 (the
  // fused op computes in f32 and narrows its output instead).
  bool pvReshaped = false, probsNarrowed = false;
  while (Operation *def = cur.getDefiningOp()) {
    Value src = trailingPreservingReshapeSource(def);
    if (!src && !probsNarrowed && (src = castSource(cur, /*widening=*/false)))
      probsNarrowed = true;
    else if (src)
      pvReshaped = true;
    else
      break;
    consumer = def;
    chainOps.push_back(def);
    cur = src;
  }
  for (Operation *op = pvOp; op != consumer;) {
    Value in = op == pvOp ? pv->op->getOperand(pIndex) : op->getOperand(0);
    if (!in.hasOneUse())
      return false;
    op = in.getDefiningOp();
  }
  // The probabilities may have other users (Keras' return_attention_scores):
  // they read the fused op's probabilities result instead.
  Value probs = cur;
  SmallVector<OpOperand *> probsUses;
  for (OpOperand &use : probs.getUses())
    if (use.getOwner() != consumer)
      probsUses.push_back(&use);
  if (probs.getNumUses() != probsUses.size() + 1)
    return false;
  for (OpOperand *use : probsUses)
    if (!dominance.properlyDominates(pvOp, use->getOwner()))
      return false;
  std::optional<Zeroing> zeroing = matchZeroing(probs);
  if (zeroing) {
    if (!zeroing->probs.hasOneUse())
      return false;
    chainOps.push_back(zeroing->op);
    cur = zeroing->probs;
  }
  std::optional<Softmax> softmax = matchSoftmax(cur);
  if (!softmax)
    return false;
  llvm::append_range(chainOps, softmax->ops);
  auto levelType = cast<RankedTensorType>(cur.getType());
  int64_t levelRank = levelType.getRank();
  if (levelRank < 2 || levelRank > 4)
    return false;
  // kiln-lower-attention needs a static head count.
  if (levelRank == 4 && levelType.isDynamicDim(1))
    return false;

  // Back from the logits: at most one mask (closest to the softmax), then
  // scales, with reshapes only before the mask.
  double scale = 1.0;
  std::optional<Step> mask;
  bool seenScaleOrReshape = false, qkReshaped = false, scoresWidened = false;
  cur = softmax->input;
  Operation *qkOp = nullptr;
  while (true) {
    // The logits may have other users (e.g. two chains sharing Q·Kᵀ after
    // CSE): fusing stays correct, the shared ops just stay alive.
    Operation *def = cur.getDefiningOp();
    if (!def)
      return false;
    // Scores from a product in f16 or bf16 widened to f32 for the softmax.
    if (Value src = castSource(cur, /*widening=*/true); src && !scoresWidened) {
      scoresWidened = true;
      seenScaleOrReshape = true;
      chainOps.push_back(def);
      cur = src;
      continue;
    }
    if (Value src = trailingPreservingReshapeSource(def)) {
      seenScaleOrReshape = true;
      qkReshaped = true;
      chainOps.push_back(def);
      cur = src;
      continue;
    }
    if (std::optional<Step> step = matchStep(cur)) {
      if (step->kind == Step::Scale) {
        scale *= step->factor;
        seenScaleOrReshape = true;
      } else {
        if (mask || seenScaleOrReshape)
          return false;
        mask = step;
      }
      chainOps.push_back(def);
      cur = step->chainInput;
      continue;
    }
    qkOp = def;
    break;
  }
  // Zeroing must zero exactly what the mask masked.
  if (zeroing && (!mask || mask->kind != Step::BoolMask || mask->keep != zeroing->keep ||
                  mask->keepMap != zeroing->keepMap))
    return false;

  // Q·Kᵀ (or the additive score) output [batch..., t, s].
  std::optional<Contraction> qk = matchContraction(qkOp);
  if (!qk)
    qk = matchAdditiveScores(qkOp);
  if (!qk)
    return false;
  scale *= qk->alpha;
  SmallVector<unsigned> qkOut = dimsOf(qk->outMap);
  if (qkOut.size() < 2 || qk->outMap.getNumDims() != qkOut.size() + 1)
    return false;
  unsigned qt = qkOut.end()[-2], qs = qkOut.back(), d = qk->reductionDim;
  SmallVector<unsigned> qkBatch(qkOut.begin(), qkOut.end() - 2);
  int qIndex = -1;
  for (int i = 0; i < 2; ++i) {
    SmallVector<unsigned> dims = dimsOf(qk->maps[i]);
    if (llvm::is_contained(dims, qt) && !llvm::is_contained(dims, qs))
      qIndex = i;
  }
  if (qIndex < 0)
    return false;
  SmallVector<unsigned> qOrder(qkBatch), kOrder(qkBatch);
  qOrder.append({qt, d});
  kOrder.append({qs, d});
  auto sameDims = [](AffineMap map, ArrayRef<unsigned> order) {
    SmallVector<unsigned> dims = dimsOf(map);
    return dims.size() == order.size() &&
           llvm::all_of(order, [&](unsigned x) { return llvm::is_contained(dims, x); });
  };
  if (!sameDims(qk->maps[qIndex], qOrder) || !sameDims(qk->maps[1 - qIndex], kOrder))
    return false;
  // The softmax runs in f32; P·V does too unless the probabilities were
  // narrowed for it.
  if (!isF32Tensor(softmax->input) || isF32Tensor(pValue) == probsNarrowed)
    return false;
  if (mask && mask->maskMap.getNumDims() != unsigned(levelRank))
    return false;
  if (!std::isfinite(scale) || !std::isfinite(qk->tanhScale))
    return false;

  // A mask step read from a run-time broadcasting merge: its result's sizes
  // are the scores' when the fused op runs (it refuses a mask that would
  // widen them), so the size queries on it read the scores instead and it
  // dies with the chain.
  if (mask && mask->runtimeBroadcast) {
    Value merged = mask->runtimeBroadcast.getResult(0);
    if (!llvm::all_of(merged.getUsers(), [&](Operation *user) {
          return isa<tensor::DimOp>(user) || llvm::is_contained(chainOps, user);
        }))
      return false;
    for (OpOperand &use : llvm::make_early_inc_range(merged.getUses())) {
      auto dim = dyn_cast<tensor::DimOp>(use.getOwner());
      if (!dim)
        continue;
      std::optional<int64_t> index = dim.getConstantIndex();
      if (Value size = index ? dynamicSizeValue(mask->chainInput, *index) : Value())
        rewriter.replaceOp(dim, size);
      else
        rewriter.modifyOpInPlace(dim, [&] { use.set(mask->chainInput); });
    }
  }

  // --- Rewrite. ---------------------------------------------------------
  rewriter.setInsertionPoint(pvOp);
  Value qRaw = qk->operands[qIndex], kRaw = qk->operands[1 - qIndex];
  // A scale on Q or K moves onto the logits only through a product.
  if (!qk->additive) {
    auto [qFactor, qPeeled] = peelOperandScale(rewriter, qRaw);
    auto [kFactor, kPeeled] = peelOperandScale(rewriter, kRaw);
    scale *= qFactor * kFactor;
    qRaw = qPeeled;
    kRaw = kPeeled;
  }
  rewriter.setInsertionPoint(pvOp);
  Value q = inOrder(rewriter, loc, qRaw, qk->maps[qIndex], qOrder);
  Value k = inOrder(rewriter, loc, kRaw, qk->maps[1 - qIndex], kOrder);
  Value v = inOrder(rewriter, loc, vValue, vMap, vOrder);

  // [B, H] of the fused op from the softmax level's leading dims.
  // A single leading dim is the batch (so the head count stays static).
  SmallVector<OpFoldResult> bh;
  for (int64_t i = 0; i < levelRank - 2; ++i)
    bh.push_back(mixedSize(rewriter, loc, softmax->init, i));
  bh.resize(2, rewriter.getIndexAttr(1));
  auto to4 = [&](Value x, bool reshaped) {
    if (!reshaped && levelRank == 4)
      return x;
    int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
    SmallVector<OpFoldResult> sizes(bh);
    sizes.push_back(mixedSize(rewriter, loc, x, rank - 2));
    sizes.push_back(mixedSize(rewriter, loc, x, rank - 1));
    return reshapeTo(rewriter, loc, x, sizes);
  };
  q = to4(q, qkReshaped);
  k = to4(k, qkReshaped);
  v = to4(v, pvReshaped);
  Type f32 = rewriter.getF32Type();
  q = castElements(rewriter, loc, q, f32);
  k = castElements(rewriter, loc, k, f32);
  v = castElements(rewriter, loc, v, f32);

  Value mask4;
  kiln::CausalMode causal = mask ? mask->causal : kiln::CausalMode::none;
  Value maskValue = mask ? (mask->build ? mask->build(rewriter, loc) : mask->mask) : Value();
  if (maskValue) {
    Value m = maskValue;
    SmallVector<OpFoldResult> sizes(4, rewriter.getIndexAttr(1));
    for (auto [i, e] : llvm::enumerate(mask->maskMap.getResults())) {
      auto d = dyn_cast<AffineDimExpr>(e);
      if (!d)
        continue; // a static unit dim read at 0: the reshape drops it
      unsigned dim = d.getPosition();
      sizes[dim < levelRank - 2 ? dim : dim + 4 - levelRank] = mixedSize(rewriter, loc, m, i);
    }
    mask4 = reshapeTo(rewriter, loc, m, sizes);
  }

  SmallVector<OpFoldResult> outSizes(bh);
  outSizes.push_back(mixedSize(rewriter, loc, q, 2));
  outSizes.push_back(mixedSize(rewriter, loc, v, 3));
  Value init = tensor::EmptyOp::create(rewriter, loc, outSizes, rewriter.getF32Type());
  Value probsInit;
  if (!probsUses.empty()) {
    SmallVector<OpFoldResult> probsSizes(bh);
    probsSizes.push_back(mixedSize(rewriter, loc, q, 2));
    probsSizes.push_back(mixedSize(rewriter, loc, k, 2));
    probsInit = tensor::EmptyOp::create(rewriter, loc, probsSizes, rewriter.getF32Type());
  }
  SmallVector<Type> resultTypes = {init.getType()};
  if (probsInit)
    resultTypes.push_back(probsInit.getType());
  MLIRContext *ctx = rewriter.getContext();
  FloatAttr fill = mask && mask->fill
                       ? rewriter.getF32FloatAttr(float(*mask->fill))
                       : rewriter.getF32FloatAttr(-0.7f * std::numeric_limits<float>::max());
  auto attention = kiln::AttentionOp::create(
      rewriter, loc, resultTypes, q, k, v, mask4, qk->weights, init, probsInit,
      rewriter.getF32FloatAttr(float(scale)), kiln::CausalModeAttr::get(ctx, causal),
      kiln::AttentionScoreAttr::get(ctx, qk->additive ? kiln::AttentionScore::additive
                                                      : kiln::AttentionScore::dot),
      rewriter.getF32FloatAttr(float(qk->tanhScale)), fill,
      zeroing ? rewriter.getUnitAttr() : UnitAttr());

  // Back to the P·V result: [batch..., t, e] in its own dim order.
  Value pvResult = pvOp->getResult(0);
  Value out = attention.getResult()[0];
  if (pvReshaped || levelRank != 4) {
    // The output order is [batch..., t, e] by construction.
    Value pvInit = cast<DestinationStyleOpInterface>(pvOp).getDpsInits()[0];
    out = reshapeTo(rewriter, loc, out, mixedSizes(rewriter, loc, pvInit));
  }
  out = castElements(rewriter, loc, out, elementTypeOf(pvResult));
  if (out.getType() != pvResult.getType())
    out = tensor::CastOp::create(rewriter, loc, pvResult.getType(), out);
  rewriter.replaceAllUsesWith(pvResult, out);
  // And the probabilities, [batch..., t, s] like the softmax level (which
  // they already are at rank 4: [B, H] come from that level).
  if (probsInit) {
    Value p = attention.getResult()[1];
    if (levelRank != 4)
      p = reshapeTo(rewriter, loc, p, mixedSizes(rewriter, loc, softmax->init));
    if (p.getType() != probs.getType())
      p = tensor::CastOp::create(rewriter, loc, probs.getType(), p);
    for (OpOperand *use : probsUses)
      rewriter.modifyOpInPlace(use->getOwner(), [&] { use->set(p); });
  }

  // Erase what died.
  SmallVector<Operation *> worklist(chainOps.begin(), chainOps.end());
  worklist.push_back(qkOp);
  llvm::SmallPtrSet<Operation *, 16> erased;
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    // A run-time broadcasting merge's only effect is its size check, which
    // the fused op makes too.
    if (erased.contains(op) ||
        !(isOpTriviallyDead(op) ||
          (op->hasAttr(kiln::kRuntimeBroadcastAttrName) && op->use_empty())))
      continue;
    op->walk([&](Operation *nested) {
      for (Value operand : nested->getOperands())
        if (Operation *def = operand.getDefiningOp(); def && !op->isAncestor(def))
          worklist.push_back(def);
    });
    erased.insert(op);
    rewriter.eraseOp(op);
  }
  return true;
}

struct FuseAttentionPass : kiln::impl::FuseAttentionBase<FuseAttentionPass> {
  using FuseAttentionBase::FuseAttentionBase;
  void runOnOperation() override {
    SmallVector<Operation *> candidates;
    getOperation()->walk([&](Operation *op) {
      if (isa<kiln::MatmulOp, linalg::LinalgOp>(op) && op->getNumResults() == 1 &&
          isa<RankedTensorType>(op->getResult(0).getType()))
        candidates.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    DominanceInfo dominance(getOperation());
    // Candidates are visited in program order and a fusion only erases ops
    // that dominate its P·V product, so no later candidate is ever erased.
    unsigned fused = 0;
    for (Operation *op : candidates) {
      Location loc = op->getLoc();
      if (!fuseAt(rewriter, dominance, op))
        continue;
      ++fused;
      if (remarks)
        emitRemark(loc, "fused an attention chain into kiln.attention");
    }
    // MLIR pass statistics count only where LLVM_ENABLE_STATS is set, which
    // Release builds of LLVM (Debian's) compile out; the summary remark is
    // the channel tests and users can always see.
    numFused += fused;
    if (remarks)
      getOperation()->emitRemark("kiln-fuse-attention fused ") << fused << " attention chain(s)";
  }
};

} // namespace
