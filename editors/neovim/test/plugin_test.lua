-- Tests of the nixty Neovim plugin against the real binary, run by tests/suites/62-neovim-plugin.sh:
--   NIXTY_BIN=… NIXTY_TEST_WORK=… (a copy of test/fixtures; shell-project allowed)
--   nvim --headless -u NONE -i NONE --cmd 'set rtp^=editors/neovim' -c 'luafile …/plugin_test.lua'
-- Each test prints "ok NAME" or "FAIL NAME: why"; the exit status is the number of failures.

local work = assert(os.getenv("NIXTY_TEST_WORK"), "set NIXTY_TEST_WORK")
local bin = assert(os.getenv("NIXTY_BIN"), "set NIXTY_BIN")
local WAIT_MS = 30000

local failures = 0
local function test(name, body)
  local ok, err = pcall(body)
  if ok then
    io.stdout:write("ok " .. name .. "\n")
  else
    failures = failures + 1
    io.stdout:write("FAIL " .. name .. ": " .. tostring(err) .. "\n")
  end
end

local function wait(what, predicate)
  local value
  local done = vim.wait(WAIT_MS, function()
    value = predicate()
    return value
  end, 20)
  if not done then
    error("timed out waiting for " .. what, 2)
  end
  return value
end

local function expect(condition, message)
  if not condition then
    error(message, 2)
  end
end

local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, WAIT_MS)
  expect(responses, method .. " failed: " .. tostring(err))
  for _, response in pairs(responses) do
    expect(not response.err, method .. ": " .. vim.inspect(response.err))
    return response.result
  end
  error("no response to " .. method)
end

local function process_environment(pid)
  local file = assert(io.open("/proc/" .. pid .. "/environ", "rb"))
  local data = file:read("*a")
  file:close()
  local env = {}
  for entry in data:gmatch("([^%z]+)") do
    local name, value = entry:match("^([^=]+)=(.*)$")
    if name then
      env[name] = value
    end
  end
  return env
end

local nixty = require("nixty")
nixty.setup({
  cmd = { bin, "lsp" },
  settings = { inlayHints = { enable = true } },
  env = { prompt = false },
})

test("apply and undo: set, unset, PATH in front of Neovim's own", function()
  vim.fn.setenv("NIXTY_T_OLD", "old")
  vim.fn.setenv("NIXTY_T_KEPT", "kept")
  local path = vim.env.PATH
  nixty.apply({
    root = "/p", status = "ready", set = { NIXTY_T_NEW = "new", NIXTY_T_KEPT = "changed", PATH = "/ignored" },
    unset = { "NIXTY_T_OLD" }, path_prepend = { "/nix/store/a/bin", "/nix/store/b/bin" },
  })
  expect(vim.env.NIXTY_T_NEW == "new" and vim.env.NIXTY_T_KEPT == "changed", "set")
  expect(vim.env.NIXTY_T_OLD == nil, "unset")
  expect(vim.env.PATH == "/nix/store/a/bin:/nix/store/b/bin:" .. path, "PATH " .. vim.env.PATH)
  -- An untrusted project has nothing to apply: Neovim's own values come back.
  nixty.apply({ root = "/q", status = "untrusted", set = vim.empty_dict(), unset = {}, path_prepend = {} })
  expect(vim.env.NIXTY_T_NEW == nil, "NIXTY_T_NEW left behind")
  expect(vim.env.NIXTY_T_KEPT == "kept" and vim.env.NIXTY_T_OLD == "old", "old values not restored")
  expect(vim.env.PATH == path, "PATH not restored")
end)

test("filetype detection without `filetype on`", function()
  vim.cmd("edit " .. work .. "/plain/test.nix")
  expect(vim.bo.filetype == "nix", "filetype is '" .. vim.bo.filetype .. "'")
end)

test("diagnostics from nixty", function()
  local buf = vim.api.nvim_get_current_buf()
  wait("the nixty client", function() return nixty.client(buf) end)
  local diagnostics = wait("diagnostics", function()
    local d = vim.diagnostic.get(buf)
    return #d > 0 and d
  end)
  expect(#diagnostics == 1, "expected one diagnostic: " .. vim.inspect(diagnostics))
  expect(diagnostics[1].lnum == 2 and diagnostics[1].col == 2, "at " .. diagnostics[1].lnum .. ":" .. diagnostics[1].col)
  expect(diagnostics[1].message:find("unused", 1, true), diagnostics[1].message)
end)

test("workspace root and settings", function()
  local client = nixty.client(0)
  expect(client.config.root_dir == work .. "/plain", "root_dir " .. tostring(client.config.root_dir))
  expect(client.config.settings.nixty.inlayHints.enable == true, vim.inspect(client.config.settings))
end)

test("hover shows the type", function()
  local buf = vim.api.nvim_get_current_buf()
  local result = request(buf, "textDocument/hover", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 3, character = 5 },
  })
  local text = type(result.contents) == "table" and result.contents.value or tostring(result.contents)
  expect(text:find("greeting: String", 1, true), "hover: " .. text)
end)

