#!/usr/bin/python3
"""Models for the attention importer tests (test/Import/attention-*.test).

Usage: models.py {keras3|keras2|scores|axes|gate} OUT_DIR

Writes into OUT_DIR:
  attention.json, attention.weights.h5   a bare functional config (Keras 3.10
        envelope with dict nodes, or tf.keras 2.15 list nodes whose value and
        use_causal_mask are kwargs) and its weights (Keras 3 .weights.h5 with
        MHA sub-layer groups query_dense/... and GQA's _query_dense/..., or the
        Keras 2 save_weights layout with mha/query/kernel:0 names)
  <input>.npy, expected_<output>.npy     inputs and a float64 NumPy reference
        of the spec formulas (test/Conversion/Numerics/Inputs/
        attention_layers_check.py), cast to float32

Keras 3 model: Embedding(mask_zero=True) ids -> emb (masked);
  att   = Attention(use_scale=True)([q, emb], use_causal_mask=True)
  add   = AdditiveAttention()([emb, v])                (query-masked rows zeroed)
  mha   = MultiHeadAttention(2, 3)(emb, emb, use_causal_mask=True)
          (fast path: fully masked query rows are uniform)
  mha_1 = MultiHeadAttention(2, 2, value_dim=3, output_shape=6, dropout=0.1)
          (q, v, key=emb, attention_mask=am)  (explicit path on 3.10: zeroed)
  gqa   = GroupQueryAttention(head_dim=2, num_query_heads=4,
          num_key_value_heads=2)(q, value=v)
Keras 2 model: emb, att = Attention()([q, emb]), mha(emb, value=emb,
  use_causal_mask=True) (tf.keras: uniform rows).
Scores model (Keras 3.10), every call with return_attention_scores=True so
  each layer has two outputs, (output, scores):
  att  = Attention()([q, emb])                     (value-padded rows)
  add  = AdditiveAttention(use_scale=False)([q, emb, v])  (key v; the
          value's mask masks)
  mha  = MultiHeadAttention(2, 3)(emb, emb)         (explicit path: the
          query-padded rows are zero)
  gqa  = GroupQueryAttention(head_dim=2, 2 query heads, 1 kv head)(q, v)
Axes model (Keras 3.10), MultiHeadAttention on rank-4 inputs, with scores:
  mha4 = MultiHeadAttention(2, 3, attention_axes=[1, 2])(x4, x4)
  mha4b = MultiHeadAttention(2, 3, attention_axes=-2, output_shape=[2, 5])
          (x4, y4)                                  (axis 2 of rank 4)
Gate model (Keras 3.14), use_gate=True (O times sigmoid(query . Wg + bg),
  weights in the _gate_dense group):
  mha  = MultiHeadAttention(2, 3, use_gate=True)(q, v)
  gqa  = GroupQueryAttention(head_dim=2, 4 query heads, 2 kv heads,
          use_gate=True, use_bias=False)(q, v, use_causal_mask=True)
"""
import json
import os
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "Conversion", "Numerics", "Inputs"))
import attention_layers_check as ref  # noqa: E402

IDS = np.array([[3, 0, 4, 1, 0], [5, 9, 2, 6, 5], [0, 0, 7, 2, 0]], dtype=np.int32)


def k3_tensor(layer, node=0):
    return {"class_name": "__keras_tensor__",
            "config": {"shape": None, "dtype": "float32", "keras_history": [layer, node, 0]}}


def layer(cls, name, config, nodes):
    return {"module": "keras.layers", "class_name": cls, "name": name, "registered_name": None,
            "config": {"name": name, "dtype": "float32", "trainable": True, **config},
            "inbound_nodes": nodes}


def input_layer(name, shape, dtype, keras2):
    key = "batch_input_shape" if keras2 else "batch_shape"
    return {"class_name": "InputLayer", "name": name, "inbound_nodes": [],
            "config": {"name": name, key: shape, "dtype": dtype}}


def mha_weights(r, dq, dk, dv, n, kd, vd, dout):
    return [r.normal(size=(dq, n, kd)), r.normal(size=(n, kd)) * 0.5,
            r.normal(size=(dk, n, kd)), r.normal(size=(n, kd)) * 0.5,
            r.normal(size=(dv, n, vd)), r.normal(size=(n, vd)) * 0.5,
            r.normal(size=(n, vd, dout)), r.normal(size=(dout,)) * 0.5]


