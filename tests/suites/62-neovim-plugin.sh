#!/usr/bin/env bash
# The Neovim plugin (editors/neovim): Debian's nvim 0.7.2 headless with only the plugin on the
# runtimepath (no `filetype on`), against the real binary and real Nix: filetype detection,
# diagnostics, hover with a type, completion, the tree-sitter queries installed by
# :NixtyInstallQueries (compiled against tree-sitter-nix's parser built here), the project
# environment in vim.env, inherited by children and restarted clients, :NixtyEnvAllow/Deny.
# Also checks the Helix and Kakoune snippets against the server.
# Fails (never skips) when nvim, nix or a C compiler is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

for tool in nvim:neovim nix-instantiate:nix-bin cc:gcc; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
    echo "${tool%%:*} is not installed; run: sudo apt-get install ${tool##*:}"
    exit 1
  fi
done

cargo build --quiet -p nixty 2>/dev/null || cargo build -p nixty
export NIXTY_BIN=$ROOT/target/debug/nixty

# tree-sitter-nix's C sources, from the crate the workspace depends on.
grammar=$(cargo metadata --format-version 1 --quiet 2>/dev/null | python3 -c '
import json, sys, os
for p in json.load(sys.stdin)["packages"]:
    if p["name"] == "tree-sitter-nix":
        print(os.path.dirname(p["manifest_path"]))
        break
')
if [ -z "$grammar" ] || [ ! -f "$grammar/src/parser.c" ]; then
  echo "tree-sitter-nix sources not found (cargo fetch first)"
  exit 1
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_DATA_HOME=$WORK/xdg/data XDG_CACHE_HOME=$WORK/xdg/cache XDG_CONFIG_HOME=$WORK/xdg/config XDG_STATE_HOME=$WORK/xdg/state
mkdir -p "$XDG_DATA_HOME/nvim/site/parser" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"
export NIX_CONFIG=$'substituters =\nsandbox = false\nbuild-users-group =\nexperimental-features = nix-command'
export NIX_BUILD_SHELL=/bin/bash

echo "-- building the nix parser for Neovim from $grammar"
cc -shared -fPIC -O1 -I "$grammar/src" "$grammar/src/parser.c" "$grammar/src/scanner.c" \
  -o "$XDG_DATA_HOME/nvim/site/parser/nix.so"

export NIXTY_TEST_WORK=$WORK/projects
cp -r editors/neovim/test/fixtures "$NIXTY_TEST_WORK"
"$NIXTY_BIN" env allow "$NIXTY_TEST_WORK/shell-project" >/dev/null

echo "-- Helix and Kakoune snippets: valid TOML, settings accepted by the server"
python3 editors/test/check_snippets.py "$NIXTY_BIN"

echo "-- nvim $(nvim --version | head -1)"
timeout 170 nvim --headless -u NONE -i NONE --cmd "set rtp^=$ROOT/editors/neovim" \
  -c "luafile $ROOT/editors/neovim/test/plugin_test.lua" </dev/null
