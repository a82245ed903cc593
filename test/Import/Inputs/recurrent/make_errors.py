"""Writes small Keras 2 configs, each with one recurrent-layer mistake, for
test/Import/recurrent-errors.test: make_errors.py OUT_DIR."""
import json
import os
import sys


def lstm(name="lstm", **extra):
    config = {"name": name, "units": 3, "activation": "tanh",
              "recurrent_activation": "sigmoid", "use_bias": True,
              "return_sequences": False, "return_state": False,
              "go_backwards": False, "stateful": False}
    config.update(extra)
    return {"class_name": "LSTM", "config": config}


def sequential(layers, input_shape):
    first = dict(layers[0])
    first["config"] = dict(first["config"], batch_input_shape=[None] + input_shape)
    return {"class_name": "Sequential", "keras_version": "2.15.0", "backend": "tensorflow",
            "config": {"name": "sequential", "layers": [first] + layers[1:]}}


def functional(layers, inputs, outputs):
    return {"class_name": "Functional", "keras_version": "2.15.0", "backend": "tensorflow",
            "config": {"name": "model", "layers": layers, "input_layers": inputs,
                       "output_layers": outputs}}


def input_layer(name, shape):
    return {"class_name": "InputLayer", "name": name, "inbound_nodes": [],
            "config": {"name": name, "batch_input_shape": [None] + shape, "dtype": "float32"}}


MODELS = {
    "stateful": sequential([lstm(stateful=True)], [5, 4]),
    "softmax_cell": sequential([lstm(activation="softmax")], [5, 4]),
    "rank2_input": sequential([lstm()], [4]),
    "bidirectional_dense": sequential([{"class_name": "Bidirectional", "config": {
        "name": "bidirectional", "merge_mode": "concat",
        "layer": {"class_name": "Dense", "config": {"name": "dense", "units": 2}}}}], [5, 4]),
    "bidirectional_mismatch": sequential([{"class_name": "Bidirectional", "config": {
        "name": "bidirectional", "merge_mode": "concat", "layer": lstm(),
        "backward_layer": dict(lstm("backward_lstm", go_backwards=True),
                               class_name="GRU")}}], [5, 4]),
    "bidirectional_merge": sequential([{"class_name": "Bidirectional", "config": {
        "name": "bidirectional", "merge_mode": "max", "layer": lstm()}}], [5, 4]),
    "time_distributed_rank2": sequential([{"class_name": "TimeDistributed", "config": {
        "name": "time_distributed",
        "layer": {"class_name": "Dense", "config": {"name": "dense", "units": 2}}}}], [4]),
    "one_state_for_lstm": functional(
        [input_layer("x", [5, 4]), input_layer("h", [3]),
         dict(lstm(), name="lstm", inbound_nodes=[[["x", 0, 0, {}], ["h", 0, 0, {}]]])],
        [["x", 0, 0], ["h", 0, 0]], [["lstm", 0, 0]]),
}

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, model in MODELS.items():
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump(model, f, indent=1, sort_keys=True)
