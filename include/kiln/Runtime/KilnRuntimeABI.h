/* The ABI between code that kiln-compile generates and libkiln_runtime.
 * Not for users: generated objects call these; the compiler's lowering
 * (lib/Conversion/KilnToRuntime, lib/Target) emits the calls.
 *
 * Memrefs cross the boundary through MLIR's C interface
 * (`llvm.emit_c_interface`): a memref argument is passed as a pointer to its
 * descriptor. Unranked memrefs are {int64 rank; void *descriptor}, and a ranked
 * descriptor of rank r is {T *allocated; T *aligned; int64 offset;
 * int64 sizes[r]; int64 strides[r]} (strides in elements).
 */
#ifndef KILN_RUNTIME_KILNRUNTIMEABI_H
#define KILN_RUNTIME_KILNRUNTIMEABI_H

#include "kiln/Runtime/kiln.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kiln_unranked_memref {
  int64_t rank;
  void *descriptor;
} kiln_unranked_memref;

/* Activations oneDNN applies as matmul post-ops. Values are part of the ABI:
 * the compiler writes them into generated code. */
typedef enum kiln_activation {
  KILN_ACT_NONE = 0,
  KILN_ACT_RELU = 1,
  KILN_ACT_TANH = 2,
  KILN_ACT_SIGMOID = 3,
  KILN_ACT_GELU_ERF = 4,
  KILN_ACT_GELU_TANH = 5,
  KILN_ACT_ELU = 6,
  KILN_ACT_SWISH = 7,
  /* The values below are applied by the recurrence kernel only (matmul
   * post-ops stop at KILN_ACT_SWISH). Formulas: spec §2.4. */
  KILN_ACT_HARD_SIGMOID_KERAS2 = 8, /* clip(0.2 x + 0.5, 0, 1) */
  KILN_ACT_HARD_SIGMOID = 9,        /* relu6(x + 3) / 6 (Keras 3) */
  KILN_ACT_SOFTSIGN = 10,           /* x / (1 + |x|) */
  KILN_ACT_SOFTPLUS = 11,           /* log(1 + exp(x)) */
  KILN_ACT_SELU = 12,
  KILN_ACT_EXPONENTIAL = 13,
  KILN_ACT_RELU6 = 14,
  KILN_ACT_HARD_SILU = 15,          /* x * hard_sigmoid(x) (Keras 3) */
  KILN_ACT_MISH = 16,               /* x * tanh(softplus(x)) */
  KILN_ACT_LEAKY_RELU = 17,         /* x >= 0 ? x : act_alpha * x */
} kiln_activation;

/* Cell kinds of kiln_rt_recurrence_f32 (values are ABI). G is the number of
 * gate blocks, each U wide, in the projected input and recurrent kernel. */
typedef enum kiln_cell {
  KILN_CELL_SIMPLE_RNN = 0, /* G = 1: h = act(x + h U)                       */
  KILN_CELL_LSTM = 1,       /* G = 4, gates i, f, c, o (spec §2.20)          */
  KILN_CELL_GRU = 2,        /* G = 3, gates z, r, h, reset_after = True       */
  KILN_CELL_GRU_RESET_BEFORE = 3, /* G = 3, reset_after = False (§2.21)       */
} kiln_cell;

/* Flags of kiln_rt_recurrence_f32 (bit values are ABI). */
enum {
  KILN_RNN_RETURN_SEQUENCES = 1, /* outputs is [B,T,D,U], else [B,D,U]        */
  KILN_RNN_ZERO_OUTPUT_FOR_MASK = 2, /* masked steps output 0, not the previous output */
  KILN_RNN_HAS_MASK = 4,
  KILN_RNN_HAS_INITIAL_STATE = 8,
  KILN_RNN_HAS_RECURRENT_BIAS = 16,
};
/* Per direction d in {0, 1}: direction d processes t = T-1 ... 0. */
#define KILN_RNN_GO_BACKWARDS(d) (32 << (d))
/* Per direction d: the output of processing step k is stored at time T-1-k
 * instead of k (Bidirectional's backward direction, aligned with the
 * forward one). */
#define KILN_RNN_FLIP_OUTPUTS(d) (128 << (d))