def keras3(out):
    r = np.random.default_rng(7)
    f = lambda *s: r.normal(size=s).astype(np.float32)
    q, v, am = f(3, 3, 4), f(3, 5, 4), (r.random((3, 3, 5)) > 0.3).astype(np.float32)
    am[0, 1, :] = 0  # one fully masked row
    table = f(10, 4)
    scale = np.float32(0.8)
    add_scale = f(4)
    w_mha = [w.astype(np.float32) for w in mha_weights(r, 4, 4, 4, 2, 3, 3, 4)]
    w_mha1 = [w.astype(np.float32) for w in mha_weights(r, 4, 4, 4, 2, 2, 3, 6)]
    w_gqa = [f(4, 4, 2), f(4, 2) * 0.5, f(4, 2, 2), f(2, 2) * 0.5, f(4, 2, 2), f(2, 2) * 0.5,
             f(4, 2, 4), f(4) * 0.5]
    layers = [
        input_layer("q", [None, 3, 4], "float32", False),
        input_layer("v", [None, 5, 4], "float32", False),
        input_layer("ids", [None, 5], "int32", False),
        input_layer("am", [None, 3, 5], "float32", False),
        layer("Embedding", "emb", {"input_dim": 10, "output_dim": 4, "mask_zero": True},
              [{"args": [k3_tensor("ids")], "kwargs": {}}]),
        layer("Attention", "att", {"use_scale": True, "score_mode": "dot", "dropout": 0.0},
              [{"args": [[k3_tensor("q"), k3_tensor("emb")]],
                "kwargs": {"use_causal_mask": True}}]),
        layer("AdditiveAttention", "add", {"use_scale": True, "dropout": 0.0},
              [{"args": [[k3_tensor("emb"), k3_tensor("v")]], "kwargs": {}}]),
        layer("MultiHeadAttention", "mha",
              {"num_heads": 2, "key_dim": 3, "value_dim": 3, "dropout": 0.0, "use_bias": True,
               "output_shape": None, "attention_axes": [1]},
              [{"args": [k3_tensor("emb"), k3_tensor("emb")],
                "kwargs": {"use_causal_mask": True}}]),
        layer("MultiHeadAttention", "mha_1",
              {"num_heads": 2, "key_dim": 2, "value_dim": 3, "dropout": 0.1, "use_bias": True,
               "output_shape": 6, "attention_axes": None},
              [{"args": [k3_tensor("q"), k3_tensor("v")],
                "kwargs": {"key": k3_tensor("emb"), "attention_mask": k3_tensor("am")}}]),
        layer("GroupQueryAttention", "gqa",
              {"head_dim": 2, "num_query_heads": 4, "num_key_value_heads": 2, "dropout": 0.0,
               "use_bias": True},
              [{"args": [k3_tensor("q")], "kwargs": {"value": k3_tensor("v")}}]),
    ]
    outputs = ["att", "add", "mha", "mha_1", "gqa"]
    config = {"name": "attention", "layers": layers,
              "input_layers": [[n, 0, 0] for n in ("q", "v", "ids", "am")],
              "output_layers": [[n, 0, 0] for n in outputs]}
    envelope = {"module": "keras.src.models.functional", "class_name": "Functional",
                "config": config, "registered_name": "Functional", "keras_version": "3.10.0"}
    with open(os.path.join(out, "attention.json"), "w") as fh:
        json.dump(envelope, fh, indent=1)
    with h5py.File(os.path.join(out, "attention.weights.h5"), "w") as h:
        h.create_group("vars")

        def put(path, arrays):
            g = h.create_group(path + "/vars")
            for i, a in enumerate(arrays):
                g.create_dataset(str(i), data=np.asarray(a, dtype=np.float32))

        put("layers/embedding", [table])
        put("layers/attention", [scale])
        put("layers/additive_attention", [add_scale])
        # mha_1 uses the private group names of Keras 3.0.0-3.0.2 files
        # (_query_dense, ...), which the importer falls back on.
        for path, groups, ws in (("layers/multi_head_attention", "query_dense", w_mha),
                                 ("layers/multi_head_attention_1", "_query_dense", w_mha1),
                                 ("layers/grouped_query_attention", "_query_dense", w_gqa)):
            h.create_group(path + "/vars")
            prefix = "_" if groups.startswith("_") else ""
            for i, sub in enumerate(("query", "key", "value", "output")):
                put(f"{path}/{prefix}{sub}_dense", ws[2 * i:2 * i + 2])
            if prefix == "":
                h.create_group(path + "/_softmax/vars")
                h.create_group(path + "/_dropout_layer/vars")

    d = lambda a: np.asarray(a, dtype=np.float64)
    emb, mask = d(table)[IDS], IDS != 0
    dw = lambda ws: [d(w) for w in ws]
    expected = {
        "att": ref.luong(ref.dot_scores(d(q), emb, float(scale)), emb, None, mask, True),
        "add": ref.luong(ref.additive_scores(emb, d(v), d(add_scale)), d(v), mask, None),
        "mha": ref.mha(emb, emb, emb, *dw(w_mha), query_mask=mask, value_mask=mask,
                       use_causal=True),
        "mha_1": ref.mha(d(q), d(v), emb, *dw(w_mha1), attention_mask=am != 0, key_mask=mask,
                         zero=True),
        "gqa": ref.mha(d(q), d(v), d(v), *dw(w_gqa)),
    }
    for name, value in {"q": q, "v": v, "ids": IDS, "am": am}.items():
        np.save(os.path.join(out, name + ".npy"), value)
    for name, value in expected.items():
        np.save(os.path.join(out, f"expected_{name}.npy"), value.astype(np.float32))


