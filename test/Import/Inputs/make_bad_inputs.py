#!/usr/bin/python3
"""Writes the small model files that test/Import/*.test feed to kiln-compile.

Run from anywhere with /usr/bin/python3 (needs numpy and h5py); it rewrites
the files next to this script. Output is deterministic (fixed zip times, no
HDF5 timestamps), so regenerating leaves git clean unless this script changed.

Most inputs are Keras configs written by hand in the shapes real Keras
writers produce (spec shared/spec/keras-models.md §1): Keras 3 envelopes with
dict nodes, Keras 2 list nodes, hybrids, Sequential without an InputLayer.
Bad inputs each break one thing so that each test checks one message.
"""

import copy
import io
import json
import os
import struct
import zipfile
import zlib

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def out(name):
    path = os.path.join(HERE, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def write_json(name, obj):
    with open(out(name), "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)
        f.write("\n")


def write_bytes(name, data):
    with open(out(name), "wb") as f:
        f.write(data)


def values(shape, seed):
    """Small deterministic weights."""
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(shape) * 0.1).astype(np.float32)


# --- Keras 3 config pieces -------------------------------------------------

POLICY = {"module": "keras", "class_name": "DTypePolicy",
          "config": {"name": "float32"}, "registered_name": None}


def kt(layer, node=0, tensor=0):
    return {"class_name": "__keras_tensor__",
            "config": {"shape": None, "dtype": "float32",
                       "keras_history": [layer, node, tensor]}}


def k3(cls, name, config=None, args=None, module="keras.layers", calls=None):
    """A Keras 3 layer entry; `args` is the first call's args list."""
    cfg = {"name": name, "trainable": True, "dtype": POLICY}
    cfg.update(config or {})
    if calls is None:
        calls = [] if args is None else [args]
    return {"module": module, "class_name": cls, "config": cfg,
            "registered_name": None, "name": name,
            "inbound_nodes": [{"args": a, "kwargs": {}} for a in calls]}


def k3_input(name, shape, dtype="float32"):
    entry = k3("InputLayer", name, {"batch_shape": shape, "dtype": dtype,
                                    "sparse": False})
    return entry


def functional(name, layers, inputs, outputs):
    return {"module": "keras.src.models.functional", "class_name": "Functional",
            "config": {"name": name, "trainable": True, "layers": layers,
                       "input_layers": inputs, "output_layers": outputs},
            "registered_name": "Functional"}


def sequential(name, layers, **extra):
    cfg = {"name": name, "trainable": True, "dtype": POLICY, "layers": layers}
    cfg.update(extra)
    return {"module": "keras", "class_name": "Sequential", "config": cfg,
            "registered_name": None}


def seq_layer(cls, name, config=None):
    entry = k3(cls, name, config)
    del entry["inbound_nodes"]
    return entry


def small_dense_model():
    """Functional: x (None, 4) -> Dense 'd' (8 units)."""
    return functional("small", [
        k3_input("x", [None, 4]),
        k3("Dense", "d", {"units": 8, "activation": "relu", "use_bias": True},
           [kt("x")]),
    ], [["x", 0, 0]], [["d", 0, 0]])


# --- Keras 2 config pieces -------------------------------------------------

def k2(cls, name, config=None, inbound=None):
    """A Keras 2 layer entry; `inbound` lists one call's [layer, node, tensor]."""
    cfg = {"name": name, "trainable": True, "dtype": "float32"}
    cfg.update(config or {})
    nodes = [] if inbound is None else [[[l, n, t, {}] for (l, n, t) in inbound]]
    return {"class_name": cls, "config": cfg, "name": name, "inbound_nodes": nodes}


def k2_model(name, layers, inputs, outputs, version="2.15.0"):
    return {"class_name": "Functional",
            "config": {"name": name, "layers": layers, "input_layers": inputs,
                       "output_layers": outputs},
            "keras_version": version, "backend": "tensorflow"}


# --- Weights files -----------------------------------------------------------

def k3_weights_bytes(groups):
    """Keras 3 layout: groups maps "layers/dense" to its list of arrays."""
    buf = io.BytesIO()
    with h5py.File(buf, "w", track_order=False) as f:
        f.create_group("vars")
        for path, arrays in groups.items():
            g = f.create_group(path + "/vars")
            for i, a in enumerate(arrays):
                g.create_dataset(str(i), data=a)
    return buf.getvalue()


def write_k2_groups(f, layers):
    """Keras 2 layout in `f`: layers is [(layer name, [(weight name, array)])]."""
    f.attrs["layer_names"] = np.array([n.encode() for n, _ in layers])
    f.attrs["backend"] = b"tensorflow"
    f.attrs["keras_version"] = b"2.15.0"
    for name, weights in layers:
        g = f.create_group(name)
        g.attrs["weight_names"] = np.array([w.encode() for w, _ in weights],
                                           dtype="S" if weights else "f4")
        for wname, a in weights:
            g.create_dataset(wname, data=a)


def k2_weights_bytes(layers):
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        write_k2_groups(f, layers)
    return buf.getvalue()


def legacy_h5_bytes(config, layers, version="2.15.0"):
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        f.attrs["keras_version"] = version.encode()
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(config).encode()
        write_k2_groups(f.create_group("model_weights"), layers)
    return buf.getvalue()


def zip_bytes(members, compress=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = compress
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buf.getvalue()


def keras_archive(config, weights, version="3.5.0", compress=zipfile.ZIP_STORED):
    meta = json.dumps({"keras_version": version, "date_saved": "2025-01-01@00:00:00"})
    return zip_bytes([("metadata.json", meta), ("config.json", json.dumps(config)),
                      ("model.weights.h5", weights)], compress)


def patch_sizes(archive, member, size, compressed=None):
    """Overwrites a member's uncompressed size (and optionally its compressed
    size) in both its local header and its central directory entry."""
    data = bytearray(archive)
    name = member.encode()
    # Local file header: signature PK\x03\x04, sizes at +18 (compressed), +22.
    pos = data.find(b"PK\x03\x04")
    while pos >= 0:
        nlen = struct.unpack_from("<H", data, pos + 26)[0]
        if bytes(data[pos + 30:pos + 30 + nlen]) == name:
            struct.pack_into("<I", data, pos + 22, size)
            if compressed is not None:
                struct.pack_into("<I", data, pos + 18, compressed)
        pos = data.find(b"PK\x03\x04", pos + 4)
    # Central directory entry: signature PK\x01\x02, sizes at +20, +24.
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        nlen = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46:pos + 46 + nlen]) == name:
            struct.pack_into("<I", data, pos + 24, size)
            if compressed is not None:
                struct.pack_into("<I", data, pos + 20, compressed)
        pos = data.find(b"PK\x01\x02", pos + 4)
    return bytes(data)