/* The generated body of a model: reads inputs and writes outputs through the
 * calls below, using `ctx` as an opaque handle.
 *
 * The calls below return nothing. When one fails (a oneDNN error, a shape
 * the compiler got wrong), it records the error in the run, which
 * kiln_rt_run reports after the body returns; later matmul/output calls of
 * that run do nothing. So the body never sees an exception (generated code
 * has no unwind tables) and need not check anything. Outside any
 * kiln_rt_run (e.g. a unit test calling matmul directly), matmul errors are
 * thrown as C++ exceptions instead. */
typedef void (*kiln_model_body)(void *ctx);

/* Entry that every generated `<model>_run` forwards to: validates inputs
 * against `info` (count, dtype, rank, static dims, non-null data), runs
 * `body`, and delivers outputs (allocating them when data == NULL, else
 * checking the caller's shape first). Returns a kiln_error_code. */
int kiln_rt_run(const kiln_model_info *info, kiln_model_body body,
                const kiln_tensor *inputs, size_t n_in, kiln_tensor *outputs,
                size_t n_out, kiln_status *status);

/* Called by the body: writes the index-th input's ranked memref descriptor of
 * rank R (contiguous, offset 0) into `result`. The memory is the caller's
 * input: read-only for the body. One symbol per element type and
 * rank, because MLIR returns ranked memrefs by value and the descriptor layout
 * depends on the rank; all of them share one implementation. */
#define KILN_RT_DECLARE_INPUT(TY, R)                                           \
  void _mlir_ciface_kiln_rt_input_##TY##_r##R(void *result, void *ctx,         \
                                               int64_t index);
#define KILN_RT_FOR_EACH_RANK(M, TY)                                           \
  M(TY, 0) M(TY, 1) M(TY, 2) M(TY, 3) M(TY, 4) M(TY, 5) M(TY, 6) M(TY, 7)      \
  M(TY, 8)
KILN_RT_FOR_EACH_RANK(KILN_RT_DECLARE_INPUT, f32)
KILN_RT_FOR_EACH_RANK(KILN_RT_DECLARE_INPUT, i32)

/* Called by the body once per output: copies the (possibly strided) memref
 * into the caller's output tensor. The memref may be freed once the call
 * returns. */
void _mlir_ciface_kiln_rt_output_f32(void *ctx, int64_t index,
                                     kiln_unranked_memref *value);
void _mlir_ciface_kiln_rt_output_i32(void *ctx, int64_t index,
                                     kiln_unranked_memref *value);

/* C = act(alpha * A x B + bias) with oneDNN. A is [batch..., M, K], B is
 * [batch..., K, N] or [K, N] (broadcast over batch), C is [batch..., M, N],
 * rank 2 or 3, any strides; bias is [N] and read only when has_bias != 0.
 * `activation` is a kiln_activation; `act_alpha` its parameter (ELU alpha). */
void _mlir_ciface_kiln_rt_matmul_f32(kiln_unranked_memref *a,
                                     kiln_unranked_memref *b,
                                     kiln_unranked_memref *bias,
                                     kiln_unranked_memref *c, int64_t has_bias,
                                     int64_t activation, float alpha,
                                     float act_alpha);

/* D independent recurrences (one Keras RNN layer, or the two directions of
 * a Bidirectional), over a whole sequence, with Keras semantics (spec
 * §2.19-2.22). The caller has already computed the input projection of all
 * steps, x_t W + b (one big matmul):
 *   projected        [B, T, D, G*U]  f32 (a [B, T, D*G*U] matmul result)
 *   recurrent_kernel [D, U, G*U]     f32
 *   recurrent_bias   [D, G*U]        f32, read iff KILN_RNN_HAS_RECURRENT_BIAS
 *                    (GRU reset_after: b_h, added to h U before the reset gate)
 *   mask             [B, T]          i8 (nonzero = keep), read iff HAS_MASK;
 *                    the same for all D
 *   initial_state    [D, S, B, U]    f32, read iff HAS_INITIAL_STATE, else 0;
 *                    S = 2 for LSTM (h, c), 1 otherwise
 *   outputs          [B, T, D, U] (RETURN_SEQUENCES) or [B, D, U], written
 *                    (so that Bidirectional's concat is a free reshape)
 *   final_state      [D, S, B, U]    written (the state after the last step)
 * D is 1 or 2; the direction bits of `flags` say how each runs.
 * All memrefs may have any strides. T may be 0 (outputs/final state =
 * initial state, last output = 0). At a masked step the state is kept and the
 * output is the previous step's output (0 at the first step) or 0 with
 * ZERO_OUTPUT_FOR_MASK; the last output ([B,D,U] form) is the output of the
 * last processed step. `activation` / `recurrent_activation` are
 * kiln_activation values (recurrent_activation unused by SIMPLE_RNN),
 * `act_alpha` their parameter (LEAKY_RELU slope, ELU alpha). Batch rows and
 * directions are independent and run in parallel. */
