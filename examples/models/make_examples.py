#!/usr/bin/python3
"""Writes Kiln's example models: the self-attention tutorial's models, made correct.

Usage: /usr/bin/python3 examples/models/make_examples.py [OUT_DIR]
(default OUT_DIR: the directory of this script, i.e. examples/models/)

Deterministic (seeded weights and inputs, fixed zip timestamps, HDF5 files
without modification times): running it again rewrites identical bytes.
Needs only numpy and h5py; no Keras, TensorFlow or Kiln code is used.

Writes Keras 3 `.keras` archives (zip, members stored: metadata.json,
config.json, model.weights.h5; spec shared/spec/keras-models.md §1a) through
keras_writer.py beside this file (the archive writer, seeded initializers and
float64 reference formulas, shared with bench/models/make_seq2seq.py):

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

lstm_attention.keras -- the tutorial's second snippet (LSTM + Attention),
  made valid: the LSTM's states are the query, attending over a second input
  sequence, and the context is merged with the LSTM states before the head:
    sequence = Input((None, 20))                       # (batch, steps, 20)
    memory   = Input((None, 32))                       # (batch, mem_steps, 32)
    states   = LSTM(32, return_sequences=True, name="lstm")(sequence)
    context  = Attention(name="attention")([states, memory])   # (batch, steps, 32)
    merged   = Concatenate(name="merge")([context, states])    # (batch, steps, 64)
    score    = Dense(1, activation="sigmoid", name="score")(
                   GlobalAveragePooling1D(name="pool")(merged))  # (batch, 1)

lstm_attention_broken.keras -- the same snippet exactly as the tutorial
  writes it (LSTM(32) without return_sequences -> (None, 32); Input((30,));
  Attention()([output1, input2]) on two rank-2 tensors; no merge), with
  Keras' automatic layer names. Keras cannot build it; Kiln must refuse it.

Next to each model: example inputs and a float64 NumPy reference of its
output, computed below from the spec formulas (§2.2 Dense, §2.10 Add, §2.14
LayerNormalization, §2.16 Embedding, §2.18 GlobalAveragePooling1D, §2.26
MultiHeadAttention) on the float32 weights and inputs, stored as float32:
  self_attention_encoder_input.npy      sequence (2, 12, 64) float32
  self_attention_encoder_expected.npy   encoded  (2, 12, 64)
  text_classifier_input_tokens.npy      token_ids (3, 20) int32
  text_classifier_input_positions.npy   position_ids (3, 20) int32 (0..19 per row)
  text_classifier_expected.npy          probs (3, 3)
  lstm_attention_input_sequence.npy     sequence (2, 10, 20) float32
  lstm_attention_input_memory.npy       memory (2, 30, 32) float32
  lstm_attention_expected.npy           score (2, 1)   (§2.11 Concatenate,
                                        §2.19-2.20 LSTM, §2.25 Attention)
and a second, shorter case of each (same names with `_short`: encoder
(1, 5, 64), classifier (1, 7), lstm_attention (1, 4, 20) + (1, 7, 32)), so
the tests run one compiled model at two sequence lengths.
"""
import os
import sys

import numpy as np

from keras_writer import (Graph, Init, f64, ref_attention, ref_dense, ref_layer_norm,
                          ref_lstm, ref_mha, ref_softmax, write_keras)


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


def lstm_attention(out):
    """The tutorial's second snippet (LSTM + Attention), made valid."""
    features, units, memory_dim = 20, 32, 32
    init = Init(4)
    lstm_w = init.lstm(features, units)
    head = init.dense(2 * units, 1)

    g = Graph()
    sequence = g.input("sequence", [None, None, features])
    memory = g.input("memory", [None, None, memory_dim])
    states = g.lstm("lstm", sequence, units, lstm_w, return_sequences=True)
    context = g.attention("attention", states, memory)          # query = LSTM states
    merged = g.concatenate("merge", [context, states])
    g.dense("score", g.gap1d("pool", merged), 1, *head, activation="sigmoid")
    write_keras(os.path.join(out, "lstm_attention.keras"),
                g.config("lstm_attention", ["sequence", "memory"], ["score"]),
                g.weights_h5("lstm_attention"))

    r = np.random.default_rng(3)
    for suffix, (batch, steps, mem_steps) in (("", (2, 10, 30)), ("_short", (1, 4, 7))):
        seq = r.normal(size=(batch, steps, features)).astype(np.float32)
        mem = r.normal(size=(batch, mem_steps, memory_dim)).astype(np.float32)
        h, _, _ = ref_lstm(f64(seq), *lstm_w)                      # §2.19-2.20
        ctx = ref_attention(h, f64(mem))                           # §2.25
        pooled = np.concatenate([ctx, h], axis=-1).mean(axis=1)    # §2.11, §2.18
        score = ref_dense(pooled, *head, activation="sigmoid")     # §2.2
        np.save(os.path.join(out, f"lstm_attention_input_sequence{suffix}.npy"), seq)
        np.save(os.path.join(out, f"lstm_attention_input_memory{suffix}.npy"), mem)
        np.save(os.path.join(out, f"lstm_attention_expected{suffix}.npy"),
                score.astype(np.float32))


def lstm_attention_broken(out):
    """The tutorial's snippet exactly as written, with Keras' automatic names:
        input1 = Input(shape=(10, 20)); input2 = Input(shape=(30,))
        output1 = LSTM(32)(input1)                         # (None, 32): rank 2
        attention = Attention()([output1, input2])         # needs rank-3 inputs
        output2 = Dense(1, activation='sigmoid')(attention)
    Keras itself fails while building this model; the file holds the config it
    describes, serialized the way Keras serializes such a graph (Attention's
    output shape as its compute_output_shape gives it: query shape with the
    value's last dim, (None, 30)), so that a compiler meets it and must refuse
    it, naming the Attention layer and its rank-2 inputs."""
    init = Init(5)
    g = Graph()
    input1 = g.input("input_layer", [None, 10, 20])
    input2 = g.input("input_layer_1", [None, 30])
    output1 = g.lstm("lstm", input1, 32, init.lstm(20, 32))
    attention = g.attention("attention", output1, input2)
    g.dense("dense", attention, 1, *init.dense(30, 1), activation="sigmoid")
    write_keras(os.path.join(out, "lstm_attention_broken.keras"),
                g.config("functional", ["input_layer", "input_layer_1"], ["dense"]),
                g.weights_h5("functional"))


def main(argv):
    out = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out, exist_ok=True)
    encoder(out)
    text_classifier(out)
    lstm_attention(out)
    lstm_attention_broken(out)


if __name__ == "__main__":
    main(sys.argv)
