#!/usr/bin/python3
"""Inputs and float64 NumPy references for the numeric lowering tests.

Usage:
    check.py gen CASE DIR     write the case's inputs to DIR/<input>.npy
    check.py check CASE DIR   compare DIR/out/<output>.npy with the reference

Each case pairs with Inputs/<case>.mlir, a keras-dialect model whose weights
are model inputs, so the inputs here are random (seeded by the case name) and
the references are the formulas of shared/spec/keras-models.md §2 evaluated in
float64 on the float32 inputs. An output passes when, elementwise,
|out - ref| <= max(1e-4 * |ref|, 1e-5) and the shapes are equal.
"""
import math
import sys
import zlib

import numpy as np

RTOL, ATOL = 1e-4, 1e-5


def rng_for(case):
    return np.random.default_rng(zlib.crc32(case.encode()))


def f32(a):
    return np.asarray(a, dtype=np.float32)


def d(a):
    return np.asarray(a, dtype=np.float64)


# --- activations (spec §2.4, Keras 3 backend/numpy/nn.py) -------------------

_erf = np.vectorize(math.erf)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softplus(x):
    return np.logaddexp(x, 0.0)


def softmax(x, axes=(-1,)):
    m = np.max(x, axis=axes, keepdims=True)
    e = np.exp(x - m)
    return e / np.sum(e, axis=axes, keepdims=True)


def log_softmax(x):
    m = np.max(x, axis=-1, keepdims=True)
    return x - m - np.log(np.sum(np.exp(x - m), axis=-1, keepdims=True))


def relu_general(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """keras.activations.relu / the ReLU layer, as Keras computes it."""
    if negative_slope != 0.0:
        if max_value is None and threshold == 0:
            return np.where(x >= 0, x, negative_slope * x)
        negative_part = np.maximum(-x + threshold, 0.0)
    else:
        negative_part = 1.0
    clip_max = max_value is not None
    if threshold != 0:
        y = x * (x > threshold)
    elif max_value == 6:
        y = np.clip(x, 0.0, 6.0)
        clip_max = False
    else:
        y = np.maximum(x, 0.0)
    if clip_max:
        y = np.clip(y, 0.0, max_value)
    if negative_slope != 0.0:
        y = y - negative_slope * negative_part
    return y


def elu(x, alpha=1.0):
    return np.where(x >= 0.0, x, alpha * np.expm1(x))


def hard_sigmoid(x):
    return np.clip(x / 6.0 + 0.5, 0.0, 1.0)


ACTIVATIONS = {
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(x, 0.0),
    "relu6": lambda x: np.clip(x, 0.0, 6.0),
    "leaky_relu": lambda x: np.where(x >= 0, x, 0.2 * x),
    "elu": elu,
    "selu": lambda x: 1.0507009873554805 * elu(x, 1.6732632423543772),
    "gelu": lambda x: 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0))),
    "gelu_approximate": lambda x: 0.5 * x * (
        1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3))),
    "sigmoid": sigmoid,
    "hard_sigmoid": hard_sigmoid,
    "hard_sigmoid_keras2": lambda x: np.clip(0.2 * x + 0.5, 0.0, 1.0),
    "hard_silu": lambda x: x * hard_sigmoid(x),
    "tanh": np.tanh,
    "softmax": softmax,
    "log_softmax": log_softmax,
    "silu": lambda x: x * sigmoid(x),
    "softplus": softplus,
    "softsign": lambda x: x / (1.0 + np.abs(x)),
    "exponential": np.exp,
    "mish": lambda x: x * np.tanh(softplus(x)),
    "celu": lambda x, a=1.0: np.maximum(x, 0.0) + a * np.expm1(np.minimum(x, 0.0) / a),
    "squareplus": lambda x, b=4.0: (x + np.sqrt(x * x + b)) / 2.0,
    "soft_shrink": lambda x, t=0.5: np.where(x > t, x - t, np.where(x < -t, x + t, 0.0)),
    "hard_shrink": lambda x, t=0.5: np.where(np.abs(x) > t, x, 0.0),
    "tanh_shrink": lambda x: x - np.tanh(x),
    "hard_tanh": lambda x: np.clip(x, -1.0, 1.0),
    "sparse_plus": lambda x: np.where(x <= -1, 0.0, np.where(x >= 1, x, (x + 1) ** 2 / 4)),
    "sparse_sigmoid": lambda x: np.where(x <= -1, 0.0, np.where(x >= 1, 1.0, 0.5 * (x + 1))),
    "log_sigmoid": lambda x: -softplus(-x),
    "relu_general": relu_general,
    "thresholded_relu": lambda x, theta=1.0: x * (x > theta),
}


