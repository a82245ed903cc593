//===- WeightProviderKeras3.cpp - Keras 3 class-based weight paths --------===//
//
// model.weights.h5 / *.weights.h5 (spec §1a): a layer's variables are the
// datasets "0", "1", ... of "<path>/vars", where <path> comes from the layer's
// class and position (ModelConfig.cpp), never from its name.
//
//===----------------------------------------------------------------------===//

#include "WeightProvider.h"

#include "kiln/Import/ImportError.h"

namespace kiln::import {

WeightProvider::~WeightProvider() = default;

namespace {

class Keras3WeightProvider : public WeightProvider {
public:
  explicit Keras3WeightProvider(Hdf5File file) : file(std::move(file)) {
    // .keras files from tf.keras 2.13-2.15 name the top-level list
    // `_layer_checkpoint_dependencies` (spec §1a step 7).
    if (!this->file.exists("layers") &&
        this->file.exists("_layer_checkpoint_dependencies"))
      topLevelList = "_layer_checkpoint_dependencies";
  }

  std::vector<WeightArray> load(const LayerEntry &layer,
                                llvm::ArrayRef<WeightSpec> specs) override {
    std::vector<WeightArray> arrays;
    if (layer.keras3Path.empty()) {
      if (!specs.empty())
        fail("has no place in the Keras 3 weights layout");
      return arrays;
    }
    // Sub-layer variables live in their own "<path>/<sub>/vars" groups.
    std::vector<WeightSpec> own;
    for (const WeightSpec &spec : specs)
      if (spec.keras3Groups.empty())
        own.push_back(spec);
    arrays = loadGroup("/" + rooted(layer.keras3Path) + "/vars", own);
    for (size_t i = 0; i < specs.size();) {
      if (specs[i].keras3Groups.empty()) {
        ++i;
        continue;
      }
      size_t end = i;
      while (end < specs.size() && specs[end].keras3Groups == specs[i].keras3Groups)
        ++end;
      std::string group;
      for (const std::string &candidate : specs[i].keras3Groups) {
        std::string path = "/" + rooted(layer.keras3Path) + "/" + candidate + "/vars";
        if (file.isGroup(path)) {
          group = path;
          break;
        }
      }
      if (group.empty())
        fail("missing weight '" + specs[i].name + "': the weights file has no group /" +
             rooted(layer.keras3Path) + "/" + specs[i].keras3Groups.front() + "/vars");
      std::vector<WeightArray> part = loadGroup(group, specs.slice(i, end - i));
      arrays.insert(arrays.end(), part.begin(), part.end());
      i = end;
    }
    if (arrays.size() == specs.size() && !own.empty() && own.size() != specs.size()) {
      // Own variables first in `arrays`; restore the order of `specs`.
      std::vector<WeightArray> ordered;
      size_t nextOwn = 0, nextSub = own.size();
      for (const WeightSpec &spec : specs)
        ordered.push_back(arrays[spec.keras3Groups.empty() ? nextOwn++ : nextSub++]);
      arrays = std::move(ordered);
    }
    return arrays;
  }

private:
  std::vector<WeightArray> loadGroup(const std::string &group,
                                     llvm::ArrayRef<WeightSpec> specs) {
    std::vector<WeightArray> arrays;
    if (!file.isGroup(group)) {
      if (specs.empty())
        return arrays;
      fail("missing weight '" + specs.front().name + "': the weights file has no group " +
           group + " (Keras 3 weights are matched by layer class and order)");
    }
    for (size_t i = 0; i < specs.size(); ++i) {
      std::string dataset = group + "/" + std::to_string(i);
      if (!file.isDataset(dataset))
        fail("missing weight '" + specs[i].name + "' (no dataset " + dataset + ")");
      arrays.push_back(file.readArray(dataset));
    }
    for (const std::string &child : file.children(group)) {
      bool expected = false;
      for (size_t i = 0; i < specs.size(); ++i)
        expected |= child == std::to_string(i);
      if (!expected)
        fail("unexpected weight " + group + "/" + child + " (the layer has " +
             std::to_string(specs.size()) + " weight(s))");
    }
    return arrays;
  }

  /// Applies the tf.keras fallback to the first path component.
  std::string rooted(const std::string &path) const {
    if (topLevelList == "layers" || path.rfind("layers/", 0) != 0)
      return path;
    return topLevelList + path.substr(6);
  }

  [[noreturn]] void fail(const std::string &reason) const {
    throw ImportError(file.displayName(), reason);
  }

  Hdf5File file;
  std::string topLevelList = "layers";
};

} // namespace

std::unique_ptr<WeightProvider> makeKeras3WeightProvider(Hdf5File file) {
  return std::make_unique<Keras3WeightProvider>(std::move(file));
}

} // namespace kiln::import
