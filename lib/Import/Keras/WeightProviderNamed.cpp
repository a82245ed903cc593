//===- WeightProviderNamed.cpp - Keras 2 h5 and TF.js weights by name -----===//
//
// Keras 2 .h5 files (spec §1b) keep each top-level layer's weights in a group
// named after the layer, listed by `weight_names` ("dense/kernel:0",
// "lstm/lstm_cell/kernel:0"); TF.js manifests (§1c) hold the same names
// without ":0" in one flat list. Weights are matched by their leaf name and
// the layer's name among the scope components, never by position: the legacy
// order interleaves sub-layers and nested models (§4.11).
//
//===----------------------------------------------------------------------===//

#include "WeightProvider.h"

#include "kiln/Import/ImportError.h"
#include "kiln/Import/Keras2WeightGroup.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"

namespace kiln::import {

namespace {

/// "dense_1/kernel:0" -> components {"dense_1", "kernel"}.
llvm::SmallVector<llvm::StringRef> nameComponents(llvm::StringRef name) {
  size_t colon = name.rfind(':');
  if (colon != llvm::StringRef::npos &&
      llvm::all_of(name.substr(colon + 1), llvm::isDigit) && colon + 1 < name.size())
    name = name.take_front(colon);
  llvm::SmallVector<llvm::StringRef> parts;
  name.split(parts, '/', -1, /*KeepEmpty=*/false);
  return parts;
}

/// A set of named weights, each taken at most once.
class NamedWeightPool {
public:
  explicit NamedWeightPool(std::vector<NamedWeight> weights)
      : weights(std::move(weights)), used(this->weights.size(), false) {}

  /// The unused weight with leaf `leaf` that belongs to layer `layer`. With
  /// `anyScope`, every weight of the pool belongs to the layer (a Keras 2
  /// group of a top-level layer); otherwise `layer` must be one of the scope
  /// components, preferably the last one (TF.js drops the second-to-last
  /// component as a fallback, §1c, which this covers).
  /// A `leaf` of the form "<sub-layer>/<leaf>" also requires the sub-layer
  /// among the components before the leaf ("mha/query/kernel:0"); the layer
  /// is then looked for before it.
  const WeightArray *take(llvm::StringRef layer, llvm::StringRef leaf, bool anyScope) {
    auto [sublayer, leafName] = leaf.contains('/') ? leaf.rsplit('/')
                                                   : std::make_pair(llvm::StringRef(), leaf);
    int best = -1, bestRank = 0;
    for (size_t i = 0; i < weights.size(); ++i) {
      if (used[i])
        continue;
      auto parts = nameComponents(weights[i].name);
      if (parts.empty() || parts.back() != leafName)
        continue;
      auto scope = llvm::ArrayRef(parts).drop_back();
      if (!sublayer.empty()) {
        // The sub-layer's own scope may follow it
        // ("bidirectional/forward_lstm/lstm_cell/kernel:0").
        auto at = llvm::find(llvm::reverse(scope), sublayer);
        if (at == scope.rend())
          continue;
        scope = scope.take_front(std::distance(at, scope.rend()) - 1);
      }
      int rank = 0;
      if (!scope.empty() && scope.back() == layer)
        rank = 3;
      else if (llvm::is_contained(scope, layer))
        rank = 2;
      else if (anyScope)
        rank = 1;
      if (rank > bestRank) {
        best = static_cast<int>(i);
        bestRank = rank;
      }
    }
    if (best < 0)
      return nullptr;
    used[best] = true;
    return &weights[best].array;
  }

  /// Names of the weights nobody took; with `layer`, only those directly
  /// scoped by it ("<layer>/<leaf>").
  std::vector<std::string> unused(llvm::StringRef layer = {}) const {
    std::vector<std::string> names;
    for (size_t i = 0; i < weights.size(); ++i) {
      if (used[i])
        continue;
      auto parts = nameComponents(weights[i].name);
      if (layer.empty() || (parts.size() >= 2 && parts[parts.size() - 2] == layer))
        names.push_back(weights[i].name);
    }
    return names;
  }

