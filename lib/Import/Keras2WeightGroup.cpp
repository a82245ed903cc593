//===- Keras2WeightGroup.cpp ----------------------------------------------===//

#include "kiln/Import/Keras2WeightGroup.h"
#include "Hdf5Support.h"
#include "kiln/Import/Hdf5File.h"
#include "kiln/Import/ImportError.h"

namespace kiln::import {

std::vector<NamedWeight> readKeras2WeightGroup(const Hdf5File &file,
                                               std::string_view groupPath) {
  std::string group = detail::canonicalHdf5Path(groupPath);
  if (!file.isGroup(group))
    throw ImportError(file.displayName(),
                      group + ": layer weight group does not exist");
  std::vector<NamedWeight> weights;
  for (std::string &name : file.stringListAttribute(group, "weight_names")) {
    // Names are paths relative to the layer group ("dense_1/kernel:0").
    std::string datasetPath = group + "/" + name;
    if (!file.isDataset(datasetPath))
      throw ImportError(file.displayName(),
                        group + ": weight_names lists '" + name +
                            "' but there is no dataset " +
                            detail::canonicalHdf5Path(datasetPath));
    WeightArray array = file.readArray(datasetPath);
    weights.push_back({std::move(name), std::move(array)});
  }
  return weights;
}

} // namespace kiln::import
