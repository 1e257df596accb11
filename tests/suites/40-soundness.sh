#!/usr/bin/env bash
# Type soundness and precision report (types.md, "How it is judged"):
#  1. the real `nixty type` on every Nix eval-okay test and every nixpkgs lib file: exit 0,
#     well-formed JSON with a `type` and a `range` (no crash, no usage error on real code);
#  2. the soundness harness (tests/type/soundness.rs): values Nix computes (eval-okay, exact
#     printed values, and nixpkgs lib/tests/misc.nix expected values) are members of the
#     inferred types — 0 violations — with the precision figures printed;
#  3. no error-severity type diagnostic on nixpkgs lib and eval-okay (server/check/tests/
#     infer_corpus.rs), with the share of lib bindings typed precisely printed;
#  4. precision as users see it (tests/type/lib_precision.rs): the real `nixty lsp` hovers
#     every top-level function of nixpkgs lib; prints the share whose type is not `?`/`Any`
#     and the share fully known, and fails below the floors set there.
set -euo pipefail
cd "$(dirname "$0")/../.."
CORPORA=../shared/corpora
if [ ! -d "$CORPORA/nix-lang" ]; then
  echo "40-soundness: corpus missing at $CORPORA"
  exit 1
fi
command -v python3 >/dev/null || { echo "40-soundness: python3 missing; run: sudo apt-get install python3"; exit 1; }

cargo build --quiet -p nixty
# A copy of the binary under test: a rebuild during the loop (another cargo run in the same
# tree) must not swap it out halfway.
SNAPSHOT=$(mktemp -d)
trap 'rm -rf "$SNAPSHOT"' EXIT
cp target/debug/nixty "$SNAPSHOT/nixty"
BIN=$SNAPSHOT/nixty

files=0
failures=0
while IFS= read -r -d '' f; do
  files=$((files + 1))
  if ! out=$("$BIN" type "$f" --format json 2>"$SNAPSHOT/stderr"); then
    echo "FAIL: nixty type $f exited non-zero: $(head -c 500 "$SNAPSHOT/stderr")"
    failures=$((failures + 1))
    continue
  fi
  if ! printf '%s' "$out" | python3 -c 'import json,sys; v=json.load(sys.stdin); assert isinstance(v["type"], str) and v["type"]; assert v["range"]["start"]["line"] >= 1' 2>/dev/null; then
    echo "FAIL: nixty type $f printed malformed JSON: $out"
    failures=$((failures + 1))
  fi
done < <(find "$CORPORA/nix-lang" -name 'eval-okay-*.nix' -print0; find "$CORPORA/nixpkgs-lib/lib" -name '*.nix' -print0)
echo "nixty type over the corpus: $files files, $failures failures"
[ "$failures" -eq 0 ]

# Runs one cargo test target with --nocapture and prints its figures (lines matching PATTERN);
# when it fails (a test, or the build), prints the end of its output and fails the suite.
figures() {
  local pattern=$1
  shift
  local out
  if ! out=$(cargo test --quiet "$@" -- --nocapture 2>&1); then
    printf '%s\n' "$out" | tail -40
    echo "40-soundness: FAIL: cargo test $*"
    return 1
  fi
  printf '%s\n' "$out" | grep -E "$pattern"
}

figures 'soundness \(|test result|violation' -p nixty --test type soundness
figures '(nixpkgs lib|eval-okay): |test result' -p nixty-check --test infer_corpus
figures 'lib hover precision|^  lib/|test result' -p nixty --test type lib_precision
