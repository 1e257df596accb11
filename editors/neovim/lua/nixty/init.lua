-- nixty for Neovim (0.7 and later): starts `nixty lsp` for Nix buffers, installs nixty's
-- tree-sitter queries, and applies the project's Nix environment to `vim.env`.
--
--   require("nixty").setup({
--     cmd = { "nixty", "lsp" },
--     settings = { inlayHints = { enable = true } },   -- the server's `nixty` section
--     env = { enable = true, restart_clients = true, prompt = true },
--     install_queries = false,
--   })
--
-- Commands: :NixtyEnvAllow :NixtyEnvDeny :NixtyEnvReload :NixtyEnvShow :NixtyRestart
-- :NixtyInstallQueries.

local M = {}

local defaults = {
  -- The server's argv.
  cmd = { "nixty", "lsp" },
  -- The `nixty` section of `workspace/configuration` (also sent as initializationOptions).
  settings = {},
  -- Files whose directory is the workspace root of a Nix file (nearest first).
  root_markers = { "flake.nix", "shell.nix", "default.nix", "dir-locals.nix", ".git" },
  filetypes = { "nix" },
  env = {
    -- Apply the environment of the current buffer's project to `vim.env`.
    enable = true,
    -- Restart the other language clients of a project when its environment changes (they
    -- are started again with it).
    restart_clients = true,
    -- Let the server ask (window/showMessageRequest) before loading an untrusted project;
    -- false: only a message pointing at :NixtyEnvAllow.
    prompt = true,
  },
  -- Run `nixty install neovim --site` at setup when nixty's queries are not installed.
  install_queries = false,
  on_attach = nil,
  capabilities = nil,
}

M.config = vim.deepcopy(defaults)

local state = {
  -- root → client id (Neovim 0.7, where vim.lsp.start is missing).
  clients = {},
  -- root → last environment answered by the server.
  envs = {},
  -- bufnr → project root of its environment.
  buffer_root = {},
  -- What is applied to vim.env: { root, signature, saved = { NAME = old value or false } }.
  applied = nil,
  -- root → signature the project's clients were last (re)started with.
  started_with = {},
  -- roots already reported as untrusted.
  reported = {},
  setup_done = false,
}

local uv = vim.loop

local function notify(message, level)
  vim.notify("nixty: " .. message, level or vim.log.levels.INFO)
end

local function is_file(path)
  local stat = uv.fs_stat(path)
  return stat ~= nil
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ":h")
end

--- The workspace root of a file: the nearest directory above it with a root marker, else its
--- own directory.
function M.find_root(fname)
  local dir = dirname(vim.fn.fnamemodify(fname, ":p"))
  local current = dir
  while true do
    for _, marker in ipairs(M.config.root_markers) do
      if is_file(current .. "/" .. marker) then
        return current
      end
    end
    local parent = dirname(current)
    if parent == current then
      return dir
    end
    current = parent
  end
end

-- Lua's empty table encodes as a JSON array; the server wants objects.
local function as_object(t)
  if type(t) ~= "table" or next(t) == nil then
    return vim.empty_dict()
  end
  return t
end

--- The nixty LSP client attached to `bufnr` (0: the current buffer), or nil.
function M.client(bufnr)
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if client.name == "nixty" then
      return client
    end
  end
  return nil
end

---------------------------------------------------------------------------------------------
-- Environment
---------------------------------------------------------------------------------------------

local function has_variables(env)
  if type(env) ~= "table" then
    return false
  end
  if env.status ~= "ready" and env.status ~= "failed" and env.status ~= "evaluating" then
    return false
  end
  return next(env.set or {}) ~= nil or #(env.path_prepend or {}) > 0 or #(env.unset or {}) > 0
end

--- What of an environment matters to processes (nil when there is nothing to apply).
local function signature(env)
  if not has_variables(env) then
    return nil
  end
  return vim.inspect({ env.set or {}, env.unset or {}, env.path_prepend or {} })
end

-- `vim.env.NAME = nil` does not unset on Neovim 0.7; setenv(NAME, v:null) does.
local function set_env(name, value)
  if value == nil then
    vim.fn.setenv(name, vim.NIL)
  else
    vim.fn.setenv(name, value)
  end
