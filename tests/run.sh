#!/usr/bin/env bash
# The test command: installs what the suites need (when it can), then runs every suite.
# Rust unit and end-to-end tests (cargo test), lints, and the suites in tests/suites/*.sh
# (real editors, real Nix, npm tooling). Prints "N passed, N failed" at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export NIXTY_ROOT="$ROOT"
export CARGO_TERM_COLOR=never

# Settings for the Nix the tests run (see ../shared/design/environments.md); the product
# itself never forces them on users.
export NIX_CONFIG=$'substituters =\nsandbox = false\nbuild-users-group =\nexperimental-features = nix-command'
export NIX_BUILD_SHELL=/bin/bash

APT_PACKAGES=(nix-bin neovim emacs-nox elpa-eglot elpa-lsp-mode mc tmux)
need_install=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_install+=("$pkg")
done
if [ ${#need_install[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing ${need_install[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${APT_PACKAGES[@]}") >/tmp/nixty-apt.log 2>&1 \
      || { echo "apt-get install failed; see /tmp/nixty-apt.log"; exit 1; }
  else
    echo "missing tools: ${need_install[*]}; run: sudo apt-get install ${APT_PACKAGES[*]}"
    [ "${CI:-}" = true ] && exit 1
  fi
fi

passed=0
failed=0
failed_names=()
run_step() {
  local name=$1
  shift
  echo
  echo "== $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "-- $name: ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    failed_names+=("$name")
    echo "-- $name: FAILED ($((SECONDS - start)) s)"
  fi
}

run_step "cargo fmt" cargo fmt --all -- --check
run_step "cargo clippy" cargo clippy --workspace --all-targets --quiet -- -D warnings
run_step "cargo build (debug and release)" bash -c 'cargo build --workspace --quiet && cargo build --release --quiet'
run_step "cargo test" cargo test --workspace --no-fail-fast --quiet
for suite in tests/suites/*.sh; do
  [ -e "$suite" ] || continue
  run_step "suite $(basename "$suite" .sh)" bash "$suite"
done

echo
if [ $failed -gt 0 ]; then
  echo "failed: ${failed_names[*]}"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
