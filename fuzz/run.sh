#!/usr/bin/env bash
# Long fuzzing run: builds the cargo-fuzz target and fuzzes it, seeded with our own seeds plus
# every .nix file of ../shared/corpora (copied at run time into fuzz/corpus/ide, never committed).
#   fuzz/run.sh [SECONDS] [extra libFuzzer args…]
# Fork mode (one worker: 2 shared cores) keeps fuzzing after a crash; every crash lands in
# fuzz/artifacts/ide/. Needs cargo-fuzz (`cargo install cargo-fuzz`); runs on stable through RUSTC_BOOTSTRAP=1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
corpora="$here/../../shared/corpora"
seconds="${1:-1800}"
shift || true
mkdir -p "$here/corpus/ide" "$here/artifacts/ide"
cp "$here"/seeds/* "$here/corpus/ide/"
if [ -d "$corpora" ]; then
  # Content-addressed names, so re-runs do not duplicate; at most 64 kB (the pipeline cuts more).
  find "$corpora" -name '*.nix' -size -64k -print0 |
    while IFS= read -r -d '' f; do
      cp "$f" "$here/corpus/ide/$(sha1sum "$f" | cut -c1-16).nix"
    done
fi
cd "$here"
export RUSTC_BOOTSTRAP=1
exec cargo fuzz run --sanitizer none ide corpus/ide -- -max_total_time="$seconds" -fork=1 -ignore_crashes=1 \
  -rss_limit_mb=4096 -timeout=30 -max_len=8192 -artifact_prefix="$here/artifacts/ide/" "$@"
