#!/usr/bin/python3
"""tf.keras 2 models built from TensorFlow functions (TFOpLambda layers), for
test/Import/tfop-*.test.

Usage: models.py OUT_DIR

tf.keras 2.15 saves each TF function called on symbolic tensors as a
TFOpLambda layer named tf.<function>[_k] whose config holds `function`
("linalg.matmul"); its inbound node is the bare [layer, node, tensor, kwargs]
of the first argument (["_CONSTANT_VALUE", -1, value, kwargs] for a Python
number), with every other argument in kwargs by parameter name: tensors as
[layer, node, tensor], numbers as JSON; operators add "name": null (spec §1b).

Writes into OUT_DIR:
  attention.json, attention.weights.h5   a bare config (Keras 2 h5 schema) and
        its save_weights file (Dense kernels/biases as q/kernel:0 ...)
  attention.h5                           the same model as a full legacy .h5
  masked.json, masked.weights.h5         the masked variants
  x.npy, bias.npy, keep.npy (and their first rows, bias_row0.npy, keep_row0.npy,
  and bias_2rows.npy, which broadcasts against nothing), expected_<output>.npy
        inputs and a float64 NumPy reference, cast to float32
  ops.json, ops_<input>.npy, expected_ops_<output>.npy
        the other supported functions (no weights) and their reference
  mask_drop.json                         a TFOpLambda between a masked
        Embedding and GlobalAveragePooling1D
  error_<case>.json                      one refused call each

q, k, v = Dense(8)(x) with x (B, 5, 12); outputs are named after their
layers (given in brackets).
Model `attention`:
  att_div  = matmul(softmax(matmul(q, k, transpose_b=True) / sqrt(8)), v)
             [tf.linalg.matmul_1]
  att_mulq = matmul(softmax(matmul(q * (1/sqrt(8)), k, transpose_b=True)), v)
             [tf.linalg.matmul_3]
  mha: q2, k2, v2 = Dense(8)(x); heads = transpose(reshape(t, (-1, 5, 2, 4)),
       [0, 2, 1, 3]); o = matmul(softmax(matmul(qh, kh, transpose_b=True) / 2.0),
       vh); mha = Dense(12)(reshape(compat.v1.transpose(o, [0, 2, 1, 3]),
       (-1, 5, 8)))  [mha_out]
Model `masked`, with bias (B, 1, 5) additive and keep (B, 1, 5) 0/1 inputs:
  att_bias = ... softmax(s / sqrt(8) + bias) ...          [tf.linalg.matmul_1]
  att_keep = ... softmax(s / sqrt(8) + (1.0 - keep) * -1e9) ...
                                                          [tf.linalg.matmul_2]
"""
import json
import os
import sys

import h5py
import numpy as np

T, D, DK, HEADS = 5, 12, 8, 2


class Ref:
    """A tensor argument in kwargs: [layer, node, tensor]."""

    def __init__(self, layer):
        self.layer = layer


class Const:
    """A Python number passed as the first argument."""

    def __init__(self, value):
        self.value = value


class Model:
    def __init__(self, name):
        self.name = name
        self.layers = []
        self.weights = []  # (layer name, [(weight name, array)]) in model order
        self.counts = {}

    def input(self, name, shape, dtype="float32"):
        self.layers.append({"class_name": "InputLayer", "name": name, "inbound_nodes": [],
                            "config": {"batch_input_shape": [None, *shape], "dtype": dtype,
                                       "sparse": False, "ragged": False, "name": name}})
        self.weights.append((name, []))
        return name

    def dense(self, name, src, kernel, bias):
        self.layers.append({"class_name": "Dense", "name": name,
                            "inbound_nodes": [[[src, 0, 0, {}]]],
                            "config": {"name": name, "trainable": True, "dtype": "float32",
                                       "units": kernel.shape[1], "activation": "linear",
                                       "use_bias": True}})
        self.weights.append((name, [(f"{name}/kernel:0", kernel), (f"{name}/bias:0", bias)]))
        return name

    def tf(self, function, first, **kwargs):
        """One TFOpLambda call; returns its layer name (tf.<function>[_k])."""
        base = "tf." + function
        k = self.counts.get(base, 0)
        self.counts[base] = k + 1
        name = base if k == 0 else f"{base}_{k}"
        kw = {key: [v.layer, 0, 0] if isinstance(v, Ref) else v for key, v in kwargs.items()}
        if isinstance(first, Const):
            node = ["_CONSTANT_VALUE", -1, first.value, kw]
        elif isinstance(first, list):  # a list argument keeps its structure
            node = [[n, 0, 0, kw] for n in first]
        else:
            node = [first, 0, 0, kw]
        self.layers.append({"class_name": "TFOpLambda", "name": name, "inbound_nodes": [node],
                            "config": {"name": name, "trainable": True, "dtype": "float32",
                                       "function": function}})
        self.weights.append((name, []))
        return name

    def config(self, inputs, outputs):
        return {"class_name": "Functional", "keras_version": "2.15.0", "backend": "tensorflow",
                "config": {"name": self.name, "trainable": True, "layers": self.layers,
                           "input_layers": [[n, 0, 0] for n in inputs],
                           "output_layers": [[n, 0, 0] for n in outputs]}}