def keras2(out):
    r = np.random.default_rng(11)
    f = lambda *s: r.normal(size=s).astype(np.float32)
    q = f(3, 3, 4)
    table = f(10, 4)
    w_mha = [w.astype(np.float32) for w in mha_weights(r, 4, 4, 4, 2, 3, 3, 4)]
    t = lambda name: [name, 0, 0, {}]
    layers = [
        input_layer("q", [None, 3, 4], "float32", True),
        input_layer("ids", [None, 5], "int32", True),
        {"class_name": "Embedding", "name": "emb", "inbound_nodes": [[t("ids")]],
         "config": {"name": "emb", "input_dim": 10, "output_dim": 4, "mask_zero": True}},
        {"class_name": "Attention", "name": "att", "inbound_nodes": [[t("q"), t("emb")]],
         "config": {"name": "att", "use_scale": False, "score_mode": "dot", "dropout": 0.0}},
        {"class_name": "MultiHeadAttention", "name": "mha",
         "inbound_nodes": [[["emb", 0, 0, {"value": ["emb", 0, 0], "use_causal_mask": True}]]],
         "config": {"name": "mha", "num_heads": 2, "key_dim": 3, "value_dim": 3,
                    "dropout": 0.0, "use_bias": True, "output_shape": None,
                    "attention_axes": [1], "query_shape": [None, 5, 4],
                    "key_shape": [None, 5, 4], "value_shape": [None, 5, 4]}},
    ]
    config = {"name": "attention", "layers": layers,
              "input_layers": [["q", 0, 0], ["ids", 0, 0]],
              "output_layers": [["att", 0, 0], ["mha", 0, 0]]}
    envelope = {"class_name": "Functional", "config": config, "keras_version": "2.15.0",
                "backend": "tensorflow"}
    with open(os.path.join(out, "attention.json"), "w") as fh:
        json.dump(envelope, fh, indent=1)
    names = ["query/kernel", "query/bias", "key/kernel", "key/bias", "value/kernel",
             "value/bias", "attention_output/kernel", "attention_output/bias"]
    groups = {"emb": [("emb/embeddings:0", table)],
              "mha": [(f"mha/{n}:0", w) for n, w in zip(names, w_mha)]}
    with h5py.File(os.path.join(out, "attention.weights.h5"), "w") as h:
        h.attrs["keras_version"] = "2.15.0"
        h.attrs["backend"] = "tensorflow"
        h.attrs["layer_names"] = [n.encode() for n in ("q", "ids", "emb", "att", "mha")]
        for layer_name in ("q", "ids", "att"):
            h.create_group(layer_name).attrs["weight_names"] = np.array([], dtype="S1")
        for layer_name, arrays in groups.items():
            g = h.create_group(layer_name)
            g.attrs["weight_names"] = [n.encode() for n, _ in arrays]
            for n, a in arrays:
                g.create_dataset(n, data=a)
    d = lambda a: np.asarray(a, dtype=np.float64)
    emb, mask = d(table)[IDS], IDS != 0
    expected = {
        "att": ref.luong(ref.dot_scores(d(q), emb), emb, None, mask),
        "mha": ref.mha(emb, emb, emb, *[d(w) for w in w_mha], query_mask=mask,
                       value_mask=mask, use_causal=True),
    }
    for name, value in {"q": q, "ids": IDS}.items():
        np.save(os.path.join(out, name + ".npy"), value)
    for name, value in expected.items():
        np.save(os.path.join(out, f"expected_{name}.npy"), value.astype(np.float32))