# --- Good models --------------------------------------------------------------

def make_good():
    # A Keras 3 functional model with many layer classes; random weights.
    layers = [
        k3_input("seq", [None, 6, 4]),
        k3_input("ids", [None, 5], dtype="int32"),
        k3("ReLU", "relu_capped", {"max_value": 6.0, "negative_slope": 0.1,
                                   "threshold": 0.5}, [kt("seq")]),
        k3("ReLU", "relu_plain", {"max_value": None, "negative_slope": 0.0,
                                  "threshold": 0.0}, [kt("relu_capped")]),
        k3("LeakyReLU", "leaky", {"negative_slope": 0.25}, [kt("relu_plain")]),
        k3("ELU", "elu", {"alpha": 0.5}, [kt("leaky")]),
        k3("Permute", "swap", {"dims": [2, 1]}, [kt("elu")]),
        k3("Flatten", "flat_cf", {"data_format": "channels_first"}, [kt("seq")]),
        k3("Dense", "proj", {"units": 3, "activation": "gelu", "use_bias": False},
           [kt("seq")]),
        k3("EinsumDense", "heads", {"equation": "abc,cde->abde",
                                    "output_shape": [None, 2, 3], "bias_axes": "de",
                                    "activation": "linear"}, [kt("seq")]),
        k3("EinsumDense", "ell", {"equation": "...b,bc->...c", "output_shape": 5,
                                  "bias_axes": None, "activation": "swish"},
           [kt("seq")]),
        k3("Dot", "scores", {"axes": [-1, -1], "normalize": True},
           [[kt("proj"), kt("proj")]]),
        k3("Softmax", "attn", {"axis": [-1]}, [kt("scores")]),
        k3("Concatenate", "cat", {"axis": -2}, [[kt("seq"), kt("seq")]]),
        k3("LayerNormalization", "ln", {"axis": [-1, 1], "epsilon": 1e-5,
                                        "center": False, "scale": True},
           [kt("cat")]),
        k3("GlobalAveragePooling1D", "gap_cf", {"data_format": "channels_first",
                                                "keepdims": True}, [kt("ln")]),
        k3("Embedding", "emb", {"input_dim": 10, "output_dim": 4, "mask_zero": True},
           [kt("ids")]),
        k3("Conv1D", "conv", {"filters": 2, "kernel_size": [3], "strides": [1],
                              "padding": "causal", "dilation_rate": [2],
                              "data_format": "channels_last", "groups": 1,
                              "activation": "tanh", "use_bias": True}, [kt("emb")]),
        k3("AveragePooling1D", "pool", {"pool_size": [2], "strides": None,
                                        "padding": "valid"}, [kt("conv")]),
        k3("GaussianDropout", "noise", {"rate": 0.1}, [kt("pool")]),
        k3("Rescaling", "rescale", {"scale": 0.5, "offset": 1.0}, [kt("noise")]),
        k3("ThresholdedReLU", "thr", {"theta": 0.3}, [kt("rescale")]),
        k3("Activation", "hsig", {"activation": "hard_sigmoid"}, [kt("thr")]),
    ]
    write_json("layers_keras3.json", functional(
        "layers_keras3", layers, [["seq", 0, 0], ["ids", 0, 0]],
        [["swap", 0, 0], ["flat_cf", 0, 0], ["heads", 0, 0], ["ell", 0, 0],
         ["attn", 0, 0], ["gap_cf", 0, 0], ["hsig", 0, 0]]))

    # tf.keras style: list nodes, batch_input_shape, LeakyReLU `alpha`, BN axis
    # as a list, keras_version 2.x (hard_sigmoid is the Keras 2 formula).
    layers = [
        k2("InputLayer", "inp", {"batch_input_shape": [None, 3, 4]}),
        k2("BatchNormalization", "bn", {"axis": [2], "epsilon": 0.01,
                                        "center": True, "scale": False}, [("inp", 0, 0)]),
        k2("LeakyReLU", "leaky", {"alpha": 0.1}, [("bn", 0, 0)]),
        k2("Dense", "dense", {"units": 2, "activation": "hard_sigmoid"},
           [("leaky", 0, 0)]),
        k2("Reshape", "rs", {"target_shape": [-1]}, [("dense", 0, 0)]),
        k2("RepeatVector", "rep", {"n": 2}, [("rs", 0, 0)]),
        k2("Subtract", "sub", {}, [("rep", 0, 0), ("rep", 0, 0)]),
        k2("GlobalMaxPooling1D", "gmp", {}, [("sub", 0, 0)]),
        k2("MaxPooling1D", "mp", {"pool_size": 2, "strides": 1, "padding": "same"},
           [("inp", 0, 0)]),
    ]
    write_json("layers_keras2.json",
               k2_model("layers_keras2", layers, [["inp", 0, 0]],
                        [["gmp", 0, 0], ["mp", 0, 0]]))

    # Hybrid (tf.keras >= 2.13 to_json): Keras 3 envelopes, Keras 2 list nodes;
    # output_layers as a dict, input_layers as a bare leaf; one layer output
    # twice.
    cfg = functional("hybrid", [
        {**k3_input("tokens", [None, 4]), "inbound_nodes": []},
        {**k3("Dense", "d", {"units": 2}), "inbound_nodes": [[["tokens", 0, 0, {}]]]},
    ], ["tokens", 0, 0], {"b_first": ["d", 0, 0], "a_again": ["d", 0, 0]})
    cfg["keras_version"] = "2.15.0"
    write_json("hybrid.json", cfg)

    # Keras 2 Sequential without an InputLayer entry: the input is named
    # "<first layer>_input" and takes the first layer's batch_input_shape.
    write_json("sequential_keras2.json", {
        "class_name": "Sequential", "keras_version": "2.15.0", "backend": "tensorflow",
        "config": {"name": "sequential", "layers": [
            {"class_name": "Dense", "config": {
                "name": "first", "units": 3, "activation": "linear", "use_bias": True,
                "batch_input_shape": [None, 2], "dtype": "float32"}},
            {"class_name": "Dropout", "config": {"name": "drop", "rate": 0.5}},
            {"class_name": "Dense", "config": {"name": "second", "units": 1,
                                               "activation": "sigmoid"}},
        ]}})
    write_bytes("sequential_keras2.weights.h5", k2_weights_bytes([
        ("first", [("first/kernel:0", values((2, 3), 1)),
                   ("first/bias:0", values((3,), 2))]),
        ("drop", []),
        ("second", [("second/bias:0", values((1,), 4)),   # leaf order differs
                    ("second/kernel:0", values((3, 1), 3))]),
    ]))

    # Keras 3 Functional with a nested Functional: output_layers refers to the
    # nested model with node index +1; weights under layers/functional/...
    inner = functional("inner", [
        k3_input("inner_in", [None, 3]),
        k3("Dense", "inner_dense", {"units": 2}, [kt("inner_in")]),
    ], [["inner_in", 0, 0]], [["inner_dense", 0, 0]])
    inner["name"] = "inner"
    inner["inbound_nodes"] = [{"args": [kt("outer_in")], "kwargs": {}}]
    outer = functional("outer", [
        k3_input("outer_in", [None, 3]), inner,
        k3("Dense", "head", {"units": 1}, [kt("inner")]),
    ], [["outer_in", 0, 0]], [["head", 0, 0], ["inner", 1, 0]])
    weights = k3_weights_bytes({
        "layers/input_layer": [],
        "layers/functional": [],
        "layers/functional/layers/input_layer": [],
        "layers/functional/layers/dense": [values((3, 2), 5), values((2,), 6)],
        "layers/dense": [values((2, 1), 7), values((1,), 8)],
    })
    write_bytes("nested_keras3.keras", keras_archive(outer, weights))

    # The same model unzipped: a directory with config.json + model.weights.h5.
    write_json("keras_dir/config.json", outer)
    write_bytes("keras_dir/model.weights.h5", weights)

    # A Keras 2 full-model .h5 whose nested Sequential keeps all its weights in
    # one group, with scoped names; refs to it from list nodes are shifted.
    inner_seq = {"class_name": "Sequential", "name": "block", "config": {
        "name": "block", "layers": [
            {"class_name": "InputLayer", "config": {"name": "block_in",
                                                    "batch_input_shape": [None, 2]}},
            {"class_name": "Dense", "config": {"name": "b1", "units": 2}},
            {"class_name": "Dense", "config": {"name": "b2", "units": 2}}]},
        "inbound_nodes": [[["x", 0, 0, {}]]]}
    cfg = k2_model("outer2", [
        k2("InputLayer", "x", {"batch_input_shape": [None, 2]}),
        inner_seq,
        k2("Add", "sum", {}, [("block", 1, 0), ("x", 0, 0)]),
    ], [["x", 0, 0]], [["sum", 0, 0]])
    write_bytes("nested_keras2.h5", legacy_h5_bytes(cfg, [
        ("x", []),
        ("block", [("block/b1/kernel:0", values((2, 2), 9)),
                   ("block/b2/kernel:0", values((2, 2), 11)),
                   ("block/b1/bias:0", values((2,), 10)),
                   ("block/b2/bias:0", values((2,), 12))]),
        ("sum", []),
    ]))


