#!/usr/bin/python3
"""Kiln vs PyTorch 1.13 vs ONNX Runtime on the LSTM encoder-decoder with Luong
attention (bench/models/seq2seq.keras), at batch 1 and 32 x sequence 64 and
512 (encoder and decoder length both = the sequence). Target (issue 4): Kiln
at least 1.5x faster than the faster peer in every configuration.

    /usr/bin/python3 bench/run_seq2seq.py [--threads N] [--out DIR] [--configs 1x64,32x512]
    bench/run.sh [same options]      (installs / fetches the peers first)

What it does:
 1. regenerates the model (bench/models/make_seq2seq.py) and checks it is the
    committed file; compiles it with `kiln-compile --emit=lib`; exports the
    same weights to ONNX through PyTorch (fused ONNX LSTM ops);
 2. starts one worker process per peer (bench/worker.py), each with the same
    thread count: Kiln (compiled library through its C API), PyTorch (eager,
    inference_mode, set_num_threads), ONNX Runtime (C API, intra-op threads);
 3. per configuration: seeded inputs; every peer runs once and must agree
    with a float64 NumPy reference of the spec formulas within
    |out - ref| <= 1e-4 + 1e-4 |ref| before it is timed; then warm-up runs,
    then timed runs in interleaved rounds (peer order rotating each round) so
    that drift on a shared machine hits every peer alike; per-run wall times
    of the call alone, reported as the median;
 4. prints a table (config, Kiln ms, PyTorch ms, ORT ms, speedup of Kiln vs
    the faster peer, PASS/FAIL vs the target) and writes results.json and
    results.md to the output directory.

Absolute times on a shared machine are noise; the ratios, measured in the
same run, are the result. The exit status is 0 when every configuration ran
(PASS or FAIL alike), 1 when something could not run (`--strict`: also 1 on
any FAIL).
"""
import argparse
import datetime
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import seq2seq_model as sm  # noqa: E402

PEERS = ("kiln", "torch", "ort")
LABEL = {"kiln": "Kiln", "torch": "PyTorch", "ort": "ORT"}
OPENBLAS_DIR = os.path.join(HERE, "deps", "usr", "lib", "x86_64-linux-gnu", "openblas-openmp")


def log(*a):
    print(*a, flush=True)


def parse_configs(text):
    out = []
    for item in text.split(","):
        b, s = item.lower().split("x")
        out.append((int(b), int(s)))
    return out


def system_blas():
    """Where libblas.so.3 (PyTorch's BLAS on Debian) points."""
    for p in ("/usr/lib/x86_64-linux-gnu/libblas.so.3", "/lib/x86_64-linux-gnu/libblas.so.3"):
        if os.path.exists(p):
            return os.path.realpath(p)
    return None


class Worker:
    def __init__(self, peer, cmd, env, log_path):
        self.peer = peer
        self.log = open(log_path, "w")
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=self.log, env=env, text=True, cwd=HERE)
        self.hello = self._read()

    def _read(self):
        line = self.p.stdout.readline()
        if not line:
            self.p.wait()
            raise RuntimeError(f"{self.peer} worker exited ({self.p.returncode}); "
                               f"see {self.log.name}")
        return json.loads(line)

    def cmd(self, **obj):
        self.p.stdin.write(json.dumps(obj) + "\n")
        self.p.stdin.flush()
        r = self._read()
        if not r.get("ok"):
            raise RuntimeError(f"{self.peer}: {r.get('error')}")
        return r

    def close(self):
        try:
            self.cmd(op="quit")
        except Exception:  # noqa: BLE001
            pass
        try:
            self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
        self.log.close()


