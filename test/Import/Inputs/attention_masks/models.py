#!/usr/bin/python3
"""Models for test/Import/attention-explicit-masks*.test: attention layers
called with explicit mask arguments (spec §2.0, §2.25-§2.27).

Usage: models.py {model|broadcast|errors} OUT_DIR

`model` writes masks.json + masks.weights.h5 (Keras 3.10 functional config,
writers of ../attention/models.py), the inputs <name>.npy and float64 NumPy
references expected_<output>.npy from the spec formulas
(test/Conversion/Numerics/Inputs/attention_layers_check.py):
  inputs q (B,3,4), v (B,5,4), k (B,5,4), ids (B,5) int32, and float 0/1
  masks qm (B,3), vm (B,5), km (B,5) (vm and km also hold 0.5 and -2: nonzero
  keeps); qm masks query row 1 of batch 0, vm masks every key of batch 2
  (fully masked score rows) and some of batch 0 (partly masked).
  emb = Embedding(10, 4, mask_zero=True)(ids)                 (propagated mask)
  att = Attention(use_scale=True)([q, v], mask=[qm, vm])          (keyword)
  add = AdditiveAttention()([q, v, k], [qm, vm])     (positional, distinct key)
  att_none = Attention()([q, emb], mask=[None, vm])   (no query mask; vm
                                                       replaces emb's mask)
  mha = MultiHeadAttention(2, 3)(q, v, key=k, query_mask=qm, value_mask=vm,
        key_mask=km)  -- Keras >= 3.8 ignores an explicit query_mask (call()
        reads the query's Keras mask, none here): expected_mha; a file of
        Keras 3.7 uses it: expected_mha_k37
  gqa = GroupQueryAttention(2, 4, 2)(q, v, None, qm, vm)   (Keras 3 positions)
All MHA/GQA calls take the fast path (dropout 0): fully masked rows are
uniform (spec §2.26).

`broadcast` writes broadcast.json + broadcast.weights.h5: attention masks
that broadcast against (batch, query steps, key steps) as Keras applies them
(numpy rules): inputs q (B,3,4), v (B,5,4), amrow (B,1,5) and am (B,3,5);
  mha = MultiHeadAttention(2, 3)(q, v, attention_mask=amrow)   (every query
        row shares its batch's key mask; batch 2 masks every key: uniform)
  gqa = GroupQueryAttention(2, 4, 2)(q, v, attention_mask=am, use_causal_mask=True)
with am_row0.npy, am's first batch row alone, which the compiled model
broadcasts over the batch at run time (expected_gqa_row0).

`errors` writes configs (no weights; use --random-weights) whose masks do not
fit: wrong_query_mask.json (Attention mask=[vm, vm]), wrong_value_mask.json
(MHA value_mask=qm), wrong_key_mask_rank.json (GQA key_mask of rank 3),
short_mask_list.json (Attention mask=[qm]).
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "attention"))
import models as writers  # noqa: E402  (the attention tests' writers)

ref = writers.ref  # attention_layers_check: the spec formulas in float64
k3, layer, input_layer = writers.k3_tensor, writers.layer, writers.input_layer

IDS = np.array([[3, 0, 4, 1, 0], [5, 9, 2, 6, 5], [0, 0, 7, 2, 0]], dtype=np.int32)
QM = np.array([[1, 0, 1], [1, 1, 1], [0, 1, 1]], dtype=np.float32)
VM = np.array([[1, 0.5, 0, 1, 0], [1, 1, 1, 0, 1], [0, 0, 0, 0, 0]], dtype=np.float32)
KM = np.array([[1, 1, 1, -2, 1], [0, 1, 1, 1, 1], [1, 1, 0, 1, 1]], dtype=np.float32)

MHA = {"num_heads": 2, "key_dim": 3, "value_dim": 3, "dropout": 0.0, "use_bias": True,
       "output_shape": None, "attention_axes": [1]}
GQA = {"head_dim": 2, "num_query_heads": 4, "num_key_value_heads": 2, "dropout": 0.0,
       "use_bias": True}


def inputs():
    return [input_layer("q", [None, 3, 4], "float32", False),
            input_layer("v", [None, 5, 4], "float32", False),
            input_layer("k", [None, 5, 4], "float32", False),
            input_layer("ids", [None, 5], "int32", False),
            input_layer("qm", [None, 3], "float32", False),
            input_layer("vm", [None, 5], "float32", False),
            input_layer("km", [None, 5], "float32", False),
            input_layer("am", [None, 3, 5], "float32", False)]


def model(out):
    r = np.random.default_rng(23)
    f = lambda *s: r.normal(size=s).astype(np.float32)
    q, v, k = f(3, 3, 4), f(3, 5, 4), f(3, 5, 4)
    table, scale, add_scale = f(10, 4), np.float32(0.7), f(4)
    w_mha = [w.astype(np.float32) for w in writers.mha_weights(r, 4, 4, 4, 2, 3, 3, 4)]
    w_gqa = [f(4, 4, 2), f(4, 2) * 0.5, f(4, 2, 2), f(2, 2) * 0.5, f(4, 2, 2), f(2, 2) * 0.5,
             f(4, 2, 4), f(4) * 0.5]
    layers = inputs()[:7] + [
        layer("Embedding", "emb", {"input_dim": 10, "output_dim": 4, "mask_zero": True},
              [{"args": [k3("ids")], "kwargs": {}}]),
        layer("Attention", "att", {"use_scale": True, "score_mode": "dot", "dropout": 0.0},
              [{"args": [[k3("q"), k3("v")]], "kwargs": {"mask": [k3("qm"), k3("vm")]}}]),
        layer("AdditiveAttention", "add", {"use_scale": True, "dropout": 0.0},
              [{"args": [[k3("q"), k3("v"), k3("k")], [k3("qm"), k3("vm")]], "kwargs": {}}]),
        layer("Attention", "att_none", {"use_scale": False, "score_mode": "dot", "dropout": 0.0},
              [{"args": [[k3("q"), k3("emb")]], "kwargs": {"mask": [None, k3("vm")]}}]),
        layer("MultiHeadAttention", "mha", MHA,
              [{"args": [k3("q"), k3("v")],
                "kwargs": {"key": k3("k"), "query_mask": k3("qm"), "value_mask": k3("vm"),
                           "key_mask": k3("km")}}]),
        layer("GroupQueryAttention", "gqa", GQA,
              [{"args": [k3("q"), k3("v"), None, k3("qm"), k3("vm")], "kwargs": {}}]),
    ]
    outputs = ["att", "add", "att_none", "mha", "gqa"]
    writers.write_keras3(out, "masks", layers, ("q", "v", "k", "ids", "qm", "vm", "km"),
                         [[n, 0, 0] for n in outputs],
                         [("layers/embedding", None, [table]),
                          ("layers/attention", None, [scale]),
                          ("layers/additive_attention", None, [add_scale]),
                          ("layers/attention_1", None, []),
                          ("layers/multi_head_attention", "", w_mha),
                          ("layers/grouped_query_attention", "_", w_gqa)])

    d = lambda a: np.asarray(a, dtype=np.float64)
    dw = lambda ws: [d(w) for w in ws]
    qm, vm, km = QM != 0, VM != 0, KM != 0
    emb = d(table)[IDS]
    expected = {
        "att": ref.luong(ref.dot_scores(d(q), d(v), float(scale)), d(v), qm, vm),
        "add": ref.luong(ref.additive_scores(d(q), d(k), d(add_scale)), d(v), qm, vm),
        "att_none": ref.luong(ref.dot_scores(d(q), emb), emb, None, vm),
        "mha": ref.mha(d(q), d(v), d(k), *dw(w_mha), value_mask=vm, key_mask=km),
        "mha_k37": ref.mha(d(q), d(v), d(k), *dw(w_mha), query_mask=qm, value_mask=vm,
                           key_mask=km),
        "gqa": ref.mha(d(q), d(v), d(v), *dw(w_gqa), query_mask=qm, value_mask=vm),
    }
    writers.save_arrays(out, {"q": q, "v": v, "k": k, "ids": IDS, "qm": QM, "vm": VM, "km": KM},
                        expected)


def broadcast(out):
    r = np.random.default_rng(29)
    f = lambda *s: r.normal(size=s).astype(np.float32)
    q, v = f(3, 3, 4), f(3, 5, 4)
    amrow = (r.random((3, 1, 5)) > 0.4).astype(np.float32)
    amrow[:, :, 0] = 1
    amrow[2] = 0  # every key of batch 2 masked
    am = (r.random((3, 3, 5)) > 0.3).astype(np.float32)
    w_mha = [w.astype(np.float32) for w in writers.mha_weights(r, 4, 4, 4, 2, 3, 3, 4)]
    w_gqa = [f(4, 4, 2), f(4, 2) * 0.5, f(4, 2, 2), f(2, 2) * 0.5, f(4, 2, 2), f(2, 2) * 0.5,
             f(4, 2, 4), f(4) * 0.5]
    layers = [input_layer("q", [None, 3, 4], "float32", False),
              input_layer("v", [None, 5, 4], "float32", False),
              input_layer("amrow", [None, 1, 5], "float32", False),
              input_layer("am", [None, 3, 5], "float32", False),
              layer("MultiHeadAttention", "mha", MHA,
                    [{"args": [k3("q"), k3("v")], "kwargs": {"attention_mask": k3("amrow")}}]),
              layer("GroupQueryAttention", "gqa", GQA,
                    [{"args": [k3("q"), k3("v")],
                      "kwargs": {"attention_mask": k3("am"), "use_causal_mask": True}}])]
    writers.write_keras3(out, "broadcast", layers, ("q", "v", "amrow", "am"),
                         [["mha", 0, 0], ["gqa", 0, 0]],
                         [("layers/multi_head_attention", "", w_mha),
                          ("layers/grouped_query_attention", "_", w_gqa)])
    d = lambda a: np.asarray(a, dtype=np.float64)
    dw = lambda ws: [d(w) for w in ws]
    expected = {
        "mha": ref.mha(d(q), d(v), d(v), *dw(w_mha), attention_mask=amrow != 0),
        "gqa": ref.mha(d(q), d(v), d(v), *dw(w_gqa), attention_mask=am != 0, use_causal=True),
        "gqa_row0": ref.mha(d(q), d(v), d(v), *dw(w_gqa), attention_mask=am[:1] != 0,
                            use_causal=True),
    }
    writers.save_arrays(out, {"q": q, "v": v, "amrow": amrow, "am": am, "am_row0": am[:1]},
                        expected)


def errors(out):
    import json
    cases = {
        "wrong_query_mask": layer(
            "Attention", "att", {"use_scale": False, "score_mode": "dot", "dropout": 0.0},
            [{"args": [[k3("q"), k3("v")]], "kwargs": {"mask": [k3("vm"), k3("vm")]}}]),
        "wrong_value_mask": layer(
            "MultiHeadAttention", "mha", MHA,
            [{"args": [k3("q"), k3("v")], "kwargs": {"value_mask": k3("qm")}}]),
        "wrong_key_mask_rank": layer(
            "GroupQueryAttention", "gqa", GQA,
            [{"args": [k3("q"), k3("v"), k3("k")], "kwargs": {"key_mask": k3("am")}}]),
        "short_mask_list": layer(
            "AdditiveAttention", "add", {"use_scale": False, "dropout": 0.0},
            [{"args": [[k3("q"), k3("v")]], "kwargs": {"mask": [k3("qm")]}}]),
    }
    for name, bad in cases.items():
        config = {"name": name, "layers": inputs() + [bad],
                  "input_layers": [[n, 0, 0] for n in ("q", "v", "k", "qm", "vm", "km", "am")],
                  "output_layers": [[bad["name"], 0, 0]]}
        envelope = {"module": "keras.src.models.functional", "class_name": "Functional",
                    "config": config, "registered_name": "Functional",
                    "keras_version": "3.10.0"}
        with open(os.path.join(out, name + ".json"), "w") as fh:
            json.dump(envelope, fh, indent=1)


if __name__ == "__main__":
    writers.run_mode(sys.argv, {"model": model, "broadcast": broadcast, "errors": errors},
                     __doc__)