def scores(out):
    r = np.random.default_rng(13)
    f = lambda *s: r.normal(size=s).astype(np.float32)
    q, v = f(3, 3, 4), f(3, 5, 4)
    table = f(10, 4)
    w_mha = [w.astype(np.float32) for w in mha_weights(r, 4, 4, 4, 2, 3, 3, 4)]
    w_gqa = [f(4, 2, 2), f(2, 2) * 0.5, f(4, 1, 2), f(1, 2) * 0.5, f(4, 1, 2), f(1, 2) * 0.5,
             f(2, 2, 4), f(4) * 0.5]
    scores_kw = {"return_attention_scores": True}
    layers = [
        input_layer("q", [None, 3, 4], "float32", False),
        input_layer("v", [None, 5, 4], "float32", False),
        input_layer("ids", [None, 5], "int32", False),
        layer("Embedding", "emb", {"input_dim": 10, "output_dim": 4, "mask_zero": True},
              [{"args": [k3_tensor("ids")], "kwargs": {}}]),
        layer("Attention", "att", {"use_scale": False, "score_mode": "dot", "dropout": 0.0},
              [{"args": [[k3_tensor("q"), k3_tensor("emb")]], "kwargs": scores_kw}]),
        layer("AdditiveAttention", "add", {"use_scale": False, "dropout": 0.0},
              [{"args": [[k3_tensor("q"), k3_tensor("emb"), k3_tensor("v")]],
                "kwargs": scores_kw}]),
        layer("MultiHeadAttention", "mha",
              {"num_heads": 2, "key_dim": 3, "value_dim": 3, "dropout": 0.0, "use_bias": True,
               "output_shape": None, "attention_axes": [1]},
              [{"args": [k3_tensor("emb"), k3_tensor("emb")], "kwargs": scores_kw}]),
        layer("GroupQueryAttention", "gqa",
              {"head_dim": 2, "num_query_heads": 2, "num_key_value_heads": 1, "dropout": 0.0,
               "use_bias": True},
              [{"args": [k3_tensor("q"), k3_tensor("v")], "kwargs": scores_kw}]),
    ]
    outputs = ["att", "add", "mha", "gqa"]
    write_keras3(out, "scores", layers, ("q", "v", "ids"),
                 [[n, 0, i] for n in outputs for i in (0, 1)],
                 [("layers/embedding", None, [table]), ("layers/attention", None, []),
                  ("layers/additive_attention", None, []),
                  ("layers/multi_head_attention", "", w_mha),
                  ("layers/grouped_query_attention", "_", w_gqa)])

    d = lambda a: np.asarray(a, dtype=np.float64)
    emb, mask = d(table)[IDS], IDS != 0
    dw = lambda ws: [d(w) for w in ws]
    expected = {}
    expected["att_0"], expected["att_1"] = ref.luong(ref.dot_scores(d(q), emb), emb, None, mask,
                                                     with_scores=True)
    expected["add_0"], expected["add_1"] = ref.luong(ref.additive_scores(d(q), d(v)), emb, None,
                                                     mask, with_scores=True)
    expected["mha_0"], expected["mha_1"] = ref.mha(emb, emb, emb, *dw(w_mha), query_mask=mask,
                                                   value_mask=mask, zero=True, with_scores=True)
    expected["gqa_0"], expected["gqa_1"] = ref.mha(d(q), d(v), d(v), *dw(w_gqa),
                                                   with_scores=True)
    save_arrays(out, {"q": q, "v": v, "ids": IDS}, expected)


