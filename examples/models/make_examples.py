#!/usr/bin/python3
"""Writes Kiln's example models: the self-attention tutorial's models, made correct.

Usage: /usr/bin/python3 examples/models/make_examples.py [OUT_DIR]
(default OUT_DIR: the directory of this script, i.e. examples/models/)

Deterministic (seeded weights and inputs, fixed zip timestamps, HDF5 files
without modification times): running it again rewrites identical bytes.
Needs only numpy and h5py; no Keras, TensorFlow or Kiln code is used.

Writes Keras 3 `.keras` archives (zip, members stored: metadata.json,
config.json, model.weights.h5; spec shared/spec/keras-models.md §1a):

self_attention_encoder.keras -- what the tutorial's hand-written
  SelfAttentionLayer means to do, with built-in layers (d_model 64):
    sequence = Input((None, 64))                        # (batch, seq, 64), seq dynamic
    h   = Dense(64, name="proj")(sequence)
    a   = MultiHeadAttention(num_heads=4, key_dim=16, name="self_attention")(h, h)
    h   = LayerNormalization(epsilon=1e-6, name="norm_1")(Add(name="residual_1")([h, a]))
    f   = Dense(128, activation="relu", name="ffn_1")(h)
    f   = Dense(64, name="ffn_2")(f)
    out = LayerNormalization(epsilon=1e-6, name="encoded")(Add(name="residual_2")([h, f]))
  Output "encoded": (batch, seq, 64).

text_classifier.keras -- a small transformer text classifier:
    token_ids    = Input((None,), dtype="int32")       # (batch, seq) token ids < 1000
    position_ids = Input((None,), dtype="int32")       # (batch, seq) 0, 1, ..., seq-1 (< 128)
    x = Add()([Embedding(1000, 32)(token_ids), Embedding(128, 32)(position_ids)])
    2 x encoder block (as above without the input projection; d_model 32,
        MultiHeadAttention(num_heads=4, key_dim=8), Dense(64, relu) -> Dense(32),
        LayerNormalization(epsilon=1e-6) after each residual Add)
    x = GlobalAveragePooling1D()(x); x = Dropout(0.1)(x)
    probs = Dense(3, activation="softmax", name="probs")(x)
  Core Keras has no positional-embedding layer (spec §2.17; those live in
  KerasHub), so the positions are a second int32 input that the caller fills
  with 0..seq-1 and a plain Embedding learns the position vectors. No padding
  mask (mask_zero=False): every position of the sequence is attended to and
  pooled.

Next to each model: example inputs and a float64 NumPy reference of its
output, computed below from the spec formulas (§2.2 Dense, §2.10 Add, §2.14
LayerNormalization, §2.16 Embedding, §2.18 GlobalAveragePooling1D, §2.26
MultiHeadAttention) on the float32 weights and inputs, stored as float32:
  self_attention_encoder_input.npy      sequence (2, 12, 64) float32
  self_attention_encoder_expected.npy   encoded  (2, 12, 64)
  text_classifier_input_tokens.npy      token_ids (3, 20) int32
  text_classifier_input_positions.npy   position_ids (3, 20) int32 (0..19 per row)
  text_classifier_expected.npy          probs (3, 3)
and a second, shorter case of each (same names with `_short`: encoder
(1, 5, 64), classifier (1, 7)), so the tests run one compiled model at two
sequence lengths.
"""
import io
import json
import os
import sys
import zipfile

import h5py
import numpy as np

KERAS_VERSION = "3.10.0"
POLICY = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"},
          "registered_name": None}


# --------------------------------------------------------------------------
# Keras 3 config envelopes (spec §1a)
# --------------------------------------------------------------------------

def initializer(name, config=None):
    return {"module": "keras.initializers", "class_name": name,
            "config": config if config is not None else {"seed": None},
            "registered_name": None}


def kt(layer, shape, dtype="float32"):
    """A __keras_tensor__ reference to output 0 of node 0 of `layer`."""
    return {"class_name": "__keras_tensor__",
            "config": {"shape": shape, "dtype": dtype, "keras_history": [layer, 0, 0]}}


