//===- WeightProvider.h - Per-format weight lookup ---------------*- C++ -*-===//
//
// Each weights format names a layer's variables differently (spec §1a-§1d):
// Keras 3 by class-based path and position, Keras 2 h5 by layer group and
// variable leaf name, TF.js by manifest name. A layer builder asks for its
// weights once, as an ordered list of (Keras variable name, expected shape);
// the provider finds them, and reports missing and unexpected ones. The
// caller checks the shapes, so every format gets the same shape message.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_IMPORT_KERAS_WEIGHTPROVIDER_H
#define KILN_LIB_IMPORT_KERAS_WEIGHTPROVIDER_H

#include "ModelGraph.h"

#include "kiln/Import/Hdf5File.h"
#include "kiln/Import/WeightArray.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <string>
#include <vector>

namespace kiln::import {

/// One variable of a layer, in the layer's Keras variable order.
struct WeightSpec {
  WeightSpec(std::string name, llvm::ArrayRef<int64_t> shape)
      : name(std::move(name)), shape(shape.begin(), shape.end()) {}

  /// A variable of a sub-layer (MultiHeadAttention's projections): `name` is
  /// "<legacy sub-layer name>/<leaf>" ("query/kernel", as Keras 2 h5 and
  /// TF.js name it, spec §1b), and `keras3Groups` lists the candidate Keras 3
  /// sub-groups of the layer path, first found wins ("query_dense",
  /// "_query_dense"; spec §1a). Variables of one sub-layer are consecutive.
  static WeightSpec sublayer(std::string legacySublayer, std::string leaf,
                             llvm::ArrayRef<int64_t> shape,
                             llvm::ArrayRef<std::string> keras3Groups) {
    WeightSpec spec(legacySublayer + "/" + leaf, shape);
    spec.keras3Groups.assign(keras3Groups.begin(), keras3Groups.end());
    return spec;
  }

  std::string name;                    ///< "kernel", "bias", "gamma", ...
  llvm::SmallVector<int64_t, 4> shape; ///< what the config implies
  llvm::SmallVector<std::string, 2> keras3Groups; ///< empty: the layer's own vars
};

class WeightProvider {
public:
  virtual ~WeightProvider();

  /// The arrays for `specs`, in order (shapes unchecked). Called at most once
  /// per layer, also with no specs for weightless layers so that a format
  /// can flag weights the layer should not have. Throws ImportError with a
  /// reason that does not name the layer (the caller adds it).
  virtual std::vector<WeightArray> load(const LayerEntry &layer,
                                        llvm::ArrayRef<WeightSpec> specs) = 0;

  /// Called once after the model is built: reports weights that matched no
  /// layer, where the format can tell.
  virtual void finish() {}
};

/// Keras 3 layout: /layers/<path>/vars/<i> (.keras member or .weights.h5).
std::unique_ptr<WeightProvider> makeKeras3WeightProvider(Hdf5File file);

/// Keras 2 layout: one group per top-level layer under `rootGroup`
/// ("/model_weights" in a full-model file, "/" for save_weights files),
/// matched by variable leaf name.
std::unique_ptr<WeightProvider> makeKeras2WeightProvider(Hdf5File file,
                                                         std::string rootGroup);

/// TF.js: the decoded weightsManifest, matched by name.
std::unique_ptr<WeightProvider>
makeTfjsWeightProvider(std::vector<NamedWeight> weights, std::string displayName);

/// Deterministic pseudo-random values (see WeightProviderRandom.cpp).
std::unique_ptr<WeightProvider> makeRandomWeightProvider(uint64_t seed);

} // namespace kiln::import

#endif // KILN_LIB_IMPORT_KERAS_WEIGHTPROVIDER_H