# --- Bad inputs -------------------------------------------------------------------

def make_bad():
    small = small_dense_model()
    good_weights = k3_weights_bytes({"layers/input_layer": [],
                                     "layers/dense": [values((4, 8), 1), values((8,), 2)]})
    good_archive = keras_archive(small, good_weights)
    write_json("small.json", small)

    # Archives.
    write_bytes("truncated.keras", good_archive[:len(good_archive) // 2])
    data = bytearray(good_archive)
    pos = data.find(b'"class_name"')  # inside the stored config.json
    data[pos + 1] ^= 0x20  # flip the case of one letter: CRC mismatch
    write_bytes("bad_crc.keras", bytes(data))
    # A member whose header declares ~4 GB (a zip bomb announces itself).
    write_bytes("bomb_declared.keras",
                patch_sizes(keras_archive(small, good_weights,
                                          compress=zipfile.ZIP_DEFLATED),
                            "config.json", 0xFFFFFFF0))
    # A member that claims 64 bytes but inflates to 4 MiB of spaces: the
    # reader must stop at the declared size, not inflate everything.
    bomb = zip_bytes([("metadata.json", "{}"), ("config.json", b" " * (4 << 20)),
                      ("model.weights.h5", good_weights)], zipfile.ZIP_DEFLATED)
    write_bytes("bomb_lying.keras", patch_sizes(bomb, "config.json", 64))
    write_bytes("no_weights_member.keras",
                zip_bytes([("config.json", json.dumps(small))]))

    # HDF5.
    legacy = legacy_h5_bytes(
        {"class_name": "Functional", "config": {
            "name": "small", "layers": [
                k2("InputLayer", "x", {"batch_input_shape": [None, 4]}),
                k2("Dense", "d", {"units": 8}, [("x", 0, 0)])],
            "input_layers": [["x", 0, 0]], "output_layers": [["d", 0, 0]]}},
        [("x", []), ("d", [("d/kernel:0", values((4, 8), 1))])])
    write_bytes("legacy_missing_bias.h5", legacy)
    write_bytes("truncated.h5", legacy[:len(legacy) // 2])
    write_bytes("corrupt.h5", legacy[:8] + b"\x00\x17garbage, not an HDF5 superblock" * 8)
    write_bytes("weights_only.h5", k2_weights_bytes([("d", [])]))

    # JSON.
    write_bytes("invalid.json", b'{"class_name": "Functional", "config": {"layers": [\n')
    write_json("not_a_model.json", k3("Dense", "d", {"units": 3}))

    def variant(name, mutate):
        cfg = copy.deepcopy(small)
        mutate(cfg)
        write_json(name, cfg)

    def layers(cfg):
        return cfg["config"]["layers"]

    def set_layer(i, entry):
        return lambda cfg: layers(cfg).__setitem__(i, entry)

    variant("unknown_class.json", set_layer(1, k3("Foo", "d", {}, [kt("x")])))
    variant("lambda.json", set_layer(1, k3("Lambda", "d", {
        "function": {"class_name": "__lambda__",
                     "config": {"code": "4wEAAAAAAAAA", "defaults": None,
                                "closure": None}},
        "arguments": {}}, [kt("x")])))
    # A TF function Kiln has no lowering for (supported ones: TfOpBuilders.cpp).
    tfop = {"class_name": "TFOpLambda", "name": "d",
            "config": {"name": "tf.signal.rfft", "trainable": True,
                       "dtype": "float32", "function": "signal.rfft"},
            "inbound_nodes": [["x", 0, 0, {"y": 2.0, "name": None}]]}
    variant("tfoplambda.json", set_layer(1, tfop))
    variant("keras3_op.json", set_layer(1, k3("Add", "d", {}, [kt("x"), kt("x")],
                                              module="keras.src.ops.numpy")))
    variant("prelu.json", set_layer(1, k3("PReLU", "d", {}, [kt("x")])))

    # Dangling edges.
    variant("dangling_layer.json",
            lambda cfg: layers(cfg)[1]["inbound_nodes"][0]["args"].__setitem__(
                0, kt("nope")))
    variant("dangling_node.json",
            lambda cfg: layers(cfg)[1]["inbound_nodes"][0]["args"].__setitem__(
                0, kt("x", 3)))
    variant("dangling_tensor.json",
            lambda cfg: layers(cfg)[1]["inbound_nodes"][0]["args"].__setitem__(
                0, kt("x", 0, 2)))
    variant("dangling_output.json",
            lambda cfg: cfg["config"].__setitem__("output_layers", [["gone", 0, 0]]))

    # A cycle: a -> b -> a, with the output hanging off it.
    write_json("cycle.json", functional("cyclic", [
        k3_input("x", [None, 4]),
        k3("Add", "a", {}, [[kt("x"), kt("b")]]),
        k3("Dense", "b", {"units": 4}, [kt("a")]),
    ], [["x", 0, 0]], [["b", 0, 0]]))

    # Shapes that do not fit together.
    write_json("shape_mismatch.json", functional("mismatch", [
        k3_input("x", [None, 4]), k3_input("y", [None, 5]),
        k3("Add", "sum", {}, [[kt("x"), kt("y")]]),
    ], [["x", 0, 0], ["y", 0, 0]], [["sum", 0, 0]]))

    # Absurd dims and unsupported values.
    def set_input_shape(shape):
        return lambda cfg: layers(cfg)[0]["config"].__setitem__("batch_shape", shape)

    def set_config(key, value, i=1):
        return lambda cfg: layers(cfg)[i]["config"].__setitem__(key, value)

    variant("absurd_dim.json", set_input_shape([None, 1 << 40]))
    variant("negative_dim.json", set_input_shape([None, -3]))
    variant("rank9.json", set_input_shape([None] + [2] * 8))
    variant("units_zero.json", set_config("units", 0))
    variant("unknown_activation.json", set_config("activation", "frobnicate"))
    variant("mixed_precision.json", set_config("dtype", {
        "module": "keras", "class_name": "DTypePolicy",
        "config": {"name": "mixed_float16"}, "registered_name": None}))
    variant("quantized.json", set_config("dtype", {
        "module": "keras", "class_name": "QuantizedDTypePolicy",
        "config": {"mode": "int8", "source_name": "float32"}, "registered_name": None}))
    variant("units_string.json", set_config("units", "eight"))
    conv = functional("conv", [
        k3_input("x", [None, 8, 4]),
        k3("Conv1D", "c", {"filters": 2, "kernel_size": 3, "strides": 1,
                           "padding": "valid", "data_format": "channels_first",
                           "dilation_rate": 1, "groups": 1, "activation": None,
                           "use_bias": True}, [kt("x")]),
    ], [["x", 0, 0]], [["c", 0, 0]])
    write_json("conv1d_channels_first.json", conv)
    layers(conv)[1]["config"].update({"data_format": "channels_last", "groups": 2})
    write_json("conv1d_groups.json", conv)
    variant("rms_scaling.json", set_layer(1, k3("LayerNormalization", "d", {
        "axis": -1, "epsilon": 0.001, "rms_scaling": True}, [kt("x")])))

    # A Sequential model without an InputLayer or any input shape.
    write_json("sequential_no_shape.json", sequential("unbuilt", [
        seq_layer("Dense", "first", {"units": 2})]))

    # Models nested 20 deep.
    model = small_dense_model()
    for depth in range(20):
        inner = copy.deepcopy(model)
        inner["name"] = "m%d" % depth
        inner["config"]["name"] = "m%d" % depth
        inner["inbound_nodes"] = [{"args": [kt("x")], "kwargs": {}}]
        model = functional("m%d_outer" % depth, [k3_input("x", [None, 4]), inner],
                           [["x", 0, 0]], [["m%d" % depth, 1, 0]])
    write_json("deep_nesting.json", model)

    # Weights that do not fit small.json (Keras 3 and Keras 2 layouts).
    write_bytes("missing_bias.weights.h5", k3_weights_bytes(
        {"layers/input_layer": [], "layers/dense": [values((4, 8), 1)]}))
    write_bytes("misshaped.weights.h5", k3_weights_bytes(
        {"layers/input_layer": [], "layers/dense": [values((3, 8), 1), values((8,), 2)]}))
    write_bytes("extra.weights.h5", k3_weights_bytes(
        {"layers/input_layer": [],
         "layers/dense": [values((4, 8), 1), values((8,), 2), values((8,), 3)]}))
    write_bytes("extra_keras2.h5", k2_weights_bytes([
        ("x", []), ("d", [("d/kernel:0", values((4, 8), 1)), ("d/bias:0", values((8,), 2)),
                          ("d/gamma:0", values((8,), 3))])]))
    write_bytes("not_weights.h5", _plain_h5())

    # TF.js with a manifest entry missing.
    os.makedirs(out("tfjs_missing"), exist_ok=True)
    kernel = values((4, 8), 1)
    write_bytes("tfjs_missing/weights.bin", kernel.tobytes())
    write_json("tfjs_missing/model.json", {
        "format": "layers-model", "generatedBy": "keras v2.15.0",
        "convertedBy": "TensorFlow.js Converter v4.22.0",
        "modelTopology": {"keras_version": "2.15.0", "backend": "tensorflow",
                          "model_config": {"class_name": "Functional", "config": {
                              "name": "small", "layers": [
                                  k2("InputLayer", "x", {"batch_input_shape": [None, 4]}),
                                  k2("Dense", "d", {"units": 8}, [("x", 0, 0)])],
                              "input_layers": [["x", 0, 0]],
                              "output_layers": [["d", 0, 0]]}}},
        "weightsManifest": [{"paths": ["weights.bin"], "weights": [
            {"name": "d/kernel", "shape": [4, 8], "dtype": "float32"}]}]})


def _plain_h5():
    """An HDF5 file that is neither a model nor a weights file."""
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        f.create_dataset("data", data=np.zeros(3, np.float32))
    return buf.getvalue()


if __name__ == "__main__":
    make_good()
    make_bad()