def prepare(args, out, info):
    """Model, Kiln library and ONNX file; returns {peer: model path or error}."""
    models = {}
    keras = os.path.join(out, "seq2seq.keras")
    subprocess.run([sys.executable, os.path.join(HERE, "models", "make_seq2seq.py"), keras],
                   check=True)
    committed = os.path.join(HERE, "models", "seq2seq.keras")
    if args.model:
        keras = os.path.abspath(args.model)
    elif os.path.exists(committed):
        with open(keras, "rb") as a, open(committed, "rb") as b:
            if a.read() != b.read():
                log(f"warning: {committed} differs from what make_seq2seq.py writes; "
                    "benchmarking the regenerated model")
    info["model"] = keras

    if "kiln" in args.peers:
        if args.kiln_lib:
            models["kiln"] = os.path.abspath(args.kiln_lib)
        else:
            so = os.path.join(out, "seq2seq.so")
            cmd = [args.kiln_compile, keras, "--emit=lib", "-o", so]
            log("== " + " ".join(cmd))
            t0 = time.perf_counter()
            try:
                r = subprocess.run(cmd, capture_output=True, text=True)
            except OSError as e:
                r = None
                err = f"cannot run {args.kiln_compile}: {e}"
            info["kiln_compile_s"] = round(time.perf_counter() - t0, 2)
            if r is not None and r.returncode == 0:
                models["kiln"] = so
            else:
                if r is not None:
                    err = (r.stderr.strip() or r.stdout.strip()
                           or f"exit {r.returncode}").splitlines()[-1]
                models["kiln"] = RuntimeError(err)
                log(f"   kiln-compile failed: {err}")

    if "ort" in args.peers:
        onnx_path = os.path.join(out, "seq2seq.onnx")
        log(f"== torch.onnx.export (opset {args.opset}) -> {onnx_path}")
        with open(os.path.join(out, "onnx_export.log"), "w") as lf:
            r = subprocess.run([sys.executable, os.path.join(HERE, "seq2seq_model.py"),
                                "export", keras, onnx_path, str(args.opset)],
                               stdout=lf, stderr=lf, env=peer_env("torch", args))
        models["ort"] = onnx_path if r.returncode == 0 else RuntimeError(
            f"ONNX export failed (see {out}/onnx_export.log)")
    if "torch" in args.peers:
        models["torch"] = keras
    return models


