//===- Attention.cpp - _mlir_ciface_kiln_rt_attention_f32 -----------------===//
//
// Checks a call against the contract in KilnRuntimeABI.h (a clear message
// for anything that does not match, never a crash), chooses the tiling,
// and runs the kernel (AttentionKernel.cpp, the build for the best
// instruction set of the CPU) over (batch, head, query block) tasks on the
// OpenMP runtime oneDNN uses. Tasks are independent; each thread owns one
// scratch buffer for all the tasks it runs.
//
//===----------------------------------------------------------------------===//
#include "AttentionPlan.h"
#include "KernelIsa.h"
#include "OperandChecks.h"
#include "RunContext.h"

#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

using namespace kiln::rt;

namespace {

constexpr int64_t kKnownFlags =
    KILN_ATTN_ADDITIVE_MASK | KILN_ATTN_BOOL_MASK | KILN_ATTN_ZERO_MASKED;

// Causal modes (kiln::CausalMode).
constexpr int64_t kCausalNone = 0, kCausalTopLeft = 1, kCausalBottomRight = 2;

// Tiling. Query blocks of 64 rows fill the widest register tiles (4 AVX-512
// vectors of queries) and amortize the copy of the block's queries over all
// keys; smaller ones only to give every thread a task. Key blocks of 64 keep
// the logit tile (16 KiB) and the V rows it weighs in L1/L2 while the online
// softmax rescales the output once per 64 keys.
constexpr int64_t kMaxQueryBlock = 64;
constexpr int64_t kKeyBlock = 64;

int64_t roundUp(int64_t x, int64_t multiple) {
  return (x + multiple - 1) / multiple * multiple;
}
int64_t ceilDiv(int64_t x, int64_t y) { return (x + y - 1) / y; }

/// The checked memrefs of a call; the mask stays empty without a mask flag.
struct Operands {
  StridedView query, key, value, mask, output;
  int64_t batch, queryHeads, kvHeads, queryLength, keyLength, depth, valueDepth;
};

Operands readOperands(kiln_unranked_memref *query, kiln_unranked_memref *key,
                      kiln_unranked_memref *value, kiln_unranked_memref *mask,
                      kiln_unranked_memref *output, int64_t causal,
                      int64_t flags) {
  if (flags & ~kKnownFlags)
    throw std::runtime_error("unknown flag bits " +
                             std::to_string(flags & ~kKnownFlags));
  if ((flags & KILN_ATTN_ADDITIVE_MASK) && (flags & KILN_ATTN_BOOL_MASK))
    throw std::runtime_error(
        "flags ADDITIVE_MASK and BOOL_MASK together (one mask operand)");
  if (causal != kCausalNone && causal != kCausalTopLeft &&
      causal != kCausalBottomRight)
    throw std::runtime_error("unknown causal mode " + std::to_string(causal) +
                             " (0 none, 1 top_left, 2 bottom_right)");

  Operands o;
  o.query = readOperand("query", query, sizeof(float));
  expectRank("query", o.query, 4, "[B, Hq, T, D]");
  o.batch = o.query.sizes[0];
  o.queryHeads = o.query.sizes[1];
  o.queryLength = o.query.sizes[2];
  o.depth = o.query.sizes[3];

  o.key = readOperand("key", key, sizeof(float));
  expectRank("key", o.key, 4, "[B, Hkv, S, D]");
  o.kvHeads = o.key.sizes[1];
  o.keyLength = o.key.sizes[2];
  expectShape("key", o.key, {o.batch, o.kvHeads, o.keyLength, o.depth},
              "[B, Hkv, S, D], B and D of the query");
  if (o.kvHeads == 0 ? o.queryHeads != 0 : o.queryHeads % o.kvHeads != 0)
    throw std::runtime_error(
        "query has " + std::to_string(o.queryHeads) + " heads, key " +
        std::to_string(o.kvHeads) +
        ": the query heads must be a multiple of the key/value heads");

  o.value = readOperand("value", value, sizeof(float));
  expectRank("value", o.value, 4, "[B, Hkv, S, Dv]");
  o.valueDepth = o.value.sizes[3];
  expectShape("value", o.value, {o.batch, o.kvHeads, o.keyLength, o.valueDepth},
              "[B, Hkv, S, Dv], B, Hkv and S of the key");

  o.output = readOperand("output", output, sizeof(float));
  expectShape("output", o.output,
              {o.batch, o.queryHeads, o.queryLength, o.valueDepth},
              "[B, Hq, T, Dv], B, Hq and T of the query, Dv of the value");
  expectNoOverlap("output", o.output);

  if (flags & (KILN_ATTN_ADDITIVE_MASK | KILN_ATTN_BOOL_MASK)) {
    const bool bytes = flags & KILN_ATTN_BOOL_MASK;
    o.mask = readOperand("mask", mask, bytes ? 1 : sizeof(float));
    const int64_t full[4] = {o.batch, o.queryHeads, o.queryLength, o.keyLength};
    bool broadcasts = o.mask.rank == 4;
    for (int i = 0; broadcasts && i < 4; ++i)
      broadcasts = o.mask.sizes[i] == full[i] || o.mask.sizes[i] == 1;
    if (!broadcasts)
      throw std::runtime_error(
          "mask has shape " + formatShape(o.mask.sizes, o.mask.rank) +
          ", expected rank 4 with each dim equal to that of [B, Hq, T, S] = " +
          formatShape(full, 4) + " or 1");
  }
  return o;
}

/// Rounds a float count up to whole 64-byte lines.
int64_t lines(int64_t floats) { return roundUp(floats, kAttentionAlign); }

AttentionScratchLayout scratchLayout(const AttentionPlan &plan) {
  const int64_t rows = plan.queryBlock, keys = plan.keyBlock;
  const int64_t dv = plan.paddedValueDepth;
  AttentionScratchLayout s;
  int64_t next = 0;
  auto take = [&](int64_t floats) {
    int64_t at = next;
    next += lines(floats);
    return at;
  };
  s.queryT = take(plan.depth * rows);
  s.scores = take(keys * rows);
  if (plan.maskKind != AttentionMask::None)
    s.mask = take(plan.maskStrides[2] != 0 ? keys * rows : keys);
  s.out = take(rows * dv);
  s.values = take(keys * dv);
  s.rowMax = take(rows);
  s.rowSum = take(rows);
  s.rowRescale = take(rows);
  s.blockMax = take(rows);
  s.floats = next;
  return s;
}

AttentionPlan makePlan(const Operands &o, float scale, float maskFill,
                       int64_t causal, int64_t flags, int threads) {
  AttentionPlan plan;
  plan.batch = o.batch;
  plan.queryHeads = o.queryHeads;
  plan.groupSize = o.queryHeads / o.kvHeads;
  plan.queryLength = o.queryLength;
  plan.keyLength = o.keyLength;
  plan.depth = o.depth;
  plan.valueDepth = o.valueDepth;
  plan.paddedValueDepth = roundUp(o.valueDepth, kAttentionAlign);
  plan.scale = scale;
  plan.maskFill = maskFill;
  plan.causal = causal != kCausalNone;
  plan.causalOffset =
      causal == kCausalBottomRight ? o.keyLength - o.queryLength : 0;
  plan.zeroMasked = flags & KILN_ATTN_ZERO_MASKED;

  plan.query = reinterpret_cast<const float *>(o.query.base);
  std::copy(o.query.strides, o.query.strides + 4, plan.queryStrides);
  plan.key = reinterpret_cast<const float *>(o.key.base);
  std::copy(o.key.strides, o.key.strides + 4, plan.keyStrides);
  plan.value = reinterpret_cast<const float *>(o.value.base);
  std::copy(o.value.strides, o.value.strides + 4, plan.valueStrides);
  plan.output = reinterpret_cast<float *>(o.output.base);
  std::copy(o.output.strides, o.output.strides + 4, plan.outputStrides);
  if (flags & (KILN_ATTN_ADDITIVE_MASK | KILN_ATTN_BOOL_MASK)) {
    plan.maskKind = (flags & KILN_ATTN_BOOL_MASK) ? AttentionMask::Bool
                                                  : AttentionMask::Additive;
    plan.mask = o.mask.base;
    // A dim of extent 1 broadcasts (also where the full dim is 1, where its
    // stride is never used).
    for (int i = 0; i < 4; ++i)
      plan.maskStrides[i] = o.mask.sizes[i] == 1 ? 0 : o.mask.strides[i];
  }

  // The largest query block that still gives every thread a task.
  const int64_t heads = o.batch * o.queryHeads;
  int64_t block =
      std::min(kMaxQueryBlock, roundUp(o.queryLength, kAttentionAlign));
  while (block > kAttentionAlign &&
         heads * ceilDiv(o.queryLength, block) < threads)
    block = roundUp(block / 2, kAttentionAlign);
  plan.queryBlock = block;
  plan.keyBlock = kKeyBlock;
  plan.queryBlocksPerHead = ceilDiv(o.queryLength, block);
  plan.tasks = heads * plan.queryBlocksPerHead;
  plan.scratch = scratchLayout(plan);
  return plan;
}

AttentionKernelFn selectKernel() {
  switch (selectKernelIsa("KILN_ATTENTION_ISA")) {
#if defined(KILN_X86_KERNELS)
  case KernelIsa::Avx512:
    return attentionKernelAvx512;
  case KernelIsa::Avx2:
    return attentionKernelAvx2;
#endif
  default:
    return attentionKernelGeneric;
  }
}

/// One thread's scratch memory, 64-byte aligned; empty when out of memory.
class Scratch {
public:
  explicit Scratch(int64_t floats)
      : memory(static_cast<float *>(std::aligned_alloc(
            64, size_t(lines(std::max<int64_t>(floats, 1))) * sizeof(float)))) {
  }
  float *get() const { return memory.get(); }

private:
  struct Free {
    void operator()(float *p) const { std::free(p); }
  };
  std::unique_ptr<float, Free> memory;
};

/// Runs every task, the tasks of each head in decreasing query block order
/// when causal: later blocks see more keys, and starting the long tasks
/// first keeps threads from idling at the end.
void runTasks(const AttentionPlan &plan, AttentionKernelFn kernel,
              int threads) {
  const int64_t blocks = plan.queryBlocksPerHead;
  auto taskAt = [&](int64_t i) {
    return plan.causal ? i / blocks * blocks + (blocks - 1 - i % blocks) : i;
  };
  const int team = int(std::min<int64_t>(plan.tasks, threads));
  if (team <= 1) {
    Scratch scratch(plan.scratch.floats);
    if (!scratch.get())
      throw std::bad_alloc();
    for (int64_t i = 0; i < plan.tasks; ++i)
      kernel(plan, scratch.get(), taskAt(i));
    return;
  }
  bool outOfMemory = false;
#pragma omp parallel num_threads(team) reduction(|| : outOfMemory)
  {
    Scratch scratch(plan.scratch.floats);
    outOfMemory = !scratch.get();
#pragma omp for schedule(dynamic, 1)
    for (int64_t i = 0; i < plan.tasks; ++i)
      if (scratch.get())
        kernel(plan, scratch.get(), taskAt(i));
  }
  if (outOfMemory)
    throw std::bad_alloc();
}

void attention(kiln_unranked_memref *query, kiln_unranked_memref *key,
               kiln_unranked_memref *value, kiln_unranked_memref *mask,
               kiln_unranked_memref *output, float scale, float maskFill,
               int64_t causal, int64_t flags) {
  Operands o = readOperands(query, key, value, mask, output, causal, flags);
  if (o.output.numElements() == 0)
    return; // nothing to write
  const int threads = std::max(1, omp_get_max_threads());
  AttentionPlan plan = makePlan(o, scale, maskFill, causal, flags, threads);
  runTasks(plan, selectKernel(), threads);
}

} // namespace

extern "C" void _mlir_ciface_kiln_rt_attention_f32(
    kiln_unranked_memref *query, kiln_unranked_memref *key,
    kiln_unranked_memref *value, kiln_unranked_memref *mask,
    kiln_unranked_memref *output, float scale, float mask_fill, int64_t causal,
    int64_t flags) {
  // No ctx parameter: errors go to the run executing on this thread.
  guardedCall(currentRun(), "attention", [&] {
    attention(query, key, value, mask, output, scale, mask_fill, causal, flags);
  });
}

// The compiler declares this entry point separately for i1 masks because one
// MLIR declaration has one mask element type; the ABI is identical (i1 memrefs
// hold one byte per element) and KILN_ATTN_BOOL_MASK in flags says which it is.
extern "C" void _mlir_ciface_kiln_rt_attention_bool_mask_f32(
    kiln_unranked_memref *query, kiln_unranked_memref *key,
    kiln_unranked_memref *value, kiln_unranked_memref *mask,
    kiln_unranked_memref *output, float scale, float mask_fill, int64_t causal,
    int64_t flags) {
  _mlir_ciface_kiln_rt_attention_f32(query, key, value, mask, output, scale,
                                     mask_fill, causal, flags);
}
