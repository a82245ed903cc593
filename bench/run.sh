#!/usr/bin/env bash
# The LSTM encoder-decoder benchmark (issue 4): Kiln vs PyTorch 1.13 vs ONNX
# Runtime at batch 1/32 x sequence 64/512, same thread count, ratios in one
# run. See bench/README.md.
#
# Usage: bench/run.sh [--no-build] [run_seq2seq.py options: --threads N,
#        --out DIR, --configs 1x64,32x512, --budget S, --strict, ...]
#
# Installs what the peers need when it is missing: Debian's python3-torch
# (1.13) and python3-onnx (apt-get; root or sudo), the npm package
# onnxruntime-node (its tarball bundles libonnxruntime.so; installed with
# --ignore-scripts into bench/node_modules), and, when PyTorch would run on
# Debian's reference BLAS, OpenBLAS unpacked into bench/deps (apt-get download
# + dpkg -x: the system's BLAS choice is left alone). Then builds Kiln
# (scripts/build.sh, incremental; --no-build skips it) and runs
# bench/run_seq2seq.py.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
python=/usr/bin/python3

build=1
args=()
for a in "$@"; do
  if [ "$a" = "--no-build" ]; then build=0; else args+=("$a"); fi
done

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
for p in python3-numpy python3-h5py python3-torch python3-onnx; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -f "$here/node_modules/onnxruntime-node/package.json" ]; then
  echo "bench: npm install onnxruntime-node (bundled libonnxruntime.so)"
  (cd "$here" && npm install --ignore-scripts --no-audit --no-fund)
fi

blas="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)"
openblas="$here/deps/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3"
if { [ -z "$blas" ] || [[ "$blas" == */blas/* ]]; } && [ ! -f "$openblas" ]; then
  echo "bench: PyTorch would use the reference BLAS; unpacking libopenblas0-openmp into bench/deps"
  tmp="$(mktemp -d)"
  chmod 777 "$tmp"
  (cd "$tmp" && apt-get download libopenblas0-openmp >/dev/null 2>&1) ||
    { $sudo apt-get update -qq && (cd "$tmp" && apt-get download libopenblas0-openmp); }
  mkdir -p "$here/deps"
  dpkg -x "$tmp"/libopenblas0-openmp_*.deb "$here/deps"
  rm -rf "$tmp"
fi

if [ "$build" = 1 ]; then
  "$root/scripts/setup.sh"
  "$root/scripts/build.sh" >/dev/null
fi

exec "$python" "$here/run_seq2seq.py" "${args[@]}"