def peer_env(peer, args):
    env = dict(os.environ)
    n = str(args.threads)
    env.update(OMP_NUM_THREADS=n, OPENBLAS_NUM_THREADS=n, MKL_NUM_THREADS=n)
    if peer == "torch" and args.torch_blas_dir:
        env["LD_LIBRARY_PATH"] = args.torch_blas_dir + (
            ":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    return env


def start_workers(args, models, out):
    workers, errors = {}, {}
    for peer in args.peers:
        m = models.get(peer)
        if isinstance(m, Exception):
            errors[peer] = str(m)
            continue
        cmd = [sys.executable, os.path.join(HERE, "worker.py"), peer, "--model", m,
               "--threads", str(args.threads)]
        if peer == "ort" and args.ort_lib:
            cmd += ["--ort-lib", args.ort_lib]
        try:
            w = Worker(peer, cmd, peer_env(peer, args), os.path.join(out, f"worker_{peer}.log"))
        except Exception as e:  # noqa: BLE001 - a crashed worker: report, go on
            errors[peer] = str(e)
            continue
        if not w.hello.get("ok"):
            errors[peer] = w.hello.get("error", "worker failed to start")
            w.close()
            continue
        workers[peer] = w
        log(f"   {LABEL[peer]:8s} ready: {json.dumps({k: v for k, v in w.hello.items() if k != 'ok'})}")
    return workers, errors


def bench_config(args, workers, w, batch, seq, out):
    tag = f"b{batch}_s{seq}"
    enc, dec = sm.make_inputs(batch, seq)
    files = {}
    for name, a in zip(sm.INPUT_NAMES, (enc, dec)):
        files[name] = os.path.join(out, "inputs", f"{tag}_{name}.npy")
        np.save(files[name], a)
    t0 = time.perf_counter()
    ref = sm.reference(w, enc, dec)
    res = {"batch": batch, "seq": seq, "reference_s": round(time.perf_counter() - t0, 2),
           "peers": {}}

    # 1. correctness: one run each, against the float64 reference
    live = []
    for peer, wk in workers.items():
        r = res["peers"][peer] = {}
        try:
            wk.cmd(op="inputs", files=files)
            path = os.path.join(out, "outputs", f"{tag}_{peer}.npy")
            wk.cmd(op="run", out=path)
            ok, err, ratio = sm.agree(np.load(path), ref, args.rtol, args.atol)
            r.update(agrees=ok, max_abs_err=err, tol_ratio=ratio)
            if ok:
                live.append(peer)
            else:
                r["error"] = (f"output differs from the reference: max |err| {err:.3g} "
                              f"({ratio:.3g}x the tolerance)")
        except Exception as e:  # noqa: BLE001
            r["error"] = str(e)
    # 2. warm-up, and the per-run estimate that sizes the timed runs
    est = {}
    for peer in live:
        ms = workers[peer].cmd(op="time", n=args.warmup)["ms"]
        est[peer] = min(ms)
    # 3. timed, interleaved rounds
    times = {p: [] for p in live}
    if live:
        runs = {p: max(args.min_runs, min(args.max_runs, int(args.budget * 1e3 / max(est[p], 1e-3))))
                for p in live}
        rounds = max(1, min(args.rounds, min(runs.values())))
        for k in range(rounds):
            order = live[k % len(live):] + live[:k % len(live)]
            for peer in order:
                n = math.ceil(runs[peer] / rounds)
                if args.settle > 0:
                    time.sleep(args.settle)
                times[peer] += workers[peer].cmd(op="time", n=n)["ms"]
    for peer in live:
        ms = sorted(times[peer])
        res["peers"][peer].update(
            median_ms=statistics.median(ms), min_ms=ms[0],
            p90_ms=ms[min(len(ms) - 1, int(0.9 * len(ms)))], runs=len(ms))
    peers = res["peers"]
    kiln = peers.get("kiln", {}).get("median_ms")
    others = [peers[p]["median_ms"] for p in ("torch", "ort") if "median_ms" in peers.get(p, {})]
    if kiln and others:
        res["faster_peer_ms"] = min(others)
        res["speedup"] = min(others) / kiln
        res["verdict"] = "PASS" if res["speedup"] >= args.target else "FAIL"
    else:
        res["verdict"] = "FAIL" if "kiln" in args.peers else "n/a"
    return res


def fmt_ms(r):
    if "median_ms" in r:
        return f"{r['median_ms']:.3f}"
    if r.get("unavailable"):
        return "n/a"
    if "error" in r:
        return "mismatch" if "differs" in r["error"] else "error"
    return "—"


def table(results, args):
    head = ["config", "Kiln ms", "PyTorch ms", "ORT ms", "speedup vs faster peer",
            f"target {args.target}x"]
    rows = []
    for r in results:
        p = r["peers"]
        sp = f"{r['speedup']:.2f}x" if "speedup" in r else "—"
        rows.append([f"batch {r['batch']:>2}, seq {r['seq']:>3}",
                     fmt_ms(p.get("kiln", {})) if "kiln" in args.peers else "—",
                     fmt_ms(p.get("torch", {})) if "torch" in args.peers else "—",
                     fmt_ms(p.get("ort", {})) if "ort" in args.peers else "—",
                     sp, r["verdict"]])
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    line = lambda cells: "| " + " | ".join(c.ljust(wd) for c, wd in zip(cells, widths)) + " |"  # noqa: E731
    sep = "|" + "|".join("-" * (wd + 2) for wd in widths) + "|"
    return "\n".join([line(head), sep] + [line(r) for r in rows])


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv=None):
    ncpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=ncpu,
                    help=f"threads for every peer (default: all cores, {ncpu})")
    ap.add_argument("--configs", default="1x64,32x64,1x512,32x512",
                    help="BATCHxSEQ list (default: %(default)s)")
    ap.add_argument("--out", default=os.path.join(HERE, "out", "seq2seq"),
                    help="output directory (default: bench/out/seq2seq)")
    ap.add_argument("--peers", default=",".join(PEERS), help="subset of kiln,torch,ort")
    ap.add_argument("--kiln-compile", default=os.path.join(
        os.environ.get("KILN_BUILD_DIR", os.path.join(ROOT, "build")), "bin", "kiln-compile"))
    ap.add_argument("--kiln-lib", help="use this compiled library instead of compiling")
    ap.add_argument("--model", help="benchmark this .keras file instead of the generated one")
    ap.add_argument("--ort-lib", help="libonnxruntime.so (default: from bench/node_modules)")
    ap.add_argument("--torch-blas", default="auto",
                    help="BLAS for PyTorch: auto (OpenBLAS from bench/deps when the system "
                         "libblas.so.3 is the reference BLAS), system, or a directory "
                         "holding libblas.so.3")
    ap.add_argument("--opset", type=int, default=17)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--budget", type=float, default=2.0,
                    help="seconds of timed runs per peer and config (default 2)")
    ap.add_argument("--min-runs", type=int, default=3)
    ap.add_argument("--max-runs", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    ap.add_argument("--settle", type=float, default=0.05,
                    help="pause before each peer's chunk of runs, s (lets other "
                         "peers' spinning threads go idle)")
    ap.add_argument("--target", type=float, default=1.5)
    ap.add_argument("--rtol", type=float, default=1e-4)
    ap.add_argument("--atol", type=float, default=1e-4)
    ap.add_argument("--strict", action="store_true", help="exit 1 on any FAIL")
    args = ap.parse_args(argv)
    args.peers = [p for p in args.peers.split(",") if p]
    bad = [p for p in args.peers if p not in PEERS]
    if bad:
        ap.error(f"unknown peer(s) {bad}")
    configs = parse_configs(args.configs)

    blas = system_blas()
    if args.torch_blas == "auto":
        reference_blas = blas is None or "/blas/" in blas
        args.torch_blas_dir = OPENBLAS_DIR if (
            reference_blas and os.path.exists(os.path.join(OPENBLAS_DIR, "libblas.so.3"))) else None
        if reference_blas and not args.torch_blas_dir and "torch" in args.peers:
            log("warning: PyTorch runs on the reference (netlib) BLAS, which handicaps it; "
                "bench/run.sh fetches OpenBLAS into bench/deps")
    elif args.torch_blas == "system":
        args.torch_blas_dir = None
    else:
        args.torch_blas_dir = os.path.abspath(args.torch_blas)

    out = os.path.abspath(args.out)
    for sub in ("inputs", "outputs"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
        os.makedirs(os.path.join(out, sub))
    info = {"date": datetime.datetime.now().isoformat(timespec="seconds"),
            "host": platform.node(), "cpu": cpu_model(), "cpus": ncpu,
            "threads": args.threads, "loadavg_start": os.getloadavg(),
            "torch_blas": args.torch_blas_dir or blas, "target": args.target,
            "tolerance": {"rtol": args.rtol, "atol": args.atol}}
    t_start = time.perf_counter()
    log(f"== seq2seq benchmark: {len(configs)} configs, {args.threads} threads, "
        f"peers {', '.join(LABEL[p] for p in args.peers)}; load average "
        f"{info['loadavg_start'][0]:.2f} on {ncpu} cpus")
    if info["loadavg_start"][0] > 0.5 * ncpu:
        log("warning: the machine is busy; absolute times are noise, compare the ratios")

    models = prepare(args, out, info)
    workers, errors = start_workers(args, models, out)
    info["peer_errors"] = errors
    info["versions"] = {p: {k: v for k, v in w.hello.items() if k in ("version", "model")}
                        for p, w in workers.items()}
    for peer, e in errors.items():
        log(f"   {LABEL[peer]:8s} unavailable: {e}")

    weights = sm.load_weights(info["model"])
    results = []
    try:
        for batch, seq in configs:
            log(f"== batch {batch}, seq {seq}")
            r = bench_config(args, workers, weights, batch, seq, out)
            for peer, pr in r["peers"].items():
                if "median_ms" in pr:
                    log(f"   {LABEL[peer]:8s} median {pr['median_ms']:9.3f} ms  "
                        f"(min {pr['min_ms']:.3f}, {pr['runs']} runs, max |err| "
                        f"{pr['max_abs_err']:.2g})")
                else:
                    log(f"   {LABEL[peer]:8s} {pr.get('error', 'not timed')}")
            for peer, e in errors.items():
                r["peers"].setdefault(peer, {"error": e, "unavailable": True})
            results.append(r)
    finally:
        for wk in workers.values():
            wk.close()

    info["loadavg_end"] = os.getloadavg()
    info["wall_s"] = round(time.perf_counter() - t_start, 1)
    tab = table(results, args)
    notes = [f"threads per peer: {args.threads}, on {info['cpu']} ({ncpu} cpus); load average "
             f"{info['loadavg_start'][0]:.2f} at start, {info['loadavg_end'][0]:.2f} at end; "
             f"median of interleaved runs; wall {info['wall_s']} s.",
             "Speedup = faster peer's median / Kiln's median; target: >= "
             f"{args.target}x. Every timed peer agreed with the float64 reference "
             f"(|err| <= {args.atol:g} + {args.rtol:g}|ref|)."]
    for peer, e in errors.items():
        notes.append(f"{LABEL[peer]} unavailable: {e}")
    if "torch" in args.peers:
        notes.append(f"PyTorch BLAS: {args.torch_blas_dir or blas}")
    md = "# LSTM encoder-decoder: Kiln vs PyTorch vs ONNX Runtime\n\n" + tab + "\n\n" + \
        "\n".join(f"- {n}" for n in notes) + "\n"
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(md)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"info": info, "results": results}, f, indent=2, default=str)
    log("")
    log(tab)
    log("")
    for n in notes:
        log("  " + n)
    log(f"  results: {out}/results.md, {out}/results.json")

    complete = all(set(args.peers) <= {p for p, pr in r["peers"].items() if "median_ms" in pr}
                   for r in results)
    if not complete:
        return 1
    if args.strict and any(r["verdict"] != "PASS" for r in results):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
