#!/usr/bin/env bash
# Installs every system package Kiln needs on Debian 12 (bookworm). Idempotent:
# when everything is present it only checks and returns.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22
  libdnnl-dev libhdf5-dev libzip-dev nlohmann-json3-dev libgtest-dev libgmock-dev
  zlib1g-dev libzstd-dev python3 python3-numpy python3-h5py
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
# LLVM/MLIR 22 come from bookworm-security on this project's machines; make
# sure the index is fresh before installing.
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
