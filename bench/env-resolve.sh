#!/usr/bin/env bash
# Resolution time of `nixty env` with real Nix, on a hand-written shell (no nixpkgs):
#   cold  - a project never seen: Nix evaluates and builds its one small input;
#   eval  - `--reload` of an evaluated project: Nix evaluates again, nothing to build;
#   warm  - the cached environment (no Nix runs), with 1 and 200 imported project files.
# Median of RUNS runs (default 7), wall time of the whole `nixty env` process.
#
# Usage: bench/env-resolve.sh                   (builds the release binary first)
#        NIXTY=target/debug/nixty RUNS=15 bench/env-resolve.sh
# Needs Nix (Debian's nix-bin works as root), bash, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${RUNS:-7}
command -v nix-instantiate >/dev/null || { echo "Nix is missing: apt-get install nix-bin" >&2; exit 2; }
if [ -z "${NIXTY:-}" ]; then
  echo "building release binary..." >&2
  cargo build --release --quiet -p nixty
  NIXTY=$ROOT/target/release/nixty
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_DATA_HOME=$WORK/data XDG_CACHE_HOME=$WORK/cache
# The benchmark's Nix settings (see shared/design/environments.md); nixty does not set them.
export NIX_CONFIG=${NIX_CONFIG:-$'substituters =\nsandbox = false\nbuild-users-group =\nexperimental-features = nix-command'}
export NIX_BUILD_SHELL=${NIX_BUILD_SHELL:-/bin/bash}

# make_project DIR NONCE IMPORTS
make_project() {
  local dir=$1 nonce=$2 imports=$3
  mkdir -p "$dir/nix"
  local list=""
  for i in $(seq 1 "$imports"); do
    echo "{ v$i = \"$i\"; }" > "$dir/nix/part$i.nix"
    list="$list (import ./nix/part$i.nix) //"
  done
  cat > "$dir/shell.nix" <<NIX
let
  parts = $list { };
  tool = derivation { name = "bench-tool-$nonce"; system = builtins.currentSystem; builder = "/bin/bash";
    args = [ "-c" "/bin/mkdir -p \$out/bin; :" ]; };
in derivation { name = "shell"; system = builtins.currentSystem; builder = "/bin/bash"; outputs = [ "out" ];
  PATH = "\${tool}/bin"; PARTS = builtins.toJSON parts; }
NIX
  "$NIXTY" env allow "$dir" 2>/dev/null
}

now() { date +%s%N; }
# median of the numbers on stdin (nanoseconds) printed in ms
median_ms() { sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1e6}'; }

time_runs() { # time_runs CMD... ; prints one duration per run
  for _ in $(seq 1 "$RUNS"); do
    local t0; t0=$(now)
    "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    echo $(( $(now) - t0 ))
  done
}

cold_runs() {
  for i in $(seq 1 "$RUNS"); do
    local dir=$WORK/cold-$i
    make_project "$dir" "$$-$i-$(now)" 1
    local t0; t0=$(now)
    "$NIXTY" env "$dir" >/dev/null 2>&1 || { echo "failed: nixty env $dir" >&2; exit 1; }
    echo $(( $(now) - t0 ))
  done
}

make_project "$WORK/small" "small-$$" 1
make_project "$WORK/large" "large-$$" 200
"$NIXTY" env "$WORK/small" >/dev/null
"$NIXTY" env "$WORK/large" >/dev/null

echo "nixty env resolution ($(nix-instantiate --version), median of $RUNS runs, ms)"
printf '%-44s %10s\n' "case" "ms"
printf '%-44s %10s\n' "cold (evaluate + build one input)" "$(cold_runs | median_ms)"
printf '%-44s %10s\n' "eval (--reload, nothing to build)" "$(time_runs "$NIXTY" env --reload "$WORK/small" | median_ms)"
printf '%-44s %10s\n' "warm, 1 imported file (cache hit)" "$(time_runs "$NIXTY" env "$WORK/small" | median_ms)"
printf '%-44s %10s\n' "warm, 200 imported files (cache hit)" "$(time_runs "$NIXTY" env "$WORK/large" | median_ms)"
printf '%-44s %10s\n' "status, untrusted check (no Nix)" "$(time_runs "$NIXTY" env status "$WORK/small" | median_ms)"
