#!/usr/bin/python3
"""One benchmark peer in its own process, driven over a pipe.

    /usr/bin/python3 bench/worker.py kiln  --model SEQ2SEQ.so   --threads N
    /usr/bin/python3 bench/worker.py torch --model SEQ2SEQ.keras --threads N
    /usr/bin/python3 bench/worker.py ort   --model SEQ2SEQ.onnx  --threads N [--ort-lib libonnxruntime.so.1]

Each peer lives in its own process so that their thread pools (Kiln's and
PyTorch's OpenMP, ONNX Runtime's own pool) never share one, and the driver
(run_seq2seq.py) can interleave them without paying process start-up or
model load per measurement. Every peer is called the way a C/C++ user would
call it, with preallocated inputs and outputs and nothing else in the timed
region:
  kiln   the compiled library's `kiln_library_entry.run` through ctypes, with
         caller-owned output buffers (include/kiln/Runtime/kiln.h)
  torch  the nn.Module under torch.inference_mode()
  ort    OrtApi::Run through ctypes on the libonnxruntime.so that the npm
         package onnxruntime-node bundles, with preallocated output OrtValues

Protocol: one JSON object per line on stdin, one JSON reply per line on the
original stdout (libraries' own prints are sent to stderr):
  {"op": "inputs", "files": {name: path.npy, ...}}  -> {"ok": true}
  {"op": "run", "out": path.npy}                      -> {"ok": true}  (output saved)
  {"op": "time", "n": k}                              -> {"ok": true, "ms": [k floats]}
  {"op": "quit"}
A failure answers {"ok": false, "error": "..."}.
"""
import argparse
import ctypes
import json
import os
import sys
import time
import traceback

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
INPUT_NAMES = ("encoder_inputs", "decoder_inputs")
OUTPUT_NAME = "logits"


# --------------------------------------------------------------------------
# Kiln: a library built with `kiln-compile --emit=lib`
# --------------------------------------------------------------------------

KILN_MAX_RANK = 8
KILN_FLOAT32, KILN_INT32 = 0, 1


class KilnTensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("dtype", ctypes.c_int32),
                ("rank", ctypes.c_int32), ("dims", ctypes.c_int64 * KILN_MAX_RANK)]


class KilnStatus(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int32), ("message", ctypes.c_char * 512)]


class KilnTensorInfo(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("dtype", ctypes.c_int32),
                ("rank", ctypes.c_int32), ("dims", ctypes.POINTER(ctypes.c_int64))]


class KilnModelInfo(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p),
                ("n_inputs", ctypes.c_size_t), ("inputs", ctypes.POINTER(KilnTensorInfo)),
                ("n_outputs", ctypes.c_size_t), ("outputs", ctypes.POINTER(KilnTensorInfo))]


KilnRunFn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(KilnTensor), ctypes.c_size_t,
                             ctypes.POINTER(KilnTensor), ctypes.c_size_t,
                             ctypes.POINTER(KilnStatus))
KilnInfoFn = ctypes.CFUNCTYPE(ctypes.POINTER(KilnModelInfo))


class KilnLibraryEntry(ctypes.Structure):
    _fields_ = [("info", KilnInfoFn), ("run", KilnRunFn)]