test("completion offers the binding", function()
  local buf = vim.api.nvim_get_current_buf()
  local result = request(buf, "textDocument/completion", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 3, character = 4 },
  })
  local items = result.items or result
  local labels = {}
  for _, item in ipairs(items) do
    labels[item.label] = true
  end
  expect(labels.greeting, "labels: " .. vim.inspect(vim.tbl_keys(labels)))
end)

test("the queries installed by :NixtyInstallQueries are on the runtimepath and compile", function()
  vim.cmd("NixtyInstallQueries")
  local site = vim.fn.stdpath("data") .. "/site/queries/nix/"
  for _, name in ipairs({ "highlights", "injections", "locals", "folds", "indents" }) do
    local files = vim.api.nvim_get_runtime_file("queries/nix/" .. name .. ".scm", true)
    expect(vim.tbl_contains(files, site .. name .. ".scm"), name .. ".scm not found on the runtimepath: " .. vim.inspect(files))
  end
  -- The suite builds tree-sitter-nix's parser into site/parser/nix.so: compile every query
  -- and highlight the buffer with it.
  local ok, err = pcall(vim.treesitter.require_language, "nix")
  expect(ok, "no nix parser: " .. tostring(err))
  for _, name in ipairs({ "highlights", "injections", "locals", "folds", "indents" }) do
    local parsed, problem = pcall(vim.treesitter.get_query, "nix", name)
    expect(parsed and problem, name .. " does not compile: " .. tostring(problem))
  end
  local buf = vim.api.nvim_get_current_buf()
  local parser = vim.treesitter.get_parser(buf, "nix")
  local tree = parser:parse()[1]
  local query = vim.treesitter.get_query("nix", "highlights")
  local captures = {}
  for id, node in query:iter_captures(tree:root(), buf, 0, -1) do
    local row, col = node:range()
    captures[row .. ":" .. col] = query.captures[id]
  end
  expect(captures["0:0"] == "keyword", "`let` is " .. tostring(captures["0:0"]))
  expect(captures["1:13"] == "string", "the string is " .. tostring(captures["1:13"]))
  vim.treesitter.highlighter.new(parser)
end)

test("the environment of an allowed project is applied to vim.env and inherited", function()
  expect(vim.env.NIXTY_GREETING == nil, "NIXTY_GREETING is set before")
  -- Another language client of the project, started before the environment is known.
  vim.cmd("edit " .. work .. "/shell-project/main.nix")
  local buf = vim.api.nvim_get_current_buf()
  local other = vim.lsp.start_client({ name = "other", cmd = { bin, "lsp" }, root_dir = work .. "/shell-project" })
  vim.lsp.buf_attach_client(buf, other)
  local other_pid = vim.lsp.get_client_by_id(other).rpc.pid
  wait("the environment", function() return vim.env.NIXTY_GREETING == "hello from shell.nix" end)
  expect(nixty.current().source == "shell.nix", vim.inspect(nixty.current()))
  local echoed = vim.fn.system({ "sh", "-c", "echo $NIXTY_GREETING" })
  expect(echoed == "hello from shell.nix\n", "a child process sees " .. echoed)
  -- The other client was restarted in the environment.
  local restarted = wait("the other client to restart", function()
    for _, client in pairs(vim.lsp.buf_get_clients(buf)) do
      if client.name == "other" and client.id ~= other then
        return client
      end
    end
  end)
  expect(restarted.rpc.pid ~= other_pid, "same process")
  local environ = process_environment(restarted.rpc.pid)
  expect(environ.NIXTY_GREETING == "hello from shell.nix", "the restarted client's environment lacks NIXTY_GREETING")
end)

test("the environment follows the current buffer", function()
  vim.cmd("edit " .. work .. "/plain/test.nix")
  expect(vim.env.NIXTY_GREETING == nil, "still set in a buffer of another project: " .. tostring(vim.env.NIXTY_GREETING))
  vim.cmd("edit " .. work .. "/shell-project/main.nix")
  expect(vim.env.NIXTY_GREETING == "hello from shell.nix", "not applied again")
end)

test("an untrusted project is applied after :NixtyEnvAllow", function()
  vim.cmd("edit " .. work .. "/untrusted-project/lib.nix")
  local buf = vim.api.nvim_get_current_buf()
  wait("the nixty client", function() return nixty.client(buf) end)
  wait("the untrusted status", function()
    local client = nixty.client(buf)
    local result = client and client.request_sync("nixty/environment", { uri = vim.uri_from_bufnr(buf) }, WAIT_MS, buf)
    return result and result.result and result.result.status == "untrusted"
  end)
  expect(vim.env.NIXTY_FROM_DIR_LOCALS == nil, "applied before it was allowed")
  vim.cmd("NixtyEnvAllow")
  wait("the environment after allowing", function() return vim.env.NIXTY_FROM_DIR_LOCALS == "yes" end)
  vim.cmd("NixtyEnvDeny")
  wait("the environment to go after denying", function() return vim.env.NIXTY_FROM_DIR_LOCALS == nil end)
end)

for _, client in pairs(vim.lsp.get_active_clients()) do
  client.stop()
end
vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
io.stdout:write(failures == 0 and "all passed\n" or (failures .. " failed\n"))
os.exit(failures)
