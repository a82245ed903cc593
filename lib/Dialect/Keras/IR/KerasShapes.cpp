#include "kiln/Dialect/Keras/IR/KerasShapes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"
#include <set>

using namespace mlir;

namespace kiln::keras {

static constexpr int64_t kDyn = ShapedType::kDynamic;
static bool isDyn(int64_t d) { return ShapedType::isDynamic(d); }
static bool compatible(int64_t a, int64_t b) { return isDyn(a) || isDyn(b) || a == b; }

std::string formatShape(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "(";
  llvm::interleaveComma(shape, os, [&](int64_t d) {
    if (isDyn(d))
      os << "None";
    else
      os << d;
  });
  if (shape.size() == 1)
    os << ",";
  os << ")";
  return s;
}

ShapeOrError denseShape(ArrayRef<int64_t> input, ArrayRef<int64_t> kernel,
                        const ArrayRef<int64_t> *bias) {
  if (input.size() < 2)
    return ShapeOrError::fail("input of rank " + std::to_string(input.size()) +
                              " needs rank >= 2 " + formatShape(input));
  if (kernel.size() != 2 || isDyn(kernel[0]) || isDyn(kernel[1]))
    return ShapeOrError::fail("kernel must be a static matrix, got " + formatShape(kernel));
  if (!compatible(input.back(), kernel[0]))
    return ShapeOrError::fail("input " + formatShape(input) +
                              " does not match kernel " + formatShape(kernel));
  if (bias && (bias->size() != 1 || (*bias)[0] != kernel[1]))
    return ShapeOrError::fail("bias " + formatShape(*bias) + " does not match kernel " +
                              formatShape(kernel));
  Shape out(input.begin(), input.end());
  out.back() = kernel[1];
  return {out, ""};
}

FailureOr<EinsumEquation> parseEinsumEquation(StringRef equation, int64_t inputRank,
                                              std::string &error) {
  auto [lhs, out] = equation.split("->");
  auto [in, kernel] = lhs.split(',');
  if (!equation.contains("->") || !lhs.contains(',') || in.empty() || kernel.empty() ||
      out.empty()) {
    error = "malformed einsum equation '" + equation.str() + "'";
    return failure();
  }
  auto lettersOnly = [](StringRef s) {
    return llvm::all_of(s, [](char c) { return llvm::isAlpha(c); });
  };
  EinsumEquation eq;
  bool inEllipsis = in.contains("...");
  if (inEllipsis != out.contains("...") || kernel.contains("...")) {
    error = "einsum equation '" + equation.str() +
            "' must use '...' in both input and output or in neither";
    return failure();
  }
  int64_t named = static_cast<int64_t>(in.size()) - (inEllipsis ? 3 : 0);
  int64_t elided = inputRank - named;
  if (elided < 0 || (!inEllipsis && elided != 0)) {
    error = "einsum equation '" + equation.str() + "' does not fit an input of rank " +
            std::to_string(inputRank);
    return failure();
  }
  // Elided dims become digits, which never clash with equation letters.
  std::string placeholders;
  for (int64_t i = 0; i < elided; ++i)
    placeholders.push_back(static_cast<char>('0' + i));
  auto expand = [&](StringRef s) {
    std::string r = s.str();
    size_t pos = r.find("...");
    if (pos != std::string::npos)
      r.replace(pos, 3, placeholders);
    return r;
  };
  eq.in = expand(in);
  eq.kernel = kernel.str();
  eq.out = expand(out);
  StringRef rawIn = in, rawOut = out;
  std::string stripIn = rawIn.str(), stripOut = rawOut.str();
  for (std::string *s : {&stripIn, &stripOut})
    if (size_t p = s->find("..."); p != std::string::npos)
      s->erase(p, 3);
  if (!lettersOnly(stripIn) || !lettersOnly(eq.kernel) || !lettersOnly(stripOut) ||
      elided > 10) {
    error = "malformed einsum equation '" + equation.str() + "'";
    return failure();
  }
  for (const std::string *s : {&eq.in, &eq.kernel, &eq.out}) {
    std::set<char> seen(s->begin(), s->end());
    if (seen.size() != s->size()) {
      error = "einsum equation '" + equation.str() + "' repeats a letter in one operand";
      return failure();
    }
  }
  return eq;
}

ShapeOrError einsumDenseShape(ArrayRef<int64_t> input, ArrayRef<int64_t> kernel,
                              StringRef equation) {
  std::string error;
  auto eq = parseEinsumEquation(equation, input.size(), error);
  if (failed(eq))
    return ShapeOrError::fail(error);
  if (eq->kernel.size() != kernel.size())
    return ShapeOrError::fail("kernel " + formatShape(kernel) + " does not fit equation '" +
                              equation.str() + "'");
  Shape out;
  for (char c : eq->out) {
    size_t i = eq->in.find(c), k = eq->kernel.find(c);
    if (i != std::string::npos && k != std::string::npos &&
        !compatible(input[i], kernel[k]))
      return ShapeOrError::fail("input " + formatShape(input) + " and kernel " +
                                formatShape(kernel) + " disagree on '" +
                                std::string(1, c) + "'");
    if (i != std::string::npos)
      out.push_back(isDyn(input[i]) && k != std::string::npos ? kernel[k] : input[i]);
    else if (k != std::string::npos)
      out.push_back(kernel[k]);
    else
      return ShapeOrError::fail("output letter '" + std::string(1, c) +
                                "' appears in no operand of '" + equation.str() + "'");
  }
  for (char c : eq->kernel)
    if (eq->in.find(c) == std::string::npos && eq->out.find(c) == std::string::npos)
      return ShapeOrError::fail("kernel letter '" + std::string(1, c) +
                                "' appears in neither the input nor the output of '" +
                                equation.str() + "'");
  for (size_t i = 0; i < eq->in.size(); ++i) {
    size_t k = eq->kernel.find(eq->in[i]);
    if (k != std::string::npos && !compatible(input[i], kernel[k]))
      return ShapeOrError::fail("input " + formatShape(input) + " and kernel " +
                                formatShape(kernel) + " disagree on '" +
                                std::string(1, eq->in[i]) + "'");
    if (k == std::string::npos && eq->out.find(eq->in[i]) == std::string::npos)
      return ShapeOrError::fail("input letter '" + std::string(1, eq->in[i]) +
                                "' is neither contracted nor kept in '" + equation.str() +
                                "'");
  }
  return {out, ""};
}

ShapeOrError flattenShape(ArrayRef<int64_t> input) {
  if (input.empty())
    return ShapeOrError::fail("cannot flatten a scalar");
  int64_t n = 1;
  for (int64_t d : input.drop_front()) {
    if (isDyn(d)) {
      n = kDyn;
      break;
    }
    n *= d;
  }
  return {{input[0], n}, ""};
}

ShapeOrError reshapeShape(ArrayRef<int64_t> input, ArrayRef<int64_t> target) {
  if (input.empty())
    return ShapeOrError::fail("cannot reshape a scalar");
  int64_t known = 1, unknownAt = -1;
  for (auto [i, d] : llvm::enumerate(target)) {
    if (d == -1 || isDyn(d)) {
      if (unknownAt >= 0)
        return ShapeOrError::fail("target shape " + formatShape(target) +
                                  " has more than one unknown dim");
      unknownAt = i;
    } else if (d <= 0) {
      return ShapeOrError::fail("target shape " + formatShape(target) + " has dim " +
                                std::to_string(d));
    } else {
      known *= d;
    }
  }
  int64_t total = 1;
  bool dynamicTotal = false;
  for (int64_t d : input.drop_front()) {
    if (isDyn(d))
      dynamicTotal = true;
    else
      total *= d;
  }
  Shape out{input[0]};
  out.append(target.begin(), target.end());
  if (unknownAt >= 0) {
    if (dynamicTotal)
      out[unknownAt + 1] = kDyn;
    else if (total % known != 0)
      return ShapeOrError::fail("cannot reshape " + formatShape(input) + " to " +
                                formatShape(target));
    else
      out[unknownAt + 1] = total / known;
  } else if (!dynamicTotal && total != known) {
    return ShapeOrError::fail("cannot reshape " + formatShape(input) + " to " +
                              formatShape(target));
  }
  return {out, ""};
}

ShapeOrError permuteShape(ArrayRef<int64_t> input, ArrayRef<int64_t> permutation) {
  if (permutation.size() != input.size() || permutation.empty() || permutation[0] != 0)
    return ShapeOrError::fail("permutation of rank " + std::to_string(permutation.size()) +
                              " does not fit input " + formatShape(input));
  std::vector<bool> used(input.size(), false);
  Shape out;
  for (int64_t p : permutation) {
    if (p < 0 || p >= static_cast<int64_t>(input.size()) || used[p])
      return ShapeOrError::fail("dims do not form a permutation");
    used[p] = true;
    out.push_back(input[p]);
  }
  return {out, ""};
}

ShapeOrError repeatVectorShape(ArrayRef<int64_t> input, int64_t n) {
  if (input.size() != 2)
    return ShapeOrError::fail("RepeatVector expects a rank-2 input, got " +
                              formatShape(input));
  if (n <= 0)
    return ShapeOrError::fail("RepeatVector n must be positive");
  return {{input[0], n, input[1]}, ""};
}

ShapeOrError mergeShape(ArrayRef<SmallVector<int64_t, 4>> inputs, size_t exactCount) {
  if (inputs.empty() || (exactCount && inputs.size() != exactCount))
    return ShapeOrError::fail(exactCount ? "expects exactly " + std::to_string(exactCount) +
                                               " inputs"
                                         : "expects at least one input");
  size_t rank = 0;
  for (const auto &s : inputs)
    rank = std::max(rank, s.size());
  Shape out(rank, 1);
  for (const auto &s : inputs) {
    if (s.empty())
      return ShapeOrError::fail("merge inputs must have a batch dim");
    Shape expanded{s[0]};
    expanded.append(rank - s.size(), 1);
    expanded.append(s.begin() + 1, s.end());
    for (size_t i = 0; i < rank; ++i) {
      int64_t a = out[i], b = expanded[i];
      if (a == 1)
        out[i] = b;
      else if (b == 1)
        continue;
      else if (isDyn(a) || isDyn(b))
        out[i] = isDyn(a) ? b : a;
      else if (a != b)
        return ShapeOrError::fail("inputs " + formatShape(inputs.front()) + " and " +
                                  formatShape(s) + " cannot be broadcast together");
    }
  }
  return {out, ""};
}

ShapeOrError concatenateShape(ArrayRef<SmallVector<int64_t, 4>> inputs, int64_t axis) {
  if (inputs.empty())
    return ShapeOrError::fail("expects at least one input");
  size_t rank = inputs.front().size();
  if (axis < 0 || axis >= static_cast<int64_t>(rank) || axis == 0)
    return ShapeOrError::fail("axis " + std::to_string(axis) + " is out of range for rank " +
                              std::to_string(rank));
  Shape out(inputs.front().begin(), inputs.front().end());
  out[axis] = 0;
  for (const auto &s : inputs) {
    if (s.size() != rank)
      return ShapeOrError::fail("inputs " + formatShape(inputs.front()) + " and " +
                                formatShape(s) + " differ in rank");
    for (size_t i = 0; i < rank; ++i) {
      if (static_cast<int64_t>(i) == axis) {
        out[i] = (isDyn(out[i]) || isDyn(s[i])) ? kDyn : out[i] + s[i];
      } else if (!compatible(out[i], s[i])) {
        return ShapeOrError::fail("inputs " + formatShape(inputs.front()) + " and " +
                                  formatShape(s) + " differ outside axis " +
                                  std::to_string(axis));
      } else if (isDyn(out[i])) {
        out[i] = s[i];
      }
    }
  }
  return {out, ""};
}

ShapeOrError dotShape(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs, int64_t lhsAxis,
                      int64_t rhsAxis) {
  if (lhs.size() < 2 || rhs.size() < 2)
    return ShapeOrError::fail("Dot inputs need rank >= 2, got " + formatShape(lhs) + " and " +
                              formatShape(rhs));
  if (lhsAxis <= 0 || rhsAxis <= 0 || lhsAxis >= static_cast<int64_t>(lhs.size()) ||
      rhsAxis >= static_cast<int64_t>(rhs.size()))
    return ShapeOrError::fail("Dot axes (" + std::to_string(lhsAxis) + ", " +
                              std::to_string(rhsAxis) + ") are out of range or the batch axis");
  if (!compatible(lhs[0], rhs[0]) || !compatible(lhs[lhsAxis], rhs[rhsAxis]))
    return ShapeOrError::fail("Dot inputs " + formatShape(lhs) + " and " + formatShape(rhs) +
                              " do not match on the batch or dot axes");
  Shape out{isDyn(lhs[0]) ? rhs[0] : lhs[0]};
  for (size_t i = 1; i < lhs.size(); ++i)
    if (static_cast<int64_t>(i) != lhsAxis)
      out.push_back(lhs[i]);
  for (size_t i = 1; i < rhs.size(); ++i)
    if (static_cast<int64_t>(i) != rhsAxis)
      out.push_back(rhs[i]);
  if (out.size() == 1)
    out.push_back(1);
  return {out, ""};
}

ShapeOrError checkAxes(ArrayRef<int64_t> input, ArrayRef<int64_t> axes) {
  if (axes.empty())
    return ShapeOrError::fail("no axes given");
  int64_t prev = -1;
  for (int64_t a : axes) {
    if (a < 0 || a >= static_cast<int64_t>(input.size()) || a <= prev)
      return ShapeOrError::fail("axes must be sorted, distinct and within rank " +
                                std::to_string(input.size()));
    prev = a;
  }
  return {Shape(input.begin(), input.end()), ""};
}

ShapeOrError gluShape(ArrayRef<int64_t> input) {
  if (input.empty() || (!isDyn(input.back()) && input.back() % 2 != 0))
    return ShapeOrError::fail("glu needs an even last dim, got " + formatShape(input));
  Shape out(input.begin(), input.end());
  if (!isDyn(out.back()))
    out.back() /= 2;
  return {out, ""};
}

ShapeOrError embeddingShape(ArrayRef<int64_t> ids, ArrayRef<int64_t> table) {
  if (table.size() != 2 || isDyn(table[0]) || isDyn(table[1]))
    return ShapeOrError::fail("embedding table must be a static matrix, got " +
                              formatShape(table));
  Shape out(ids.begin(), ids.end());
  out.push_back(table[1]);
  return {out, ""};
}

ShapeOrError globalPoolingShape(ArrayRef<int64_t> input, bool keepdims) {
  if (input.size() != 3)
    return ShapeOrError::fail("expects (batch, steps, channels), got " + formatShape(input));
  if (keepdims)
    return {{input[0], 1, input[2]}, ""};
  return {{input[0], input[2]}, ""};
}

int64_t windowOutputLength(int64_t length, int64_t window, int64_t stride,
                           Padding padding) {
  if (isDyn(length))
    return kDyn;
  if (padding == Padding::valid)
    return length < window ? 0 : (length - window) / stride + 1;
  return (length + stride - 1) / stride; // same and causal keep ceil(L / s)
}

ShapeOrError pooling1DShape(ArrayRef<int64_t> input, int64_t poolSize, int64_t stride,
                            Padding padding) {
  if (input.size() != 3)
    return ShapeOrError::fail("expects (batch, steps, channels), got " + formatShape(input));
  if (poolSize <= 0 || stride <= 0 || padding == Padding::causal)
    return ShapeOrError::fail("pool_size and strides must be positive, padding valid or same");
  int64_t len = windowOutputLength(input[1], poolSize, stride, padding);
  if (len == 0)
    return ShapeOrError::fail("pool_size " + std::to_string(poolSize) +
                              " is larger than the input " + formatShape(input));
  return {{input[0], len, input[2]}, ""};
}

ShapeOrError conv1DShape(ArrayRef<int64_t> input, ArrayRef<int64_t> kernel, int64_t stride,
                         int64_t dilation, Padding padding) {
  if (input.size() != 3)
    return ShapeOrError::fail("expects (batch, steps, channels), got " + formatShape(input));
  if (kernel.size() != 3 || llvm::any_of(kernel, isDyn))
    return ShapeOrError::fail("kernel must be static (width, in, out), got " +
                              formatShape(kernel));
  if (!compatible(input[2], kernel[1]))
    return ShapeOrError::fail("input " + formatShape(input) + " does not match kernel " +
                              formatShape(kernel));
  if (stride <= 0 || dilation <= 0 || (stride > 1 && dilation > 1))
    return ShapeOrError::fail("strides and dilation_rate must be positive and not both > 1");
  int64_t window = (kernel[0] - 1) * dilation + 1;
  int64_t len = windowOutputLength(input[1], window, stride, padding);
  if (len == 0)
    return ShapeOrError::fail("kernel window " + std::to_string(window) +
                              " is longer than the input " + formatShape(input));
  return {{input[0], len, kernel[2]}, ""};
}


ShapeOrError attentionShape(ArrayRef<int64_t> query, ArrayRef<int64_t> value,
                            ArrayRef<int64_t> key) {
  if (query.size() != 3 || value.size() != 3 || key.size() != 3)
    return ShapeOrError::fail("expects 3-D query, value and key, got " + formatShape(query) +
                              ", " + formatShape(value) + ", " + formatShape(key));
  if (!compatible(query[0], value[0]) || !compatible(query[0], key[0]))
    return ShapeOrError::fail("query, value and key batch dims differ");
  if (!compatible(key[1], value[1]))
    return ShapeOrError::fail("key " + formatShape(key) + " and value " + formatShape(value) +
                              " have different step counts");
  if (!compatible(query[2], key[2]))
    return ShapeOrError::fail("query " + formatShape(query) + " and key " + formatShape(key) +
                              " have different feature dims");
  return {{isDyn(query[0]) ? value[0] : query[0], query[1], value[2]}, ""};
}

/// Checks the inputs and kernels of MHA/GQA and the attended axes.
static std::string checkProjectedAttention(ArrayRef<int64_t> query, ArrayRef<int64_t> value,
                                           ArrayRef<int64_t> key, ArrayRef<int64_t> qk,
                                           ArrayRef<int64_t> kk, ArrayRef<int64_t> vk,
                                           ArrayRef<int64_t> ok, ArrayRef<int64_t> axes) {
  size_t rank = query.size();
  if (rank < 3 || value.size() != rank || key.size() != rank)
    return "expects query, value and key of one rank >= 3, got " + formatShape(query) + ", " +
           formatShape(value) + ", " + formatShape(key);
  for (ArrayRef<int64_t> k : {qk, kk, vk})
    if (k.size() != 3 || llvm::any_of(k, isDyn) || llvm::any_of(k, [](int64_t d) { return d < 1; }))
      return "kernels must be static (features, heads, dim), got " + formatShape(k);
  if (ok.size() < 3 || llvm::any_of(ok, isDyn) || llvm::any_of(ok, [](int64_t d) { return d < 1; }))
    return "the output kernel must be static (heads, dim, output dims...), got " +
           formatShape(ok);
  // Any order: it only orders the attended axes of the scores (Keras'
  // _build_attention_equation); the softmax covers all of them at once.
  SmallVector<int64_t> sortedAxes(axes);
  llvm::sort(sortedAxes);
  if (axes.empty() || std::adjacent_find(sortedAxes.begin(), sortedAxes.end()) != sortedAxes.end() ||
      sortedAxes.front() < 1 || sortedAxes.back() > int64_t(rank) - 2) {
    std::string list;
    for (int64_t a : axes)
      list += (list.empty() ? "" : ", ") + std::to_string(a);
    return "attention axes [" + list + "] must be distinct axes within [1, " +
           std::to_string(rank - 2) + "]";
  }
  if (!compatible(query[0], value[0]) || !compatible(query[0], key[0]))
    return "query, value and key batch dims differ";
  for (size_t i = 1; i + 1 < rank; ++i) {
    if (!compatible(key[i], value[i]))
      return "key " + formatShape(key) + " and value " + formatShape(value) +
             " have different step counts";
    if (!llvm::is_contained(axes, int64_t(i)) && !compatible(query[i], key[i]))
      return "query " + formatShape(query) + " and key " + formatShape(key) +
             " differ in axis " + std::to_string(i) + ", which is not attended";
  }
  if (!compatible(query.back(), qk[0]) || !compatible(key.back(), kk[0]) ||
      !compatible(value.back(), vk[0]))
    return "a projection kernel does not match its input's feature dim";
  if (kk[1] != vk[1] || kk[2] != qk[2])
    return "key kernel " + formatShape(kk) + " does not match query kernel " + formatShape(qk) +
           " and value kernel " + formatShape(vk);
  if (qk[1] % kk[1] != 0)
    return std::to_string(kk[1]) + " key/value heads do not divide " + std::to_string(qk[1]) +
           " query heads";
  if (ok[0] != qk[1] || ok[1] != vk[2])
    return "output kernel " + formatShape(ok) + " does not match the heads and value dim of " +
           formatShape(vk);
  return "";
}

ShapeOrError projectedAttentionShape(ArrayRef<int64_t> query, ArrayRef<int64_t> value,
                                     ArrayRef<int64_t> key, ArrayRef<int64_t> qk,
                                     ArrayRef<int64_t> kk, ArrayRef<int64_t> vk,
                                     ArrayRef<int64_t> ok, ArrayRef<int64_t> axes) {
  std::string error = checkProjectedAttention(query, value, key, qk, kk, vk, ok, axes);
  if (!error.empty())
    return ShapeOrError::fail(error);
  Shape out(query.drop_back());
  if (isDyn(out[0]))
    out[0] = value[0];
  out.append(ok.begin() + 2, ok.end());
  return {out, ""};
}

ShapeOrError projectedAttentionScoresShape(ArrayRef<int64_t> query, ArrayRef<int64_t> value,
                                           ArrayRef<int64_t> key, ArrayRef<int64_t> qk,
                                           ArrayRef<int64_t> kk, ArrayRef<int64_t> vk,
                                           ArrayRef<int64_t> ok, ArrayRef<int64_t> axes) {
  std::string error = checkProjectedAttention(query, value, key, qk, kk, vk, ok, axes);
  if (!error.empty())
    return ShapeOrError::fail(error);
  Shape scores{isDyn(query[0]) ? value[0] : query[0]};
  for (size_t i = 1; i + 1 < query.size(); ++i)
    if (!llvm::is_contained(axes, int64_t(i)))
      scores.push_back(query[i]);
  scores.push_back(qk[1]);
  for (int64_t a : axes)
    scores.push_back(query[a]);
  for (int64_t a : axes)
    scores.push_back(isDyn(key[a]) ? value[a] : key[a]);
  return {scores, ""};
}

} // namespace kiln::keras
