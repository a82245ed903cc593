#!/usr/bin/python3
"""Inputs and float64 NumPy references for attention.test (kiln.attention).

Usage: attention_check.py gen|check attention DIR, as check.py (whose driver
and tolerance, |out - ref| <= max(1e-4 |ref|, 1e-5), this reuses).

The reference is kiln.attention's definition (KilnOps.td), which is
keras.ops.dot_product_attention's (shared/spec/keras-models.md §2.28):
masked logits are replaced by mask_fill (by default -0.7 * float32 max, so a
fully masked row is the uniform average of its value rows; with -inf that row
is NaN), with zero_masked the masked probabilities are then zeroed, and the
additive score is sum_d w_d tanh(c (q_d + k_d)).
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check  # noqa: E402
from check import case, d, f32, softmax  # noqa: E402

MASKED = -0.7 * float(np.finfo(np.float32).max)


def attention(q, k, v, scale, additive=None, keep=None, causal="none", fill=MASKED,
              zero=False, weights=None, tanh_scale=None, probs=False):
    g = q.shape[1] // k.shape[1]
    k = np.repeat(k, g, axis=1)  # query head h uses kv head h // g
    v = np.repeat(v, g, axis=1)
    if weights is None and tanh_scale is None:
        logits = scale * np.einsum("bhtd,bhsd->bhts", q, k)
    else:
        x = q[:, :, :, None, :] + k[:, :, None, :, :]
        t = np.tanh(x if tanh_scale is None else tanh_scale * x)
        logits = scale * np.sum(t if weights is None else weights * t, axis=-1)
    if additive is not None:
        logits = logits + additive
    t, s = logits.shape[2], logits.shape[3]
    ok = np.ones(logits.shape, dtype=bool)
    if keep is not None:
        ok &= keep
    i, j = np.arange(t)[:, None], np.arange(s)[None, :]
    if causal == "top_left":
        ok &= j <= i
    elif causal == "bottom_right":
        ok &= j <= i + (s - t)
    logits = np.where(ok, logits, fill)
    with np.errstate(invalid="ignore"):
        p = softmax(logits, (-1,))
    if zero:
        p = np.where(ok, p, 0.0)
    out = np.einsum("bhts,bhse->bhte", p, v)
    return (out, p) if probs else out


@case
def attention_case(r, gen):
    if gen:
        b = 2
        bmf = (r.random(size=(b, 1, 4, 6)) < 0.7).astype(np.float32)
        bmf[0, 0, 1, :] = 0.0  # a fully masked row
        bmf[1, 0, 3, :] = 1.0
        am = r.normal(size=(b, 1, 4, 6)) * 2
        am[1, 0, 2, 1] = -1e9
        return {"q": f32(r.normal(size=(b, 2, 4, 8))), "k": f32(r.normal(size=(b, 2, 6, 8))),
                "v": f32(r.normal(size=(b, 2, 6, 5))), "am": f32(am), "bmf": f32(bmf),
                "q4": f32(r.normal(size=(b, 4, 4, 8))), "vs": f32(r.normal(size=(b, 2, 4, 5))),
                "w": f32(r.normal(size=(8,)))}
    q, k, v, am, q4, vs, w = (d(r[n]) for n in ("q", "k", "v", "am", "q4", "vs", "w"))
    bm = r["bmf"] != 0
    s8 = float(np.float32(0.353553385))
    out = {
        "plain": attention(q, k, v, s8),
        "additive": attention(q, k, v, s8, additive=am),
        "boolean": attention(q, k, v, s8, keep=bm),
        "causal_tl": attention(q, k, v, s8, causal="top_left"),
        "causal_br": attention(q, k, v, s8, causal="bottom_right"),
        "causal_br_long_query": attention(k, q, vs, s8, causal="bottom_right"),
        "gqa": attention(q4, k, v, 0.2),
        "gqa_masked_causal": attention(q4, k, v, 0.5, keep=bm, causal="top_left"),
        "additive_causal": attention(q, k, v, 1.0, additive=am, causal="bottom_right"),
    }
    out["additive_score"], out["additive_score_probs"] = attention(
        q, k, v, -1.5, keep=bm, fill=-1e9, weights=w, tanh_scale=0.75, probs=True)
    out["zeroed"], out["zeroed_probs"] = attention(
        q, k, v, s8, keep=bm, causal="bottom_right", zero=True, probs=True)
    out["fill_neg_inf"] = attention(q, k, v, s8, keep=bm, fill=-np.inf)
    return out


# The case is named after its model function.
check.CASES["attention"] = check.CASES.pop("attention_case")

if __name__ == "__main__":
    sys.exit(check.main(sys.argv[1:]))
