// Result shapes of Keras layers, in one place: the op verifiers check IR
// against them and the importer derives result types from them, so a shape
// rule is written once. Dims use mlir::ShapedType::kDynamic for Keras' None.
#ifndef KILN_DIALECT_KERAS_IR_KERASSHAPES_H
#define KILN_DIALECT_KERAS_IR_KERASSHAPES_H

#include "kiln/Dialect/Keras/IR/KerasOps.h"
#include "llvm/ADT/SmallVector.h"
#include <string>

namespace kiln::keras {

using Shape = llvm::SmallVector<int64_t, 4>;

/// A shape, or the reason (one line, no trailing period) why there is none.
struct ShapeOrError {
  Shape shape;
  std::string error;
  bool ok() const { return error.empty(); }
  static ShapeOrError fail(std::string why) { return {{}, std::move(why)}; }
};

std::string formatShape(llvm::ArrayRef<int64_t> shape);

ShapeOrError denseShape(llvm::ArrayRef<int64_t> input, llvm::ArrayRef<int64_t> kernel,
                        const llvm::ArrayRef<int64_t> *bias);
ShapeOrError einsumDenseShape(llvm::ArrayRef<int64_t> input,
                              llvm::ArrayRef<int64_t> kernel, llvm::StringRef equation);
ShapeOrError flattenShape(llvm::ArrayRef<int64_t> input);
/// `target` excludes the batch dim and may hold one -1 entry.
ShapeOrError reshapeShape(llvm::ArrayRef<int64_t> input, llvm::ArrayRef<int64_t> target);
/// `permutation` includes the batch axis 0, which must stay first.
ShapeOrError permuteShape(llvm::ArrayRef<int64_t> input, llvm::ArrayRef<int64_t> permutation);
ShapeOrError repeatVectorShape(llvm::ArrayRef<int64_t> input, int64_t n);
/// Keras merge broadcasting: lower-rank inputs get axes inserted at 1.
ShapeOrError mergeShape(llvm::ArrayRef<llvm::SmallVector<int64_t, 4>> inputs,
                        size_t exactCount = 0);
ShapeOrError concatenateShape(llvm::ArrayRef<llvm::SmallVector<int64_t, 4>> inputs,
                              int64_t axis);
ShapeOrError dotShape(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs,
                      int64_t lhsAxis, int64_t rhsAxis);
ShapeOrError checkAxes(llvm::ArrayRef<int64_t> input, llvm::ArrayRef<int64_t> axes);
/// glu halves the (even) last dim.
ShapeOrError gluShape(llvm::ArrayRef<int64_t> input);
ShapeOrError embeddingShape(llvm::ArrayRef<int64_t> ids, llvm::ArrayRef<int64_t> table);
ShapeOrError globalPoolingShape(llvm::ArrayRef<int64_t> input, bool keepdims);
ShapeOrError pooling1DShape(llvm::ArrayRef<int64_t> input, int64_t poolSize,
                            int64_t stride, Padding padding);
ShapeOrError conv1DShape(llvm::ArrayRef<int64_t> input, llvm::ArrayRef<int64_t> kernel,
                         int64_t stride, int64_t dilation, Padding padding);
/// Attention / AdditiveAttention: query (B, Tq, D), value (B, Tv, Dv) and
/// key (B, Tv, D) (pass value for a missing key) -> (B, Tq, Dv).
ShapeOrError attentionShape(llvm::ArrayRef<int64_t> query, llvm::ArrayRef<int64_t> value,
                            llvm::ArrayRef<int64_t> key);
/// MultiHeadAttention / GroupQueryAttention: query (B, ..., Dq), value
/// (B, ..., Dv) and key (B, ..., Dk) of one rank r >= 3, the kernels
/// (Dq, N, Hk), (Dk, Nkv, Hk), (Dv, Nkv, Hv) and (N, Hv, O...) where Nkv
/// divides N, attention over the inner `axes` (increasing, within
/// [1, r - 2]; key and value share the query's other inner dims)
/// -> (B, query's inner dims..., O...).
ShapeOrError projectedAttentionShape(llvm::ArrayRef<int64_t> query,
                                     llvm::ArrayRef<int64_t> value,
                                     llvm::ArrayRef<int64_t> key,
                                     llvm::ArrayRef<int64_t> queryKernel,
                                     llvm::ArrayRef<int64_t> keyKernel,
                                     llvm::ArrayRef<int64_t> valueKernel,
                                     llvm::ArrayRef<int64_t> outputKernel,
                                     llvm::ArrayRef<int64_t> axes);
/// Their attention scores (return_attention_scores), laid out as Keras'
/// einsum writes them: (B, non-attended inner dims..., N, attended query
/// dims..., attended key dims...), (B, N, T, S) for 3-D inputs.
ShapeOrError projectedAttentionScoresShape(llvm::ArrayRef<int64_t> query,
                                           llvm::ArrayRef<int64_t> value,
                                           llvm::ArrayRef<int64_t> key,
                                           llvm::ArrayRef<int64_t> queryKernel,
                                           llvm::ArrayRef<int64_t> keyKernel,
                                           llvm::ArrayRef<int64_t> valueKernel,
                                           llvm::ArrayRef<int64_t> outputKernel,
                                           llvm::ArrayRef<int64_t> axes);

/// Output length of a 1-D window op; dynamic in, dynamic out.
int64_t windowOutputLength(int64_t length, int64_t window, int64_t stride,
                           Padding padding);

/// Parsed `<in>,<w>-><out>` einsum equation with its ellipsis expanded away:
/// letters only; `ellipsisRank` dims of the input were folded into fresh
/// upper-case-free placeholder letters in `in` and `out`.
struct EinsumEquation {
  std::string in, kernel, out;
};
/// Expands `...` for an input of rank `inputRank`; fails on a malformed equation.
llvm::FailureOr<EinsumEquation> parseEinsumEquation(llvm::StringRef equation,
                                                    int64_t inputRank,
                                                    std::string &error);

} // namespace kiln::keras

#endif // KILN_DIALECT_KERAS_IR_KERASSHAPES_H
