"""The benchmark's LSTM encoder-decoder outside Kiln: its weights read back from
the .keras archive, a float64 NumPy reference (spec formulas), seeded inputs,
and the PyTorch 1.13 module the PyTorch and ONNX Runtime peers run.

Every peer takes its weights from the same archive (bench/models/seq2seq.keras,
written by bench/models/make_seq2seq.py), so all of them compute one model.
"""
import io
import os
import sys
import zipfile

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "examples", "models"))

from keras_writer import ref_attention, ref_dense, ref_lstm  # noqa: E402

FEATURES, UNITS, VOCAB = 64, 128, 64
INPUT_NAMES = ("encoder_inputs", "decoder_inputs")
OUTPUT_NAME = "logits"


def load_weights(path):
    """{name: float32 array} from the archive's model.weights.h5 (§1a paths)."""
    with zipfile.ZipFile(path) as z:
        data = z.read("model.weights.h5")
    with h5py.File(io.BytesIO(data), "r") as h:
        def v(p, i):
            return np.array(h[f"layers/{p}/vars/{i}"], dtype=np.float32)
        return {
            "enc_kernel": v("lstm/cell", 0), "enc_recurrent": v("lstm/cell", 1),
            "enc_bias": v("lstm/cell", 2),
            "dec_kernel": v("lstm_1/cell", 0), "dec_recurrent": v("lstm_1/cell", 1),
            "dec_bias": v("lstm_1/cell", 2),
            "attn_kernel": v("dense", 0), "attn_bias": v("dense", 1),
            "out_kernel": v("dense_1", 0), "out_bias": v("dense_1", 1),
        }


def make_inputs(batch, seq, seed=0):
    """Seeded float32 encoder and decoder inputs, both (batch, seq, 64)."""
    r = np.random.default_rng([seed, batch, seq])
    enc = r.normal(size=(batch, seq, FEATURES)).astype(np.float32)
    dec = r.normal(size=(batch, seq, FEATURES)).astype(np.float32)
    return enc, dec


def reference(w, enc, dec):
    """float64 forward pass from the spec formulas (§2.19-2.20 LSTM, §2.25
    Attention, §2.11 Concatenate, §2.2 Dense); returns float64 logits."""
    enc_seq, h, c = ref_lstm(enc, w["enc_kernel"], w["enc_recurrent"], w["enc_bias"])
    dec_seq, _, _ = ref_lstm(dec, w["dec_kernel"], w["dec_recurrent"], w["dec_bias"],
                             h0=h, c0=c)
    context = ref_attention(dec_seq, enc_seq)
    hidden = ref_dense(np.concatenate([context, dec_seq], axis=-1),
                       w["attn_kernel"], w["attn_bias"], activation="tanh")
    return ref_dense(hidden, w["out_kernel"], w["out_bias"])


def agree(out, ref, rtol=1e-4, atol=1e-4):
    """(ok, max |out - ref|, worst ratio |out-ref| / (atol + rtol*|ref|))."""
    out = np.asarray(out, dtype=np.float64)
    if out.shape != ref.shape:
        return False, float("inf"), float("inf")
    err = np.abs(out - ref)
    ratio = err / (atol + rtol * np.abs(ref))
    return bool(np.all(np.isfinite(out)) and ratio.max() <= 1.0), float(err.max()), \
        float(ratio.max())


def torch_module(w):
    """The same model in PyTorch: nn.LSTM gate order i,f,g,o = Keras i,f,c,o;
    weight_ih = kernel.T, weight_hh = recurrent_kernel.T, bias_ih = bias,
    bias_hh = 0; Luong attention with torch.bmm + softmax."""
    import torch
    from torch import nn

    class Seq2Seq(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.LSTM(FEATURES, UNITS, batch_first=True)
            self.decoder = nn.LSTM(FEATURES, UNITS, batch_first=True)
            self.attention_dense = nn.Linear(2 * UNITS, UNITS)
            self.logits = nn.Linear(UNITS, VOCAB)

        def forward(self, encoder_inputs, decoder_inputs):
            enc_seq, (h, c) = self.encoder(encoder_inputs)
            dec_seq, _ = self.decoder(decoder_inputs, (h, c))
            scores = torch.bmm(dec_seq, enc_seq.transpose(1, 2))      # (B, T, S)
            context = torch.bmm(torch.softmax(scores, dim=-1), enc_seq)
            hidden = torch.tanh(self.attention_dense(torch.cat([context, dec_seq], dim=-1)))
            return self.logits(hidden)

    m = Seq2Seq().eval()
    t = lambda a: torch.from_numpy(np.ascontiguousarray(a))  # noqa: E731
    with torch.no_grad():
        for lstm, p in ((m.encoder, "enc"), (m.decoder, "dec")):
            lstm.weight_ih_l0.copy_(t(w[f"{p}_kernel"].T))
            lstm.weight_hh_l0.copy_(t(w[f"{p}_recurrent"].T))
            lstm.bias_ih_l0.copy_(t(w[f"{p}_bias"]))
            lstm.bias_hh_l0.zero_()
        m.attention_dense.weight.copy_(t(w["attn_kernel"].T))
        m.attention_dense.bias.copy_(t(w["attn_bias"]))
        m.logits.weight.copy_(t(w["out_kernel"].T))
        m.logits.bias.copy_(t(w["out_bias"]))
    return m


def export_onnx(w, path, opset=17):
    """torch.onnx.export of torch_module (ONNX LSTM ops, dynamic batch and
    sequence lengths); checked with onnx.checker when the onnx package is
    there."""
    import torch
    m = torch_module(w)
    enc, dec = (torch.from_numpy(a) for a in make_inputs(2, 5, seed=99))
    axes = {"encoder_inputs": {0: "batch", 1: "src_len"},
            "decoder_inputs": {0: "batch", 1: "tgt_len"},
            "logits": {0: "batch", 1: "tgt_len"}}
    with torch.no_grad():
        torch.onnx.export(m, (enc, dec), path, opset_version=opset,
                          input_names=list(INPUT_NAMES), output_names=[OUTPUT_NAME],
                          dynamic_axes=axes, do_constant_folding=True)
    try:
        import onnx
    except ImportError:
        return
    model = onnx.load(path)
    onnx.checker.check_model(model)
    ops = sorted({n.op_type for n in model.graph.node})
    if "LSTM" not in ops:
        raise RuntimeError(f"ONNX export has no fused LSTM op: {ops}")


if __name__ == "__main__":
    # /usr/bin/python3 bench/seq2seq_model.py export MODEL.keras OUT.onnx [OPSET]
    import warnings
    if len(sys.argv) < 4 or sys.argv[1] != "export":
        sys.exit("usage: seq2seq_model.py export MODEL.keras OUT.onnx [OPSET]")
    warnings.filterwarnings("ignore")
    export_onnx(load_weights(sys.argv[2]), sys.argv[3],
                int(sys.argv[4]) if len(sys.argv) > 4 else 17)
