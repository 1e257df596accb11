#!/usr/bin/env bash
# The VS Code extension (editors/vscode), without a VS Code binary (none can be downloaded
# here): npm ci; tsc --strict; unit tests with a fake `vscode` module; a wire-level test of the
# real `nixty lsp` with VS Code's client capabilities through vscode-jsonrpc; `vsce package`
# (offline) and the file list of the .vsix. Fails (never skips) when node/npm are missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

for tool in node npm unzip; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is not installed; run: sudo apt-get install nodejs npm unzip"
    exit 1
  fi
done

cargo build --quiet -p nixty 2>/dev/null || cargo build -p nixty
export NIXTY_BIN=$ROOT/target/debug/nixty

cd editors/vscode
echo "-- npm ci"
npm ci --no-audit --no-fund --loglevel=error
echo "-- tsc --strict --noEmit"
npx --no-install tsc --strict --noEmit -p .
echo "-- unit and wire tests"
npm test --silent
echo "-- vsce package"
rm -f nixty.vsix
npx --no-install vsce package --no-dependencies --skip-license -o nixty.vsix >/dev/null
listing=$(unzip -Z1 nixty.vsix)
echo "$listing"
for expected in extension/package.json extension/dist/extension.js extension/syntaxes/nix.tmLanguage.json \
  extension/language-configuration.json extension/README.md; do
  grep -qx "$expected" <<<"$listing" || { echo "FAIL: $expected is missing from nixty.vsix"; exit 1; }
done
if grep -E '^extension/(node_modules|src|test|out)/' <<<"$listing"; then
  echo "FAIL: sources, tests or node_modules were packaged"
  exit 1
fi
# The packaged grammar is the repository's, and the bundle does not need node_modules.
unzip -p nixty.vsix extension/syntaxes/nix.tmLanguage.json | node -e '
  const packaged = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const source = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  if (JSON.stringify(packaged) !== JSON.stringify(source)) { console.error("FAIL: packaged grammar differs from syntax/textmate"); process.exit(1); }
' "$ROOT/syntax/textmate/nix.tmLanguage.json"
bundle=$(unzip -p nixty.vsix extension/dist/extension.js)
grep -q 'var BaseLanguageClient = class' <<<"$bundle" || { echo "FAIL: the language client is not bundled into dist/extension.js"; exit 1; }
if grep -E 'require\("vscode-(languageclient|jsonrpc)' <<<"$bundle"; then
  echo "FAIL: dist/extension.js requires a package that is not packaged"
  exit 1
fi
rm -f nixty.vsix
echo ok