  std::string describe() const {
    std::string names;
    for (const NamedWeight &w : weights)
      names += (names.empty() ? "" : ", ") + w.name;
    return names.empty() ? "none" : names;
  }

private:
  std::vector<NamedWeight> weights;
  std::vector<bool> used;
};

std::string quoteList(const std::vector<std::string> &names) {
  std::string text;
  for (const std::string &n : names)
    text += (text.empty() ? "'" : ", '") + n + "'";
  return text;
}

class Keras2WeightProvider : public WeightProvider {
public:
  Keras2WeightProvider(Hdf5File file, std::string rootGroup)
      : file(std::move(file)), root(std::move(rootGroup)) {
    if (root.empty() || root.back() != '/')
      root += '/';
  }

  std::vector<WeightArray> load(const LayerEntry &layer,
                                llvm::ArrayRef<WeightSpec> specs) override {
    std::vector<WeightArray> arrays;
    if (layer.synthesized)
      return arrays;
    // A nested model's weights all sit in the group of its outermost model.
    bool nested = !layer.scope.empty();
    const std::string &groupName = nested ? layer.scope.front() : layer.name;
    std::string groupPath = root + groupName;
    if (!file.isGroup(groupPath)) {
      if (specs.empty())
        return arrays;
      fail("missing weight '" + specs.front().name + "': the file has no group " +
           groupPath);
    }
    NamedWeightPool &pool = group(groupPath);
    for (const WeightSpec &spec : specs) {
      const WeightArray *array = pool.take(layer.name, spec.name, !nested);
      if (!array)
        fail("missing weight '" + spec.name + "' in group " + groupPath +
             " (it holds: " + pool.describe() + ")");
      arrays.push_back(*array);
    }
    // Leftovers in a top-level layer's own group, or named after this layer
    // inside a nested model's group, belong to it but were not expected.
    std::vector<std::string> extra = nested ? pool.unused(layer.name) : pool.unused();
    if (!extra.empty())
      fail("unexpected weight(s) " + quoteList(extra) + " in group " + groupPath);
    return arrays;
  }

  void finish() override {
    for (auto &entry : groups) {
      std::vector<std::string> extra = entry.second.unused();
      if (!extra.empty())
        throw ImportError(file.displayName(),
                          "weight(s) " + quoteList(extra) + " in group " +
                              entry.first().str() + " match no layer of the model");
    }
  }

private:
  NamedWeightPool &group(const std::string &path) {
    auto it = groups.find(path);
    if (it == groups.end())
      it = groups.try_emplace(path, readKeras2WeightGroup(file, path)).first;
    return it->second;
  }

  [[noreturn]] void fail(const std::string &reason) const {
    throw ImportError(file.displayName(), reason);
  }

  Hdf5File file;
  std::string root;
  llvm::StringMap<NamedWeightPool> groups;
};

class TfjsWeightProvider : public WeightProvider {
public:
  TfjsWeightProvider(std::vector<NamedWeight> weights, std::string displayName)
      : pool(std::move(weights)), displayName(std::move(displayName)) {}

  std::vector<WeightArray> load(const LayerEntry &layer,
                                llvm::ArrayRef<WeightSpec> specs) override {
    std::vector<WeightArray> arrays;
    for (const WeightSpec &spec : specs) {
      const WeightArray *array = pool.take(layer.name, spec.name, /*anyScope=*/false);
      if (!array)
        throw ImportError(displayName, "missing weight '" + spec.name +
                                           "': no manifest entry named '" + layer.name +
                                           "/" + spec.name + "'");
      arrays.push_back(*array);
    }
    std::vector<std::string> extra = pool.unused(layer.name);
    if (!extra.empty())
      throw ImportError(displayName, "unexpected weightsManifest entries " +
                                         quoteList(extra));
    return arrays;
  }

  void finish() override {
    std::vector<std::string> extra = pool.unused();
    if (!extra.empty())
      throw ImportError(displayName, "weightsManifest entries " + quoteList(extra) +
                                         " match no layer of the model");
  }

private:
  NamedWeightPool pool;
  std::string displayName;
};

} // namespace

std::unique_ptr<WeightProvider> makeKeras2WeightProvider(Hdf5File file,
                                                         std::string rootGroup) {
  return std::make_unique<Keras2WeightProvider>(std::move(file), std::move(rootGroup));
}

std::unique_ptr<WeightProvider>
makeTfjsWeightProvider(std::vector<NamedWeight> weights, std::string displayName) {
  return std::make_unique<TfjsWeightProvider>(std::move(weights), std::move(displayName));
}

} // namespace kiln::import
