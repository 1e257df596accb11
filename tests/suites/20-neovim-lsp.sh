#!/usr/bin/env bash
# A real LSP client: Neovim (Debian's 0.7.2, headless) starts `nixty lsp` with
# vim.lsp.start_client, attaches it to a Nix buffer, waits for the diagnostics nixty pushes and
# asks for a hover, asserting both. Fails (never skips) when nvim is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

if ! command -v nvim >/dev/null 2>&1; then
  echo "nvim is not installed; run: sudo apt-get install neovim"
  exit 1
fi

cargo build --quiet -p nixty 2>/dev/null || cargo build -p nixty
NIXTY=$ROOT/target/debug/nixty
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Line 3 binds a name that is never used (a warning); `greeting` on line 4 is hovered.
cat >"$WORK/test.nix" <<'NIX'
let
  greeting = "hello";
  unused = 1;
in greeting
NIX

cat >"$WORK/test.lua" <<'LUA'
local work, bin = os.getenv("WORK"), os.getenv("NIXTY")
local function fail(message)
  io.stdout:write("FAIL: " .. message .. "\n")
  os.exit(1)
end

vim.cmd("edit " .. work .. "/test.nix")
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "nixty",
  cmd = { bin, "lsp" },
  root_dir = work,
  on_exit = function(code) if code ~= 0 then io.stdout:write("nixty exited with " .. code .. "\n") end end,
})
if not client_id then fail("vim.lsp.start_client could not start nixty") end
if not vim.lsp.buf_attach_client(buf, client_id) then fail("could not attach nixty to the buffer") end

-- Diagnostics are pushed by the server after didOpen.
local got = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
if not got then fail("no diagnostics from nixty within 20 s") end
local diagnostics = vim.diagnostic.get(buf)
if #diagnostics ~= 1 then fail("expected one diagnostic, got " .. vim.inspect(diagnostics)) end
local d = diagnostics[1]
if d.lnum ~= 2 or d.col ~= 2 then fail("the diagnostic is at " .. d.lnum .. ":" .. d.col .. ", expected 2:2 (0-based)") end
if not d.message:find("unused", 1, true) then fail("unexpected message: " .. d.message) end
io.stdout:write("diagnostic: " .. d.lnum .. ":" .. d.col .. " [" .. tostring(d.code) .. "] " .. d.message .. "\n")

-- Hover on `greeting` in `in greeting` (line 3, column 5, 0-based).
local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 3, character = 5 } }
local responses, err = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 20000)
if not responses then fail("hover request failed: " .. tostring(err)) end
local response = responses[client_id]
if not response then fail("no hover response from nixty") end
if response.err then fail("hover error: " .. vim.inspect(response.err)) end
local result = response.result
if not result or not result.contents then fail("hover answered null") end
local text = type(result.contents) == "table" and (result.contents.value or vim.inspect(result.contents)) or tostring(result.contents)
if not text:find("greeting", 1, true) then fail("the hover does not name `greeting`: " .. text) end
io.stdout:write("hover: " .. text:gsub("\n", " | ") .. "\n")

vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
io.stdout:write("ok\n")
os.exit(0)
LUA

export WORK NIXTY
timeout 120 nvim --headless --clean -c "luafile $WORK/test.lua" </dev/null
