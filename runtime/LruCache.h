//===- LruCache.h - Small thread-safe LRU map -----------------------------===//
//
// Used to keep oneDNN primitives across calls. Values are shared_ptrs so an
// entry evicted by one thread stays alive while another still executes it.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_LRUCACHE_H
#define KILN_RUNTIME_LRUCACHE_H

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace kiln::rt {

template <typename Key, typename Value, typename Hash = std::hash<Key>>
class LruCache {
public:
  explicit LruCache(size_t capacity) : capacity(capacity) {}

  /// Returns the cached value for `key`, or builds it with `make()`. `make`
  /// runs outside the lock (building a primitive takes milliseconds); if two
  /// threads race on the same key, the first insertion wins.
  template <typename Make>
  std::shared_ptr<const Value> getOrCreate(const Key &key, Make &&make) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (auto hit = lookupLocked(key))
        return hit;
    }
    std::shared_ptr<const Value> built = make();
    std::lock_guard<std::mutex> lock(mutex);
    if (auto hit = lookupLocked(key))
      return hit;
    order.emplace_front(key, built);
    index.emplace(key, order.begin());
    if (order.size() > capacity) {
      index.erase(order.back().first);
      order.pop_back();
    }
    return built;
  }

  size_t size() const {
    std::lock_guard<std::mutex> lock(mutex);
    return order.size();
  }

private:
  using Entry = std::pair<Key, std::shared_ptr<const Value>>;

  std::shared_ptr<const Value> lookupLocked(const Key &key) {
    auto it = index.find(key);
    if (it == index.end())
      return nullptr;
    order.splice(order.begin(), order, it->second); // mark most recent
    return it->second->second;
  }

  size_t capacity;
  mutable std::mutex mutex;
  std::list<Entry> order; // most recently used first
  std::unordered_map<Key, typename std::list<Entry>::iterator, Hash> index;
};

} // namespace kiln::rt

#endif // KILN_RUNTIME_LRUCACHE_H
