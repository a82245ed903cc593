//===- BufferPool.cpp - The compiled model's heap buffers, reused ---------===//
//
// Compiled models allocate their intermediate buffers through MLIR's generic
// allocation functions (finalize-memref-to-llvm{use-generic-functions}), and
// this file defines them. A model run allocates the same large buffers, of
// the same sizes, every time; glibc serves blocks that large with mmap and
// returns them to the kernel on free, so every run would fault in and clear
// fresh pages (a quarter of a batch-32 LSTM encoder-decoder's time, measured
// with perf). Large freed blocks are therefore kept, keyed by exact size,
// and handed out again, which is what the arenas of ONNX Runtime and
// PyTorch's caching allocator do too.
//
// Bounded: at most KILN_BUFFER_CACHE_MB (default 1024) MiB of free blocks
// are kept; 0 turns the cache off. kiln_release_cached_buffers() frees them.
//
//===----------------------------------------------------------------------===//
#include "Export.h"

#include <cstdint>
#include <cstdlib>
#include <map>
#include <mutex>
#include <new>
#include <vector>

namespace {

/// Each block starts with this header; the caller's pointer follows it at
/// `offset` bytes from the block's start (a multiple of the alignment).
struct BlockHeader {
  void *block;
  uint64_t capacity; // bytes usable from the caller's pointer
  uint64_t alignment;
  uint64_t magic;
};
constexpr uint64_t kMagic = 0x6b696c6e62756621ull; // "kilnbuf!"
constexpr uint64_t kDefaultAlignment = 64;          // a cache line, one zmm
/// Smaller blocks are glibc's fast bins' business, not worth caching.
constexpr uint64_t kMinCachedBytes = 64 * 1024;
constexpr uint64_t kPage = 4096;

uint64_t cacheLimitBytes() {
  static const uint64_t limit = [] {
    const char *setting = std::getenv("KILN_BUFFER_CACHE_MB");
    char *end = nullptr;
    unsigned long long mb = 1024;
    if (setting && *setting) {
      unsigned long long parsed = std::strtoull(setting, &end, 10);
      if (end && *end == '\0')
        mb = parsed;
    }
    return static_cast<uint64_t>(mb) << 20;
  }();
  return limit;
}

class BufferPool {
public:
  void *allocate(uint64_t alignment, uint64_t size) {
    if (alignment < kDefaultAlignment)
      alignment = kDefaultAlignment;
    if (alignment > (uint64_t(1) << 30))
      return nullptr;
    uint64_t power = kDefaultAlignment;
    while (power < alignment)
      power <<= 1;
    alignment = power;
    const uint64_t capacity = roundedCapacity(size);
    if (void *p = takeCached(alignment, capacity))
      return p;
    const uint64_t offset = (sizeof(BlockHeader) + alignment - 1) / alignment * alignment;
    if (capacity > UINT64_MAX - offset - alignment)
      return nullptr;
    void *block = std::malloc(offset + capacity + alignment);
    if (!block)
      return nullptr;
    auto start = reinterpret_cast<uintptr_t>(block);
    uintptr_t user = (start + offset + alignment - 1) / alignment * alignment;
    auto *header = reinterpret_cast<BlockHeader *>(user) - 1;
    *header = {block, capacity, alignment, kMagic};
    return reinterpret_cast<void *>(user);
  }

  void release(void *p) {
    if (!p)
      return;
    BlockHeader *header = reinterpret_cast<BlockHeader *>(p) - 1;
    if (header->magic != kMagic)
      std::abort(); // not ours: freeing it would corrupt the heap
    if (header->capacity >= kMinCachedBytes) {
      std::lock_guard<std::mutex> lock(mutex);
      if (cachedBytes + header->capacity <= cacheLimitBytes()) {
        free[{header->capacity, header->alignment}].push_back(p);
        cachedBytes += header->capacity;
        return;
      }
    }
    header->magic = 0;
    std::free(header->block);
  }

  void releaseAll() {
    std::lock_guard<std::mutex> lock(mutex);
    for (auto &[key, blocks] : free)
      for (void *p : blocks) {
        BlockHeader *header = reinterpret_cast<BlockHeader *>(p) - 1;
        header->magic = 0;
        std::free(header->block);
      }
    free.clear();
    cachedBytes = 0;
  }

private:
  static uint64_t roundedCapacity(uint64_t size) {
    if (size < kMinCachedBytes)
      return size == 0 ? 1 : size;
    // Page granularity: sizes that differ by a few bytes (a dynamic dim's
    // padding) share blocks.
    return size > UINT64_MAX - kPage ? size : (size + kPage - 1) / kPage * kPage;
  }

  void *takeCached(uint64_t alignment, uint64_t capacity) {
    if (capacity < kMinCachedBytes)
      return nullptr;
    std::lock_guard<std::mutex> lock(mutex);
    auto it = free.find({capacity, alignment});
    if (it == free.end() || it->second.empty())
      return nullptr;
    void *p = it->second.back();
    it->second.pop_back();
    cachedBytes -= capacity;
    return p;
  }

  std::mutex mutex;
  std::map<std::pair<uint64_t, uint64_t>, std::vector<void *>> free;
  uint64_t cachedBytes = 0;
};

BufferPool &pool() {
  // Never destroyed: a model may still free buffers from another thread or a
  // static destructor while the process exits.
  static BufferPool *instance = new BufferPool;
  return *instance;
}

} // namespace

extern "C" void *_mlir_memref_to_llvm_alloc(uint64_t size) {
  return pool().allocate(kDefaultAlignment, size);
}

extern "C" void *_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size) {
  return pool().allocate(alignment, size);
}

extern "C" void _mlir_memref_to_llvm_free(void *ptr) { pool().release(ptr); }

extern "C" void kiln_release_cached_buffers(void) { pool().releaseAll(); }
