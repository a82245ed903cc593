#!/usr/bin/python3
"""Models for the mask-propagation tests (test/Import/masks-keras{2,3}.test).

Usage: models.py {keras3|keras2} OUT_DIR

Writes into OUT_DIR:
  masks.json, masks.weights.h5   a bare functional config (Keras 3 envelope, or
                                 tf.keras 2.15 to_json) and its weights (Keras 3
                                 .weights.h5, or Keras 2 save_weights layout)
  ids_a.npy, ids_b.npy, seq.npy  int32 ids with zero padding (also inside the
                                 rows), and an unmasked float32 sequence
  expected_<output>.npy          per model output, a float64 NumPy evaluation,
                                 cast to float32

The model: a shared Embedding(10, 4, mask_zero=True) on ids_a and ids_b, then
merges and Concatenates of masked and unmasked sequences, each pooled by a
masked GlobalAveragePooling1D. The reference applies masks the way Keras'
own code does (shared/spec/keras-models.md §2.0, §2.10, §2.11, §2.18, and
tf.keras 2 layers/merging/base_merge.py, concatenate.py):
  merges   Keras 3: OR of the masks if every input has one, else none;
           Keras 2: AND of the masks present;
  Rescaling  passes the mask on in Keras 3, drops it in Keras 2;
  Concatenate: unmasked inputs get all-True masks; each mask gets a last axis
           (Keras 3 broadcasts it to the input's shape), the masks are joined
           along the layer's axis and reduced over the last axis, Keras 3 with
           any, Keras 2 with all.
"""
import json
import os
import sys

import h5py
import numpy as np

IDS_A = [[3, 0, 4, 1, 0], [5, 9, 2, 6, 5], [7, 0, 0, 0, 0]]
IDS_B = [[2, 7, 0, 5, 0], [1, 8, 2, 8, 0], [4, 5, 9, 0, 0]]
VOCAB, WIDTH = 10, 4


class Model:
    """Collects layer entries in either config dialect, and evaluates them."""

    def __init__(self, keras2):
        self.keras2 = keras2
        self.layers = []
        self.calls = {}      # layer name -> number of calls so far
        self.values = {}     # (layer, node) -> (value, mask)
        self.inputs, self.outputs = [], []

    def _ref(self, layer, node):
        if self.keras2:
            return [layer, node, 0, {}]
        return {"class_name": "__keras_tensor__",
                "config": {"shape": None, "dtype": None, "keras_history": [layer, node, 0]}}

    def input(self, name, shape, dtype, value):
        key = "batch_input_shape" if self.keras2 else "batch_shape"
        self.layers.append({"class_name": "InputLayer", "name": name, "inbound_nodes": [],
                            "config": {"name": name, key: shape, "dtype": dtype}})
        self.inputs.append([name, 0, 0])
        self.values[(name, 0)] = (value, None)
        return (name, 0)

    def call(self, cls, name, config, args, fn, is_list=False):
        """Calls layer `name` (created on its first call) on tensors `args`;
        fn(values, masks) returns (value, mask)."""
        refs = [self._ref(*a) for a in args]
        if self.keras2:
            node = refs
        else:
            node = {"args": [refs] if is_list else refs, "kwargs": {}}
        node_index = self.calls.get(name, 0)
        if node_index == 0:
            self.layers.append({"class_name": cls, "name": name, "inbound_nodes": [node],
                                "config": {"name": name, "dtype": "float32", **config}})
        else:
            next(l for l in self.layers if l["name"] == name)["inbound_nodes"].append(node)
        self.calls[name] = node_index + 1
        values = [self.values[a][0] for a in args]
        masks = [self.values[a][1] for a in args]
        self.values[(name, node_index)] = fn(values, masks)
        return (name, node_index)

    def output(self, tensor):
        self.outputs.append([tensor[0], tensor[1], 0])

    def envelope(self):
        config = {"name": "masks", "layers": self.layers, "input_layers": self.inputs,
                  "output_layers": self.outputs}
        if self.keras2:
            return {"class_name": "Functional", "config": config, "keras_version": "2.15.0",
                    "backend": "tensorflow"}
        return {"module": "keras.src.models.functional", "class_name": "Functional",
                "config": config, "registered_name": "Functional"}


def merge_mask(keras2, masks):
    present = [m for m in masks if m is not None]
    if keras2:
        return np.all(np.stack(present), axis=0) if present else None
    if len(present) != len(masks):
        return None
    return np.any(np.stack(present), axis=0)


def concatenate_mask(keras2, xs, masks, axis):
    if all(m is None for m in masks):
        return None
    parts = []
    for x, m in zip(xs, masks):
        if m is None:
            parts.append(np.ones(x.shape, dtype=bool))
        elif keras2:
            parts.append(m[..., None])
        else:
            parts.append(np.broadcast_to(m[..., None], x.shape))
    joined = np.concatenate(parts, axis=axis)
    return np.all(joined, axis=-1) if keras2 else np.any(joined, axis=-1)


def gap(values, masks):
    x, m = values[0], masks[0]
    if m is None:
        return x.mean(axis=1), None
    w = m[..., None].astype(np.float64)
    return (x * w).sum(axis=1) / w.sum(axis=1), None


