// Unit tests of the pure parts (compiled to ../out by `tsc`).
const test = require("node:test");
const assert = require("node:assert/strict");
const os = require("os");

const { serverCommand, serverSettings, answerConfiguration, needsRestart } = require("../out/settings");
const { applyToCollection, statusView, EnvironmentController } = require("../out/environment");
const { ServerManager } = require("../out/serverManager");
const { typeFromHover } = require("../out/hoverText");

function config(values) {
  return { get: (key) => values[key] };
}

function fakeCollection() {
  return {
    persistent: true,
    vars: new Map(),
    replace(name, value) { this.vars.set(name, ["replace", value]); },
    prepend(name, value) { this.vars.set(name, ["prepend", value]); },
    clear() { this.vars.clear(); },
  };
}

function fakeStatus() {
  return { text: "", tooltip: undefined, command: undefined, visible: false, show() { this.visible = true; }, hide() { this.visible = false; } };
}

test("server command: defaults, path expansion, args and extra environment", () => {
  const plain = serverCommand(config({}), undefined, { PATH: "/usr/bin" });
  assert.deepEqual(plain, { command: "nixty", args: ["lsp"], env: { PATH: "/usr/bin" } });

  const custom = serverCommand(
    config({ "server.path": "~/bin/nixty", "server.args": ["--log", 3, "x"], "server.extraEnv": { NIXTY_ENV_TIMEOUT: "60", BAD: 1 } }),
    "/ws",
    { PATH: "/usr/bin" },
  );
  assert.equal(custom.command, os.homedir() + "/bin/nixty");
  assert.deepEqual(custom.args, ["lsp", "--log", "x"]);
  assert.deepEqual(custom.env, { PATH: "/usr/bin", NIXTY_ENV_TIMEOUT: "60" });

  assert.equal(serverCommand(config({ "server.path": "${workspaceFolder}/target/debug/nixty" }), "/ws").command, "/ws/target/debug/nixty");
  assert.equal(serverCommand(config({ "server.path": "  " }), "/ws").command, "nixty");
});

test("server settings drop the extension's own keys and nulls", () => {
  const section = {
    server: { path: "nixty", args: [] },
    trace: { server: "off" },
    env: { enable: true },
    inlayHints: { enable: false, bindingTypes: true, maxLength: null },
    diagnostics: { disable: ["unused-binding"], severity: { "type-mismatch": "warning" } },
    hover: { maxTypeLength: null },
    formatter: { command: null },
  };
  assert.deepEqual(serverSettings(section), {
    inlayHints: { enable: false, bindingTypes: true },
    diagnostics: { disable: ["unused-binding"], severity: { "type-mismatch": "warning" } },
    hover: {},
    formatter: {},
  });
  assert.deepEqual(serverSettings(undefined), {});
});

test("configuration answers: nixty from the settings, sub-keys, other sections from the default", () => {
  const section = { inlayHints: { enable: false }, server: { path: "x" } };
  const scopes = [];
  const answers = answerConfiguration(
    [{ section: "nixty", scopeUri: "file:///p/a.nix" }, { section: "nixty.inlayHints.enable" }, { section: "editor" }, { section: "nixty.server" }],
    (scope) => { scopes.push(scope); return section; },
    (index) => `default-${index}`,
  );
  assert.deepEqual(answers, [{ inlayHints: { enable: false } }, false, "default-2", null]);
  assert.equal(scopes[0], "file:///p/a.nix");
});

test("restart only for settings of the server process", () => {
  assert.equal(needsRestart((s) => s === "nixty.server"), true);
  assert.equal(needsRestart((s) => s === "nixty.inlayHints"), false);
});

const readyEnv = {
  root: "/p", source: "shell.nix", status: "ready",
  set: { FOO: "bar", PATH: "/nix/store/x-hello/bin:/server/path" }, unset: ["OLD"],
  path_prepend: ["/nix/store/x-hello/bin", "/nix/store/y/bin"], evaluated_at: "2026-01-01T00:00:00Z",
};

test("environment goes into the collection: set, unset, PATH prepended (not the server's PATH)", () => {
  const collection = fakeCollection();
  applyToCollection(collection, readyEnv, true);
  assert.equal(collection.persistent, false);
  assert.deepEqual([...collection.vars.entries()], [
    ["OLD", ["replace", ""]],
    ["FOO", ["replace", "bar"]],
    ["PATH", ["prepend", "/nix/store/x-hello/bin:/nix/store/y/bin:"]],
  ]);

  const noPrepend = { ...readyEnv, set: { PATH: "/only" }, path_prepend: [], unset: [] };
  applyToCollection(collection, noPrepend, true);
  assert.deepEqual([...collection.vars.entries()], [["PATH", ["replace", "/only"]]]);
});