class KilnPeer:
    """Any Kiln model library: inputs are bound by their Keras names."""

    def __init__(self, path, threads):
        self.lib = ctypes.CDLL(os.path.abspath(path))
        entry = KilnLibraryEntry.in_dll(self.lib, "kiln_library_entry")
        self._run = entry.run
        info = entry.info().contents
        self.model_name = info.name.decode()
        self.in_info = [self._desc(info.inputs[i]) for i in range(info.n_inputs)]
        self.out_info = [self._desc(info.outputs[i]) for i in range(info.n_outputs)]
        # kiln_set_num_threads lives in libkiln_runtime, a dependency of the
        # model library: dlsym on the library's handle finds it there.
        self.lib.kiln_set_num_threads.argtypes = [ctypes.c_int]
        self.lib.kiln_set_num_threads(threads)
        self.lib.kiln_tensor_free.argtypes = [ctypes.POINTER(KilnTensor)]
        self.status = KilnStatus()
        self.inputs = None

    @staticmethod
    def _desc(t):
        return {"name": t.name.decode(), "dtype": t.dtype,
                "dims": [t.dims[i] for i in range(t.rank)]}

    @staticmethod
    def _tensor(array, t):
        t.data = array.ctypes.data
        t.dtype = KILN_FLOAT32 if array.dtype == np.float32 else KILN_INT32
        t.rank = array.ndim
        for i, d in enumerate(array.shape):
            t.dims[i] = d

    def _call(self):
        rc = self._run(self.in_tensors, len(self.in_info), self.out_tensors,
                       len(self.out_info), ctypes.byref(self.status))
        if rc != 0:
            raise RuntimeError(f"kiln run failed ({rc}): {self.status.message.decode()}")

    def set_inputs(self, arrays):
        missing = [d["name"] for d in self.in_info if d["name"] not in arrays]
        if missing:
            raise KeyError(f"no array for model input(s) {missing}")
        dtypes = {KILN_FLOAT32: np.float32, KILN_INT32: np.int32}
        self.inputs = [np.ascontiguousarray(arrays[d["name"]], dtype=dtypes[d["dtype"]])
                       for d in self.in_info]
        self.in_tensors = (KilnTensor * len(self.inputs))()
        for a, t in zip(self.inputs, self.in_tensors):
            self._tensor(a, t)
        # One run with library-allocated outputs gives the output shapes;
        # then the outputs live in caller buffers, reused by every timed run.
        self.out_tensors = (KilnTensor * len(self.out_info))()
        self._call()
        shapes = [tuple(t.dims[i] for i in range(t.rank)) for t in self.out_tensors]
        for t in self.out_tensors:
            self.lib.kiln_tensor_free(ctypes.byref(t))
        self.outputs = [np.empty(s, dtype=np.float32 if d["dtype"] == KILN_FLOAT32
                                 else np.int32) for s, d in zip(shapes, self.out_info)]
        for a, t in zip(self.outputs, self.out_tensors):
            self._tensor(a, t)

    def run(self):
        self._call()
        return {d["name"]: a.copy() for d, a in zip(self.out_info, self.outputs)}

    def timed(self, n):
        call, perf = self._call, time.perf_counter
        ms = []
        for _ in range(n):
            t0 = perf()
            call()
            ms.append((perf() - t0) * 1e3)
        return ms


# --------------------------------------------------------------------------
# PyTorch 1.13 (eager, inference_mode)
# --------------------------------------------------------------------------

class TorchPeer:
    def __init__(self, keras_path, threads):
        import torch
        sys.path.insert(0, HERE)
        import seq2seq_model
        self.torch = torch
        torch.set_num_threads(threads)
        self.module = seq2seq_model.torch_module(seq2seq_model.load_weights(keras_path))

    def set_inputs(self, arrays):
        self.args = [self.torch.from_numpy(np.ascontiguousarray(arrays[n], dtype=np.float32))
                     for n in INPUT_NAMES]

    def run(self):
        with self.torch.inference_mode():
            return {OUTPUT_NAME: self.module(*self.args).numpy().copy()}

    def timed(self, n):
        module, args, perf = self.module, self.args, time.perf_counter
        ms = []
        with self.torch.inference_mode():
            for _ in range(n):
                t0 = perf()
                module(*args)
                ms.append((perf() - t0) * 1e3)
        return ms


# --------------------------------------------------------------------------
# ONNX Runtime through its C API (ctypes)
# --------------------------------------------------------------------------

# Positions in struct OrtApi (onnxruntime_c_api.h; the struct only ever grows
# at its end, so these hold for every version >= the one requested).
ORT_API_VERSION = 13
ORT = {"GetErrorMessage": 2, "CreateEnv": 3, "CreateSession": 7, "Run": 9,
       "CreateSessionOptions": 10, "SetSessionExecutionMode": 13,
       "SetSessionGraphOptimizationLevel": 23, "SetIntraOpNumThreads": 24,
       "SetInterOpNumThreads": 25, "CreateTensorWithDataAsOrtValue": 49,
       "CreateCpuMemoryInfo": 69, "ReleaseStatus": 93, "ReleaseValue": 96,
       "CreateStatus": 0, "GetErrorCode": 1}
P = ctypes.c_void_p
PP = ctypes.POINTER(ctypes.c_void_p)


def find_ort_lib():
    base = os.path.join(HERE, "node_modules", "onnxruntime-node", "bin")
    if os.path.isdir(base):
        for napi in sorted(os.listdir(base), reverse=True):
            p = os.path.join(base, napi, "linux", "x64", "libonnxruntime.so.1")
            if os.path.exists(p):
                return p
    return None


