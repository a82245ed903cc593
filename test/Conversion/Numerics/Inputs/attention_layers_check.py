#!/usr/bin/python3
"""Inputs and float64 NumPy references for the attention-layer numerics test.

Usage:
    attention_layers_check.py gen CASE DIR     write the case's inputs to DIR/<input>.npy
    attention_layers_check.py check CASE DIR   compare DIR/out/<output>.npy with the reference

The references are written from shared/spec/keras-models.md §2.25-§2.27 and
evaluated in float64 on the float32 inputs, with one float32 step kept where
Keras' float32 arithmetic decides the result: Attention subtracts 1e9 from
masked scores in float32, which rounds every masked score of a fully masked
row to -1e9 (near-uniform weights, spec §2.25). MHA/GQA replace masked logits
(spec §2.26) and optionally zero the masked probabilities (Softmax layer
>= 3.10, explicit path). An output passes when, elementwise,
|out - ref| <= max(1e-4 |ref|, 1e-5) and the shapes are equal.
"""
import os
import sys

import numpy as np

# The gen/check driver and the comparison are check.py's.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check  # noqa: E402
from check import d, f32  # noqa: E402


def softmax(x):
    m = np.max(x, axis=-1, keepdims=True)
    e = np.exp(x - m)
    return e / np.sum(e, axis=-1, keepdims=True)


def causal(tq, tk):
    return np.tril(np.ones((tq, tk), dtype=bool))


# --- Attention / AdditiveAttention (spec §2.25) ----------------------------

def luong(scores, value, query_mask=None, value_mask=None, use_causal=False, with_scores=False):
    b, tq, tv = scores.shape
    keep = np.ones((b, tq, tv), dtype=bool)
    if value_mask is not None:
        keep &= value_mask[:, None, :]
    if use_causal:
        keep &= causal(tq, tv)[None]
    # s - 1e9, computed in float32 as Keras does.
    penalized = d(f32(scores) - np.float32(1e9))
    s = np.where(keep, scores, penalized)
    weights = softmax(s)
    out = weights @ value
    if query_mask is not None:
        out = np.where(query_mask[:, :, None], out, 0.0)
    # return_attention_scores: the weights, not zeroed by the query mask.
    return (out, weights) if with_scores else out


def dot_scores(q, k, scale=None):
    s = q @ np.swapaxes(k, 1, 2)
    return s * scale if scale is not None else s


def concat_scores(q, k, weight, scale=None):
    t = q[:, :, None, :] + k[:, None, :, :]
    if scale is not None:
        t = scale * t
    return weight * np.sum(np.tanh(t), axis=-1)


def additive_scores(q, k, scale=None):
    t = np.tanh(q[:, :, None, :] + k[:, None, :, :])
    if scale is not None:
        t = scale * t
    return np.sum(t, axis=-1)


# --- MultiHeadAttention / GroupQueryAttention (spec §2.26, §2.27) ----------

def mha(query, value, key, wq, bq, wk, bk, wv, bv, wo, bo, attention_mask=None,
        query_mask=None, value_mask=None, key_mask=None, use_causal=False, zero=False,
        with_scores=False, gate=None):
    Q = np.einsum("btc,cnh->btnh", query, wq) + (bq if bq is not None else 0)
    K = np.einsum("bsc,cnh->bsnh", key, wk) + (bk if bk is not None else 0)
    V = np.einsum("bsc,cnh->bsnh", value, wv) + (bv if bv is not None else 0)
    n, nkv = wq.shape[1], wk.shape[1]
    g = n // nkv
    K = np.repeat(K, g, axis=2)  # query head u uses kv head u // g
    V = np.repeat(V, g, axis=2)
    Q = Q / np.sqrt(wq.shape[2])
    L = np.einsum("btnh,bsnh->bnts", Q, K)
    b, t, s = query.shape[0], query.shape[1], key.shape[1]
    keep = np.ones((b, t, s), dtype=bool)
    if attention_mask is not None:
        keep &= attention_mask
    if query_mask is not None:
        keep &= query_mask[:, :, None]
    if value_mask is not None:
        keep &= value_mask[:, None, :]
    if key_mask is not None:
        keep &= key_mask[:, None, :]
    if use_causal:
        keep &= causal(t, s)[None]
    keep = keep[:, None]
    P = softmax(np.where(keep, L, -1e9))
    if zero:
        P = np.where(keep, P, 0.0)
    O = np.einsum("bnts,bsnh->btnh", P, V)
    if gate is not None:  # use_gate: O *= sigmoid(query . Wg + bg)
        wg, bg = gate
        G = np.einsum("btc,cnh->btnh", query, wg) + (bg if bg is not None else 0)
        O = O / (1.0 + np.exp(-G))
    out = np.einsum("btnh,nhe->bte", O, wo) + (bo if bo is not None else 0)
    return (out, P) if with_scores else out