end

local function restore()
  local applied = state.applied
  if not applied then
    return
  end
  for name, old in pairs(applied.saved) do
    if old == false then
      set_env(name, nil)
    else
      set_env(name, old)
    end
  end
  state.applied = nil
end

--- Puts `env` into vim.env (after undoing what was applied before). `set.PATH` is ignored in
--- favour of `path_prepend` in front of Neovim's own PATH.
function M.apply(env)
  local sig = signature(env)
  if state.applied and state.applied.root == (env and env.root) and state.applied.signature == sig then
    return false
  end
  restore()
  if sig == nil then
    return true
  end
  local saved = {}
  local function save(name)
    if saved[name] == nil then
      local old = vim.env[name]
      if old == nil then
        saved[name] = false -- (`old == nil and false or old` would give nil)
      else
        saved[name] = old
      end
    end
  end
  for _, name in ipairs(env.unset or {}) do
    save(name)
    set_env(name, nil)
  end
  local prepend = env.path_prepend or {}
  for name, value in pairs(env.set or {}) do
    if not (name == "PATH" and #prepend > 0) then
      save(name)
      set_env(name, value)
    end
  end
  if #prepend > 0 then
    save("PATH")
    local outer = saved.PATH ~= false and saved.PATH or nil
    set_env("PATH", table.concat(prepend, ":") .. (outer and (":" .. outer) or ""))
  end
  state.applied = { root = env.root, signature = sig, saved = saved }
  return true
end

--- The environment applied to vim.env now (nil when none).
function M.current()
  if state.applied then
    return state.envs[state.applied.root]
  end
  return nil
end

local function buffers_of(root)
  local result = {}
  for bufnr, buffer_root in pairs(state.buffer_root) do
    if buffer_root == root and vim.api.nvim_buf_is_valid(bufnr) then
      table.insert(result, bufnr)
    end
  end
  return result
end

local function within(path, root)
  return type(path) == "string" and (path == root or path:sub(1, #root + 1) == root .. "/")
end

--- Stops the clients (other than nixty) of the project at `root` (rooted in it, or attached
--- to its Nix buffers) and starts them again, so that they inherit the current vim.env.
local function restart_clients(root)
  local project_buffers = {}
  for _, bufnr in ipairs(buffers_of(root)) do
    project_buffers[bufnr] = true
  end
  for _, client in pairs(vim.lsp.get_active_clients()) do
    local attached = vim.lsp.get_buffers_by_client_id(client.id)
    local belongs = within(client.config.root_dir, root)
    for _, bufnr in ipairs(attached) do
      belongs = belongs or project_buffers[bufnr] == true
    end
    if client.name ~= "nixty" and belongs then
      local config = client.config
      client.stop()
      local new_id = vim.lsp.start_client(config)
      if new_id then
        for _, bufnr in ipairs(attached) do
          vim.lsp.buf_attach_client(bufnr, new_id)
        end
      end
    end
  end
end

local function report_untrusted(env)
  if state.reported[env.root] then
    return
  end
  state.reported[env.root] = true
  notify(
    string.format(
      "the Nix environment of %s (%s) is not loaded; after reviewing it run :NixtyEnvAllow",
      env.root,
      env.source
    ),
    vim.log.levels.WARN
  )
end

local function on_environment(bufnr, env)
  if type(env) ~= "table" or type(env.root) ~= "string" then
    -- No project: Neovim's own environment applies in this buffer.
    state.buffer_root[bufnr] = false
    if bufnr == vim.api.nvim_get_current_buf() then
      M.apply_for(bufnr)
    end
    return
  end
  state.envs[env.root] = env
  state.buffer_root[bufnr] = env.root
  if env.status == "untrusted" then
    report_untrusted(env)
  elseif env.status == "failed" and env.error then
    notify("evaluating " .. env.source .. " failed: " .. tostring(env.error.message or env.error), vim.log.levels.WARN)
  end
  if bufnr == vim.api.nvim_get_current_buf() then
    M.apply_for(bufnr)
  end
  vim.api.nvim_exec_autocmds("User", { pattern = "NixtyEnvironment", modeline = false })
end

--- Applies the environment known for `bufnr`'s project to vim.env, and restarts the
--- project's other clients when it differs from the one they were started with.
function M.apply_for(bufnr)
  local root = state.buffer_root[bufnr]
  if root == false and M.config.env.enable then
    restore()
  end
  if not root or not M.config.env.enable then
    return
  end
  local env = state.envs[root]
  M.apply(env)
  local sig = signature(env)
  if sig ~= nil and state.started_with[root] ~= sig then
    state.started_with[root] = sig
    if M.config.env.restart_clients then
      restart_clients(root)
    end
  end
end

--- Asks the server for the environment of `bufnr`'s project and applies it.
function M.refresh(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.client(bufnr)
  if not client then
    return
  end
  client.request("nixty/environment", { uri = vim.uri_from_bufnr(bufnr) }, function(err, result)
    if err then
      notify("nixty/environment failed: " .. tostring(err.message or err), vim.log.levels.WARN)
      return
    end
    if vim.api.nvim_buf_is_valid(bufnr) then
      on_environment(bufnr, result)
    end
  end, bufnr)
end

local function on_environment_changed(_, params)
  local root = type(params) == "table" and params.root or nil
  if type(root) ~= "string" then
    return
  end
  local bufnrs = buffers_of(root)
  -- Refresh from the current buffer when it belongs to the project (it is the one applied).
  local current = vim.api.nvim_get_current_buf()
  table.sort(bufnrs, function(a, b)
    return a == current and b ~= current
  end)
  if bufnrs[1] then
    M.refresh(bufnrs[1])
  end
end

local function env_command(command)
  return function()
    local bufnr = vim.api.nvim_get_current_buf()
    local client = M.client(bufnr)
    if not client then
      notify("no nixty server in this buffer (open a Nix file of the project)", vim.log.levels.WARN)
      return
    end
    local params = { command = command, arguments = { { uri = vim.uri_from_bufnr(bufnr) } } }
    client.request("workspace/executeCommand", params, function(err)
      if err then
        notify(command .. " failed: " .. tostring(err.message or err), vim.log.levels.ERROR)
        return
      end
      if command == "nixty.env.deny" then
        local env = state.envs[state.buffer_root[bufnr] or ""]
        if env then
          state.reported[env.root] = true
        end
      end
      M.refresh(bufnr)
    end, bufnr)
  end
end

---------------------------------------------------------------------------------------------
-- Language client
---------------------------------------------------------------------------------------------

local function on_attach(client, bufnr)
  M.refresh(bufnr)
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

local function handlers()
  local result = {
    ["nixty/environmentChanged"] = on_environment_changed,
  }
  if not M.config.env.prompt then
    result["window/showMessageRequest"] = function(_, params)
      notify(params.message .. " (use :NixtyEnvAllow or :NixtyEnvDeny)", vim.log.levels.WARN)
      return vim.NIL
    end
  end
  return result
end

--- The client configuration for a project root.
function M.client_config(root)
  return {
    name = "nixty",
    cmd = M.config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    settings = { nixty = as_object(M.config.settings) },
    init_options = as_object(M.config.settings),
    handlers = handlers(),
    on_attach = on_attach,
    capabilities = M.config.capabilities,
    flags = { debounce_text_changes = 80 },
  }
end

local function has_native_config()
  return type(vim.lsp.config) == "table" and type(vim.lsp.enable) == "function"
end

--- Starts (or reuses) the server for `bufnr` and attaches it.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local fname = vim.api.nvim_buf_get_name(bufnr)
  if fname == "" then
    return
  end
  local root = M.find_root(fname)
  local config = M.client_config(root)
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = state.clients[root]
  if not id or not vim.lsp.get_client_by_id(id) or vim.lsp.get_client_by_id(id).is_stopped() then
    id = vim.lsp.start_client(config)
    if not id then
      notify("could not start " .. table.concat(M.config.cmd, " "), vim.log.levels.ERROR)
      return
    end
    state.clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Stops every nixty client and starts them again for the open Nix buffers.
function M.restart()
  local bufnrs = {}
  for _, client in pairs(vim.lsp.get_active_clients()) do
    if client.name == "nixty" then
      for _, b in ipairs(vim.lsp.get_buffers_by_client_id(client.id)) do
        table.insert(bufnrs, b)
      end
      client.stop()
    end
  end
  state.clients = {}
  vim.defer_fn(function()
    for _, b in ipairs(bufnrs) do
      if vim.api.nvim_buf_is_valid(b) then
        M.start(b)
      end
    end
  end, 200)
end

---------------------------------------------------------------------------------------------
-- Tree-sitter queries
---------------------------------------------------------------------------------------------

--- Runs `nixty install neovim --site` (idempotent). Returns true on success.
function M.install_queries()
  local output = vim.fn.system({ M.config.cmd[1], "install", "neovim", "--site" })
  if vim.v.shell_error ~= 0 then
    notify("installing the tree-sitter queries failed: " .. output, vim.log.levels.ERROR)
    return false
  end
  return true
end

local function queries_installed()
  local site = vim.fn.stdpath("data") .. "/site/queries/nix/highlights.scm"
  local config = vim.fn.stdpath("config") .. "/queries/nix/highlights.scm"
  return is_file(site) or is_file(config)
end

---------------------------------------------------------------------------------------------
-- Setup
---------------------------------------------------------------------------------------------

local function show_environment()
  local env = state.envs[state.buffer_root[vim.api.nvim_get_current_buf()] or ""]
  if not env then
    notify("no Nix environment for this buffer")
    return
  end
  local lines = {
    "project: " .. env.root,
    "source:  " .. env.source,
    "status:  " .. env.status,
    "applied: " .. tostring(state.applied ~= nil and state.applied.root == env.root),
  }
  for name, value in pairs(env.set or {}) do
    table.insert(lines, name .. "=" .. value)
  end
  vim.api.nvim_echo({ { table.concat(lines, "\n") } }, true, {})
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  if state.setup_done then
    return
  end
  state.setup_done = true
  local group = vim.api.nvim_create_augroup("nixty", { clear = true })

  -- *.nix → nix where the runtime does not know it (or filetype detection is off).
  if vim.filetype and vim.filetype.add then
    vim.filetype.add({ extension = { nix = "nix" } })
  end
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = group,
    pattern = "*.nix",
    callback = function(args)
      if vim.bo[args.buf].filetype == "" then
        vim.bo[args.buf].filetype = "nix"
      end
    end,
  })

  if has_native_config() then
    local config = M.client_config(vim.fn.getcwd())
    config.root_dir = nil
    config.workspace_folders = nil
    config.filetypes = M.config.filetypes
    config.root_markers = M.config.root_markers
    vim.lsp.config("nixty", config)
    vim.lsp.enable("nixty")
  else
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = M.config.filetypes,
      callback = function(args)
        M.start(args.buf)
      end,
    })
  end

  -- The environment follows the current buffer's project.
  vim.api.nvim_create_autocmd("BufEnter", {
    group = group,
    callback = function(args)
      M.apply_for(args.buf)
    end,
  })
  vim.api.nvim_create_autocmd("BufWipeout", {
    group = group,
    callback = function(args)
      state.buffer_root[args.buf] = nil
    end,
  })

  local command = vim.api.nvim_create_user_command
  command("NixtyEnvAllow", env_command("nixty.env.allow"), { desc = "Allow the project's Nix environment" })
  command("NixtyEnvDeny", env_command("nixty.env.deny"), { desc = "Deny the project's Nix environment" })
  command("NixtyEnvReload", env_command("nixty.env.reload"), { desc = "Evaluate the project's Nix environment again" })
  command("NixtyEnvShow", show_environment, { desc = "Show the project's Nix environment" })
  command("NixtyRestart", M.restart, { desc = "Restart the nixty language server" })
  command("NixtyInstallQueries", function()
    if M.install_queries() then
      notify("tree-sitter queries installed in " .. vim.fn.stdpath("data") .. "/site/queries/nix")
    end
  end, { desc = "Install nixty's tree-sitter queries for Nix" })

  if M.config.install_queries and not queries_installed() then
    M.install_queries()
  end

  -- Buffers opened before setup.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
      if not has_native_config() then
        M.start(bufnr)
      end
    end
  end
end

M._state = state -- for tests and :lua inspection

return M
