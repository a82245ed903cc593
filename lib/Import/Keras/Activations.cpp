//===- Activations.cpp - Keras activation names -> ActivationKind ---------===//
//
// spec §2.4 and §4.1/§4.2: `gelu` is exact everywhere, TF.js `gelu_new` is
// the tanh approximation; `swish` is Keras 2's name for silu; `hard_sigmoid`
// has a Keras 2 / TF.js formula and a Keras 3 one.
//
//===----------------------------------------------------------------------===//

#include "LayerContext.h"

#include "llvm/ADT/StringSwitch.h"

using nlohmann::json;

namespace kiln::import {

std::optional<keras::ActivationKind> activationKindForName(llvm::StringRef name,
                                                           bool keras2) {
  using K = keras::ActivationKind;
  if (name == "hard_sigmoid")
    return keras2 ? K::hard_sigmoid_keras2 : K::hard_sigmoid;
  return llvm::StringSwitch<std::optional<K>>(name)
      .Case("linear", K::linear)
      .Case("relu", K::relu)
      .Case("relu6", K::relu6)
      .Case("leaky_relu", K::leaky_relu)
      .Case("elu", K::elu)
      .Case("selu", K::selu)
      .Case("gelu", K::gelu)
      .Case("gelu_new", K::gelu_approximate)
      .Case("sigmoid", K::sigmoid)
      .Cases({"hard_silu", "hard_swish"}, K::hard_silu)
      .Case("tanh", K::tanh)
      .Case("softmax", K::softmax)
      .Case("log_softmax", K::log_softmax)
      .Cases({"silu", "swish"}, K::silu)
      .Case("softplus", K::softplus)
      .Case("softsign", K::softsign)
      .Case("exponential", K::exponential)
      .Case("mish", K::mish)
      .Case("celu", K::celu)
      .Case("squareplus", K::squareplus)
      .Case("soft_shrink", K::soft_shrink)
      .Case("hard_shrink", K::hard_shrink)
      .Case("tanh_shrink", K::tanh_shrink)
      .Case("hard_tanh", K::hard_tanh)
      .Case("sparse_plus", K::sparse_plus)
      .Case("sparse_sigmoid", K::sparse_sigmoid)
      .Case("log_sigmoid", K::log_sigmoid)
      .Case("sparsemax", K::sparsemax)
      .Default(std::nullopt);
}

keras::ActivationKind LayerContext::activation(llvm::StringRef key) const {
  const json *value = member(key);
  if (!value)
    return keras::ActivationKind::linear;
  std::string name;
  if (value->is_string()) {
    name = value->get<std::string>();
  } else if (value->is_object()) {
    // Keras 3 writes a plain function as {"module": "keras.activations",
    // "class_name": "function", "config": "<name>"}; anything else is a
    // user-defined callable.
    auto config = value->find("config");
    auto className = value->find("class_name");
    auto module = value->find("module");
    bool builtin = className != value->end() && *className == "function" &&
                   config != value->end() && config->is_string() &&
                   module != value->end() && module->is_string() &&
                   llvm::StringRef(module->get<std::string>()).contains("activations");
    if (!builtin)
      fail("custom activation " + value->dump() + " is not supported");
    name = config->get<std::string>();
  } else {
    pathOf(key).fail("expected an activation name");
  }
  if (name == "glu") {
    // glu halves the last axis, so it is its own op (keras.glu), applied to
    // the layer's output by finishActivation().
    gluActivation = true;
    return keras::ActivationKind::linear;
  }
  std::optional<keras::ActivationKind> kind = activationKindForName(name, keras2());
  if (!kind)
    fail("unknown activation '" + name + "'");
  return *kind;
}

mlir::Value LayerContext::finishActivation(mlir::Value output) {
  if (!gluActivation)
    return output;
  keras::ShapeOrError shape = keras::gluShape(shapeOf(output));
  if (!shape.ok())
    fail(shape.error);
  return keras::GluOp::create(builder(), loc(), resultType(shape), output);
}

} // namespace kiln::import
