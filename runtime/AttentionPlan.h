//===- AttentionPlan.h - A checked kiln_rt_attention_f32 call -------------===//
//
// Attention.cpp checks a call against the ABI contract and turns it into an
// AttentionPlan: raw pointers and strides, the tiling, and where each piece
// of a thread's scratch memory lies. The kernel (AttentionKernel.cpp) then
// computes one task, a block of query rows of one (batch, head), at a time.
//
// The kernel is compiled once per instruction set, and those builds include
// this header: it must declare only plain data and out-of-line functions (an
// inline function defined here would get an AVX-512 copy in one object, and
// the linker could pick that copy for the generic code).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_ATTENTIONPLAN_H
#define KILN_RUNTIME_ATTENTIONPLAN_H

#include <cstdint>

namespace kiln::rt {

/// Query blocks and the padded value depth are multiples of this many
/// floats (64 bytes): a multiple of every build's vector width, so that the
/// plan does not depend on the build and scratch rows stay 64-byte aligned.
constexpr int64_t kAttentionAlign = 16;

enum class AttentionMask : int8_t {
  None,
  Additive, // f32, added to the scaled logits
  Bool,     // bytes, nonzero = keep
};

/// Offsets (in floats, each a multiple of kAttentionAlign) of the pieces of
/// one thread's scratch buffer, and its total size.
struct AttentionScratchLayout {
  int64_t queryT = 0; // [depth, queryBlock]: scale * Q^T of the block
  int64_t scores = 0; // [keyBlock, queryBlock]: logits, then weights
  int64_t mask = 0;   // [keyBlock, queryBlock] or [keyBlock]: the mask tile
  int64_t out = 0;    // [queryBlock, paddedValueDepth]: unnormalized output
  int64_t values = 0; // [keyBlock, paddedValueDepth]: V block, when copied
  int64_t rowMax = 0, rowSum = 0, rowRescale = 0, blockMax = 0; // [queryBlock]
  int64_t floats = 0;
};

struct AttentionPlan {
  int64_t batch = 0, queryHeads = 0;
  int64_t groupSize = 1; // Hq / Hkv: query head h reads kv head h / groupSize
  int64_t queryLength = 0, keyLength = 0; // T, S
  int64_t depth = 0, valueDepth = 0;      // D, Dv
  int64_t paddedValueDepth = 0;           // Dv rounded up to kAttentionAlign
  float scale = 1.f, maskFill = 0.f;
  /// Key j is visible to query i iff j <= i + causalOffset (0 for top_left,
  /// S - T for bottom_right); every key is visible when !causal.
  bool causal = false;
  int64_t causalOffset = 0;
  AttentionMask maskKind = AttentionMask::None;
  bool zeroMasked = false;

  // Operands: base pointers with the memref offset applied, strides in
  // elements, dims in the order of the contract. Mask dims of extent 1
  // broadcast: their stride is 0 here.
  const float *query = nullptr; // [B, Hq, T, D]
  int64_t queryStrides[4] = {};
  const float *key = nullptr; // [B, Hkv, S, D]
  int64_t keyStrides[4] = {};
  const float *value = nullptr; // [B, Hkv, S, Dv]
  int64_t valueStrides[4] = {};
  const void *mask = nullptr; // float or int8 per maskKind, null for None
  int64_t maskStrides[4] = {};
  float *output = nullptr; // [B, Hq, T, Dv]
  int64_t outputStrides[4] = {};

  // Tiling: a task is queryBlock rows of one (batch, head); it visits the
  // keys keyBlock at a time.
  int64_t queryBlock = 0; // a multiple of kAttentionAlign
  int64_t keyBlock = 0;
  int64_t queryBlocksPerHead = 0;
  int64_t tasks = 0; // batch * queryHeads * queryBlocksPerHead
  AttentionScratchLayout scratch;
};

/// Computes task `task` (< plan.tasks) and writes its output rows. `scratch`
/// is 64-byte aligned and holds plan.scratch.floats floats; its contents on
/// entry do not matter. Never throws: it runs inside OpenMP regions.
using AttentionKernelFn = void (*)(const AttentionPlan &plan, float *scratch,
                                   int64_t task);

/// One build of AttentionKernel.cpp per instruction set.
void attentionKernelGeneric(const AttentionPlan &plan, float *scratch,
                            int64_t task);
void attentionKernelAvx2(const AttentionPlan &plan, float *scratch,
                         int64_t task);
void attentionKernelAvx512(const AttentionPlan &plan, float *scratch,
                           int64_t task);

} // namespace kiln::rt

#endif // KILN_RUNTIME_ATTENTIONPLAN_H
