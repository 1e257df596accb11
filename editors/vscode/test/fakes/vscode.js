// A fake of the parts of the `vscode` API the extension uses, with handles for tests:
// `settings` (dotted keys), `fireConfigurationChange(sections)`, `commandsRegistered`, `messages`.
const listeners = { configuration: [], activeEditor: [] };
const settings = {};
const commandsRegistered = new Map();
const messages = [];

function nestedSection(section) {
  const result = {};
  const prefix = section ? section + "." : "";
  for (const [key, value] of Object.entries(settings)) {
    if (!key.startsWith(prefix)) continue;
    const parts = key.slice(prefix.length).split(".");
    let target = result;
    for (const part of parts.slice(0, -1)) {
      target = target[part] = target[part] ?? {};
    }
    target[parts[parts.length - 1]] = value;
  }
  return result;
}

class Uri {
  constructor(scheme, fsPath) {
    this.scheme = scheme;
    this.fsPath = fsPath;
    this.path = fsPath;
  }
  static file(p) {
    return new Uri("file", p);
  }
  static parse(s) {
    return s.startsWith("file://") ? new Uri("file", decodeURIComponent(s.slice(7))) : new Uri("untitled", s);
  }
  toString() {
    return this.scheme === "file" ? "file://" + encodeURI(this.fsPath) : this.fsPath;
  }
}

class ResponseErrorLike extends Error {}

const vscode = {
  Uri,
  StatusBarAlignment: { Left: 1, Right: 2 },
  window: {
    activeTextEditor: undefined,
    createOutputChannel(name) {
      return { name, lines: [], appendLine(line) { this.lines.push(line); }, show() { this.shown = true; }, dispose() {} };
    },
    createStatusBarItem(id, alignment, priority) {
      return { id, alignment, priority, text: "", tooltip: undefined, command: undefined, visible: false, show() { this.visible = true; }, hide() { this.visible = false; }, dispose() {} };
    },
    showErrorMessage: async (m) => { messages.push(["error", m]); return undefined; },
    showWarningMessage: async (m) => { messages.push(["warning", m]); return undefined; },
    showInformationMessage: async (m) => { messages.push(["info", m]); return undefined; },
    onDidChangeActiveTextEditor(listener) {
      listeners.activeEditor.push(listener);
      return { dispose() {} };
    },
  },
  workspace: {
    workspaceFolders: undefined,
    getConfiguration(section, _scope) {
      const data = nestedSection(section);
      const api = {
        get(key, fallback) {
          let value = data;
          for (const part of key.split(".")) value = value === undefined || value === null ? undefined : value[part];
          return value === undefined ? fallback : value;
        },
      };
      return Object.assign(Object.create(api), data);
    },
    onDidChangeConfiguration(listener) {
      listeners.configuration.push(listener);
      return { dispose() {} };
    },
    createFileSystemWatcher(glob) {
      return { glob, dispose() {} };
    },
  },
  commands: {
    registerCommand(id, handler) {
      commandsRegistered.set(id, handler);
      return { dispose() { commandsRegistered.delete(id); } };
    },
    async executeCommand(id, ...args) {
      const handler = commandsRegistered.get(id);
      return handler ? handler(...args) : undefined;
    },
  },
  // Test handles.
  settings,
  messages,
  commandsRegistered,
  ResponseErrorLike,
  async fireConfigurationChange(sections) {
    const event = { affectsConfiguration: (s) => sections.some((c) => c === s || c.startsWith(s + ".")) };
    for (const listener of listeners.configuration) await listener(event);
  },
  async fireActiveEditor(editor) {
    vscode.window.activeTextEditor = editor;
    for (const listener of listeners.activeEditor) await listener(editor);
  },
  reset() {
    listeners.configuration.length = 0;
    listeners.activeEditor.length = 0;
    for (const key of Object.keys(settings)) delete settings[key];
    commandsRegistered.clear();
    messages.length = 0;
    vscode.window.activeTextEditor = undefined;
    vscode.workspace.workspaceFolders = undefined;
  },
};

module.exports = vscode;