class Graph:
    """Collects Functional layer entries (in construction = topological order)
    and their weights under the §1a weight paths (snake_case class name,
    uniquified per class in config.layers order, input layers included)."""

    def __init__(self):
        self.layers = []
        self.shapes = {}
        self.dtypes = {}
        self.weights = []           # (h5 path, [arrays]) in layer order
        self.counters = {}

    def _path(self, python_class):
        snake = {"InputLayer": "input_layer", "Dense": "dense", "Embedding": "embedding",
                 "Add": "add", "LayerNormalization": "layer_normalization",
                 "MultiHeadAttention": "multi_head_attention",
                 "GlobalAveragePooling1D": "global_average_pooling1d",
                 "Dropout": "dropout"}[python_class]
        n = self.counters.get(snake, 0)
        self.counters[snake] = n + 1
        return "layers/" + (snake if n == 0 else f"{snake}_{n}")

    def t(self, name):
        return kt(name, self.shapes[name], self.dtypes[name])

    def input(self, name, shape, dtype="float32"):
        self.layers.append({
            "module": "keras.layers", "class_name": "InputLayer", "registered_name": None,
            "name": name, "inbound_nodes": [],
            "config": {"batch_shape": shape, "dtype": dtype, "sparse": False,
                       "ragged": False, "name": name, "optional": False}})
        self.shapes[name], self.dtypes[name] = shape, dtype
        self.weights.append((self._path("InputLayer"), []))
        return name

    def _layer(self, cls, name, config, args, kwargs, out_shape, weights, build_config,
               sub_weights=None):
        entry = {"module": "keras.layers", "class_name": cls, "registered_name": None,
                 "name": name,
                 "config": {"name": name, "trainable": True, "dtype": POLICY, **config},
                 "inbound_nodes": [{"args": args, "kwargs": kwargs}]}
        if build_config is not None:
            entry["build_config"] = build_config
        self.layers.append(entry)
        self.shapes[name], self.dtypes[name] = out_shape, "float32"
        path = self._path(cls)
        self.weights.append((path, weights))
        for sub, arrays in (sub_weights or []):
            self.weights.append((f"{path}/{sub}", arrays))
        return name

    def dense(self, name, x, units, kernel, bias, activation=None):
        shape = self.shapes[x]
        return self._layer(
            "Dense", name,
            {"units": units, "activation": activation or "linear", "use_bias": True,
             "kernel_initializer": initializer("GlorotUniform"),
             "bias_initializer": initializer("Zeros", {}),
             "kernel_regularizer": None, "bias_regularizer": None,
             "kernel_constraint": None, "bias_constraint": None},
            [self.t(x)], {}, shape[:-1] + [units], [kernel, bias],
            {"input_shape": shape})

    def embedding(self, name, ids, table):
        shape = self.shapes[ids]
        return self._layer(
            "Embedding", name,
            {"input_dim": int(table.shape[0]), "output_dim": int(table.shape[1]),
             "embeddings_initializer": initializer("RandomUniform",
                                                   {"minval": -0.05, "maxval": 0.05,
                                                    "seed": None}),
             "embeddings_regularizer": None, "activity_regularizer": None,
             "embeddings_constraint": None, "mask_zero": False},
            [self.t(ids)], {}, shape + [int(table.shape[1])], [table],
            {"input_shape": shape})

    def add(self, name, a, b):
        return self._layer("Add", name, {}, [[self.t(a), self.t(b)]], {}, self.shapes[a], [],
                           {"input_shape": [self.shapes[a], self.shapes[b]]})

    def layer_norm(self, name, x, gamma, beta, epsilon):
        shape = self.shapes[x]
        return self._layer(
            "LayerNormalization", name,
            {"axis": [len(shape) - 1], "epsilon": epsilon, "center": True, "scale": True,
             "rms_scaling": False,
             "beta_initializer": initializer("Zeros", {}),
             "gamma_initializer": initializer("Ones", {}),
             "beta_regularizer": None, "gamma_regularizer": None,
             "beta_constraint": None, "gamma_constraint": None},
            [self.t(x)], {}, shape, [gamma, beta], {"input_shape": shape})

    def mha(self, name, x, num_heads, key_dim, w):
        shape = self.shapes[x]
        return self._layer(
            "MultiHeadAttention", name,
            {"num_heads": num_heads, "key_dim": key_dim, "value_dim": key_dim,
             "dropout": 0.0, "use_bias": True, "output_shape": None,
             "attention_axes": [1], "use_gate": False,
             "kernel_initializer": initializer("GlorotUniform"),
             "bias_initializer": initializer("Zeros", {}),
             "kernel_regularizer": None, "bias_regularizer": None,
             "activity_regularizer": None, "kernel_constraint": None,
             "bias_constraint": None, "seed": None},
            # self-attention: mha(x, x) -> query = value = key = x
            [self.t(x), self.t(x)], {}, shape, [],
            {"shapes_dict": {"query_shape": shape, "value_shape": shape}},
            sub_weights=[("query_dense", [w["wq"], w["bq"]]),
                         ("key_dense", [w["wk"], w["bk"]]),
                         ("value_dense", [w["wv"], w["bv"]]),
                         ("output_dense", [w["wo"], w["bo"]]),
                         ("_softmax", []), ("_dropout_layer", [])])

    def gap1d(self, name, x):
        shape = self.shapes[x]
        return self._layer("GlobalAveragePooling1D", name,
                           {"data_format": "channels_last", "keepdims": False},
                           [self.t(x)], {}, [shape[0], shape[2]], [],
                           {"input_shape": shape})

    def dropout(self, name, x, rate):
        return self._layer("Dropout", name, {"rate": rate, "seed": None,
                                             "noise_shape": None},
                           [self.t(x)], {}, self.shapes[x], [], None)

    def config(self, model_name, inputs, outputs):
        return {"module": "keras.src.models.functional", "class_name": "Functional",
                "registered_name": "Functional",
                "config": {"name": model_name, "trainable": True, "layers": self.layers,
                           "input_layers": [[n, 0, 0] for n in inputs],
                           "output_layers": [[n, 0, 0] for n in outputs]},
                "build_config": {"input_shape": None}}

    def weights_h5(self, model_name):
        buf = io.BytesIO()
        with h5py.File(buf, "w", track_order=False) as h:
            h.create_group("vars").attrs["name"] = model_name
            for path, arrays in self.weights:
                g = h.create_group(path + "/vars")
                g.attrs["name"] = path.rsplit("/", 1)[-1]
                for i, a in enumerate(arrays):
                    g.create_dataset(str(i), data=np.asarray(a, dtype=np.float32),
                                     track_times=False)
        return buf.getvalue()


