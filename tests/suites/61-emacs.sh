#!/usr/bin/env bash
# The Emacs package (editors/emacs/nixty.el): byte-compiles without warnings, then ERT tests in
# `emacs --batch` with Debian's eglot against the real binary and real Nix: the fallback major
# mode, diagnostics in flymake, hover, the environment applied buffer-locally (and inherited by
# compile buffers and by the restarted language server), and the lsp-mode registration. Fails
# (never skips) when emacs, eglot or nix are missing, or lsp-mode when CI=true.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

if ! command -v emacs >/dev/null 2>&1; then
  echo "emacs is not installed; run: sudo apt-get install emacs-nox elpa-eglot"
  exit 1
fi
if ! emacs --batch --eval '(require (quote eglot))' >/dev/null 2>&1; then
  echo "eglot is not available to emacs; run: sudo apt-get install elpa-eglot (Emacs 28) or use Emacs 29+"
  exit 1
fi
if ! command -v nix-instantiate >/dev/null 2>&1; then
  echo "nix is not installed; run: sudo apt-get install nix-bin"
  exit 1
fi

cargo build --quiet -p nixty 2>/dev/null || cargo build -p nixty
export NIXTY_BIN=$ROOT/target/debug/nixty

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "-- byte-compile"
cp editors/emacs/nixty.el "$WORK/"
compile_log=$(cd "$WORK" && emacs --batch -L . --eval '(setq byte-compile-error-on-warn t)' -f batch-byte-compile nixty.el 2>&1) || {
  echo "$compile_log"
  echo "FAIL: nixty.el does not byte-compile cleanly"
  exit 1
}
if grep -q "Warning" <<<"$compile_log"; then
  echo "$compile_log"
  echo "FAIL: byte-compilation warnings"
  exit 1
fi

# Isolated trust store and caches; the Nix settings of environments.md (tests only).
export XDG_DATA_HOME=$WORK/xdg/data XDG_CACHE_HOME=$WORK/xdg/cache XDG_CONFIG_HOME=$WORK/xdg/config XDG_STATE_HOME=$WORK/xdg/state
mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"
export HOME=$WORK/home
mkdir -p "$HOME"
export NIX_CONFIG=$'substituters =\nsandbox = false\nbuild-users-group =\nexperimental-features = nix-command'
export NIX_BUILD_SHELL=/bin/bash

export NIXTY_TEST_WORK=$WORK/projects
cp -r editors/emacs/test/fixtures "$NIXTY_TEST_WORK"
"$NIXTY_BIN" env allow "$NIXTY_TEST_WORK/shell-project"

has_lsp_mode() { emacs --batch --eval '(kill-emacs (if (require (quote lsp-mode) nil t) 0 1))' >/dev/null 2>&1; }
if ! has_lsp_mode && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "-- installing elpa-lsp-mode (optional lsp-mode support is tested with it)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq elpa-lsp-mode >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq elpa-lsp-mode >/dev/null 2>&1; } || true
fi
if has_lsp_mode; then
  echo "-- lsp-mode is installed: its registration is tested too"
else
  echo "-- lsp-mode is not installed (apt-get install elpa-lsp-mode): its test is skipped"
  if [ "${CI:-}" = true ]; then
    echo "FAIL: CI=true needs lsp-mode; run: sudo apt-get install elpa-lsp-mode"
    exit 1
  fi
fi

echo "-- ERT"
timeout 170 emacs --batch -L "$WORK" -l "$ROOT/editors/emacs/test/nixty-test.el" \
  -f ert-run-tests-batch-and-exit </dev/null
