#!/usr/bin/env bash
# Type inference time and memory (issue 4's benchmark): on every file of nixpkgs lib and on a
# generated 630 kB all-packages.nix, prints analysis time, inference time (minimum over RUNS per
# file, summed), the bytes the inference results keep, and the peak during the largest file.
#   bench/infer.sh            RUNS=5 CORPUS=../shared/corpora/nixpkgs-lib bench/infer.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
CORPUS=${CORPUS:-$(pwd)/../shared/corpora/nixpkgs-lib}
WORK=target/nixty-bench
mkdir -p "$WORK"
generated=$WORK/all-packages-infer.nix
python3 bench/gen-all-packages.py "$generated"
cargo build --release --quiet -p nixty-check --example profile_infer
profile=target/release/examples/profile_infer
"$profile" "$CORPUS/lib" "$RUNS"
echo
"$profile" "$generated" "$RUNS"