class OrtApiBase(ctypes.Structure):
    _fields_ = [("GetApi", ctypes.CFUNCTYPE(P, ctypes.c_uint32)),
                ("GetVersionString", ctypes.CFUNCTYPE(ctypes.c_char_p))]


class Ort:
    """The few OrtApi functions the benchmark needs, checked at start-up."""

    def __init__(self, lib_path):
        self.lib = ctypes.CDLL(lib_path)
        self.lib.OrtGetApiBase.restype = ctypes.POINTER(OrtApiBase)
        base = self.lib.OrtGetApiBase().contents
        self.version = base.GetVersionString().decode()
        api = base.GetApi(ORT_API_VERSION)
        if not api:
            raise RuntimeError(f"onnxruntime {self.version} does not serve API {ORT_API_VERSION}")
        self.table = ctypes.cast(api, ctypes.POINTER(ctypes.c_void_p * 128)).contents
        f = self._fn
        self.CreateStatus = f("CreateStatus", P, ctypes.c_int, ctypes.c_char_p)
        self.GetErrorCode = f("GetErrorCode", ctypes.c_int, P)
        self.GetErrorMessage = f("GetErrorMessage", ctypes.c_char_p, P)
        self.ReleaseStatus = f("ReleaseStatus", None, P)
        # The table's positions are right if a status round-trips.
        st = self.CreateStatus(6, b"kiln-bench probe")
        if self.GetErrorCode(st) != 6 or self.GetErrorMessage(st) != b"kiln-bench probe":
            raise RuntimeError(f"unexpected OrtApi layout in onnxruntime {self.version}")
        self.ReleaseStatus(st)
        self.CreateEnv = f("CreateEnv", P, ctypes.c_int, ctypes.c_char_p, PP)
        self.CreateSessionOptions = f("CreateSessionOptions", P, PP)
        self.SetSessionExecutionMode = f("SetSessionExecutionMode", P, P, ctypes.c_int)
        self.SetSessionGraphOptimizationLevel = f("SetSessionGraphOptimizationLevel", P, P,
                                                  ctypes.c_int)
        self.SetIntraOpNumThreads = f("SetIntraOpNumThreads", P, P, ctypes.c_int)
        self.SetInterOpNumThreads = f("SetInterOpNumThreads", P, P, ctypes.c_int)
        self.CreateSession = f("CreateSession", P, P, ctypes.c_char_p, P, PP)
        self.CreateCpuMemoryInfo = f("CreateCpuMemoryInfo", P, ctypes.c_int, ctypes.c_int, PP)
        self.CreateTensorWithDataAsOrtValue = f(
            "CreateTensorWithDataAsOrtValue", P, P, P, ctypes.c_size_t,
            ctypes.POINTER(ctypes.c_int64), ctypes.c_size_t, ctypes.c_int, PP)
        self.Run = f("Run", P, P, P, ctypes.POINTER(ctypes.c_char_p), PP, ctypes.c_size_t,
                     ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, PP)
        self.ReleaseValue = f("ReleaseValue", None, P)

    def _fn(self, name, restype, *argtypes):
        return ctypes.CFUNCTYPE(restype, *argtypes)(self.table[ORT[name]])

    def check(self, status, what):
        if status:
            msg = self.GetErrorMessage(status).decode()
            self.ReleaseStatus(status)
            raise RuntimeError(f"onnxruntime {what}: {msg}")


