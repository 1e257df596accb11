#!/usr/bin/env bash
# Fuzz smoke run: the fuzz pipeline (fuzz/pipeline.rs: parse → lower → infer → every IDE feature
# at chosen offsets, with edits) replayed on every fixed crash (fuzz/regressions) and the seeds,
# then a seeded deterministic mutation loop of 2 000 inputs (seed 1) — as a plain Rust test, so
# it needs neither nightly features nor cargo-fuzz and gives the same result on every machine.
# With NIXTY_FUZZ_LIBFUZZER=1 (and cargo-fuzz installed) it also runs the libFuzzer target for a
# fixed number of runs with a fixed seed over the seeds (slow to build: not the CI default).
# The long run is fuzz/run.sh SECONDS.
set -euo pipefail
cd "$(dirname "$0")/../.."

NIXTY_FUZZ_SMOKE_RUNS=${NIXTY_FUZZ_SMOKE_RUNS:-2000} NIXTY_FUZZ_SMOKE_SEED=${NIXTY_FUZZ_SMOKE_SEED:-1} \
  cargo test -p nixty-ide --test fuzz_regressions

if [ "${NIXTY_FUZZ_LIBFUZZER:-0}" = 1 ]; then
  if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is not installed; run: cargo install cargo-fuzz"
    exit 1
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp fuzz/seeds/* fuzz/regressions/* "$work/"
  (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none ide "$work" -- \
    -runs=2000 -seed=1 -timeout=60 -max_len=8192)
fi
echo "ok: fuzz smoke run"
