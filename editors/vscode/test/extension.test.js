// The extension's activate() against the fake `vscode` and language client: the server
// command comes from the settings, configuration requests are answered from them, the
// environment reaches the terminal collection and the status bar, setting changes restart
// the server or notify it, commands reach the server.
const test = require("node:test");
const assert = require("node:assert/strict");

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");
const extension = require("../out/extension");

function context() {
  const collection = {
    persistent: true, description: undefined, vars: new Map(),
    replace(n, v) { this.vars.set(n, ["replace", v]); },
    prepend(n, v) { this.vars.set(n, ["prepend", v]); },
    clear() { this.vars.clear(); },
  };
  return { subscriptions: [], environmentVariableCollection: collection };
}

const envOf = (status, set = { GREETING: "hi" }) => ({
  root: "/ws", source: "shell.nix", status, set, unset: [], path_prepend: ["/nix/store/h-hello/bin"],
});

async function activated(settings, environment) {
  vscode.reset();
  LanguageClient.created.length = 0;
  LanguageClient.failStart = undefined;
  Object.assign(vscode.settings, settings);
  vscode.workspace.workspaceFolders = [{ uri: vscode.Uri.file("/ws"), name: "ws", index: 0 }];
  let current = environment;
  LanguageClient.answers = {
    "nixty/environment": () => current,
    "workspace/executeCommand": () => null,
    "textDocument/hover": () => ({ contents: { kind: "markdown", value: "```nix\n(let binding) greeting: String\n```" } }),
  };
  const ctx = context();
  await extension.activate(ctx);
  return { ctx, setEnvironment: (env) => { current = env; } };
}

test("activation starts `nixty lsp` from the settings and applies the environment", async () => {
  const { ctx } = await activated(
    { "nixty.server.path": "${workspaceFolder}/bin/nixty", "nixty.server.args": ["--verbose"], "nixty.server.extraEnv": { NIXTY_ENV_TIMEOUT: "9" }, "nixty.env.enable": true },
    envOf("ready"),
  );
  assert.equal(LanguageClient.created.length, 1);
  const client = LanguageClient.created[0];
  assert.equal(client.running, true);
  assert.equal(client.serverOptions.command, "/ws/bin/nixty");
  assert.deepEqual(client.serverOptions.args, ["lsp", "--verbose"]);
  assert.equal(client.serverOptions.options.env.NIXTY_ENV_TIMEOUT, "9");
  assert.deepEqual(client.clientOptions.documentSelector.map((s) => s.language), ["nix", "nix"]);
  assert.deepEqual(client.requests[0], ["nixty/environment", { uri: "file:///ws" }]);
  assert.deepEqual(ctx.environmentVariableCollection.vars.get("GREETING"), ["replace", "hi"]);
  assert.deepEqual(ctx.environmentVariableCollection.vars.get("PATH"), ["prepend", "/nix/store/h-hello/bin:"]);
  for (const id of ["nixty.restartServer", "nixty.showOutput", "nixty.envAllow", "nixty.envDeny", "nixty.envReload", "nixty.showType"]) {
    assert.ok(vscode.commandsRegistered.has(id), id);
  }
  await extension.deactivate();
  assert.equal(client.stopped, true);
});

test("the configuration middleware answers the nixty section without client-only keys", async () => {
  await activated({ "nixty.inlayHints.enable": false, "nixty.diagnostics.disable": ["unused-binding"], "nixty.server.path": "nixty", "nixty.hover.maxTypeLength": null }, null);
  const client = LanguageClient.created[0];
  assert.deepEqual(client.clientOptions.initializationOptions, { inlayHints: { enable: false }, diagnostics: { disable: ["unused-binding"] }, hover: {} });
  const middleware = client.clientOptions.middleware.workspace.configuration;
  let nextCalled = 0;
  const answer = await middleware({ items: [{ section: "nixty" }, { section: "files" }] }, undefined, async () => { nextCalled++; return ["n", { exclude: {} }]; });
  assert.deepEqual(answer, [{ inlayHints: { enable: false }, diagnostics: { disable: ["unused-binding"] }, hover: {} }, { exclude: {} }]);
  const onlyNixty = await middleware({ items: [{ section: "nixty" }] }, undefined, async () => { nextCalled++; return []; });
  assert.equal(onlyNixty.length, 1);
  assert.equal(nextCalled, 1);
  await extension.deactivate();
});

test("setting changes: server settings restart, others notify the running server, env.enable reapplies", async () => {
  const { ctx } = await activated({ "nixty.env.enable": true }, envOf("ready"));
  const first = LanguageClient.created[0];

  vscode.settings["nixty.inlayHints.enable"] = false;
  await vscode.fireConfigurationChange(["nixty.inlayHints.enable"]);
  assert.equal(LanguageClient.created.length, 1);
  assert.deepEqual(first.notificationsSent, [["workspace/didChangeConfiguration", { settings: null }]]);

  vscode.settings["nixty.env.enable"] = false;
  await vscode.fireConfigurationChange(["nixty.env.enable"]);
  assert.equal(ctx.environmentVariableCollection.vars.size, 0);

  vscode.settings["nixty.server.path"] = "/opt/nixty";
  await vscode.fireConfigurationChange(["nixty.server.path"]);
  assert.equal(first.stopped, true);
  assert.equal(LanguageClient.created.length, 2);
  assert.equal(LanguageClient.created[1].serverOptions.command, "/opt/nixty");
  assert.equal(LanguageClient.created[1].running, true);

  await vscode.fireConfigurationChange(["editor.fontSize"]);
  assert.equal(LanguageClient.created.length, 2);
  await extension.deactivate();
});

test("environmentChanged for the project refreshes; allow runs the server command and refreshes", async () => {
  const { ctx, setEnvironment } = await activated({}, envOf("untrusted", {}));
  const client = LanguageClient.created[0];
  assert.equal(ctx.environmentVariableCollection.vars.size, 0);

  await vscode.commandsRegistered.get("nixty.envAllow")();
  assert.deepEqual(client.requests[1], ["workspace/executeCommand", { command: "nixty.env.allow", arguments: [{ uri: "file:///ws" }] }]);

  setEnvironment(envOf("ready", { AFTER: "change" }));
  client.handlers.get("nixty/environmentChanged")({ root: "/ws" });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(ctx.environmentVariableCollection.vars.get("AFTER"), ["replace", "change"]);

  // A Nix file of the project becomes active: its URI is asked about.
  await vscode.fireActiveEditor({ document: { languageId: "nix", uri: vscode.Uri.file("/ws/sub/a.nix") }, selection: { active: { line: 1, character: 2 } } });
  assert.deepEqual(client.requests.at(-1), ["nixty/environment", { uri: "file:///ws/sub/a.nix" }]);

  await vscode.commandsRegistered.get("nixty.showType")();
  assert.deepEqual(client.requests.at(-1)[1], { textDocument: { uri: "file:///ws/sub/a.nix" }, position: { line: 1, character: 2 } });
  assert.deepEqual(vscode.messages.at(-1), ["info", "(let binding) greeting: String"]);
  await extension.deactivate();
});

test("a server that cannot start is reported with the setting to fix", async () => {
  vscode.reset();
  LanguageClient.created.length = 0;
  LanguageClient.failStart = "spawn nixty ENOENT";
  await extension.activate(context());
  assert.equal(vscode.messages.length, 1);
  assert.match(vscode.messages[0][1], /could not start the language server `nixty lsp` \(spawn nixty ENOENT\).*nixty.server.path/);
  LanguageClient.failStart = undefined;
  await extension.deactivate();
});
