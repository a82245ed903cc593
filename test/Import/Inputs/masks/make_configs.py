#!/usr/bin/python3
"""Writes the Keras 3 configs of test/Import/masks-{layers,nested,errors}.test
next to this script (the tests use them with --random-weights).

Usage: make_configs.py
"""
import json
import os

OUT = os.path.dirname(os.path.abspath(__file__))


def kt(layer, node=0, idx=0):
    """A Keras 3 node argument: output `idx` of call `node` of `layer`."""
    return {"class_name": "__keras_tensor__",
            "config": {"shape": None, "dtype": None, "keras_history": [layer, node, idx]}}


def layer(cls, name, config, *calls, kwargs=None):
    """A layer entry; each call is a (layer, node) tuple or a list of them."""
    nodes = []
    for args in calls:
        if isinstance(args, list):
            a = [[kt(*r) for r in args]]
        else:
            a = [kt(*args)]
        nodes.append({"args": a, "kwargs": kwargs or {}})
    return {"class_name": cls, "name": name, "config": {"name": name, **config},
            "inbound_nodes": nodes}


def inp(name, shape, dtype="float32"):
    return {"class_name": "InputLayer", "name": name, "inbound_nodes": [],
            "config": {"name": name, "batch_shape": shape, "dtype": dtype}}


def model(name, layers, inputs, outputs, cls="Functional"):
    return {"class_name": cls, "name": name,
            "config": {"name": name, "layers": layers,
                       "input_layers": [[i, 0, 0] for i in inputs],
                       "output_layers": [list(o) for o in outputs]}}


def write(fname, env):
    """Writes a model envelope with one layer entry per line."""
    cfg = env["config"]
    lines = ["{", '"class_name": %s,' % json.dumps(env["class_name"]), '"config": {',
             '"name": %s,' % json.dumps(cfg["name"]), '"layers": [']
    lines.append(",\n".join(json.dumps(l) for l in cfg["layers"]))
    lines.append("],")
    lines.append('"input_layers": %s,' % json.dumps(cfg["input_layers"]))
    lines.append('"output_layers": %s' % json.dumps(cfg["output_layers"]))
    lines.append("}}")
    open(os.path.join(OUT, fname), "w").write("\n".join(lines) + "\n")
    json.load(open(os.path.join(OUT, fname)))  # still valid JSON


