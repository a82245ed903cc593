#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, then runs every
# suite through ctest (gtest unit tests and the lit IR/importer/end-to-end
# tests). Ends with ctest's summary line.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build="${KILN_BUILD_DIR:-$root/build}"
cd "$build"
ctest --output-on-failure -j "${KILN_JOBS:-$(nproc)}"
