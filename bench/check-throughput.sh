#!/usr/bin/env bash
# Throughput of `nixty check` (MB/s and files/s), single core and all cores, on:
#   - ../shared/corpora/nixpkgs-lib (a real tree of Nix files),
#   - a generated all-packages.nix-like file (600 kB / 20 000 bindings, bench/gen-all-packages.py)
#     at 1x, 4x and 16x that size, to show how the cost grows.
# Prints a table. Median of RUNS runs (default 5) after one warm-up run; the wall time includes
# process start, file discovery and output (to /dev/null), as a user or CI job sees it.
#
# Usage: bench/check-throughput.sh            (builds the release binary first)
#        NIXTY=path/to/nixty RUNS=10 SCALES="1 4" bench/check-throughput.sh
# Works without hyperfine; needs bash 5, python3, cargo (unless NIXTY is set).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${RUNS:-5}
SCALES=${SCALES:-1 4 16}
CORES=$(nproc)
CORPUS=${CORPUS:-$ROOT/../shared/corpora/nixpkgs-lib}
WORK=$ROOT/target/nixty-bench
mkdir -p "$WORK"

if [ -z "${NIXTY:-}" ]; then
  echo "building release binary..." >&2
  cargo build --release --quiet -p nixty
  NIXTY=$ROOT/target/release/nixty
fi
[ -x "$NIXTY" ] || { echo "no nixty binary at $NIXTY" >&2; exit 2; }
[ -d "$CORPUS" ] || { echo "corpus not found: $CORPUS" >&2; exit 2; }

targets=("$CORPUS")
labels=("nixpkgs-lib")
for scale in $SCALES; do
  file=$WORK/all-packages-x$scale.nix
  python3 bench/gen-all-packages.py --bindings $((20000 * scale)) "$file" 2>/dev/null
  targets+=("$file")
  labels+=("all-packages.nix x$scale")
done

# Bytes of the .nix files under a path (hidden directories excluded, as nixty does).
bytes_of() {
  if [ -d "$1" ]; then
    find "$1" -name '.*' -prune -o -type f -name '*.nix' -printf '%s\n' | awk '{s += $1} END {print s + 0}'
  else
    stat -c %s "$1"
  fi
}

# Runs nixty check once; prints the wall time in seconds. Exit 1 (diagnostics found) is fine.
time_once() {
  local start end status
  start=$EPOCHREALTIME
  set +e
  "$NIXTY" check "$@" >/dev/null 2>"$WORK/stderr"
  status=$?
  set -e
  end=$EPOCHREALTIME
  if [ $status -ge 2 ]; then
    echo "nixty check $* failed with status $status:" >&2
    cat "$WORK/stderr" >&2
    exit 1
  fi
  python3 -c "print(f'{$end - $start:.6f}')"
}

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "nixty check throughput — $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m), $CORES cores," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $("$NIXTY" --version)"
echo "median of $RUNS runs; wall time includes process start and file discovery"
echo
printf '%-26s %6s %9s %5s %10s %9s %10s\n' target files MB jobs "median s" "MB/s" "files/s"
printf '%-26s %6s %9s %5s %10s %9s %10s\n' -------------------------- ------ --------- ----- ---------- --------- ----------
for i in "${!targets[@]}"; do
  target=${targets[$i]}
  bytes=$(bytes_of "$target")
  for jobs in 1 "$CORES"; do
    time_once "$target" --jobs "$jobs" >/dev/null # warm-up (page cache)
    files=$(tail -n1 "$WORK/stderr" | sed -n 's/.* in \([0-9]*\) files\?$/\1/p')
    times=()
    for _ in $(seq "$RUNS"); do
      times+=("$(time_once "$target" --jobs "$jobs")")
    done
    med=$(printf '%s\n' "${times[@]}" | median)
    python3 - "$bytes" "$files" "$med" "$jobs" "${labels[$i]}" <<'PY'
import sys
size, files, secs, jobs, label = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
mb = size / 1e6
print(f"{label:<26} {files:>6} {mb:>9.2f} {jobs:>5} {secs:>10.4f} {mb / secs:>9.1f} {files / secs:>10.1f}")
PY
  done
done
