#!/usr/bin/env bash
# LSP latency on a generated all-packages.nix-sized file (600 kB / 20 000 bindings, by
# bench/gen-all-packages.py): median and p99 of hover, completion, goto, references, semantic
# tokens (full and range), document symbols, and edit -> fresh diagnostics, with the release
# binary. Targets (../shared/design/quality.md): hover and completion p99 < 10 ms, edit ->
# diagnostics < 100 ms.
#
# Usage: bench/lsp-latency.sh                 (builds the release binary first)
#        NIXTY=path/to/nixty REQUESTS=500 SCALE=4 bench/lsp-latency.sh
# SCALE multiplies the number of bindings (1, 4, 16 to see how latency grows).
# Pins the server to one core with taskset when available ("on one core of this machine").
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
REQUESTS=${REQUESTS:-200}
SCALE=${SCALE:-1}
WORK=$ROOT/target/nixty-bench
mkdir -p "$WORK"

if [ -z "${NIXTY:-}" ]; then
  echo "building release binary..." >&2
  cargo build --release --quiet -p nixty
  NIXTY=$ROOT/target/release/nixty
fi
[ -x "$NIXTY" ] || { echo "no nixty binary at $NIXTY" >&2; exit 2; }

FILE=$WORK/lsp-latency-x$SCALE/all-packages.nix
mkdir -p "$(dirname "$FILE")"
python3 bench/gen-all-packages.py --bindings $((20000 * SCALE)) "$FILE"

# The server on CPU 0, the driver on the last CPU, so they do not compete.
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
  taskset -c "$(($(nproc) - 1))" python3 bench/lsp-latency.py "$NIXTY" "$FILE" --requests "$REQUESTS" --pin 0
else
  python3 bench/lsp-latency.py "$NIXTY" "$FILE" --requests "$REQUESTS"
fi