def write_keras(path, config, weights):
    """A .keras zip with stored members and fixed timestamps (deterministic)."""
    members = [("metadata.json", json.dumps({"keras_version": KERAS_VERSION,
                                             "date_saved": "2026-01-01@00:00:00"}).encode()),
               ("config.json", json.dumps(config).encode()),
               ("model.weights.h5", weights)]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)


# --------------------------------------------------------------------------
# Weights (seeded, float32)
# --------------------------------------------------------------------------

class Init:
    def __init__(self, seed):
        self.r = np.random.default_rng(seed)

    def glorot(self, shape, fan_in, fan_out):
        lim = np.sqrt(6.0 / (fan_in + fan_out))
        return self.r.uniform(-lim, lim, size=shape).astype(np.float32)

    def small(self, *shape, scale=0.05):
        return (scale * self.r.normal(size=shape)).astype(np.float32)

    def dense(self, d_in, d_out):
        return self.glorot((d_in, d_out), d_in, d_out), self.small(d_out)

    def mha(self, d, n, kd):
        return {"wq": self.glorot((d, n, kd), d, n * kd), "bq": self.small(n, kd),
                "wk": self.glorot((d, n, kd), d, n * kd), "bk": self.small(n, kd),
                "wv": self.glorot((d, n, kd), d, n * kd), "bv": self.small(n, kd),
                "wo": self.glorot((n, kd, d), n * kd, d), "bo": self.small(d)}

    def norm(self, d):
        return (1.0 + self.small(d, scale=0.1)), self.small(d, scale=0.1)


# --------------------------------------------------------------------------
# float64 NumPy reference (spec §2), independent of the configs above
# --------------------------------------------------------------------------

def f64(a):
    return np.asarray(a, dtype=np.float64)


def ref_dense(x, kernel, bias, activation=None):           # §2.2
    y = x @ f64(kernel) + f64(bias)
    return np.maximum(y, 0.0) if activation == "relu" else y


def ref_layer_norm(x, gamma, beta, eps):                     # §2.14 (biased variance)
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * f64(gamma) + f64(beta)


def ref_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def ref_mha(q_in, v_in, w):                                  # §2.26, no masks, key = value
    k_in = v_in
    Q = np.einsum("btc,cnh->btnh", q_in, f64(w["wq"])) + f64(w["bq"])
    K = np.einsum("bsc,cnh->bsnh", k_in, f64(w["wk"])) + f64(w["bk"])
    V = np.einsum("bsc,cnh->bsnh", v_in, f64(w["wv"])) + f64(w["bv"])
    L = np.einsum("btnh,bsnh->bnts", Q, K) / np.sqrt(w["wq"].shape[2])
    P = ref_softmax(L, axis=-1)
    O = np.einsum("bnts,bsnh->btnh", P, V)
    return np.einsum("btnh,nhe->bte", O, f64(w["wo"])) + f64(w["bo"])


