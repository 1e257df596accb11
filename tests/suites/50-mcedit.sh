#!/usr/bin/env bash
# mcedit for real: Debian's mc under a private tmux server, with an isolated HOME/XDG.
#  1. `nixty install mcedit` on a fresh HOME: --dry-run writes nothing; the real run writes
#     nix.syntax and a Syntax index with one `*.nix` entry before the catch-all; a second run
#     changes nothing.
#  2. Without the install, mcedit shows a .nix file uncoloured (the control); with it, every
#     `# ^^ colour` assertion of syntax/mcedit/test/*.nix holds on the screen that
#     `tmux capture-pane -p -e` returns (colour escapes parsed below), and no "Error in file"
#     dialog appears.
#  3. A deliberately broken syntax file does show mc's error dialog (so the check for it works).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

missing=()
for tool in mcedit tmux python3; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "50-mcedit: missing ${missing[*]}; run: sudo apt-get install mc tmux python3"
  [ "${CI:-}" = true ] && exit 1
  echo "50-mcedit: SKIPPED (not in CI)"
  exit 0
fi

if [ -z "${NIXTY_BIN:-}" ]; then
  cargo build -q -p nixty
  NIXTY_BIN=$ROOT/target/debug/nixty
fi

WORK=$(mktemp -d)
SOCKET=nixty-test-$$
cleanup() {
  tmux -L "$SOCKET" kill-server >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# An isolated environment: fresh HOME and XDG directories, nothing of the caller's.
isolated_env() {
  local home=$1
  # Non-default XDG directories, so that both nixty and mc are seen to follow them.
  echo env -i HOME="$home" XDG_DATA_HOME="$home/xdg-data" XDG_CONFIG_HOME="$home/xdg-config" \
    XDG_CACHE_HOME="$home/xdg-cache" TERM=xterm-256color LANG=C.UTF-8 PATH=/usr/bin:/bin
}

# Opens FILE in mcedit inside tmux and writes the screen (with colour escapes) to OUT.
capture_mcedit() {
  local home=$1 file=$2 out=$3
  tmux -L "$SOCKET" -f /dev/null new-session -d -x 200 -y 70 \
    "$(isolated_env "$home") mcedit --skin=default '$file'"
  # Wait for the editor's title line (which shows the file name), then for it to settle.
  local name i
  name=$(basename "$file")
  for i in $(seq 1 100); do
    if tmux -L "$SOCKET" capture-pane -p 2>/dev/null | head -n 1 | grep -q "$name"; then
      break
    fi
    sleep 0.1
  done
  sleep 0.5
  tmux -L "$SOCKET" capture-pane -p -e >"$out"
  tmux -L "$SOCKET" kill-server >/dev/null 2>&1 || true
}

CHECK=$WORK/check_colours.py
cat >"$CHECK" <<'PYEOF'
"""Checks `# ^^ colour` assertions of a Nix file against an mcedit screen capture.

Usage: check_colours.py FILE CAPTURE            -> assertions
       check_colours.py --uncoloured FILE CAPTURE -> every file character in the default colour
Row 0 of the screen is mcedit's title line; file line N (0-based) is screen row N + 1.
"""
import re
import sys

NAMES = ["black", "red", "green", "brown", "blue", "magenta", "cyan", "lightgray", "gray",
         "brightred", "brightgreen", "yellow", "brightblue", "brightmagenta", "brightcyan",
         "white"]
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def parse_screen(text):
    """Rows of (character, foreground name) from tmux's `capture-pane -e` output."""
    rows = []
    fg = "default"
    for line in text.split("\n"):
        row = []
        pos = 0
        for m in SGR.finditer(line):
            row.extend((c, fg) for c in line[pos:m.start()])
            pos = m.end()
            params = [int(p) if p else 0 for p in m.group(1).split(";")] if m.group(1) else [0]
            i = 0
            while i < len(params):
                p = params[i]
                if p == 0 or p == 39:
                    fg = "default"
                elif 30 <= p <= 37:
                    fg = NAMES[p - 30]
                elif 90 <= p <= 97:
                    fg = NAMES[p - 90 + 8]
                elif p in (38, 48) and i + 1 < len(params):
                    if params[i + 1] == 5 and i + 2 < len(params):
                        if p == 38:
                            n = params[i + 2]
                            fg = NAMES[n] if n < 16 else "color%d" % n
                        i += 2
                    elif params[i + 1] == 2:
                        if p == 38:
                            fg = "rgb"
                        i += 4
                i += 1
        row.extend((c, fg) for c in line[pos:])
        rows.append(row)
    return rows


ASSERTION = re.compile(r"^(\s*)#( *)(\^+|<-) ([a-z]+)\s*$")


def assertions(lines):
    target = None
    for number, line in enumerate(lines):
        m = ASSERTION.match(line)
        if not m:
            target = number
            continue
        if target is None:
            continue
        hash_col = len(m.group(1))
        if m.group(3) == "<-":
            cols = range(hash_col, hash_col + 1)
        else:
            start = hash_col + 1 + len(m.group(2))
            cols = range(start, start + len(m.group(3)))
        yield number, target, cols, m.group(4)


def main():
    uncoloured = sys.argv[1] == "--uncoloured"
    args = sys.argv[2:] if uncoloured else sys.argv[1:]
    lines = open(args[0], encoding="utf-8").read().split("\n")
    screen = parse_screen(open(args[1], encoding="utf-8", errors="replace").read())
    failures = []
    if uncoloured:
        colours = {fg for row in screen[1:len(lines)] for c, fg in row if not c.isspace()}
        if colours != {"lightgray"}:
            failures.append("expected only lightgray text, saw %s" % sorted(colours))
        count = 1
    else:
        count = 0
        for number, target, cols, expected in assertions(lines):
            count += 1
            row = screen[target + 1] if target + 1 < len(screen) else []
            text = lines[target]
            for col in cols:
                if col >= len(row) or col >= len(text):
                    failures.append("line %d: column %d is off the line" % (number + 1, col + 1))
                    break
                char, actual = row[col]
                if char != text[col]:
                    failures.append("line %d: the screen shows %r where the file has %r; is the "
                                    "window too small?" % (target + 1, char, text[col]))
                    break
                if actual != expected:
                    failures.append("line %d column %d (%r in %r): expected %s, got %s" % (
                        target + 1, col + 1, char, text.strip()[:40], expected, actual))
                    break
        if count == 0:
            failures.append("no assertions in %s" % args[0])
    for f in failures:
        print("  " + args[0] + ": " + f)
    print("  %s: %d assertions, %d failed" % (args[0], count, len(failures)))
    sys.exit(1 if failures else 0)


main()
PYEOF

# 1. Install on a fresh HOME.
HOME1=$WORK/home1
mkdir -p "$HOME1"
SYNTAX_DIR=$HOME1/xdg-data/mc/syntax
run_nixty() { $(isolated_env "$HOME1") "$NIXTY_BIN" "$@"; }

out=$(run_nixty install mcedit --dry-run)
echo "$out"
echo "$out" | grep -q "would create $SYNTAX_DIR/nix.syntax" || fail "--dry-run does not announce nix.syntax"
echo "$out" | grep -q "would create $SYNTAX_DIR/Syntax" || fail "--dry-run does not announce Syntax"
[ ! -e "$SYNTAX_DIR" ] || fail "--dry-run wrote $SYNTAX_DIR"
[ ! -e "$HOME1/.local" ] || fail "nixty wrote under ~/.local although XDG_DATA_HOME is set"

run_nixty install mcedit
[ -f "$SYNTAX_DIR/nix.syntax" ] || fail "no nix.syntax after install"
cmp -s "$SYNTAX_DIR/nix.syntax" syntax/mcedit/nix.syntax || fail "installed nix.syntax differs from syntax/mcedit/nix.syntax"
[ "$(grep -c '^include nix.syntax$' "$SYNTAX_DIR/Syntax")" = 1 ] || fail "Syntax does not include nix.syntax exactly once"
nix_line=$(grep -n '^include nix.syntax$' "$SYNTAX_DIR/Syntax" | cut -d: -f1)
catch_all=$(grep -n '^file \.\\\* ' "$SYNTAX_DIR/Syntax" | tail -n 1 | cut -d: -f1)
[ -n "$catch_all" ] && [ "$nix_line" -lt "$catch_all" ] || fail "the nix entry is not before the catch-all entry"
grep -q '^file \.\.\\\*\\\\\.nix\$ Nix\\sExpression$' "$SYNTAX_DIR/Syntax" || fail "the file line of the nix entry is missing"
# Every entry of mc's own index is kept.
if [ -f /usr/share/mc/syntax/Syntax ]; then
  diff <(grep -v -e 'nix' -e '^$' /usr/share/mc/syntax/Syntax) <(grep -v -e 'nix' -e '^$' "$SYNTAX_DIR/Syntax") >/dev/null \
    || fail "the user Syntax lost entries of /usr/share/mc/syntax/Syntax"
fi
before=$(cat "$SYNTAX_DIR/Syntax" "$SYNTAX_DIR/nix.syntax" | sha256sum)
out=$(run_nixty install mcedit)
[ "$(echo "$out" | grep -c '^unchanged ')" = 2 ] || fail "a second install changed something: $out"
[ "$before" = "$(cat "$SYNTAX_DIR/Syntax" "$SYNTAX_DIR/nix.syntax" | sha256sum)" ] || fail "a second install modified the files"

# 2. The control: a fresh HOME without the install shows a .nix file uncoloured.
HOME0=$WORK/home0
mkdir -p "$HOME0"
cp syntax/mcedit/test/strings.nix "$WORK/control.nix"
capture_mcedit "$HOME0" "$WORK/control.nix" "$WORK/control.screen"
python3 "$CHECK" --uncoloured "$WORK/control.nix" "$WORK/control.screen" || fail "mcedit colours .nix files without nixty's syntax (the control is broken)"

# With the install: the assertions of every sample.
for sample in syntax/mcedit/test/*.nix; do
  copy=$WORK/$(basename "$sample")
  cp "$sample" "$copy"
  capture_mcedit "$HOME1" "$copy" "$copy.screen"
  if grep -q "Error in file" "$copy.screen"; then
    fail "mcedit shows an error dialog for $sample:"
    sed 's/\x1b\[[0-9;]*m//g' "$copy.screen" | grep -A3 "Error" || true
  fi
  python3 "$CHECK" "$copy" "$copy.screen" || fail "colours of $sample"
done

# 3. The error dialog is detected: a broken rule makes mc complain.
HOME2=$WORK/home2
mkdir -p "$HOME2/xdg-data/mc/syntax"
cp "$SYNTAX_DIR/Syntax" "$HOME2/xdg-data/mc/syntax/Syntax"
printf 'context default\n    keyword\n' >"$HOME2/xdg-data/mc/syntax/nix.syntax"
cp syntax/mcedit/test/strings.nix "$WORK/broken.nix"
capture_mcedit "$HOME2" "$WORK/broken.nix" "$WORK/broken.screen"
grep -q "Error in file" "$WORK/broken.screen" || fail "a broken syntax file shows no 'Error in file' dialog; the dialog check cannot work"

if [ "$failures" -gt 0 ]; then
  echo "50-mcedit: $failures failure(s)"
  exit 1
fi
echo "50-mcedit: ok"
