// Wire-level test: the real `nixty lsp` (NIXTY_BIN, default ../../target/debug/nixty) driven
// through vscode-jsonrpc with VS Code's client capabilities, the way the extension's language
// client talks to it.
const test = require("node:test");
const assert = require("node:assert/strict");
const cp = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const rpc = require("vscode-jsonrpc/node");

const { answerConfiguration } = require("../out/settings");
const manifest = require("../package.json");
const capabilities = require("./fixtures/vscode-client-capabilities.json");

const BIN = process.env.NIXTY_BIN ?? path.resolve(__dirname, "..", "..", "..", "target", "debug", "nixty");
const WAIT_MS = 20000;

const SOURCE = 'let\n  greeting = "hello";\n  unused = 1;\nin greeting\n';

function within(promise, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS); }),
  ]);
}

test("nixty lsp with VS Code's capabilities: diagnostics, hover, completion, semantic tokens, shutdown", async () => {
  assert.ok(fs.existsSync(BIN), `${BIN} is missing: run cargo build -p nixty`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "nixty-vscode-wire-"));
  const xdg = (name) => { const dir = path.join(work, ".xdg", name); fs.mkdirSync(dir, { recursive: true }); return dir; };
  const env = { ...process.env, XDG_DATA_HOME: xdg("data"), XDG_CACHE_HOME: xdg("cache"), XDG_STATE_HOME: xdg("state"), XDG_CONFIG_HOME: xdg("config") };
  const project = path.join(work, "project");
  fs.mkdirSync(project);
  const file = path.join(project, "test.nix");
  fs.writeFileSync(file, SOURCE);
  const rootUri = "file://" + project;
  const uri = "file://" + file;

  const child = cp.spawn(BIN, ["lsp"], { env, cwd: project, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));

  const settings = { inlayHints: { enable: true }, diagnostics: { disable: [] }, server: { path: BIN }, env: { enable: true } };
  const configurationRequests = [];
  connection.onRequest("workspace/configuration", (params) => {
    configurationRequests.push(params);
    return answerConfiguration(params.items, () => settings, () => null);
  });
  connection.onRequest("client/registerCapability", () => null);
  connection.onRequest("window/workDoneProgress/create", () => null);
  connection.onRequest("window/showMessageRequest", () => null);
  connection.onNotification("window/logMessage", () => undefined);
  connection.onNotification("$/progress", () => undefined);
  const diagnostics = new Promise((resolve) => {
    connection.onNotification("textDocument/publishDiagnostics", (params) => {
      if (params.uri === uri && params.diagnostics.length > 0) resolve(params.diagnostics);
    });
  });
  connection.listen();

  try {
    const init = await within(connection.sendRequest("initialize", {
      processId: process.pid,
      clientInfo: { name: "Visual Studio Code", version: "1.85.0" },
      locale: "en",
      rootPath: project,
      rootUri,
      capabilities,
      initializationOptions: { inlayHints: { enable: true } },
      trace: "off",
      workspaceFolders: [{ uri: rootUri, name: "project" }],
    }), "initialize");
    const caps = init.capabilities;
    assert.ok(caps.hoverProvider && caps.completionProvider && caps.semanticTokensProvider, JSON.stringify(caps));

    // Every token type and modifier of the server's legend is one VS Code knows or one the
    // extension contributes (otherwise VS Code ignores those tokens).
    const legend = caps.semanticTokensProvider.legend;
    const types = new Set([...capabilities.textDocument.semanticTokens.tokenTypes, ...manifest.contributes.semanticTokenTypes.map((t) => t.id)]);
    const modifiers = new Set([...capabilities.textDocument.semanticTokens.tokenModifiers, ...manifest.contributes.semanticTokenModifiers.map((m) => m.id)]);
    assert.deepEqual(legend.tokenTypes.filter((t) => !types.has(t)), [], "token types missing from package.json");
    assert.deepEqual(legend.tokenModifiers.filter((m) => !modifiers.has(m)), [], "token modifiers missing from package.json");
    // The commands the extension sends exist.
    for (const command of ["nixty.env.allow", "nixty.env.deny", "nixty.env.reload"]) {
      assert.ok(caps.executeCommandProvider.commands.includes(command), command);
    }

    await connection.sendNotification("initialized", {});
    await connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "nix", version: 1, text: SOURCE } });

    const published = await within(diagnostics, "diagnostics");
    assert.equal(published.length, 1, JSON.stringify(published));
    assert.deepEqual(published[0].range.start, { line: 2, character: 2 });
    assert.match(published[0].message, /unused/);
    assert.ok(configurationRequests.some((p) => p.items.some((i) => i.section === "nixty")), "the server asks for the nixty section");

    const hover = await within(connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line: 3, character: 5 } }), "hover");
    assert.equal(hover.contents.kind, "markdown");
    assert.match(hover.contents.value, /greeting/);
    assert.match(hover.contents.value, /greeting: (String|"hello")/);

    const completion = await within(connection.sendRequest("textDocument/completion", { textDocument: { uri }, position: { line: 3, character: 4 }, context: { triggerKind: 1 } }), "completion");
    const items = Array.isArray(completion) ? completion : completion.items;
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes("greeting"), labels.join(" "));

    const tokens = await within(connection.sendRequest("textDocument/semanticTokens/full", { textDocument: { uri } }), "semantic tokens");
    assert.ok(tokens.data.length > 0 && tokens.data.length % 5 === 0, JSON.stringify(tokens));
    // Decode: the first token is `let` (a keyword) at 0:0.
    const [line, start, length, type] = tokens.data;
    assert.deepEqual([line, start, length, legend.tokenTypes[type]], [0, 0, 3, "keyword"]);

    const environment = await within(connection.sendRequest("nixty/environment", { uri }), "nixty/environment");
    assert.equal(environment, null, "a folder without shell.nix has no environment");

    await within(connection.sendRequest("shutdown"), "shutdown");
    await connection.sendNotification("exit");
    const { code } = await within(exited, "exit");
    assert.equal(code, 0, stderr);
  } finally {
    connection.dispose();
    child.kill();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