def write_k2_groups(group, weights):
    """Keras 2 weight groups (spec §1b): one group per layer, `weight_names`."""
    group.attrs["layer_names"] = [n.encode() for n, _ in weights]
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = b"2.15.0"
    for name, arrays in weights:
        g = group.create_group(name)
        g.attrs["weight_names"] = np.array([w.encode() for w, _ in arrays],
                                           dtype="S" if arrays else "f4")
        for wname, a in arrays:
            g.create_dataset(wname, data=a)


def softmax(s):
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def save_model(out, name, m, inputs, outputs, full_h5=False):
    """<name>.json + <name>.weights.h5 (save_weights layout), and with
    `full_h5` the same model as a legacy full-model <name>.h5."""
    config = m.config(inputs, outputs)
    with open(os.path.join(out, name + ".json"), "w") as fh:
        json.dump(config, fh, indent=1)
    with h5py.File(os.path.join(out, name + ".weights.h5"), "w") as h:
        write_k2_groups(h, m.weights)
    if full_h5:
        with h5py.File(os.path.join(out, name + ".h5"), "w") as h:
            h.attrs["keras_version"] = b"2.15.0"
            h.attrs["backend"] = b"tensorflow"
            h.attrs["model_config"] = json.dumps(config).encode()
            write_k2_groups(h.create_group("model_weights"), m.weights)


