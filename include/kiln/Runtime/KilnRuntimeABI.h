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
} kiln_activation;

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

/* Called by the body when dims that only meet at run time (dynamic dims of
 * a broadcasting layer) turn out incompatible: fails the run with
 * KILN_ERROR_INVALID_ARGUMENT. The body keeps its reads in bounds and
 * finishes; no output is delivered. */
void _mlir_ciface_kiln_rt_shape_error(void);

#ifdef __cplusplus
}
#endif

#endif /* KILN_RUNTIME_KILNRUNTIMEABI_H */