def axes(out):
    r = np.random.default_rng(17)
    f = lambda *s: r.normal(size=s).astype(np.float32)
    x4, y4 = f(3, 3, 4, 6), f(3, 3, 5, 6)
    w_mha4 = [w.astype(np.float32) for w in mha_weights(r, 6, 6, 6, 2, 3, 3, 6)]
    w_mha4b = [w.astype(np.float32) for w in mha_weights(r, 6, 6, 6, 2, 3, 3, 1)]
    w_mha4b[6] = f(2, 3, 2, 5)
    w_mha4b[7] = f(2, 5) * 0.5
    w_mha4c = [w.astype(np.float32) for w in mha_weights(r, 6, 6, 6, 2, 3, 3, 6)]
    scores_kw = {"return_attention_scores": True}
    layers = [
        input_layer("x4", [None, 3, 4, 6], "float32", False),
        input_layer("y4", [None, 3, 5, 6], "float32", False),
        layer("MultiHeadAttention", "mha4",
              {"num_heads": 2, "key_dim": 3, "value_dim": 3, "dropout": 0.0, "use_bias": True,
               "output_shape": None, "attention_axes": [1, 2]},
              [{"args": [k3_tensor("x4"), k3_tensor("x4")], "kwargs": scores_kw}]),
        layer("MultiHeadAttention", "mha4b",
              {"num_heads": 2, "key_dim": 3, "value_dim": 3, "dropout": 0.0, "use_bias": True,
               "output_shape": [2, 5], "attention_axes": -2},
              [{"args": [k3_tensor("x4"), k3_tensor("y4")], "kwargs": scores_kw}]),
        # Axes in decreasing order: the same attention, scores (B, N, W, H, W', H').
        layer("MultiHeadAttention", "mha4c",
              {"num_heads": 2, "key_dim": 3, "value_dim": 3, "dropout": 0.0, "use_bias": True,
               "output_shape": None, "attention_axes": [2, 1]},
              [{"args": [k3_tensor("x4"), k3_tensor("y4")], "kwargs": scores_kw}]),
    ]
    write_keras3(out, "axes", layers, ("x4", "y4"),
                 [[n, 0, i] for n in ("mha4", "mha4b", "mha4c") for i in (0, 1)],
                 [("layers/multi_head_attention", "", w_mha4),
                  ("layers/multi_head_attention_1", "", w_mha4b),
                  ("layers/multi_head_attention_2", "", w_mha4c)])
    d = lambda a: np.asarray(a, dtype=np.float64)
    dw = lambda ws: [d(w) for w in ws]
    expected = {}
    expected["mha4_0"], expected["mha4_1"] = ref.mha_axes(d(x4), d(x4), d(x4), *dw(w_mha4),
                                                          axes=(1, 2))
    expected["mha4b_0"], expected["mha4b_1"] = ref.mha_axes(d(x4), d(y4), d(y4), *dw(w_mha4b),
                                                            axes=(2,))
    expected["mha4c_0"], expected["mha4c_1"] = ref.mha_axes(d(x4), d(y4), d(y4), *dw(w_mha4c),
                                                            axes=(2, 1))
    save_arrays(out, {"x4": x4, "y4": y4}, expected)


