"""Writes Keras 3 `.keras` archives and computes float64 NumPy references, with
numpy + h5py only (no Keras, TensorFlow or Kiln code).

Shared by examples/models/make_examples.py (the example models) and
bench/models/make_seq2seq.py (the benchmark's LSTM encoder-decoder). Import it
with this directory on sys.path:

    sys.path.insert(0, "<repo>/examples/models")
    from keras_writer import Graph, Init, write_keras, ref_lstm, ...

Everything here is deterministic: seeded weights (Init), fixed zip timestamps,
HDF5 files without modification times, so a generator run twice writes the
same bytes.

Formats and semantics follow shared/spec/keras-models.md: §1a (archive,
config envelopes, weight paths and layouts), §2 (layer math at inference).
"""
import io
import json
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


def kt(layer, shape, dtype="float32", index=0):
    """A __keras_tensor__ reference to output `index` of node 0 of `layer`."""
    return {"class_name": "__keras_tensor__",
            "config": {"shape": shape, "dtype": dtype, "keras_history": [layer, 0, index]}}


# snake_case(python class name) of every layer class the generators use (§1a
# "path algorithm").
SNAKE = {"InputLayer": "input_layer", "Dense": "dense", "Embedding": "embedding",
         "Add": "add", "LayerNormalization": "layer_normalization",
         "MultiHeadAttention": "multi_head_attention",
         "GlobalAveragePooling1D": "global_average_pooling1d",
         "Dropout": "dropout", "LSTM": "lstm", "Attention": "attention",
         "Concatenate": "concatenate"}


class Graph:
    """Collects Functional layer entries (in construction = topological order)
    and their weights under the §1a weight paths (snake_case class name,
    uniquified per class in config.layers order, input layers included).

    A layer with several outputs (LSTM with return_state) records one shape
    per output; `t(name, i)` references output i."""

    def __init__(self):
        self.layers = []
        self.shapes = {}            # name -> shape of output 0
        self.out_shapes = {}        # name -> [shape of output i] (multi-output layers)
        self.dtypes = {}
        self.weights = []           # (h5 path, [arrays]) in layer order
        self.counters = {}

    def _path(self, python_class):
        snake = SNAKE[python_class]
        n = self.counters.get(snake, 0)
        self.counters[snake] = n + 1
        return "layers/" + (snake if n == 0 else f"{snake}_{n}")

    def t(self, name, index=0):
        if name in self.out_shapes:
            shape = self.out_shapes[name][index]
        elif index == 0:
            shape = self.shapes[name]
        else:
            raise ValueError(f"layer {name} has a single output")
        return kt(name, shape, self.dtypes[name], index)

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

    def lstm(self, name, x, units, w, return_sequences=False, return_state=False,
             initial_state=None):
        """keras.layers.LSTM (spec §2.19-2.20) on `x`; `w` = (kernel (in, 4u),
        recurrent_kernel (u, 4u), bias (4u,)), gate order i, f, c, o, stored
        under `<path>/cell/vars/0..2` (§1a). `initial_state`: [h, c] as
        (layer name, output index) pairs, written as the call's
        `initial_state=[h, c]` keyword. Outputs: the sequence (B, T, u) or the
        last step (B, u), then h and c (B, u) if return_state."""
        shape = self.shapes[x]
        batch = shape[0]
        out = shape[:2] + [units] if return_sequences else [batch, units]
        kwargs = {}
        if initial_state is not None:
            kwargs["initial_state"] = [self.t(n, i) for n, i in initial_state]
            # build() takes (sequences_shape, initial_state_shape): two shapes
            # -> Keras writes them as a shapes_dict.
            build = {"shapes_dict": {"sequences_shape": shape,
                                     "initial_state_shape": [[batch, units], [batch, units]]}}
        else:
            build = {"input_shape": shape}
        self._layer(
            "LSTM", name,
            {"return_sequences": return_sequences, "return_state": return_state,
             "go_backwards": False, "stateful": False, "unroll": False,
             "zero_output_for_mask": False,
             "units": units, "activation": "tanh", "recurrent_activation": "sigmoid",
             "use_bias": True,
             "kernel_initializer": initializer("GlorotUniform"),
             "recurrent_initializer": initializer("Orthogonal", {"gain": 1.0, "seed": None}),
             "bias_initializer": initializer("Zeros", {}),
             "unit_forget_bias": True,
             "kernel_regularizer": None, "recurrent_regularizer": None,
             "bias_regularizer": None, "activity_regularizer": None,
             "kernel_constraint": None, "recurrent_constraint": None,
             "bias_constraint": None, "dropout": 0.0, "recurrent_dropout": 0.0,
             "seed": None},
            [self.t(x)], kwargs, out, [], build,
            sub_weights=[("cell", list(w))])
        if return_state:
            self.out_shapes[name] = [out, [batch, units], [batch, units]]
        return name

    def attention(self, name, query, value, out_shape=None):
        """keras.layers.Attention (Luong, dot score, no scale; spec §2.25)
        called as Attention()([query, value]) (key = value). Output shape:
        query's shape with the value's feature size (what Keras'
        compute_output_shape says; `out_shape` overrides it)."""
        q, v = self.shapes[query], self.shapes[value]
        out = out_shape if out_shape is not None else q[:-1] + v[-1:]
        return self._layer("Attention", name,
                           {"use_scale": False, "score_mode": "dot", "dropout": 0.0},
                           [[self.t(query), self.t(value)]], {}, out, [],
                           {"input_shape": [q, v]})

    def concatenate(self, name, xs, axis=-1):
        shapes = [self.shapes[x] for x in xs]
        out = list(shapes[0])
        ax = axis % len(out)
        out[ax] = (None if any(s[ax] is None for s in shapes)
                   else sum(s[ax] for s in shapes))
        return self._layer("Concatenate", name, {"axis": axis},
                           [[self.t(x) for x in xs]], {}, out, [],
                           {"input_shape": shapes})

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

    def lstm(self, d_in, units):
        """(kernel (d_in, 4u), recurrent_kernel (u, 4u), bias (4u,)), gates
        i, f, c, o. Glorot-uniform kernels (the recurrent one too: Keras'
        Orthogonal would need a QR, whose last bits depend on the LAPACK
        build), small biases, +1 on the forget gate (unit_forget_bias)."""
        kernel = self.glorot((d_in, 4 * units), d_in, 4 * units)
        recurrent = self.glorot((units, 4 * units), units, 4 * units)
        bias = self.small(4 * units)
        bias[units:2 * units] += 1.0
        return kernel, recurrent, bias


