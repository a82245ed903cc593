//===- BufferPoolTest.cpp - The compiled bodies' heap functions -----------===//
#include "kiln/Runtime/KilnRuntimeABI.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

namespace {

bool alignedTo(void *p, uint64_t alignment) {
  return reinterpret_cast<uintptr_t>(p) % alignment == 0;
}

TEST(BufferPool, SmallAndLargeBlocksAreAlignedAndWritable) {
  for (uint64_t size : {uint64_t(0), uint64_t(1), uint64_t(100), uint64_t(1) << 20}) {
    void *p = _mlir_memref_to_llvm_alloc(size);
    ASSERT_NE(p, nullptr) << size;
    EXPECT_TRUE(alignedTo(p, 64)) << size;
    std::memset(p, 0x5a, size);
    _mlir_memref_to_llvm_free(p);
  }
}

TEST(BufferPool, HonoursLargerAlignments) {
  // Powers of two, as memref.alloc alignments are.
  for (uint64_t alignment : {uint64_t(16), uint64_t(128), uint64_t(4096)}) {
    void *p = _mlir_memref_to_llvm_aligned_alloc(alignment, 200 * 1024);
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE(alignedTo(p, alignment)) << alignment;
    std::memset(p, 1, 200 * 1024);
    _mlir_memref_to_llvm_free(p);
  }
}

TEST(BufferPool, ReusesAFreedLargeBlockOfTheSameSize) {
  kiln_release_cached_buffers();
  const uint64_t size = 3 << 20;
  void *first = _mlir_memref_to_llvm_alloc(size);
  _mlir_memref_to_llvm_free(first);
  void *second = _mlir_memref_to_llvm_alloc(size);
  EXPECT_EQ(first, second);
  // Held blocks are never handed out twice.
  void *third = _mlir_memref_to_llvm_alloc(size);
  EXPECT_NE(third, second);
  _mlir_memref_to_llvm_free(second);
  _mlir_memref_to_llvm_free(third);
  kiln_release_cached_buffers();
}

TEST(BufferPool, FreeingNullIsANoOp) { _mlir_memref_to_llvm_free(nullptr); }

} // namespace