def build(keras2, rng):
    table = rng.standard_normal((VOCAB, WIDTH))
    kernel = rng.standard_normal((WIDTH, WIDTH))
    bias = rng.standard_normal(WIDTH)
    ids_a = np.array(IDS_A, dtype=np.int32)
    ids_b = np.array(IDS_B, dtype=np.int32)
    seq = rng.standard_normal(ids_a.shape + (WIDTH,)).astype(np.float32)

    m = Model(keras2)
    a = m.input("ids_a", [None, None], "int32", ids_a)
    b = m.input("ids_b", [None, None], "int32", ids_b)
    s = m.input("seq", [None, None, WIDTH], "float32", seq)

    def embed(values, masks):
        return table[values[0]], values[0] != 0

    emb_config = {"input_dim": VOCAB, "output_dim": WIDTH, "mask_zero": True}
    ea = m.call("Embedding", "emb", emb_config, [a], embed)
    eb = m.call("Embedding", "emb", emb_config, [b], embed)
    proj = m.call("Dense", "proj", {"units": WIDTH, "activation": "tanh", "use_bias": True},
                  [ea], lambda v, k: (np.tanh(v[0] @ kernel + bias), k[0]))

    def merge(cls, name, args, op):
        return m.call(cls, name, {}, args,
                      lambda v, k: (op(v), merge_mask(keras2, k)), is_list=True)

    def concatenate(name, args, axis):
        return m.call("Concatenate", name, {"axis": axis}, args,
                      lambda v, k: (np.concatenate(v, axis=axis),
                                    concatenate_mask(keras2, v, k, axis)), is_list=True)

    def pooled(name, tensor):
        m.output(m.call("GlobalAveragePooling1D", name, {}, [tensor], gap))

    pooled("gap_add", merge("Add", "add", [proj, eb], lambda v: v[0] + v[1]))
    # Keras 2 refuses to join an unmasked input's (B, T, 4) all-True mask with
    # (B, T, 1) masks along the steps; Keras 3 broadcasts.
    pooled("gap_time", concatenate("cat_time", [ea, eb if keras2 else s], 1))
    pooled("gap_feat", concatenate("cat_feat", [ea, eb], -1))
    pooled("gap_mixed", concatenate("cat_mixed", [ea, s], -1))
    pooled("gap_sub", merge("Subtract", "sub", [eb, s], lambda v: v[0] - v[1]))
    # Keras 3 Rescaling passes the mask on; tf.keras 2 Rescaling drops it.
    pooled("gap_scaled", m.call("Rescaling", "scale", {"scale": 0.5, "offset": 1.0}, [ea],
                                lambda v, k: (v[0] * 0.5 + 1.0, None if keras2 else k[0])))
    if keras2:  # Keras 3 Multiply would also mask the product's factors
        pooled("gap_mul", merge("Multiply", "mul", [ea, eb], lambda v: v[0] * v[1]))
    weights = {"emb": [("embeddings", table)], "proj": [("kernel", kernel), ("bias", bias)]}
    return m, weights, {"ids_a": ids_a, "ids_b": ids_b, "seq": seq}


def write_weights(path, keras2, weights):
    with h5py.File(path, "w") as f:
        if keras2:
            # tf.keras save_weights: a group per layer naming its weights.
            f.attrs["keras_version"] = "2.15.0"
            f.attrs["backend"] = "tensorflow"
            f.attrs["layer_names"] = [n.encode() for n in weights]
            for layer, arrays in weights.items():
                group = f.create_group(layer)
                names = [f"{layer}/{w}:0" for w, _ in arrays]
                group.attrs["weight_names"] = [n.encode() for n in names]
                for name, (_, value) in zip(names, arrays):
                    group.create_dataset(name, data=value.astype(np.float32))
        else:
            # Keras 3: layers/<snake_case class>/vars/<i> (spec §1a).
            f.create_group("vars")
            paths = {"emb": "layers/embedding", "proj": "layers/dense"}
            for layer, arrays in weights.items():
                group = f.create_group(paths[layer] + "/vars")
                for i, (_, value) in enumerate(arrays):
                    group.create_dataset(str(i), data=value.astype(np.float32))


def main(argv):
    if len(argv) != 3 or argv[1] not in ("keras3", "keras2"):
        sys.exit(__doc__)
    keras2, out = argv[1] == "keras2", argv[2]
    os.makedirs(out, exist_ok=True)
    model, weights, inputs = build(keras2, np.random.default_rng(2024))
    with open(os.path.join(out, "masks.json"), "w") as f:
        json.dump(model.envelope(), f, indent=1)
    write_weights(os.path.join(out, "masks.weights.h5"), keras2, weights)
    for name, value in inputs.items():
        np.save(os.path.join(out, name + ".npy"), value)
    for layer, node, _ in model.outputs:
        value = model.values[(layer, node)][0].astype(np.float32)
        np.save(os.path.join(out, f"expected_{layer}.npy"), value)


if __name__ == "__main__":
    main(sys.argv)
