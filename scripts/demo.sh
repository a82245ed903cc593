#!/usr/bin/env bash
# The main job: installs what is missing, builds Kiln, compiles the example
# Keras model (examples/models/self_attention_encoder.keras, a transformer
# encoder block: see examples/README.md) to an object file, links it into
# examples/run_model.c, runs it and prints its outputs and latency.
# Usage: scripts/demo.sh [MODEL] [--dim N] [--runs N]  (--dim: size of every
# dynamic dim, default 8; --runs: timed runs, default 50)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" >/dev/null
build="${KILN_BUILD_DIR:-$root/build}"
model="${1:-$root/examples/models/self_attention_encoder.keras}"
out="$build/examples"
mkdir -p "$out"
name=encoder
echo "== kiln-compile $(basename "$model") -> $out/$name.o (+ $name.h)"
"$build/bin/kiln-compile" "$model" --name="$name" -o "$out/$name.o"
cc -O2 -std=c11 -I"$root/include" -I"$out" \
  -DKILN_MODEL_HEADER="\"$name.h\"" -DKILN_MODEL_PREFIX="$name" \
  "$root/examples/run_model.c" "$out/$name.o" \
  -L"$build/lib" -lkiln_runtime -Wl,-rpath,"$build/lib" -lm -o "$out/run_$name"
echo "== run"
"$out/run_$name" "${@:2}"