test("nothing is applied when disabled, untrusted or absent; failed keeps the last good variables", () => {
  for (const [env, enabled] of [[readyEnv, false], [{ ...readyEnv, status: "untrusted" }, true], [null, true]]) {
    const collection = fakeCollection();
    collection.replace("STALE", "1");
    applyToCollection(collection, env, enabled);
    assert.equal(collection.vars.size, 0);
  }
  const collection = fakeCollection();
  applyToCollection(collection, { ...readyEnv, status: "failed", error: { message: "boom" } }, true);
  assert.deepEqual(collection.vars.get("FOO"), ["replace", "bar"]);
});

test("status bar text and click action per state", () => {
  assert.equal(statusView(null, true), undefined);
  assert.deepEqual(
    ["ready", "evaluating", "untrusted", "failed"].map((status) => {
      const view = statusView({ ...readyEnv, status, error: { message: "boom" } }, true);
      return [view.text, view.command];
    }),
    [["$(check) nix env", "nixty.envReload"], ["$(sync~spin) nix env", "nixty.showOutput"], ["$(shield) nix env", "nixty.envAllow"], ["$(error) nix env", "nixty.envReload"]],
  );
  assert.match(statusView({ ...readyEnv, status: "failed", error: { message: "boom" } }, true).tooltip, /boom/);
  assert.match(statusView(readyEnv, false).tooltip, /nixty.env.enable/);
});

test("environment controller: refresh, change notification for its root only, stale answers dropped", async () => {
  const collection = fakeCollection();
  const status = fakeStatus();
  const controller = new EnvironmentController(collection, status, () => true);
  const answers = [{ ...readyEnv, status: "evaluating", set: {}, path_prepend: [], unset: [] }, readyEnv];
  const requester = { calls: [], async sendRequest(method, params) { this.calls.push([method, params]); return answers.shift(); } };

  await controller.refresh(requester, "file:///p/a.nix");
  assert.deepEqual(requester.calls, [["nixty/environment", { uri: "file:///p/a.nix" }]]);
  assert.equal(status.text, "$(sync~spin) nix env");
  assert.equal(collection.vars.size, 0);

  await controller.onChanged(requester, "/elsewhere");
  assert.equal(requester.calls.length, 1);
  await controller.onChanged(requester, "/p");
  assert.equal(requester.calls.length, 2);
  assert.equal(status.text, "$(check) nix env");
  assert.deepEqual(collection.vars.get("FOO"), ["replace", "bar"]);

  // Two refreshes in flight: the first answer arrives last and is dropped.
  let releaseFirst;
  const slow = { sendRequest: (_m, p) => p.uri.endsWith("first.nix") ? new Promise((r) => { releaseFirst = () => r({ ...readyEnv, set: { FIRST: "1" } }); }) : Promise.resolve({ ...readyEnv, set: { SECOND: "1" } }) };
  const first = controller.refresh(slow, "file:///p/first.nix");
  await controller.refresh(slow, "file:///p/second.nix");
  releaseFirst();
  await first;
  assert.ok(collection.vars.has("SECOND") && !collection.vars.has("FIRST"));
});

test("server manager: restart stops the old client before starting a new one, serialised", async () => {
  const events = [];
  let n = 0;
  const manager = new ServerManager(() => {
    const id = ++n;
    return { id, start: async () => events.push(`start ${id}`), stop: async () => events.push(`stop ${id}`) };
  }, (client) => events.push(`started ${client.id}`));
  await manager.start();
  await manager.start();
  await Promise.all([manager.restart(), manager.restart()]);
  assert.deepEqual(events, ["start 1", "started 1", "stop 1", "start 2", "started 2", "stop 2", "start 3", "started 3"]);
  assert.equal(manager.current.id, 3);
  await manager.stop();
  assert.equal(manager.current, undefined);
});

test("a server that fails to start leaves no client and can be started again", async () => {
  let fail = true;
  const logs = [];
  const manager = new ServerManager(() => ({ start: async () => { if (fail) throw new Error("ENOENT"); }, stop: async () => undefined }), () => undefined, (m) => logs.push(m));
  await assert.rejects(manager.start(), /ENOENT/);
  assert.equal(manager.current, undefined);
  assert.match(logs[0], /did not start: ENOENT/);
  fail = false;
  await manager.start();
  assert.notEqual(manager.current, undefined);
});

test("show type takes the code block of a hover", () => {
  assert.equal(typeFromHover({ contents: { kind: "markdown", value: "```nix\n(let binding) greeting: String\n```\n---\ndoc" } }), "(let binding) greeting: String");
  assert.equal(typeFromHover({ contents: [{ language: "nix", value: "int" }] }), "int");
  assert.equal(typeFromHover({ contents: "plain" }), "plain");
  assert.equal(typeFromHover(null), undefined);
  assert.equal(typeFromHover({ contents: { kind: "markdown", value: "  " } }), undefined);
});
