/* Test harness: a C program that links a model object emitted by
 * `kiln-compile -o m.o` through its generated header, reads each input from a
 * little-endian float32/int32 .npy file (in the model's input order) and
 * writes each output to <outdir>/<output name>.npy.
 *   run_object OUTDIR IN0.npy [IN1.npy ...]                                */
#include KILN_MODEL_HEADER

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)

static int read_npy(const char *path, kiln_tensor *t) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return -1;
  unsigned char magic[10];
  if (fread(magic, 1, 10, f) != 10 || memcmp(magic, "\x93NUMPY", 6) != 0)
    return -1;
  size_t header_len = magic[8] | (magic[9] << 8);
  char *header = calloc(header_len + 1, 1);
  if (fread(header, 1, header_len, f) != header_len)
    return -1;
  t->dtype = strstr(header, "<i4") ? KILN_INT32 : KILN_FLOAT32;
  char *p = strchr(strstr(header, "shape"), '(') + 1;
  t->rank = 0;
  size_t count = 1;
  while (*p != ')') {
    if (*p >= '0' && *p <= '9') {
      t->dims[t->rank] = strtol(p, &p, 10);
      count *= (size_t)t->dims[t->rank++];
    } else {
      ++p;
    }
  }
  t->data = malloc(count * 4 + 4);
  size_t got = fread(t->data, 4, count, f);
  fclose(f);
  free(header);
  return got == count ? 0 : -1;
}

static int write_npy(const char *path, const kiln_tensor *t) {
  char shape[256] = "";
  size_t count = 1;
  for (int d = 0; d < t->rank; ++d) {
    char dim[32];
    snprintf(dim, sizeof dim, "%lld,%s", (long long)t->dims[d], t->rank > 1 ? " " : "");
    strcat(shape, dim);
    count *= (size_t)t->dims[d];
  }
  char header[512];
  int n = snprintf(header, sizeof header, "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }",
                   t->dtype == KILN_FLOAT32 ? "<f4" : "<i4", shape);
  int total = 10 + n + 1;
  int pad = (64 - total % 64) % 64;
  FILE *f = fopen(path, "wb");
  if (!f)
    return -1;
  unsigned short len = (unsigned short)(n + pad + 1);
  fwrite("\x93NUMPY\x01\x00", 1, 8, f);
  fwrite(&len, 2, 1, f);
  fwrite(header, 1, (size_t)n, f);
  for (int i = 0; i < pad; ++i)
    fputc(' ', f);
  fputc('\n', f);
  fwrite(t->data, 4, count, f);
  return fclose(f);
}

int main(int argc, char **argv) {
  const kiln_model_info *info = CAT(KILN_MODEL_PREFIX, _info)();
  if (argc != 2 + (int)info->n_inputs) {
    fprintf(stderr, "usage: %s OUTDIR <%zu input .npy files>\n", argv[0], info->n_inputs);
    return 2;
  }
  kiln_tensor inputs[8], outputs[8];
  memset(outputs, 0, sizeof outputs);
  for (size_t i = 0; i < info->n_inputs; ++i)
    if (read_npy(argv[2 + i], &inputs[i]) != 0) {
      fprintf(stderr, "cannot read %s\n", argv[2 + i]);
      return 2;
    }
  kiln_status status;
  if (CAT(KILN_MODEL_PREFIX, _run)(inputs, info->n_inputs, outputs, info->n_outputs, &status)) {
    fprintf(stderr, "run failed: %s\n", status.message);
    return 1;
  }
  for (size_t i = 0; i < info->n_outputs; ++i) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.npy", argv[1], info->outputs[i].name);
    if (write_npy(path, &outputs[i]) != 0)
      return 1;
    printf("%s:", info->outputs[i].name);
    for (int d = 0; d < outputs[i].rank; ++d)
      printf(" %lld", (long long)outputs[i].dims[d]);
    printf("\n");
    kiln_tensor_free(&outputs[i]);
  }
  return 0;
}
