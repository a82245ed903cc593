#!/usr/bin/python3
"""Checks the benchmark's Kiln plumbing on a model Kiln compiles today.

    /usr/bin/python3 bench/check_kiln_harness.py [--model M.keras] [--threads N]

Compiles examples/models/self_attention_encoder.keras with
`kiln-compile --emit=lib`, drives it through bench/worker.py's Kiln peer (the
library's C entry point via ctypes, caller-owned output buffers, the same
path run_seq2seq.py times) at both example sequence lengths, checks the
outputs against the example references, and compares the worker's median
with `kiln-run --bench` on the same library. Exit 0 when all of that holds.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EX = os.path.join(ROOT, "examples", "models")
CASES = {  # model -> [(input files by name, expected output file)]
    "self_attention_encoder": [
        ({"sequence": "self_attention_encoder_input.npy"}, "self_attention_encoder_expected.npy"),
        ({"sequence": "self_attention_encoder_input_short.npy"},
         "self_attention_encoder_expected_short.npy")],
    "text_classifier": [
        ({"token_ids": "text_classifier_input_tokens.npy",
          "position_ids": "text_classifier_input_positions.npy"},
         "text_classifier_expected.npy")],
    "lstm_attention": [
        ({"sequence": "lstm_attention_input_sequence.npy",
          "memory": "lstm_attention_input_memory.npy"}, "lstm_attention_expected.npy"),
        ({"sequence": "lstm_attention_input_sequence_short.npy",
          "memory": "lstm_attention_input_memory_short.npy"},
         "lstm_attention_expected_short.npy")],
}


def main():
    build = os.environ.get("KILN_BUILD_DIR", os.path.join(ROOT, "build"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="self_attention_encoder", choices=sorted(CASES))
    ap.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--bin", default=os.path.join(build, "bin"))
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="kiln-harness-")
    so = os.path.join(tmp, f"{args.model}.so")
    r = subprocess.run([os.path.join(args.bin, "kiln-compile"),
                        os.path.join(EX, f"{args.model}.keras"), "--emit=lib", "-o", so],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(f"kiln-compile failed: {r.stderr.strip()}")
        return 1

    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    p = subprocess.Popen([sys.executable, os.path.join(HERE, "worker.py"), "kiln",
                          "--model", so, "--threads", str(args.threads)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)

    def cmd(**obj):
        p.stdin.write(json.dumps(obj) + "\n")
        p.stdin.flush()
        reply = json.loads(p.stdout.readline())
        if not reply.get("ok"):
            raise RuntimeError(reply.get("error"))
        return reply

    ok = True
    hello = json.loads(p.stdout.readline())
    print(f"worker: {hello}")
    worker_ms = None
    for files, expected in CASES[args.model]:
        cmd(op="inputs", files={k: os.path.join(EX, v) for k, v in files.items()})
        out = os.path.join(tmp, "out.npy")
        cmd(op="run", out=out)
        got, ref = np.load(out), np.load(os.path.join(EX, expected))
        err = np.abs(got.astype(np.float64) - ref)
        good = got.shape == ref.shape and bool(np.all(err <= np.maximum(1e-4 * np.abs(ref), 1e-5)))
        ok &= good
        ms = cmd(op="time", n=args.runs)["ms"]
        worker_ms = worker_ms or statistics.median(ms)
        print(f"{'ok  ' if good else 'FAIL'} {expected}: shape {got.shape}, max |err| "
              f"{err.max():.2g}; worker median {statistics.median(ms):.3f} ms over {len(ms)} runs")
    cmd(op="quit")
    p.wait()

    # The same library through kiln-run: the two medians should be close.
    files, _ = CASES[args.model][0]
    run = [os.path.join(args.bin, "kiln-run"), so, "--bench", str(args.runs),
           "--threads", str(args.threads)]
    for k, v in files.items():
        run += ["--input", f"{k}={os.path.join(EX, v)}"]
    r = subprocess.run(run, capture_output=True, text=True, env=env)
    m = re.search(r"median ([0-9.]+) ms", r.stdout)
    if r.returncode != 0 or not m:
        print(f"kiln-run failed: {r.stderr.strip() or r.stdout.strip()}")
        return 1
    print(f"kiln-run --bench {args.runs}: median {float(m.group(1)):.3f} ms "
          f"(worker: {worker_ms:.3f} ms)")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