def main():
    EMB = {"input_dim": 20, "output_dim": 8, "mask_zero": True}

    # Pass-through and drop rules, each ending in a GlobalAveragePooling1D.
    chain = [inp("ids", [None, 6], "int32"),
         layer("Embedding", "emb", EMB, ("ids",)),
         layer("Activation", "act", {"activation": "relu"}, ("emb",)),
         layer("ReLU", "relu", {"max_value": 6.0}, ("act",)),
         layer("LeakyReLU", "leaky", {"negative_slope": 0.1}, ("relu",)),
         layer("ELU", "elu", {}, ("leaky",)),
         layer("Dropout", "drop", {"rate": 0.5}, ("elu",)),
         layer("GaussianNoise", "noise", {"stddev": 0.1}, ("drop",)),
         layer("Rescaling", "scale", {"scale": 0.5, "offset": 0.0}, ("noise",)),
         layer("LayerNormalization", "ln", {"axis": [2]}, ("scale",)),
         layer("BatchNormalization", "bn", {"axis": 2}, ("ln",)),
         layer("Dense", "dense", {"units": 8, "activation": "linear"}, ("bn",)),
         layer("GlobalAveragePooling1D", "gap_pass", {}, ("dense",)),
         layer("EinsumDense", "einsum", {"equation": "abc,cd->abd", "output_shape": [None, 8]},
               ("emb",)),
         layer("GlobalAveragePooling1D", "gap_einsum", {}, ("einsum",)),
         layer("Conv1D", "conv", {"filters": 8, "kernel_size": 3, "padding": "same"}, ("emb",)),
         layer("GlobalAveragePooling1D", "gap_conv", {}, ("conv",)),
         layer("MaxPooling1D", "maxpool", {"pool_size": 2}, ("emb",)),
         layer("GlobalAveragePooling1D", "gap_maxpool", {}, ("maxpool",)),
         layer("AveragePooling1D", "avgpool", {"pool_size": 2}, ("emb",)),
         layer("GlobalAveragePooling1D", "gap_avgpool", {}, ("avgpool",)),
         layer("Reshape", "reshape", {"target_shape": [6, 8]}, ("emb",)),
         layer("GlobalAveragePooling1D", "gap_reshape", {}, ("reshape",)),
         layer("Permute", "permute", {"dims": [1, 2]}, ("emb",)),
         layer("GlobalAveragePooling1D", "gap_permute", {}, ("permute",)),
         layer("Dot", "dot", {"axes": 2}, [("emb",), ("emb",)]),
         layer("GlobalAveragePooling1D", "gap_dot", {}, ("dot",)),
         layer("GlobalMaxPooling1D", "gmp", {}, ("emb",)),
         layer("RepeatVector", "repeat", {"n": 3}, ("gmp",)),
         layer("GlobalAveragePooling1D", "gap_repeat", {}, ("repeat",)),
         layer("Flatten", "flat", {}, ("emb",)),
         layer("Reshape", "unflat", {"target_shape": [6, 8]}, ("flat",)),
         layer("GlobalAveragePooling1D", "gap_flat", {}, ("unflat",)),
         layer("Embedding", "plain_emb", {"input_dim": 20, "output_dim": 8}, ("ids",)),
         layer("GlobalAveragePooling1D", "gap_plain", {}, ("plain_emb",)),
         ]
    outs = ["gap_pass", "gap_einsum", "gap_conv", "gap_maxpool", "gap_avgpool", "gap_reshape",
            "gap_permute", "gap_dot", "gap_repeat", "gap_flat", "gap_plain"]
    write("layers.json", model("mask_layers", chain, ["ids"], [(o, 0, 0) for o in outs]))

    # Nested models: masks flow into a nested Functional and a nested Sequential,
    # and out of them.
    enc = model("encoder", [inp("enc_in", [None, 6, 8]),
                            layer("Dense", "enc_dense", {"units": 8, "activation": "relu"},
                                  ("enc_in",)),
                            layer("LayerNormalization", "enc_norm", {"axis": [2]}, ("enc_dense",)),
                            layer("GlobalAveragePooling1D", "enc_pool", {}, ("enc_dense",))],
                ["enc_in"], [("enc_norm", 0, 0), ("enc_pool", 0, 0)])
    enc = {"class_name": "Functional", "name": "encoder", "config": enc["config"],
           "inbound_nodes": [{"args": [kt("emb")], "kwargs": {}}]}
    head = {"class_name": "Sequential", "name": "head",
            "config": {"name": "head", "layers": [
                {"class_name": "InputLayer",
                 "config": {"name": "head_in", "batch_shape": [None, 6, 8], "dtype": "float32"}},
                {"class_name": "Dense",
                 "config": {"name": "head_dense", "units": 4, "activation": "tanh"}},
                {"class_name": "Dropout", "config": {"name": "head_drop", "rate": 0.1}}]},
            "inbound_nodes": [{"args": [kt("encoder", 0, 0)], "kwargs": {}}]}
    nested = [inp("ids", [None, 6], "int32"),
         layer("Embedding", "emb", EMB, ("ids",)),
         enc, head,
         layer("GlobalAveragePooling1D", "pooled", {}, ("head",))]
    write("nested.json", model("mask_nested", nested, ["ids"], [("pooled", 0, 0), ("encoder", 0, 1)]))

    # Refused: Keras would apply the mask in a way Kiln cannot yet.
    write("softmax.json", model("masked_softmax", [
        inp("ids", [None, 6], "int32"), layer("Embedding", "emb", EMB, ("ids",)),
        layer("Softmax", "sm", {"axis": -1}, ("emb",))], ["ids"], [("sm", 0, 0)]))
    write("multiply.json", model("masked_multiply", [
        inp("a", [None, 6], "int32"), inp("b", [None, 6], "int32"),
        layer("Embedding", "emb", EMB, ("a",), ("b",)),
        layer("Multiply", "mul", {}, [("emb", 0), ("emb", 1)])], ["a", "b"], [("mul", 0, 0)]))
    write("explicit.json", model("explicit_mask", [
        inp("x", [None, 6, 8]), inp("m", [None, 6], "int32"),
        layer("GlobalAveragePooling1D", "gap", {}, ("x",), kwargs={"mask": kt("m")})],
        ["x", "m"], [("gap", 0, 0)]))
    write("channels_first.json", model("masked_channels_first", [
        inp("ids", [None, 6], "int32"), layer("Embedding", "emb", EMB, ("ids",)),
        layer("GlobalAveragePooling1D", "gap", {"data_format": "channels_first"}, ("emb",))],
        ["ids"], [("gap", 0, 0)]))
    write("broadcast.json", model("masked_broadcast", [
        inp("ids", [None, 6], "int32"), inp("one", [None, 1], "int32"),
        layer("Embedding", "emb", EMB, ("ids",), ("one",)),
        layer("Add", "add", {}, [("emb", 0), ("emb", 1)])], ["ids", "one"], [("add", 0, 0)]))


if __name__ == "__main__":
    main()
