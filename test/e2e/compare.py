#!/usr/bin/python3
"""Compare a model output .npy with a reference .npy (Kiln end-to-end tests).

Usage: compare.py OUTPUT.npy REFERENCE.npy [--rtol R] [--atol A]

Passes when the shapes are identical and, elementwise,
    |out - ref| <= max(rtol * |ref|, atol)        (rtol = 1e-4, atol = 1e-5)
i.e. a relative tolerance of 1e-4 whose absolute value never drops below 1e-5
(the floor keeps values near zero, where float32 rounding is relative to the
operands rather than the result, from failing on noise). NaN/Inf must match
exactly. Integer references must match exactly.

Prints one line with the maximum errors; on mismatch prints one clear line
(starting with "compare.py: FAIL") and exits 1. Exits 2 on usage/IO errors.
"""
import argparse
import sys

import numpy as np


def fail(msg, code=1):
    print(f"compare.py: FAIL {msg}")
    sys.exit(code)


def main(argv):
    ap = argparse.ArgumentParser(description="Compare an output .npy with a reference .npy.")
    ap.add_argument("output")
    ap.add_argument("reference")
    ap.add_argument("--rtol", type=float, default=1e-4)
    ap.add_argument("--atol", type=float, default=1e-5)
    a = ap.parse_args(argv)
    try:
        out = np.load(a.output, allow_pickle=False)
    except Exception as e:              # noqa: BLE001 - report any load error
        fail(f"cannot read output {a.output}: {e}", 2)
    try:
        ref = np.load(a.reference, allow_pickle=False)
    except Exception as e:              # noqa: BLE001
        fail(f"cannot read reference {a.reference}: {e}", 2)

    if out.shape != ref.shape:
        fail(f"{a.output}: shape {list(out.shape)} != reference shape {list(ref.shape)}")
    if ref.size == 0:
        print(f"compare.py: OK {a.output}: empty tensor {list(ref.shape)}")
        return 0
    if ref.dtype.kind in "iub":
        bad = np.flatnonzero(out.reshape(-1) != ref.reshape(-1))
        if bad.size:
            i = np.unravel_index(bad[0], ref.shape)
            fail(f"{a.output}: {bad.size} of {ref.size} integer values differ; first at "
                 f"{list(map(int, i))}: got {out[i]}, expected {ref[i]}")
        print(f"compare.py: OK {a.output}: {ref.size} integer values equal")
        return 0
    if out.dtype.kind not in "fiu":
        fail(f"{a.output}: non-numeric dtype {out.dtype}")

    o = out.astype(np.float64)
    r = ref.astype(np.float64)
    o_nf, r_nf = ~np.isfinite(o), ~np.isfinite(r)
    nf_bad = (o_nf | r_nf) & ~((o == r) | (np.isnan(o) & np.isnan(r)))
    if nf_bad.any():
        i = np.unravel_index(np.flatnonzero(nf_bad)[0], ref.shape)
        fail(f"{a.output}: non-finite mismatch at {list(map(int, i))}: got {o[i]}, "
             f"expected {r[i]}")
    fin = ~(o_nf | r_nf)
    abs_err = np.where(fin, np.abs(o - r), 0.0)
    tol = np.maximum(a.rtol * np.abs(r), a.atol)
    ratio = abs_err / tol
    rel_err = abs_err / np.maximum(np.abs(r), a.atol)
    worst = np.unravel_index(int(np.argmax(ratio)), ref.shape)
    summary = (f"max_abs_err={abs_err.max():.3e} max_rel_err={rel_err.max():.3e} "
               f"worst/tol={ratio.max():.3g} (rtol={a.rtol:g}, atol={a.atol:g}, "
               f"{ref.size} values)")
    if ratio.max() > 1.0:
        n_bad = int((ratio > 1.0).sum())
        fail(f"{a.output}: {n_bad} of {ref.size} values outside tolerance; worst at "
             f"{list(map(int, worst))}: got {o[worst]:.9g}, expected {r[worst]:.9g}; {summary}")
    print(f"compare.py: OK {a.output}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
