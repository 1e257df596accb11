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
# Works without hyperfine; needs bash, awk, python3 (the generator), cargo (unless NIXTY is set).
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

# Runs nixty check once; prints "wall cpu" seconds (cpu = user + system of nixty, the work
# done whatever the machine's load). Exit 1 (diagnostics found) is fine.
time_once() {
  local status times
  set +e
  times=$( { TIMEFORMAT='%R %U %S'; time "$NIXTY" check "$@" >/dev/null 2>"$WORK/stderr"; } 2>&1 )
  status=$?
  set -e
  if [ $status -ge 2 ] || ! grep -q ' in [0-9]* files\?$' "$WORK/stderr"; then
    echo "nixty check $* failed:" >&2
    cat "$WORK/stderr" >&2
    exit 1
  fi
  awk '{printf "%.6f %.6f\n", $1, $2 + $3}' <<<"$times"
}

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "nixty check throughput — $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m), $CORES cores," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $("$NIXTY" --version)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "median of $RUNS runs; wall time includes process start and file discovery;" \
  "cpu = user + system time (less sensitive to other load on the machine)"
echo
printf '%-24s %6s %7s %5s %8s %8s %8s %9s %9s\n' target files MB jobs "wall s" "cpu s" "MB/s" "files/s" "MB/cpu-s"
printf '%-24s %6s %7s %5s %8s %8s %8s %9s %9s\n' ------------------------ ------ ------- ----- -------- -------- -------- --------- ---------
for i in "${!targets[@]}"; do
  target=${targets[$i]}
  bytes=$(bytes_of "$target")
  for jobs in 1 "$CORES"; do
    time_once "$target" --jobs "$jobs" >/dev/null # warm-up (page cache)
    files=$(tail -n1 "$WORK/stderr" | sed -n 's/.* in \([0-9]*\) files\?$/\1/p')
    walls=()
    cpus=()
    for _ in $(seq "$RUNS"); do
      read -r wall cpu < <(time_once "$target" --jobs "$jobs")
      walls+=("$wall")
      cpus+=("$cpu")
    done
    wall=$(printf '%s\n' "${walls[@]}" | median)
    cpu=$(printf '%s\n' "${cpus[@]}" | median)
    awk -v size="$bytes" -v files="$files" -v wall="$wall" -v cpu="$cpu" -v jobs="$jobs" -v label="${labels[$i]}" \
      'BEGIN { mb = size / 1e6; printf "%-24s %6d %7.2f %5s %8.3f %8.3f %8.2f %9.1f %9.2f\n", label, files, mb, jobs, wall, cpu, mb / wall, files / wall, mb / cpu }'
  done
done