def ref_block(x, b, eps=1e-6):
    h = ref_layer_norm(x + ref_mha(x, x, b["mha"]), *b["norm_1"], eps)
    f = ref_dense(ref_dense(h, *b["ffn_1"], activation="relu"), *b["ffn_2"])
    return ref_layer_norm(h + f, *b["norm_2"], eps)


# --------------------------------------------------------------------------
# The models
# --------------------------------------------------------------------------

def block_weights(init, d, heads, key_dim, ff):
    return {"mha": init.mha(d, heads, key_dim), "norm_1": init.norm(d),
            "ffn_1": init.dense(d, ff), "ffn_2": init.dense(ff, d), "norm_2": init.norm(d)}


def build_block(g, x, b, heads, key_dim, ff, d, suffix="", out_name=None):
    a = g.mha("self_attention" + suffix, x, heads, key_dim, b["mha"])
    h = g.layer_norm("norm_1" + suffix, g.add("residual_1" + suffix, x, a), *b["norm_1"], 1e-6)
    f = g.dense("ffn_1" + suffix, h, ff, *b["ffn_1"], activation="relu")
    f = g.dense("ffn_2" + suffix, f, d, *b["ffn_2"])
    return g.layer_norm(out_name or "norm_2" + suffix, g.add("residual_2" + suffix, h, f),
                        *b["norm_2"], 1e-6)


def encoder(out):
    d, heads, key_dim, ff = 64, 4, 16, 128
    init = Init(20240529)
    proj = init.dense(d, d)
    b = block_weights(init, d, heads, key_dim, ff)

    g = Graph()
    x = g.input("sequence", [None, None, d])
    h = g.dense("proj", x, d, *proj)
    build_block(g, h, b, heads, key_dim, ff, d, out_name="encoded")
    write_keras(os.path.join(out, "self_attention_encoder.keras"),
                g.config("self_attention_encoder", ["sequence"], ["encoded"]),
                g.weights_h5("self_attention_encoder"))

    r = np.random.default_rng(1)
    for suffix, (batch, length) in (("", (2, 12)), ("_short", (1, 5))):
        seq = r.normal(size=(batch, length, d)).astype(np.float32)
        expected = ref_block(ref_dense(f64(seq), *proj), b)
        np.save(os.path.join(out, f"self_attention_encoder_input{suffix}.npy"), seq)
        np.save(os.path.join(out, f"self_attention_encoder_expected{suffix}.npy"),
                expected.astype(np.float32))


def text_classifier(out):
    vocab, max_len, d, heads, key_dim, ff, classes = 1000, 128, 32, 4, 8, 64, 3
    init = Init(57)
    tok_table = init.small(vocab, d, scale=0.5)
    pos_table = init.small(max_len, d, scale=0.5)
    blocks = [block_weights(init, d, heads, key_dim, ff) for _ in range(2)]
    head = init.dense(d, classes)

    g = Graph()
    tokens = g.input("token_ids", [None, None], "int32")
    positions = g.input("position_ids", [None, None], "int32")
    x = g.add("embeddings", g.embedding("token_embedding", tokens, tok_table),
              g.embedding("position_embedding", positions, pos_table))
    for i, b in enumerate(blocks):
        x = build_block(g, x, b, heads, key_dim, ff, d, suffix=f"_{i + 1}")
    x = g.dropout("dropout", g.gap1d("pool", x), 0.1)
    g.dense("probs", x, classes, *head, activation="softmax")
    write_keras(os.path.join(out, "text_classifier.keras"),
                g.config("text_classifier", ["token_ids", "position_ids"], ["probs"]),
                g.weights_h5("text_classifier"))

    r = np.random.default_rng(2)
    for suffix, (batch, seq) in (("", (3, 20)), ("_short", (1, 7))):
        ids = r.integers(1, vocab, size=(batch, seq)).astype(np.int32)
        pos = np.tile(np.arange(seq, dtype=np.int32), (batch, 1))
        x = f64(tok_table)[ids] + f64(pos_table)[pos]              # §2.16, §2.10
        for b in blocks:
            x = ref_block(x, b)
        pooled = x.mean(axis=1)                                    # §2.18; Dropout: identity
        probs = ref_softmax(ref_dense(pooled, *head))
        np.save(os.path.join(out, f"text_classifier_input_tokens{suffix}.npy"), ids)
        np.save(os.path.join(out, f"text_classifier_input_positions{suffix}.npy"), pos)
        np.save(os.path.join(out, f"text_classifier_expected{suffix}.npy"),
                probs.astype(np.float32))


def main(argv):
    out = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out, exist_ok=True)
    encoder(out)
    text_classifier(out)


if __name__ == "__main__":
    main(sys.argv)
