#!/usr/bin/env bash
# One command for the performance figures of ../shared/design/quality.md, as a markdown table:
# `nixty check` throughput (nixpkgs lib and a generated all-packages.nix, single core and all
# cores), LSP latency on the generated file (median/p99), memory (server with the file open,
# peak of `nixty check` over a whole tree) and growth at 1x/4x/16x, each against its target.
#
# Usage: bench/perf-report.sh            (builds the release binary, then runs everything)
#        RUNS=3 REQUESTS=200 LSP_SCALES="1 4 16" bench/perf-report.sh
# Reuses bench/check-throughput.sh and bench/lsp-latency.sh (their raw output is kept in
# target/nixty-bench/perf-*.txt); bench/perf-table.py turns it into the table.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=$ROOT/target/nixty-bench
CORPUS=${CORPUS:-$ROOT/../shared/corpora/nixpkgs-lib}
export RUNS=${RUNS:-3}
REQUESTS=${REQUESTS:-200}
mkdir -p "$WORK"

echo "building release binary..." >&2
cargo build --release --quiet -p nixty
export NIXTY=$ROOT/target/release/nixty

echo "check throughput (1x 4x 16x)..." >&2
SCALES="1 4 16" bench/check-throughput.sh >"$WORK/perf-check.txt"

for scale in ${LSP_SCALES:-1 4 16}; do
  echo "LSP latency x$scale..." >&2
  # Fewer requests on the big files: the point there is growth, not the tail.
  n=$REQUESTS
  [ "$scale" -gt 1 ] && n=$((REQUESTS / 4))
  SCALE=$scale REQUESTS=$n bench/lsp-latency.sh >"$WORK/perf-lsp-x$scale.txt"
done

echo "peak memory of nixty check..." >&2
peak_kb() { # peak resident set (kB) of `nixty check ARGS` (exit 1 = diagnostics, fine)
  /usr/bin/time -f '%M' -o "$WORK/perf-time.txt" "$NIXTY" check "$@" >/dev/null 2>&1 || true
  tail -n1 "$WORK/perf-time.txt"
}
tree_bytes=$(find "$CORPUS" -name '.*' -prune -o -type f -name '*.nix' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
empty=$WORK/perf-empty.nix
echo '{ }' >"$empty"
{
  echo "baseline $(stat -c %s "$empty") $(peak_kb "$empty" --jobs 1) $(peak_kb "$empty")"
  echo "tree $tree_bytes $(peak_kb "$CORPUS" --jobs 1) $(peak_kb "$CORPUS")"
  for scale in 1 4 16; do
    file=$WORK/all-packages-x$scale.nix
    echo "all-packages-x$scale $(stat -c %s "$file") $(peak_kb "$file" --jobs 1) $(peak_kb "$file")"
  done
} >"$WORK/perf-rss.txt"

python3 bench/perf-table.py "$WORK"