def gate(out):
    r = np.random.default_rng(31)
    f = lambda *s: r.normal(size=s).astype(np.float32)
    q, v = f(3, 3, 4), f(3, 5, 4)
    w_mha = [w.astype(np.float32) for w in mha_weights(r, 4, 4, 4, 2, 3, 3, 4)]
    g_mha = [f(4, 2, 3), f(2, 3) * 0.5]
    w_gqa = [f(4, 4, 2), f(4, 2, 2), f(4, 2, 2), f(4, 2, 4)]
    g_gqa = [f(4, 4, 2)]
    layers = [
        input_layer("q", [None, 3, 4], "float32", False),
        input_layer("v", [None, 5, 4], "float32", False),
        layer("MultiHeadAttention", "mha",
              {"num_heads": 2, "key_dim": 3, "value_dim": 3, "dropout": 0.0, "use_bias": True,
               "output_shape": None, "attention_axes": None, "use_gate": True},
              [{"args": [k3_tensor("q"), k3_tensor("v")], "kwargs": {}}]),
        layer("GroupQueryAttention", "gqa",
              {"head_dim": 2, "num_query_heads": 4, "num_key_value_heads": 2, "dropout": 0.0,
               "use_bias": False, "use_gate": True},
              [{"args": [k3_tensor("q"), k3_tensor("v")], "kwargs": {"use_causal_mask": True}}]),
    ]
    # GQA without biases: each dense group holds its kernel alone.
    w_gqa_groups = [("layers/grouped_query_attention/_" + sub + "_dense", None, [w])
                    for sub, w in zip(("query", "key", "value", "output", "gate"),
                                      w_gqa + g_gqa)]
    write_keras3(out, "gate", layers, ("q", "v"), [["mha", 0, 0], ["gqa", 0, 0]],
                 [("layers/multi_head_attention", "", w_mha),
                  ("layers/multi_head_attention/_gate_dense", None, g_mha),
                  ("layers/grouped_query_attention", None, [])] + w_gqa_groups,
                 keras_version="3.14.0")
    d = lambda a: np.asarray(a, dtype=np.float64)
    dw = lambda ws: [d(w) for w in ws]
    nobias = lambda ws: [x for w in ws for x in (d(w), None)]
    expected = {
        "mha": ref.mha(d(q), d(v), d(v), *dw(w_mha), gate=(d(g_mha[0]), d(g_mha[1]))),
        "gqa": ref.mha(d(q), d(v), d(v), *nobias(w_gqa), use_causal=True,
                       gate=(d(g_gqa[0]), None)),
    }
    save_arrays(out, {"q": q, "v": v}, expected)


def write_keras3(out, name, layers, inputs, outputs, weights, keras_version="3.10.0"):
    """A Keras 3.10 functional config NAME.json and its NAME.weights.h5;
    `weights` lists (group path, sub-layer prefix or None, arrays): with a
    prefix the arrays are MHA/GQA's query/key/value/output kernel and bias."""
    config = {"name": name, "layers": layers, "input_layers": [[n, 0, 0] for n in inputs],
              "output_layers": outputs}
    envelope = {"module": "keras.src.models.functional", "class_name": "Functional",
                "config": config, "registered_name": "Functional", "keras_version": keras_version}
    with open(os.path.join(out, name + ".json"), "w") as fh:
        json.dump(envelope, fh, indent=1)
    with h5py.File(os.path.join(out, name + ".weights.h5"), "w") as h:
        h.create_group("vars")

        def put(path, arrays):
            g = h.create_group(path + "/vars")
            for i, a in enumerate(arrays):
                g.create_dataset(str(i), data=np.asarray(a, dtype=np.float32))

        for path, prefix, ws in weights:
            if prefix is None:
                put(path, ws)
                continue
            h.create_group(path + "/vars")
            for i, sub in enumerate(("query", "key", "value", "output")):
                put(f"{path}/{prefix}{sub}_dense", ws[2 * i:2 * i + 2])


def save_arrays(out, inputs, expected):
    for name, value in inputs.items():
        np.save(os.path.join(out, name + ".npy"), value)
    for name, value in expected.items():
        np.save(os.path.join(out, f"expected_{name}.npy"), value.astype(np.float32))


def run_mode(argv, modes, usage):
    """`argv` is [script, MODE, OUT_DIR]: writes mode MODE into OUT_DIR."""
    if len(argv) != 3 or argv[1] not in modes:
        sys.exit(usage)
    os.makedirs(argv[2], exist_ok=True)
    modes[argv[1]](argv[2])


if __name__ == "__main__":
    run_mode(sys.argv, {"keras3": keras3, "keras2": keras2, "scores": scores, "axes": axes,
                        "gate": gate}, __doc__)
