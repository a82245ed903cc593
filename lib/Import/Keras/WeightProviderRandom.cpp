//===- WeightProviderRandom.cpp - Seeded weights for bare configs ---------===//
//
// --random-weights SEED gives a config without a weights file deterministic
// values, so a model can be compiled and run before it is trained. The
// generator is simple enough to reproduce elsewhere (e.g. in numpy):
//
//   key    = "<qualified layer name>/<variable name>"     e.g. "dense_1/kernel"
//   state  = SEED xor FNV-1a-64(key)
//   for each element, row-major:
//     state += 0x9E3779B97F4A7C15; z = state
//     z = (z xor (z >> 30)) * 0xBF58476D1CE4E5B9
//     z = (z xor (z >> 27)) * 0x94D049BB133111EB
//     z =  z xor (z >> 31)                                 (splitmix64)
//     u = (z >> 40) / 2^24                                 in [0, 1)
//     value = 0.2 * u - 0.1                                in [-0.1, 0.1)
//   moving_variance gets 1 + value, so it stays positive.
//
//===----------------------------------------------------------------------===//

#include "WeightProvider.h"

#include "kiln/Import/ImportError.h"

namespace kiln::import {

namespace {

uint64_t fnv1a64(llvm::StringRef text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

uint64_t splitmix64(uint64_t &state) {
  state += 0x9E3779B97F4A7C15ULL;
  uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class RandomWeightProvider : public WeightProvider {
public:
  explicit RandomWeightProvider(uint64_t seed) : seed(seed) {}

  std::vector<WeightArray> load(const LayerEntry &layer,
                                llvm::ArrayRef<WeightSpec> specs) override {
    std::vector<WeightArray> arrays;
    for (const WeightSpec &spec : specs) {
      WeightArray array;
      array.shape.assign(spec.shape.begin(), spec.shape.end());
      std::string whyNot;
      std::optional<uint64_t> count = checkedElementCount(array.shape, whyNot);
      if (!count)
        throw ImportError("", "weight '" + spec.name + "' of shape " +
                                  shapeToString(array.shape) + ": " + whyNot);
      uint64_t state = seed ^ fnv1a64(layer.qualifiedName() + "/" + spec.name);
      float offset = spec.name == "moving_variance" ? 1.0f : 0.0f;
      array.data.resize(*count);
      for (float &value : array.data) {
        double u = static_cast<double>(splitmix64(state) >> 40) / double(1 << 24);
        value = offset + static_cast<float>(0.2 * u - 0.1);
      }
      arrays.push_back(std::move(array));
    }
    return arrays;
  }

private:
  uint64_t seed;
};

} // namespace

std::unique_ptr<WeightProvider> makeRandomWeightProvider(uint64_t seed) {
  return std::make_unique<RandomWeightProvider>(seed);
}

} // namespace kiln::import