class OrtPeer:
    def __init__(self, onnx_path, threads, lib_path=None):
        lib_path = lib_path or find_ort_lib()
        if not lib_path:
            raise RuntimeError("libonnxruntime.so.1 not found: run `npm install "
                               "--ignore-scripts` in bench/ (package onnxruntime-node)")
        o = self.o = Ort(lib_path)
        env, opts, sess, mem = P(), P(), P(), P()
        o.check(o.CreateEnv(3, b"kiln-bench", ctypes.byref(env)), "CreateEnv")  # ERROR level
        o.check(o.CreateSessionOptions(ctypes.byref(opts)), "CreateSessionOptions")
        o.check(o.SetSessionExecutionMode(opts, 0), "SetSessionExecutionMode")   # sequential
        o.check(o.SetSessionGraphOptimizationLevel(opts, 99), "optimization level")  # ALL
        o.check(o.SetIntraOpNumThreads(opts, threads), "SetIntraOpNumThreads")
        o.check(o.SetInterOpNumThreads(opts, 1), "SetInterOpNumThreads")
        o.check(o.CreateSession(env, os.path.abspath(onnx_path).encode(), opts,
                                ctypes.byref(sess)), "CreateSession")
        o.check(o.CreateCpuMemoryInfo(1, 0, ctypes.byref(mem)), "CreateCpuMemoryInfo")
        self.env, self.opts, self.sess, self.mem = env, opts, sess, mem
        self.in_names = (ctypes.c_char_p * 2)(*[n.encode() for n in INPUT_NAMES])
        self.out_names = (ctypes.c_char_p * 1)(OUTPUT_NAME.encode())
        self.values = []

    def _value(self, array):
        shape = (ctypes.c_int64 * array.ndim)(*array.shape)
        v = P()
        self.o.check(self.o.CreateTensorWithDataAsOrtValue(
            self.mem, array.ctypes.data, array.nbytes, shape, array.ndim, 1,  # FLOAT
            ctypes.byref(v)), "CreateTensorWithDataAsOrtValue")
        self.values.append(v)
        return v

    def set_inputs(self, arrays):
        for v in self.values:
            self.o.ReleaseValue(v)
        self.values = []
        self.inputs = [np.ascontiguousarray(arrays[n], dtype=np.float32) for n in INPUT_NAMES]
        enc, dec = self.inputs
        self.output = np.empty((dec.shape[0], dec.shape[1], 64), dtype=np.float32)
        self.in_values = (P * 2)(*[self._value(a) for a in self.inputs])
        self.out_values = (P * 1)(self._value(self.output))

    def _call(self):
        self.o.check(self.o.Run(self.sess, None, self.in_names, self.in_values, 2,
                                self.out_names, 1, self.out_values), "Run")

    def run(self):
        self._call()
        return {OUTPUT_NAME: self.output.copy()}

    def timed(self, n):
        call, perf = self._call, time.perf_counter
        ms = []
        for _ in range(n):
            t0 = perf()
            call()
            ms.append((perf() - t0) * 1e3)
        return ms


# --------------------------------------------------------------------------
# The loop
# --------------------------------------------------------------------------

def serve(peer, reply):
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            cmd = json.loads(line)
            op = cmd["op"]
            if op == "quit":
                reply({"ok": True})
                return
            if op == "inputs":
                peer.set_inputs({k: np.load(v) for k, v in cmd["files"].items()})
                reply({"ok": True})
            elif op == "run":
                outs = peer.run()
                name = cmd.get("output", OUTPUT_NAME)
                np.save(cmd["out"], outs[name] if name in outs else next(iter(outs.values())))
                reply({"ok": True})
            elif op == "time":
                reply({"ok": True, "ms": peer.timed(int(cmd["n"]))})
            else:
                reply({"ok": False, "error": f"unknown op {op!r}"})
        except Exception as e:  # noqa: BLE001 - reported to the driver
            traceback.print_exc(file=sys.stderr)
            reply({"ok": False, "error": f"{type(e).__name__}: {e}"})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("peer", choices=("kiln", "torch", "ort"))
    ap.add_argument("--model", required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--ort-lib", default=None)
    args = ap.parse_args()

    # Keep the protocol channel clean: libraries print to fd 1, so point fd 1
    # at stderr and answer on a duplicate of the original stdout.
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def reply(obj):
        proto.write(json.dumps(obj) + "\n")
        proto.flush()

    try:
        if args.peer == "kiln":
            peer = KilnPeer(args.model, args.threads)
            ready = {"model": peer.model_name, "inputs": peer.in_info, "outputs": peer.out_info}
        elif args.peer == "torch":
            peer = TorchPeer(args.model, args.threads)
            import torch
            ready = {"version": torch.__version__, "threads": torch.get_num_threads()}
        else:
            peer = OrtPeer(args.model, args.threads, args.ort_lib)
            ready = {"version": peer.o.version}
    except Exception as e:  # noqa: BLE001
        traceback.print_exc(file=sys.stderr)
        reply({"ok": False, "error": f"{type(e).__name__}: {e}"})
        return 1
    reply({"ok": True, **ready})
    serve(peer, reply)
    return 0


if __name__ == "__main__":
    sys.exit(main())
