/* Public C API shared by every model Kiln compiles.
 *
 * A compiled model named `m` exports
 *   const kiln_model_info *m_info(void);
 *   int m_run(const kiln_tensor *inputs, size_t n_in,
 *             kiln_tensor *outputs, size_t n_out, kiln_status *status);
 * and its generated header `m.h` includes this file. Models are reentrant:
 * every call owns its scratch memory, and nothing global is mutated.
 */
#ifndef KILN_RUNTIME_KILN_H
#define KILN_RUNTIME_KILN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KILN_MAX_RANK 8
#define KILN_DYNAMIC_DIM (-1)

typedef enum kiln_dtype {
  KILN_FLOAT32 = 0,
  KILN_INT32 = 1,
} kiln_dtype;

typedef enum kiln_error_code {
  KILN_OK = 0,
  KILN_ERROR_INVALID_ARGUMENT = 1, /* wrong count, dtype, rank or shape */
  KILN_ERROR_OUT_OF_MEMORY = 2,
  KILN_ERROR_INTERNAL = 3,
} kiln_error_code;

/* A dense row-major tensor view. For inputs, `data` points at
 * prod(dims) elements (it may be NULL when prod(dims) == 0). For outputs,
 * either `data` is NULL and the run allocates it with malloc (release it
 * with kiln_tensor_free), or `data` points at a caller buffer and
 * `rank`/`dims` state its shape, which must equal the output's actual shape.
 * When a run fails, the outputs it allocated are freed again (`data` is NULL
 * as passed), and caller buffers may hold partial results. */
typedef struct kiln_tensor {
  void *data;
  int32_t dtype; /* kiln_dtype */
  int32_t rank;
  int64_t dims[KILN_MAX_RANK];
} kiln_tensor;

typedef struct kiln_status {
  int32_t code; /* kiln_error_code */
  char message[512];
} kiln_status;

/* dims[i] == KILN_DYNAMIC_DIM marks a dimension that is None in Keras. */
typedef struct kiln_tensor_info {
  const char *name;
  int32_t dtype;
  int32_t rank;
  const int64_t *dims;
} kiln_tensor_info;

typedef struct kiln_model_info {
  const char *name;
  size_t n_inputs;
  const kiln_tensor_info *inputs;
  size_t n_outputs;
  const kiln_tensor_info *outputs;
} kiln_model_info;

/* What a shared library built with `kiln-compile --emit=lib` exports under
 * the fixed symbol name KILN_LIBRARY_ENTRY_SYMBOL, so that loaders such as
 * kiln-run find the model without knowing its name. (The symbol shares the
 * typedef's name, so C/C++ code defining it by hand needs an asm label:
 *   const kiln_library_entry e __asm__(KILN_LIBRARY_ENTRY_SYMBOL) = {...}; ) */
typedef struct kiln_library_entry {
  const kiln_model_info *(*info)(void);
  int (*run)(const kiln_tensor *inputs, size_t n_in, kiln_tensor *outputs,
             size_t n_out, kiln_status *status);
} kiln_library_entry;
#define KILN_LIBRARY_ENTRY_SYMBOL "kiln_library_entry"

/* Frees an output buffer that a run allocated, and resets `data`. */
void kiln_tensor_free(kiln_tensor *tensor);

/* Number of threads oneDNN and Kiln's parallel loops use (0 = default, from
 * OMP_NUM_THREADS or the core count). Like omp_set_num_threads, which it
 * calls, it applies to runs started from the calling thread. */
void kiln_set_num_threads(int n);

/* Runs keep the large buffers they free (up to KILN_BUFFER_CACHE_MB MiB,
 * default 1024; 0 disables) so that later runs reuse them instead of
 * faulting in fresh pages. This returns the kept buffers to the system. */
void kiln_release_cached_buffers(void);

#ifdef __cplusplus
}
#endif

#endif /* KILN_RUNTIME_KILN_H */
