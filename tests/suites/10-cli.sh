#!/usr/bin/env bash
# `nixty check` against real Nix: the examples and the benchmark input are what Nix says they are.
#   - the clean example files parse with `nix-instantiate --parse`, and lib.nix evaluates (with
#     nixpkgs' lib from ../shared/corpora) to the values its comments promise;
#   - mistakes.nix is rejected by Nix too (duplicate attribute), so nixty's error is a real one;
#   - the generated all-packages.nix (bench/gen-all-packages.py) is valid Nix, deterministic,
#     ~600 kB / 20 000 bindings, and nixty finds no error in it;
#   - `nixty check examples` exits 1 (errors), `--format json` output is valid JSON.
# Fails (never skips) when nix-instantiate or python3 is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

for tool in nix-instantiate:nix-bin python3:python3; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
    echo "${tool%%:*} is not installed; run: sudo apt-get install ${tool##*:}"
    exit 1
  fi
done

cargo build --quiet -p nixty 2>/dev/null || cargo build -p nixty
NIXTY=$ROOT/target/debug/nixty
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export NIX_STATE_DIR=$WORK/nix-state NIX_LOG_DIR=$WORK/nix-log
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

for file in default.nix lib.nix shell.nix pkgs/greeter/default.nix types.nix; do
  if nix-instantiate --parse "examples/$file" >/dev/null 2>"$WORK/err"; then
    pass "examples/$file parses with Nix"
  else
    fail "examples/$file does not parse with Nix: $(cat "$WORK/err")"
  fi
done

if nix-instantiate --parse examples/mistakes.nix >/dev/null 2>"$WORK/err" \
  || ! grep -q "attribute 'name' already defined" "$WORK/err"; then
  fail "Nix should reject examples/mistakes.nix for its duplicate attribute: $(cat "$WORK/err")"
else
  pass "Nix rejects examples/mistakes.nix too (duplicate attribute)"
fi

# Each deliberate type mistake fails in real evaluation; the correct uses evaluate.
for attr in message depth twice; do
  if nix-instantiate --eval --strict -A "$attr" examples/types.nix >/dev/null 2>"$WORK/err"; then
    fail "examples/types.nix: \`$attr\` should fail to evaluate, but it evaluates"
  else
    pass "examples/types.nix: \`$attr\` fails in Nix too ($(grep -m1 -o 'error: .*' "$WORK/err"))"
  fi
done
got=$(nix-instantiate --eval --strict -E "with import $ROOT/examples/types.nix; [ fine text ]" 2>&1) || true
if [ "$got" = '[ 4 "x is 1" ]' ]; then
  pass "examples/types.nix: the correct uses evaluate"
else
  fail "examples/types.nix: fine/text: $got"
fi

expected='[ "Hello, World!" true false "a, b" ]'
got=$(nix-instantiate --eval --strict -E "
  let
    lib = import $ROOT/../shared/corpora/nixpkgs-lib/lib;
    helpers = import $ROOT/examples/lib.nix { inherit lib; };
  in [ (helpers.greet \"world\") (helpers.versionAtLeast2 \"2.1\") (helpers.versionAtLeast2 \"1.9\")
       (helpers.describeSet { b = 1; a = 2; }) ]" 2>&1) || true
if [ "$got" = "$expected" ]; then
  pass "examples/lib.nix evaluates as documented"
else
  fail "examples/lib.nix: expected $expected, got $got"
fi

set +e
"$NIXTY" check examples >"$WORK/out" 2>"$WORK/err"
status=$?
set -e
if [ $status -eq 1 ] && grep -q '^examples/mistakes.nix:[0-9]*:[0-9]*: error\[' "$WORK/out"; then
  pass "nixty check examples reports the mistakes and exits 1"
else
  fail "nixty check examples: status $status, output: $(cat "$WORK/out" "$WORK/err")"
fi
set +e
"$NIXTY" check examples --format json >"$WORK/out.json" 2>/dev/null
set -e
if python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert isinstance(d, list) and d' "$WORK/out.json"; then
  pass "JSON output is a non-empty array"
else
  fail "JSON output is not a non-empty JSON array: $(head -c 500 "$WORK/out.json")"
fi

python3 bench/gen-all-packages.py "$WORK/a.nix" 2>"$WORK/gen1"
python3 bench/gen-all-packages.py "$WORK/b.nix" 2>/dev/null
size=$(stat -c %s "$WORK/a.nix")
if cmp -s "$WORK/a.nix" "$WORK/b.nix" && [ "$size" -gt 550000 ] && [ "$size" -lt 700000 ] \
  && grep -q ', 200[0-9][0-9] bindings' "$WORK/gen1"; then
  pass "the benchmark generator is deterministic: $(cat "$WORK/gen1")"
else
  fail "benchmark generator: $(cat "$WORK/gen1"), deterministic: $(cmp -s "$WORK/a.nix" "$WORK/b.nix" && echo yes || echo no)"
fi
if nix-instantiate --parse "$WORK/a.nix" >/dev/null 2>"$WORK/err"; then
  pass "the generated all-packages.nix parses with Nix"
else
  fail "the generated all-packages.nix does not parse with Nix: $(head -5 "$WORK/err")"
fi
set +e
"$NIXTY" check "$WORK/a.nix" >"$WORK/out" 2>"$WORK/err"
status=$?
set -e
if [ $status -eq 0 ]; then
  pass "nixty finds no error in the generated all-packages.nix ($(tail -n1 "$WORK/err"))"
else
  fail "nixty check on the generated all-packages.nix: status $status: $(head -5 "$WORK/out")"
fi

echo
[ $failures -eq 0 ] && echo "10-cli: all passed" || { echo "10-cli: $failures failed"; exit 1; }
