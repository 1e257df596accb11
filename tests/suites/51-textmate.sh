#!/usr/bin/env bash
# The TextMate grammar (syntax/textmate/nix.tmLanguage.json) under vscode-tmgrammar-test:
# scope assertions in test/unit/*.nix and snapshots in test/snap/*.nix.snap
# (update them with `npm run update-snapshots` in syntax/textmate after an intended change).
set -euo pipefail
cd "$(dirname "$0")/../../syntax/textmate"

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "51-textmate: node and npm are missing; run: sudo apt-get install nodejs npm"
  [ "${CI:-}" = true ] && exit 1
  echo "51-textmate: SKIPPED (not in CI)"
  exit 0
fi

npm ci --no-audit --no-fund --loglevel=error
npm test --silent
echo "51-textmate: ok"