def act(name, x):
    return ACTIVATIONS[name](x)


# --- layers -----------------------------------------------------------------

def dense(x, k, b=None, activation="linear"):
    y = x @ k
    if b is not None:
        y = y + b
    return act(activation, y)


def window_geometry(length, window, stride, padding):
    if padding == "valid":
        return (length - window) // stride + 1, 0, 0
    out = -(-length // stride)
    if padding == "causal":
        return out, window - 1, 0
    total = max((out - 1) * stride + window - length, 0)
    return out, total // 2, total - total // 2


def conv1d(x, k, b=None, stride=1, dilation=1, padding="valid", activation="linear"):
    """channels_last Conv1D: x (B, L, Cin), k (W, Cin, Cout)."""
    width = k.shape[0]
    window = (width - 1) * dilation + 1
    out, left, right = window_geometry(x.shape[1], window, stride, padding)
    xp = np.pad(x, ((0, 0), (left, right), (0, 0)))
    y = np.zeros((x.shape[0], out, k.shape[2]))
    for o in range(out):
        for w in range(width):
            y[:, o, :] += xp[:, o * stride + w * dilation, :] @ k[w]
    if b is not None:
        y = y + b
    return act(activation, y)


def pool1d(x, pool, stride, padding, kind):
    """Windows overhanging the input are cut at its edges (spec: averages
    divide by the number of real elements)."""
    length = x.shape[1]
    out, left, _ = window_geometry(length, pool, stride, padding)
    y = np.zeros((x.shape[0], out, x.shape[2]))
    for o in range(out):
        lo = max(o * stride - left, 0)
        hi = min(o * stride - left + pool, length)
        win = x[:, lo:hi, :]
        y[:, o, :] = win.max(axis=1) if kind == "max" else win.mean(axis=1)
    return y


def layer_norm(x, axes, eps, gamma=None, beta=None):
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    shape = [x.shape[a] if a in axes else 1 for a in range(x.ndim)]
    inv = 1.0 / np.sqrt(var + eps)
    if gamma is not None:
        inv = inv * gamma.reshape(shape)
    y = x * inv - mean * inv
    if beta is not None:
        y = y + beta.reshape(shape)
    return y


def batch_norm(x, axis, eps, mean, var, gamma=None, beta=None):
    shape = [x.shape[a] if a == axis else 1 for a in range(x.ndim)]
    inv = 1.0 / np.sqrt(var.reshape(shape) + eps)
    if gamma is not None:
        inv = inv * gamma.reshape(shape)
    shift = -mean.reshape(shape) * inv
    if beta is not None:
        shift = shift + beta.reshape(shape)
    return x * inv + shift


def embedding(ids, table):
    rows = np.trunc(d(ids)).astype(np.int64)  # Keras casts float ids to int
    rows = np.clip(rows, 0, table.shape[0] - 1)  # Kiln clamps out-of-range ids
    return table[rows]


def l2_normalize(x, axis):
    return x / np.sqrt(np.maximum(np.sum(x * x, axis=axis, keepdims=True), 1e-14))


def dot(a, b, axes, normalize=False):
    if normalize:
        a, b = l2_normalize(a, axes[0]), l2_normalize(b, axes[1])
    y = np.stack([np.tensordot(a[i], b[i], axes=(axes[0] - 1, axes[1] - 1))
                  for i in range(a.shape[0])])
    return y.reshape(a.shape[0], 1) if y.ndim == 1 else y


def merge_expand(inputs):
    rank = max(x.ndim for x in inputs)
    out = []
    for x in inputs:
        while x.ndim < rank:
            x = np.expand_dims(x, 1)
        out.append(x)
    return out


# --- cases ------------------------------------------------------------------

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


ACT_KINDS = list(ACTIVATIONS)


@case
def activations(r, gen):
    if gen:
        x = r.uniform(-7.0, 7.0, size=(3, 5, 8))
        # A few exact points where formulas switch branches.
        x.flat[:12] = [0.0, -1.0, 1.0, 0.5, -0.5, 6.0, -6.0, 3.0, -3.0, 1e-3, -1e-3, 2.0]
        return {"x": f32(x)}
    x = d(r["x"])
    out = {k: act(k, x) for k in ACT_KINDS if k != "linear"}
    out.update({
        "leaky_relu_03": np.where(x >= 0, x, 0.3 * x),
        "elu_05": elu(x, 0.5),
        "celu_2": ACTIVATIONS["celu"](x, 2.0),
        "squareplus_1": ACTIVATIONS["squareplus"](x, 1.0),
        "soft_shrink_1": ACTIVATIONS["soft_shrink"](x, 1.0),
        "hard_shrink_2": ACTIVATIONS["hard_shrink"](x, 2.0),
        "thresholded_relu_05": ACTIVATIONS["thresholded_relu"](x, 0.5),
        "relu_max": relu_general(x, max_value=4.0),
        "relu_slope": relu_general(x, negative_slope=0.1),
        "relu_all": relu_general(x, negative_slope=0.1, max_value=4.0, threshold=0.5),
        "relu_threshold": relu_general(x, threshold=1.5),
    })
    return out


def sparsemax(z):
    """Sorted formulation (Martins & Astudillo 2016), over the last axis."""
    zs = -np.sort(-z, axis=-1)
    cs = np.cumsum(zs, axis=-1)
    k = np.arange(1, z.shape[-1] + 1)
    support = 1.0 + k * zs > cs
    kz = support.sum(axis=-1, keepdims=True)
    tau = (np.take_along_axis(cs, kz - 1, axis=-1) - 1.0) / kz
    return np.maximum(z - tau, 0.0)


def glu(x):
    a, b = np.split(x, 2, axis=-1)
    return a * sigmoid(b)


@case
def glu_sparsemax(r, gen):
    if gen:
        x = r.uniform(-3.0, 3.0, size=(2, 3, 8))
        x[0, 0, :] = [1.0, 1.0, 1.0, 0.0, -2.0, 1.0, 0.5, 0.5]  # ties in the support
        x[0, 1, :] = [9.0, 0, 0, 0, 0, 0, 0, 0]                # a one-hot result
        return {"x": f32(x)}
    x = d(r["x"])
    return {"sparsemax": sparsemax(x), "glu": glu(x)}


@case
def dense_layers(r, gen):
    if gen:
        return {"x": f32(r.normal(size=(4, 5))), "x3": f32(r.normal(size=(2, 3, 5))),
                "k": f32(r.normal(size=(5, 7)) * 0.6), "b": f32(r.normal(size=7))}
    x, x3, k, b = d(r["x"]), d(r["x3"]), d(r["k"]), d(r["b"])
    out = {}
    for kind in ["linear", "relu", "tanh", "sigmoid", "gelu", "gelu_approximate", "elu",
                 "silu", "relu6", "softmax", "hard_sigmoid", "mish"]:
        out["b_" + kind] = dense(x, k, b, kind)
        out["n_" + kind] = dense(x, k, None, kind)
    out["r3_gelu"] = dense(x3, k, b, "gelu")
    out["r3_selu"] = dense(x3, k, b, "selu")
    return out


@case
def conv1d_layers(r, gen):
    if gen:
        return {"x": f32(r.normal(size=(2, 11, 4))), "xd": f32(r.normal(size=(3, 9, 4))),
                "k3": f32(r.normal(size=(3, 4, 6)) * 0.5),
                "k4": f32(r.normal(size=(4, 4, 6)) * 0.5), "b": f32(r.normal(size=6))}
    x, xd, k3, k4, b = (d(r[n]) for n in ["x", "xd", "k3", "k4", "b"])
    return {
        "valid": conv1d(x, k3),
        "valid_s3": conv1d(x, k3, b, stride=3),
        "valid_d2": conv1d(x, k3, dilation=2),
        "same_s2": conv1d(x, k4, b, stride=2, padding="same", activation="relu"),
        "same_odd": conv1d(x, k4, padding="same"),
        "same_d3": conv1d(x, k3, b, dilation=3, padding="same"),
        "same_s3": conv1d(x, k3, stride=3, padding="same", activation="gelu"),
        "causal_d2": conv1d(x, k3, b, dilation=2, padding="causal"),
        "causal_s2": conv1d(x, k4, b, stride=2, padding="causal", activation="tanh"),
        "dyn_valid_s2": conv1d(xd, k3, b, stride=2),
    }


@case
def pooling_layers(r, gen):
    if gen:
        return {"x": f32(r.normal(size=(2, 9, 3))), "xd": f32(r.normal(size=(3, 7, 3)))}
    x, xd = d(r["x"]), d(r["xd"])
    return {
        "max_valid": pool1d(x, 2, 2, "valid", "max"),
        "max_same": pool1d(x, 3, 2, "same", "max"),
        "max_same_4_3": pool1d(x, 4, 3, "same", "max"),
        "avg_valid": pool1d(x, 2, 2, "valid", "avg"),
        "avg_valid_3_1": pool1d(x, 3, 1, "valid", "avg"),
        "avg_same": pool1d(x, 3, 2, "same", "avg"),
        "avg_same_2_1": pool1d(x, 2, 1, "same", "avg"),
        "avg_same_4_3": pool1d(x, 4, 3, "same", "avg"),
        "gap": x.mean(axis=1),
        "dyn_gap_keep": xd.mean(axis=1, keepdims=True),
        "gmp": x.max(axis=1),
        "dyn_gmp_keep": xd.max(axis=1, keepdims=True),
        "dyn_max_valid": pool1d(xd, 2, 2, "valid", "max"),
        "dyn_avg_valid": pool1d(xd, 3, 2, "valid", "avg"),
    }


@case
def normalization_layers(r, gen):
    if gen:
        return {"x": f32(r.normal(size=(2, 5, 6)) * 3 + 1), "y": f32(r.normal(size=(2, 3, 4)) - 2),
                "g": f32(r.normal(size=6)), "b": f32(r.normal(size=6)),
                "g2": f32(r.normal(size=(3, 4))), "b2": f32(r.normal(size=(3, 4))),
                "m": f32(r.normal(size=6)), "v": f32(r.uniform(0.1, 2.0, size=6)),
                "m3": f32(r.normal(size=3)), "v3": f32(r.uniform(0.1, 2.0, size=3))}
    x, y, g, b, g2, b2, m, v, m3, v3 = (
        d(r[n]) for n in ["x", "y", "g", "b", "g2", "b2", "m", "v", "m3", "v3"])
    return {
        "ln": layer_norm(x, (2,), 1e-3, g, b),
        "ln_plain": layer_norm(x, (2,), 1e-5),
        "ln_beta": layer_norm(x, (2,), 1e-3, None, b),
        "ln_two_axes": layer_norm(y, (1, 2), 1e-3, g2, b2),
        "ln_axis1": layer_norm(x, (1,), 1e-3),
        "bn": batch_norm(x, 2, 1e-3, m, v, g, b),
        "bn_plain": batch_norm(x, 2, 1e-3, m, v),
        "bn_axis1": batch_norm(y, 1, 1e-2, m3, v3),
    }


@case
def embedding_layers(r, gen):
    if gen:
        ids_f = np.array([[0.0, 0.9, 2.7, 9.99, -0.5], [-3.7, 12.3, 5.5, 1.0, 4.2]])
        ids_i = np.array([[0, 9, 10, -2, 100], [3, 3, 1, 7, 2], [5, 6, 8, 4, 0]])
        return {"ids_f": f32(ids_f), "ids_i": ids_i.astype(np.int32),
                "t": f32(r.normal(size=(10, 3)))}
    t = d(r["t"])
    return {"ef": embedding(r["ids_f"], t), "ei": embedding(r["ids_i"], t)}


@case
def dot_layers(r, gen):
    if gen:
        a = r.normal(size=(3, 4))
        a[1] = 0.0  # normalising a zero vector gives zeros
        return {"a": f32(a), "b": f32(r.normal(size=(3, 4))),
                "a3": f32(r.normal(size=(3, 2, 4))), "b3": f32(r.normal(size=(3, 5, 4))),
                "c3": f32(r.normal(size=(3, 4, 2))), "b3t": f32(r.normal(size=(3, 4, 5)))}
    a, b, a3, b3, c3, b3t = (d(r[n]) for n in ["a", "b", "a3", "b3", "c3", "b3t"])
    return {
        "ab": dot(a, b, (1, 1)),
        "ab_norm": dot(a, b, (1, 1), True),
        "a3b3": dot(a3, b3, (2, 2)),
        "a3b3_norm": dot(a3, b3, (2, 2), True),
        "c3b3": dot(c3, b3, (1, 2)),
        "c3b3_norm": dot(c3, b3, (1, 2), True),
        "ab3t": dot(a, b3t, (1, 1)),
        "a3c3": dot(a3, c3, (2, 1), True),
    }


@case
def einsum_layers(r, gen):
    if gen:
        return {"x": f32(r.normal(size=(2, 5, 4))), "x4": f32(r.normal(size=(2, 3, 4, 6))),
                "k1": f32(r.normal(size=(5, 4, 3))), "b1": f32(r.normal(size=3)),
                "b1bd": f32(r.normal(size=(5, 3))),
                "k2": f32(r.normal(size=(4, 2, 3))), "b2": f32(r.normal(size=(2, 3))),
                "k3": f32(r.normal(size=(3, 4))), "k4": f32(r.normal(size=(4, 8)))}
    x, x4, k1, b1, b1bd, k2, b2, k3, k4 = (
        d(r[n]) for n in ["x", "x4", "k1", "b1", "b1bd", "k2", "b2", "k3", "k4"])
    bias_b = b1bd.reshape(5, 3)
    return {
        "batch_letter": act("relu", np.einsum("abc,bcd->abd", x, k1) + b1),
        "batch_letter_bias_bd": np.einsum("abc,bcd->abd", x, k1) + bias_b,
        "split_heads": act("tanh", np.einsum("abc,cde->abde", x, k2) + b2),
        "kernel_transposed": np.einsum("abc,dc->abd", x, k3),
        "ellipsis": np.einsum("abcd,ce->abed", x4, k4),
        "free_first": np.einsum("abc,cd->adb", x, k4),
    }


@case
def merge_layers(r, gen):
    if gen:
        return {"a": f32(r.normal(size=(2, 3, 4))), "b": f32(r.normal(size=(2, 4))),
                "c": f32(r.normal(size=(2, 1, 4))), "dd": f32(r.normal(size=(2, 3, 1))),
                "e": f32(r.normal(size=(2, 2, 3, 4))), "s": f32(r.normal(size=(2, 1)))}
    a, b, c, dd, e, s = (d(r[n]) for n in ["a", "b", "c", "dd", "e", "s"])
    a_, b_, c_ = merge_expand([a, b, c])
    return {
        "add": a_ + b_ + c_,
        "subtract": a_ - b_,
        "multiply": a * dd,
        "average": (a_ + b_ + c_) / 3.0,
        "maximum": np.maximum(*merge_expand([b, a])),
        "minimum": np.minimum(c, dd),
        "add_rank4": sum(merge_expand([e, b])),
        "multiply_rank4": np.prod(np.broadcast_arrays(*merge_expand([e, s, a])), axis=0),
        "subtract_col": s - b,
    }


@case
def shape_layers(r, gen):
    if gen:
        return {"x": f32(r.normal(size=(2, 4, 6))), "v": f32(r.normal(size=(2, 6))),
                "p": f32(r.normal(size=(2, 2, 6))), "q": f32(r.normal(size=(2, 4, 3))),
                "xs": f32(r.normal(size=(2, 4, 6)))}
    x, v, p, q, xs = (d(r[n]) for n in ["x", "v", "p", "q", "xs"])
    n = x.shape[0]
    # The pure reshapes read x + k (one Rescaling each) so that no output is a
    # view of an input or of another output (separate, known problems).
    return {
        "reshape_minus_one": (x + 1).reshape(n, 3, -1),
        "reshape_first_unknown": (x + 2).reshape(n, -1, 2, 3),
        "flatten": (x + 3).reshape(n, -1),
        "permute": x.transpose(0, 2, 1),
        "permute4": (x + 3).reshape(n, 2, 2, 6).transpose(0, 3, 1, 2),
        "repeat": np.repeat(v[:, None, :], 3, axis=1),
        "concat1": np.concatenate([xs, p], axis=1),
        "concat2": np.concatenate([q, xs, q], axis=2),
        "rescale": x * 0.5 - 1.0,
    }


@case
def softmax_layers(r, gen):
    if gen:
        return {"x": f32(r.normal(size=(2, 3, 4, 5)) * 3)}
    x = d(r["x"])
    return {
        "last": softmax(x, (3,)),
        "axis1": softmax(x, (1,)),
        "axes12": softmax(x, (1, 2)),
        "axes13": softmax(x, (1, 3)),
        "axes123": softmax(x, (1, 2, 3)),
    }


@case
def constant_weights(r, gen):
    if gen:
        return {"x": f32(r.normal(size=(5, 4)) * 2)}
    x = d(r["x"])
    k = d(f32([[0.5, -0.25, 1.0], [0.125, 0.75, -1.5], [-0.5, 0.5, 0.25], [1.25, 0.0, -0.75]]))
    b = d(f32([0.1, -0.2, 0.3]))
    return {"y": dense(x, k, b, "gelu"), "z": dense(x, k, None, "hard_sigmoid_keras2")}


def masked_mean(x, mask):
    """Spec §2.18: masked steps set to 0, sum / count of True (0/0 = NaN)."""
    w = mask.astype(np.float64)[:, :, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        return (x * w).sum(axis=1) / w.sum(axis=1)


@case
def masked_pooling(r, gen):
    if gen:
        ids = np.array([[3, 0, 7, 0, 2, 9], [0, 0, 0, 0, 0, 0], [1, 4, 4, 0, 8, 5]])
        fids = np.array([[1.0, 0.0, 2.0, 3.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0],
                         [7.0, -2.0, 0.0, 1.0, 4.0]])
        return {"ids": ids.astype(np.int32), "fids": f32(fids),
                "x": f32(r.normal(size=(3, 5, 4))), "t": f32(r.normal(size=(10, 4)))}
    ids, fids, x, t = r["ids"], d(r["fids"]), d(r["x"]), d(r["t"])
    return {
        "emb_gap": masked_mean(embedding(ids, t), ids != 0),
        "x_gap_keep": masked_mean(x, fids != 0)[:, None, :],
    }


# --- driver -----------------------------------------------------------------

def compare(name, out, ref):
    ref = d(ref)
    if out.shape != ref.shape:
        return f"{name}: shape {list(out.shape)} != reference {list(ref.shape)}"
    o = d(out)
    nan_ref = np.isnan(ref)
    if (np.isnan(o) != nan_ref).any() or not np.all(np.isfinite(o[~nan_ref])):
        i = np.unravel_index(int(np.argmax((np.isnan(o) != nan_ref) | ~np.isfinite(o) & ~nan_ref)),
                             ref.shape)
        return f"{name}: non-finite mismatch at {list(map(int, i))}: got {o[i]}, expected {ref[i]}"
    o, ref = np.where(nan_ref, 0.0, o), np.where(nan_ref, 0.0, ref)
    err = np.abs(o - ref)
    tol = np.maximum(RTOL * np.abs(ref), ATOL)
    if (err > tol).any():
        i = np.unravel_index(int(np.argmax(err / tol)), ref.shape)
        return (f"{name}: {(err > tol).sum()} of {ref.size} values out of tolerance; "
                f"worst at {list(map(int, i))}: got {o[i]:.9g}, expected {ref[i]:.9g}")
    print(f"check.py: OK {name}: max_abs_err={err.max():.3e} ({ref.size} values)")
    return None


def main(argv):
    if len(argv) != 3 or argv[0] not in ("gen", "check") or argv[1] not in CASES:
        print(__doc__)
        print("cases:", " ".join(CASES))
        return 2
    mode, name, directory = argv
    fn = CASES[name]
    inputs = fn(rng_for(name), True)
    if mode == "gen":
        for k, v in inputs.items():
            np.save(f"{directory}/{k}.npy", v)
        return 0
    failures = []
    for out_name, ref in fn(inputs, False).items():
        try:
            out = np.load(f"{directory}/out/{out_name}.npy")
        except OSError as e:
            failures.append(f"{out_name}: {e}")
            continue
        msg = compare(out_name, out, ref)
        if msg:
            failures.append(msg)
    for msg in failures:
        print(f"check.py: FAIL {name}/{msg}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