def attention(out):
    r = np.random.default_rng(5)
    f = lambda *s: r.normal(size=s).astype(np.float32)
    x, bias = f(3, T, D), (f(3, 1, T) * 2).astype(np.float32)
    keep = (r.random((3, 1, T)) > 0.4).astype(np.float32)
    keep[:, :, 0] = 1  # no fully masked row
    w = {n: (f(D, DK) * 0.5, f(DK) * 0.1) for n in ("q", "k", "v", "q2", "k2", "v2")}
    w["mha_out"] = (f(DK, D) * 0.5, f(D) * 0.1)

    def start(name, inputs):
        m = Model(name)
        m.input("x", [T, D])
        for n in inputs:
            m.input(n, [1, T])
        for n in ("q", "k", "v"):
            m.dense(n, "x", *w[n])
        return m

    def attend(m, scores, value):
        p = m.tf("nn.softmax", scores, axis=-1)
        return m.tf("linalg.matmul", p, b=Ref(value))

    def scaled_scores(m):
        scores = m.tf("linalg.matmul", "q", b=Ref("k"), transpose_b=True)
        return m.tf("math.truediv", scores, y=float(np.sqrt(DK)), name=None)

    m = start("attention", [])
    att_div = attend(m, scaled_scores(m), "v")
    q_scaled = m.tf("math.multiply", "q", y=float(1 / np.sqrt(DK)), name=None)
    att_mulq = attend(m, m.tf("linalg.matmul", q_scaled, b=Ref("k"), transpose_b=True), "v")
    heads = {}
    for n in ("q2", "k2", "v2"):
        m.dense(n, "x", *w[n])
        split = m.tf("reshape", n, shape=[-1, T, HEADS, DK // HEADS])
        heads[n] = m.tf("transpose", split, perm=[0, 2, 1, 3])
    hs = m.tf("linalg.matmul", heads["q2"], b=Ref(heads["k2"]), transpose_b=True)
    hs = m.tf("math.truediv", hs, y=float(np.sqrt(DK // HEADS)), name=None)
    ho = attend(m, hs, heads["v2"])
    merged = m.tf("reshape", m.tf("compat.v1.transpose", ho, perm=[0, 2, 1, 3]),
                  shape=[-1, T, DK])
    m.dense("mha_out", merged, *w["mha_out"])
    assert (att_div, att_mulq) == ("tf.linalg.matmul_1", "tf.linalg.matmul_3")
    save_model(out, "attention", m, ["x"], [att_div, att_mulq, "mha_out"], full_h5=True)

    m = start("masked", ["bias", "keep"])
    scaled = scaled_scores(m)
    att_bias = attend(m, m.tf("__operators__.add", scaled, y=Ref("bias"), name=None), "v")
    dropped = m.tf("math.subtract", Const(1.0), y=Ref("keep"), name=None)
    penalty = m.tf("math.multiply", dropped, y=-1e9, name=None)
    att_keep = attend(m, m.tf("__operators__.add", scaled, y=Ref(penalty), name=None), "v")
    assert (att_bias, att_keep) == ("tf.linalg.matmul_1", "tf.linalg.matmul_2")
    save_model(out, "masked", m, ["x", "bias", "keep"], [att_bias, att_keep])

    d = lambda a: np.asarray(a, dtype=np.float64)
    dense = lambda n: d(x) @ d(w[n][0]) + d(w[n][1])
    q, k, v = dense("q"), dense("k"), dense("v")
    s = q @ k.transpose(0, 2, 1) / np.sqrt(DK)
    split = lambda t: t.reshape(-1, T, HEADS, DK // HEADS).transpose(0, 2, 1, 3)
    qh, kh, vh = split(dense("q2")), split(dense("k2")), split(dense("v2"))
    oh = softmax(qh @ kh.transpose(0, 1, 3, 2) / np.sqrt(DK // HEADS)) @ vh
    mha = oh.transpose(0, 2, 1, 3).reshape(-1, T, DK) @ d(w["mha_out"][0]) + d(w["mha_out"][1])
    expected = {
        "att_div": softmax(s) @ v,
        "att_mulq": softmax((q / np.sqrt(DK)) @ k.transpose(0, 2, 1)) @ v,
        "mha": mha,
        "att_bias": softmax(s + d(bias)) @ v,
        "att_keep": softmax(s + (1.0 - d(keep)) * -1e9) @ v,
        # TF broadcasting: one batch row of bias and keep for every x row.
        "att_bias_row0": softmax(s + d(bias[:1])) @ v,
        "att_keep_row0": softmax(s + (1.0 - d(keep[:1])) * -1e9) @ v,
    }
    inputs = {"x": x, "bias": bias, "keep": keep, "bias_row0": bias[:1], "keep_row0": keep[:1],
              "bias_2rows": bias[:2]}
    for name, value in inputs.items():
        np.save(os.path.join(out, name + ".npy"), value)
    for name, value in expected.items():
        np.save(os.path.join(out, f"expected_{name}.npy"), value.astype(np.float32))


def ops(out):
    """The other supported functions, with a float64 NumPy reference:
    ops_<input>.npy, expected_ops_<output>.npy (outputs: tf.expand_dims,
    tf.transpose, tf.linalg.matmul, tf.concat)."""
    r = np.random.default_rng(9)
    x = r.normal(size=(2, 4, 6)).astype(np.float32)
    x += np.where(x < 0, -0.5, 0.5).astype(np.float32)  # away from 0: x is a divisor
    ids = r.integers(0, 9, size=(2, 4, 6)).astype(np.int32)
    offsets = [[0.5, 1, 1.5, 2, 2.5, 3]]
    matrix = [[1.0, -2.0], [0.5, 0.25], [-1.0, 1.5], [2.0, 0.0], [0.0, -0.5], [1.0, 1.0]]

    m = Model("ops")
    m.input("x", [4, 6])
    m.input("ids", [4, 6], "int32")
    a = m.tf("math.sqrt", m.tf("math.abs", "x"))
    a = m.tf("math.subtract", a, y=offsets, name=None)
    a = m.tf("math.maximum", a, y=Ref("x"))
    a = m.tf("math.truediv", a, y=Ref("x"), name=None)
    a = m.tf("math.exp", m.tf("math.tanh", m.tf("nn.relu", a)))
    a = m.tf("math.pow", Const(2.0), y=Ref(a), name=None)
    s = m.tf("math.reduce_max", a, axis=-1, keepdims=True)
    s = m.tf("math.reduce_sum", s, axis=[1, 2])
    e = m.tf("expand_dims", s, axis=1)
    c = m.tf("cast", "ids", dtype="float32")
    c = m.tf("squeeze", m.tf("expand_dims", c, axis=0), axis=0)
    t = m.tf("transpose", c, perm=[1, 0, 2])
    flat = m.tf("reshape", "x", shape=[-1, 6])
    mm = m.tf("linalg.matmul", flat, b=matrix)
    cat = m.tf("concat", ["x", m.tf("nn.gelu", "x", approximate=True)], axis=-1)
    with open(os.path.join(out, "ops.json"), "w") as fh:
        json.dump(m.config(["x", "ids"], [e, t, mm, cat]), fh, indent=1)

    d = np.asarray(x, dtype=np.float64)
    a = np.maximum(np.sqrt(np.abs(d)) - np.array(offsets), d) / d
    a = 2.0 ** np.exp(np.tanh(np.maximum(a, 0)))
    gelu = 0.5 * d * (1 + np.tanh(np.sqrt(2 / np.pi) * (d + 0.044715 * d ** 3)))
    expected = {
        "tf.expand_dims": a.max(axis=-1, keepdims=True).sum(axis=(1, 2))[:, None],
        "tf.transpose": ids.astype(np.float64).transpose(1, 0, 2),
        "tf.linalg.matmul": d.reshape(-1, 6) @ np.array(matrix),
        "tf.concat": np.concatenate([d, gelu], axis=-1),
    }
    np.save(os.path.join(out, "ops_x.npy"), x)
    np.save(os.path.join(out, "ops_ids.npy"), ids)
    for name, value in expected.items():
        np.save(os.path.join(out, f"expected_ops_{name}.npy"), value.astype(np.float32))


def mask_drop(out):
    """Embedding(mask_zero=True) -> x * 2.0 -> GlobalAveragePooling1D: the
    TFOpLambda drops the Keras mask (tf.keras' TFOpLambda does not support
    masking), so the pooling averages every step."""
    m = Model("mask_drop")
    m.input("ids", [5], "int32")
    m.layers.append({"class_name": "Embedding", "name": "emb",
                     "inbound_nodes": [[["ids", 0, 0, {}]]],
                     "config": {"name": "emb", "input_dim": 10, "output_dim": 4,
                                "mask_zero": True}})
    doubled = m.tf("math.multiply", "emb", y=2.0, name=None)
    m.layers.append({"class_name": "GlobalAveragePooling1D", "name": "pool",
                     "inbound_nodes": [[[doubled, 0, 0, {}]]],
                     "config": {"name": "pool", "data_format": "channels_last"}})
    with open(os.path.join(out, "mask_drop.json"), "w") as fh:
        json.dump(m.config(["ids"], ["pool"]), fh, indent=1)


def errors(out):
    """One refused TF call per file: error_<case>.json."""
    cases = {
        "unsupported": ("signal.rfft", {}),
        "bad_perm": ("transpose", {"perm": [0, 2, 2]}),
        "unknown_kwarg": ("nn.softmax", {"axis": -1, "temperature": 2.0}),
        "bool_kwarg": ("linalg.matmul", {"b": Ref("x"), "transpose_b": "yes"}),
        "tensor_shape": ("reshape", {"shape": Ref("x")}),
        "reshape_size": ("reshape", {"shape": [-1, 5, 5]}),
    }
    for case, (function, kwargs) in cases.items():
        m = Model(case)
        m.input("x", [4, 6])
        y = m.tf(function, "x", **kwargs)
        with open(os.path.join(out, f"error_{case}.json"), "w") as fh:
            json.dump(m.config(["x"], [y]), fh, indent=1)


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    os.makedirs(argv[1], exist_ok=True)
    attention(argv[1])
    ops(argv[1])
    mask_drop(argv[1])
    errors(argv[1])


if __name__ == "__main__":
    main(sys.argv)