def attention_equation(rank, attn_axes):
    """Keras' _build_attention_equation for projected rank `rank`: the
    Q·Kᵀ and P·V einsum equations and the scores' rank."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    target = letters[:rank]
    batch_dims = [i for i in range(rank) if i not in attn_axes and i != rank - 1]
    source, offset = "", rank
    for i in range(rank):
        if i in batch_dims or i == rank - 1:
            source += target[i]
        else:
            source += letters[offset]
            offset += 1
    product = ("".join(target[i] for i in batch_dims) + "".join(target[i] for i in attn_axes)
               + "".join(source[i] for i in attn_axes))
    return f"{source},{target}->{product}", f"{product},{source}->{target}"


def mha_axes(query, value, key, wq, bq, wk, bk, wv, bv, wo, bo, axes):
    """MultiHeadAttention on inputs of any rank over `axes` (explicit path,
    no masks, spec §2.26): returns the output and the scores."""
    proj = lambda x, w, b: np.einsum("...c,cnh->...nh", x, w) + b
    Q = proj(query, wq, bq) / np.sqrt(wq.shape[2])
    K, V = proj(key, wk, bk), proj(value, wv, bv)
    dot, combine = attention_equation(query.ndim + 1, tuple(axes))
    L = np.einsum(dot, K, Q)
    n = len(axes)
    flat = L.reshape(L.shape[:L.ndim - n] + (-1,))
    P = softmax(flat).reshape(L.shape)
    O = np.einsum(combine, P, V)
    out = np.tensordot(O, wo, axes=([-2, -1], [0, 1])) + bo
    return out, P


def attention_layers(r, gen):
    if gen:
        n = lambda *s: f32(r.normal(size=s))
        w = lambda *s: f32(0.5 * r.normal(size=s))
        fq = f32([[1, 1, 0], [1, 0, 1], [0, 1, 1]])
        fv = f32([[1, 0, 1, 1, 0], [0, 0, 0, 0, 0], [1, 1, 1, 0, 1]])
        fx = f32([[1, 1, 1, 0], [1, 0, 1, 1], [0, 0, 1, 1]])
        fam = f32(r.integers(0, 2, size=(3, 4, 4)))
        fam[:, :, 0] = 1  # keep key 0 so causal rows are not all masked by it
        fam[1, 2, :] = 0  # one fully masked row
        famrow = f32(r.integers(0, 2, size=(3, 1, 4)))
        famrow[2, 0, :] = 0  # batch 2: every key masked, uniform rows
        famts = f32(r.integers(0, 2, size=(4, 4)))
        wg, bg = w(6, 2, 3), w(2, 3)
        return {"q": n(3, 3, 4), "v": n(3, 5, 4), "k": n(3, 5, 4), "v6": n(3, 5, 6),
                "fq": fq, "fv": fv, "sv": n(4), "x": n(3, 4, 6), "fx": fx, "fam": fam,
                "wq": w(6, 2, 3), "bq": w(2, 3), "wk": w(6, 2, 3), "bk": w(2, 3),
                "wv": w(6, 2, 3), "bv": w(2, 3), "wo": w(2, 3, 6), "bo": w(6),
                "wq2": w(4, 2, 3), "bq2": w(2, 3), "wk2": w(4, 2, 3), "bk2": w(2, 3),
                "wv2": w(6, 2, 5), "bv2": w(2, 5), "wo2": w(2, 5, 7), "bo2": w(7),
                "gq": w(6, 4, 3), "gbq": w(4, 3), "gk": w(6, 2, 3), "gbk": w(2, 3),
                "gv": w(6, 2, 3), "gbv": w(2, 3), "go": w(4, 3, 6), "gbo": w(6),
                "famrow": famrow, "famts": famts, "wg": wg, "bg": bg}
    x = {k: d(v) for k, v in r.items()}
    qm, vm, xm, am = x["fq"] != 0, x["fv"] != 0, x["fx"] != 0, x["fam"] != 0
    amrow, amts = x["famrow"] != 0, x["famts"] != 0
    q, v, k, v6, X = x["q"], x["v"], x["k"], x["v6"], x["x"]
    scale, cw = 0.75, -1.5
    p = [x[n] for n in ("wq", "bq", "wk", "bk", "wv", "bv", "wo", "bo")]
    p2 = [x[n] for n in ("wq2", "bq2", "wk2", "bk2", "wv2", "bv2", "wo2", "bo2")]
    pg = [x[n] for n in ("gq", "gbq", "gk", "gbk", "gv", "gbv", "go", "gbo")]
    nobias = [p[0], None, p[2], None, p[4], None, p[6], None]
    return {
        "att_dot": luong(dot_scores(q, v), v, qm, vm),
        "att_scale_causal": luong(dot_scores(q, k, scale), v6, None, vm, True),
        "att_concat": luong(concat_scores(q, v, cw, scale), v, qm, vm),
        "add_att": luong(additive_scores(q, v, x["sv"]), v, qm, vm, True),
        "add_att_noscale": luong(additive_scores(q, k), v6),
        "mha_self": mha(X, X, X, *p),
        "mha_cross": mha(q, v6, k, *p2, query_mask=qm, value_mask=vm),
        "mha_causal_am": mha(X, X, X, *nobias, attention_mask=am, query_mask=xm,
                             use_causal=True, zero=True),
        "gqa": mha(X, X, X, *pg, value_mask=xm, use_causal=True),
        "mha_masked_uniform": mha(X, X, X, *p, attention_mask=am, query_mask=xm, key_mask=xm),
        "mha_am_rows": mha(X, X, X, *p, attention_mask=amrow),
        "gqa_am_ts": mha(X, X, X, *pg, attention_mask=amts, use_causal=True, zero=True),
        "mha_gate": mha(X, X, X, *p, query_mask=xm, gate=(x["wg"], x["bg"])),
    }


check.CASES["attention_layers"] = attention_layers


def attention_scores(r, gen):
    """return_attention_scores of every layer (3-D, with fully masked rows:
    value padding for Luong, query padding for MHA/GQA) and MultiHeadAttention
    on rank-4 inputs over attention_axes [1, 2], [2, 1], [2] and the default."""
    if gen:
        n = lambda *s: f32(r.normal(size=s))
        w = lambda *s: f32(0.5 * r.normal(size=s))
        fq = f32([[1, 1, 0], [1, 0, 1], [0, 1, 1]])
        fv = f32([[1, 0, 1, 1, 0], [0, 0, 0, 0, 0], [1, 1, 1, 0, 1]])
        fx = f32([[1, 1, 1, 0], [1, 0, 1, 1], [0, 0, 1, 1]])
        return {"q": n(3, 3, 4), "v": n(3, 5, 4), "fq": fq, "fv": fv, "sv": n(4),
                "x": n(3, 4, 6), "fx": fx, "x4": n(3, 3, 4, 6), "y4": n(3, 3, 5, 6),
                "wq": w(6, 2, 3), "bq": w(2, 3), "wk": w(6, 2, 3), "bk": w(2, 3),
                "wv": w(6, 2, 3), "bv": w(2, 3), "wo": w(2, 3, 6), "bo": w(6),
                "wo2": w(2, 3, 2, 5), "bo2": w(2, 5),
                "gq": w(6, 4, 3), "gbq": w(4, 3), "gk": w(6, 2, 3), "gbk": w(2, 3),
                "gv": w(6, 2, 3), "gbv": w(2, 3), "go": w(4, 3, 6), "gbo": w(6)}
    x = {k: d(v) for k, v in r.items()}
    qm, vm, xm = x["fq"] != 0, x["fv"] != 0, x["fx"] != 0
    q, v, X, X4, Y4 = x["q"], x["v"], x["x"], x["x4"], x["y4"]
    p = [x[k] for k in ("wq", "bq", "wk", "bk", "wv", "bv", "wo", "bo")]
    p2 = p[:6] + [x["wo2"], x["bo2"]]
    pg = [x[k] for k in ("gq", "gbq", "gk", "gbk", "gv", "gbv", "go", "gbo")]
    out = {}
    out["att_dot"], out["att_dot_scores"] = luong(dot_scores(q, v), v, qm, vm, with_scores=True)
    out["add"], out["add_scores"] = luong(additive_scores(q, v, x["sv"]), v, qm, vm, True,
                                          with_scores=True)
    out["concat"], out["concat_scores"] = luong(concat_scores(q, v, -1.5, 0.75), v, None, vm,
                                                with_scores=True)
    out["mha_zero"], out["mha_zero_scores"] = mha(X, X, X, *p, query_mask=xm, zero=True,
                                                  with_scores=True)
    out["mha_uniform"], out["mha_uniform_scores"] = mha(X, X, X, *p, query_mask=xm,
                                                        use_causal=True, with_scores=True)
    out["gqa"], out["gqa_scores"] = mha(X, X, X, *pg, value_mask=xm, use_causal=True, zero=True,
                                        with_scores=True)
    out["mha_axes12"], out["mha_axes12_scores"] = mha_axes(X4, X4, X4, *p, axes=(1, 2))
    out["mha_axis2"], out["mha_axis2_scores"] = mha_axes(X4, Y4, Y4, *p2, axes=(2,))
    out["mha_default4"] = mha_axes(X4, Y4, Y4, *p, axes=(1, 2))[0]
    p21 = [x[k] for k in ("wk", "bk", "wq", "bq", "wv", "bv", "wo2", "bo2")]
    out["mha_axes21"], out["mha_axes21_scores"] = mha_axes(X4, Y4, Y4, *p21, axes=(2, 1))
    return out


check.CASES["attention_scores"] = attention_scores

if __name__ == "__main__":
    sys.exit(check.main(sys.argv[1:]))
