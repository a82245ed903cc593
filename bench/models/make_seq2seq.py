#!/usr/bin/python3
"""Writes the benchmark's LSTM encoder-decoder with Luong attention as a
Keras 3 `.keras` archive (seeded float32 weights, numpy + h5py only).

Usage: /usr/bin/python3 bench/models/make_seq2seq.py [OUT.keras]
(default: bench/models/seq2seq.keras beside this script)

Deterministic: running it again writes identical bytes. The archive writer is
examples/models/keras_writer.py (shared with the example models).

The model, as one would write it in Keras (batch and both sequence lengths
dynamic, so one compiled model serves every benchmark configuration):

    encoder_inputs = Input((None, 64), name="encoder_inputs")     # (B, S, 64) float features
    decoder_inputs = Input((None, 64), name="decoder_inputs")     # (B, T, 64)
    enc_seq, h, c = LSTM(128, return_sequences=True, return_state=True,
                         name="encoder_lstm")(encoder_inputs)      # (B, S, 128), (B, 128) x 2
    dec_seq = LSTM(128, return_sequences=True, name="decoder_lstm")(
                  decoder_inputs, initial_state=[h, c])             # (B, T, 128)
    context = Attention(name="attention")([dec_seq, enc_seq])      # Luong dot score: (B, T, 128)
    merged  = Concatenate(name="concat")([context, dec_seq])       # (B, T, 256)
    hidden  = Dense(128, activation="tanh", name="attention_dense")(merged)
    logits  = Dense(64, name="logits")(hidden)                     # (B, T, 64)

Weight paths (spec §1a): layers/lstm/cell/vars/{0,1,2} (encoder),
layers/lstm_1/cell/vars/{0,1,2} (decoder), layers/dense/vars/{0,1}
(attention_dense), layers/dense_1/vars/{0,1} (logits). `seq2seq_model.py`
in bench/ reads them back for the PyTorch / ONNX Runtime peers and the
float64 reference.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "examples", "models"))

from keras_writer import Graph, Init, write_keras  # noqa: E402

FEATURES, UNITS, VOCAB = 64, 128, 64
SEED = 20260101


def build(path):
    init = Init(SEED)
    enc_w = init.lstm(FEATURES, UNITS)
    dec_w = init.lstm(FEATURES, UNITS)
    attn_dense = init.dense(2 * UNITS, UNITS)
    logits = init.dense(UNITS, VOCAB)

    g = Graph()
    enc_in = g.input("encoder_inputs", [None, None, FEATURES])
    dec_in = g.input("decoder_inputs", [None, None, FEATURES])
    enc = g.lstm("encoder_lstm", enc_in, UNITS, enc_w, return_sequences=True,
                 return_state=True)
    dec = g.lstm("decoder_lstm", dec_in, UNITS, dec_w, return_sequences=True,
                 initial_state=[(enc, 1), (enc, 2)])
    context = g.attention("attention", dec, enc)
    merged = g.concatenate("concat", [context, dec])
    hidden = g.dense("attention_dense", merged, UNITS, *attn_dense, activation="tanh")
    g.dense("logits", hidden, VOCAB, *logits)
    write_keras(path, g.config("seq2seq", ["encoder_inputs", "decoder_inputs"], ["logits"]),
                g.weights_h5("seq2seq"))


def main(argv):
    path = argv[1] if len(argv) > 1 else os.path.join(HERE, "seq2seq.keras")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    build(path)


if __name__ == "__main__":
    main(sys.argv)
