/* Links one model compiled by kiln-compile and runs it from plain C.
 *
 *   cc -I<kiln>/include -I<dir of model.h> -DKILN_MODEL_HEADER='"model.h"'
 *      -DKILN_MODEL_PREFIX=model run_model.c model.o -lkiln_runtime -lm
 *   ./run_model [--dim N] [--runs N]
 *
 * Fills every input with a deterministic pattern (dynamic dims become --dim,
 * default 8), runs the model once and prints each output's shape and first
 * values, then times --runs more calls (default 50) and prints the latency.
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include KILN_MODEL_HEADER

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define MODEL_INFO CAT(KILN_MODEL_PREFIX, _info)
#define MODEL_RUN CAT(KILN_MODEL_PREFIX, _run)

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  long dynamic_dim = 8, runs = 50;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--dim") == 0)
      dynamic_dim = atol(argv[i + 1]);
    else if (strcmp(argv[i], "--runs") == 0)
      runs = atol(argv[i + 1]);
  }
  if (dynamic_dim < 1 || runs < 1) {
    fprintf(stderr, "usage: %s [--dim N>0] [--runs N>0]\n", argv[0]);
    return 2;
  }
  const kiln_model_info *info = MODEL_INFO();
  kiln_tensor inputs[16], outputs[16];
  if (info->n_inputs > 16 || info->n_outputs > 16)
    return 2;
  memset(outputs, 0, sizeof outputs);
  for (size_t i = 0; i < info->n_inputs; ++i) {
    const kiln_tensor_info *t = &info->inputs[i];
    kiln_tensor *in = &inputs[i];
    in->dtype = t->dtype;
    in->rank = t->rank;
    size_t count = 1;
    for (int d = 0; d < t->rank; ++d) {
      in->dims[d] = t->dims[d] == KILN_DYNAMIC_DIM ? dynamic_dim : t->dims[d];
      count *= (size_t)in->dims[d];
    }
    in->data = malloc(count * 4);
    for (size_t k = 0; k < count; ++k) {
      if (t->dtype == KILN_FLOAT32)
        ((float *)in->data)[k] = (float)((k * 37 % 17) - 8) / 8.0f;
      else
        ((int32_t *)in->data)[k] = (int32_t)(k % 7);
    }
    printf("input  %-12s rank %d dims [", t->name, in->rank);
    for (int d = 0; d < in->rank; ++d)
      printf(d ? ", %lld" : "%lld", (long long)in->dims[d]);
    printf("]\n");
  }

  kiln_status status;
  if (MODEL_RUN(inputs, info->n_inputs, outputs, info->n_outputs, &status) != KILN_OK) {
    fprintf(stderr, "run failed: %s\n", status.message);
    return 1;
  }
  for (size_t i = 0; i < info->n_outputs; ++i) {
    kiln_tensor *out = &outputs[i];
    size_t count = 1;
    printf("output %-12s dims [", info->outputs[i].name);
    for (int d = 0; d < out->rank; ++d) {
      printf(d ? ", %lld" : "%lld", (long long)out->dims[d]);
      count *= (size_t)out->dims[d];
    }
    printf("] values:");
    for (size_t k = 0; k < count && k < 6; ++k)
      printf(" %.6f", out->dtype == KILN_FLOAT32 ? ((float *)out->data)[k]
                                                 : (double)((int32_t *)out->data)[k]);
    printf(count > 6 ? " ...\n" : "\n");
    kiln_tensor_free(out);
  }

  double *times = malloc(sizeof(double) * (size_t)runs);
  for (long r = 0; r < runs; ++r) {
    double start = now_ms();
    if (MODEL_RUN(inputs, info->n_inputs, outputs, info->n_outputs, &status) != KILN_OK) {
      fprintf(stderr, "run failed: %s\n", status.message);
      return 1;
    }
    times[r] = now_ms() - start;
    for (size_t i = 0; i < info->n_outputs; ++i)
      kiln_tensor_free(&outputs[i]);
  }
  qsort(times, (size_t)runs, sizeof(double), compare_doubles);
  printf("latency over %ld runs: min %.4f ms, median %.4f ms, max %.4f ms\n", runs, times[0],
         times[runs / 2], times[runs - 1]);
  free(times);
  for (size_t i = 0; i < info->n_inputs; ++i)
    free(inputs[i].data);
  return 0;
}