# --------------------------------------------------------------------------
# float64 NumPy reference (spec §2), independent of the configs above
# --------------------------------------------------------------------------

def f64(a):
    return np.asarray(a, dtype=np.float64)


def ref_dense(x, kernel, bias, activation=None):           # §2.2
    y = x @ f64(kernel) + f64(bias)
    if activation == "relu":
        return np.maximum(y, 0.0)
    if activation == "tanh":
        return np.tanh(y)
    if activation == "sigmoid":
        return ref_sigmoid(y)
    assert activation in (None, "linear"), activation
    return y


def ref_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


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


def ref_lstm(x, kernel, recurrent_kernel, bias, h0=None, c0=None):   # §2.19-2.20
    """LSTM with tanh / sigmoid, no mask, forward. x (B, T, D) float64.
    Returns (sequence (B, T, u), h_T (B, u), c_T (B, u))."""
    x = f64(x)
    W, U, b = f64(kernel), f64(recurrent_kernel), f64(bias)
    batch, steps = x.shape[0], x.shape[1]
    u = U.shape[0]
    h = np.zeros((batch, u)) if h0 is None else f64(h0)
    c = np.zeros((batch, u)) if c0 is None else f64(c0)
    xw = x @ W + b                                           # (B, T, 4u)
    seq = np.empty((batch, steps, u))
    for t in range(steps):
        z = xw[:, t] + h @ U
        i = ref_sigmoid(z[:, :u])
        f = ref_sigmoid(z[:, u:2 * u])
        g = np.tanh(z[:, 2 * u:3 * u])
        o = ref_sigmoid(z[:, 3 * u:])
        c = f * c + i * g
        h = o * np.tanh(c)
        seq[:, t] = h
    return seq, h, c


def ref_attention(query, value):                             # §2.25 dot, no scale, no mask
    """Luong attention, key = value: softmax(q·vᵀ)·v."""
    scores = np.matmul(query, np.swapaxes(value, 1, 2))       # (B, Tq, Tv)
    return np.matmul(ref_softmax(scores, axis=-1), value)