void _mlir_ciface_kiln_rt_recurrence_f32(
    kiln_unranked_memref *projected, kiln_unranked_memref *recurrent_kernel,
    kiln_unranked_memref *recurrent_bias, kiln_unranked_memref *mask,
    kiln_unranked_memref *initial_state, kiln_unranked_memref *outputs,
    kiln_unranked_memref *final_state, int64_t cell, int64_t activation,
    int64_t recurrent_activation, float act_alpha, int64_t flags);

/* Flags of kiln_rt_attention_f32 (bit values are ABI). */
enum {
  KILN_ATTN_ADDITIVE_MASK = 1, /* mask is f32, added to the scaled logits      */
  KILN_ATTN_BOOL_MASK = 2,     /* mask is i1 stored as bytes (nonzero = keep)  */
  KILN_ATTN_ZERO_MASKED = 4,   /* masked probabilities are set to 0 after the
                                  softmax (a fully masked row gives 0)          */
};

/* Fused scaled dot-product attention (kiln.attention with score = dot and no
 * probabilities output; its description in
 * include/kiln/Dialect/Kiln/IR/KilnOps.td is the contract):
 *   query  [B, Hq, T, D], key [B, Hkv, S, D], value [B, Hkv, S, Dv],
 *   output [B, Hq, T, Dv] (written), f32, any strides; Hq % Hkv == 0 and
 *   query head h reads kv head h / (Hq / Hkv).
 *   mask   rank 4, each dim equal to that of [B, Hq, T, S] or 1
 *          (broadcast), f32 (ADDITIVE_MASK) or bytes (BOOL_MASK); read only
 *          when one of the two flags is set.
 *   logit = scale * q.k (+ additive mask); positions masked by a bool mask
 *   or by `causal` (0 none, 1 top_left: j <= i, 2 bottom_right:
 *   j <= i + S - T) get the logit `mask_fill` (may be -inf); softmax over
 *   j; with ZERO_MASKED masked probabilities become 0; output = p . V.
 * Computed flash-attention style (key blocks with an online softmax, no
 * T x S buffer), in parallel over batch, heads and query blocks. */
void _mlir_ciface_kiln_rt_attention_f32(kiln_unranked_memref *query,
                                        kiln_unranked_memref *key,
                                        kiln_unranked_memref *value,
                                        kiln_unranked_memref *mask,
                                        kiln_unranked_memref *output, float scale,
                                        float mask_fill, int64_t causal,
                                        int64_t flags);
/* The same entry point, declared by the compiler for i1 masks (one MLIR
 * declaration has one mask element type); flags must contain BOOL_MASK. */
void _mlir_ciface_kiln_rt_attention_bool_mask_f32(
    kiln_unranked_memref *query, kiln_unranked_memref *key,
    kiln_unranked_memref *value, kiln_unranked_memref *mask,
    kiln_unranked_memref *output, float scale, float mask_fill, int64_t causal,
    int64_t flags);

/* Called by the body when dims that only meet at run time (dynamic dims of
 * a broadcasting layer) turn out incompatible: fails the run with
 * KILN_ERROR_INVALID_ARGUMENT. The body keeps its reads in bounds and
 * finishes; no output is delivered. */
void _mlir_ciface_kiln_rt_shape_error(void);

/* The heap functions of compiled bodies: finalize-memref-to-llvm with
 * use-generic-functions calls these instead of malloc/free. Blocks of
 * 64 KiB and more are cached for reuse by later runs (kiln.h,
 * kiln_release_cached_buffers); alignment is at least 64 bytes. */
void *_mlir_memref_to_llvm_alloc(uint64_t size);
void *_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size);
void _mlir_memref_to_llvm_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif /* KILN_RUNTIME_KILNRUNTIMEABI_H */
