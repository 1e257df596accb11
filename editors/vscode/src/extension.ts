// The VS Code extension: starts `nixty lsp`, answers its configuration requests, applies the
// project environment to terminals and tasks, and adds the nixty commands.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ResponseError,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

import { EnvironmentController } from "./environment";
import { ServerManager } from "./serverManager";
import { answerConfiguration, needsRestart, serverCommand, serverSettings } from "./settings";
import { typeFromHover } from "./hoverText";

const SERVER_ENV_COMMANDS = {
  allow: "nixty.env.allow",
  deny: "nixty.env.deny",
  reload: "nixty.env.reload",
} as const;

let manager: ServerManager<LanguageClient> | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("nixty");
  const status = vscode.window.createStatusBarItem("nixty.environment", vscode.StatusBarAlignment.Left, 10);
  status.name = "nixty environment";
  context.subscriptions.push(output, status);

  const environment = new EnvironmentController(
    context.environmentVariableCollection,
    status,
    () => nixtyConfiguration().get<boolean>("env.enable") ?? true,
    (message) => output.appendLine(message),
  );
  context.environmentVariableCollection.description = "The Nix environment of the project (nixty)";

  const refreshEnvironment = async (): Promise<void> => {
    const client = manager?.current;
    const uri = environmentUri();
    if (client === undefined || uri === undefined) {
      environment.clear();
      return;
    }
    await environment.refresh(client, uri);
  };

  manager = new ServerManager<LanguageClient>(
    () => createClient(output),
    async (client) => {
      client.onNotification("nixty/environmentChanged", (params: { root?: string }) => {
        if (typeof params?.root === "string") {
          void environment.onChanged(client, params.root);
        }
      });
      await refreshEnvironment();
    },
    (message) => output.appendLine(message),
  );

  const envCommand = (name: keyof typeof SERVER_ENV_COMMANDS) => async (): Promise<void> => {
    const client = manager?.current;
    const uri = environment.uri ?? environmentUri();
    if (client === undefined || uri === undefined) {
      void vscode.window.showWarningMessage("nixty: open a Nix file of the project first (the server is not running or there is no project).");
      return;
    }
    try {
      await client.sendRequest("workspace/executeCommand", { command: SERVER_ENV_COMMANDS[name], arguments: [{ uri }] });
    } catch (e) {
      void vscode.window.showErrorMessage(`nixty: ${SERVER_ENV_COMMANDS[name]} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    await environment.refresh(client, uri);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand("nixty.restartServer", () => manager?.restart()),
    vscode.commands.registerCommand("nixty.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("nixty.envAllow", envCommand("allow")),
    vscode.commands.registerCommand("nixty.envDeny", envCommand("deny")),
    vscode.commands.registerCommand("nixty.envReload", envCommand("reload")),
    vscode.commands.registerCommand("nixty.showType", showTypeAtCursor),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration("nixty")) {
        return;
      }
      if (needsRestart((section) => event.affectsConfiguration(section))) {
        await manager?.restart();
        return;
      }
      if (event.affectsConfiguration("nixty.env")) {
        environment.show();
      }
      // The server pulls the new `nixty` section through workspace/configuration.
      await manager?.current?.sendNotification("workspace/didChangeConfiguration", { settings: null });
    }),
    vscode.window.onDidChangeActiveTextEditor(async (editor) => {
      if (editor?.document.languageId === "nix" && editor.document.uri.scheme === "file") {
        await refreshEnvironment();
      }
    }),
    { dispose: () => void manager?.stop() },
  );

  try {
    await manager.start();
  } catch (e) {
    const path = nixtyConfiguration().get<string>("server.path") ?? "nixty";
    const choice = await vscode.window.showErrorMessage(
      `nixty: could not start the language server \`${path} lsp\` (${e instanceof Error ? e.message : String(e)}). Install nixty or set nixty.server.path.`,
      "Open Settings",
    );
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "nixty.server.path");
    }
  }
}

export async function deactivate(): Promise<void> {
  await manager?.stop();
  manager = undefined;
}

function nixtyConfiguration(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration("nixty", scope);
}

/** The `nixty` section as plain data (a WorkspaceConfiguration also has methods). */
function nixtySection(scopeUri: string | undefined): Record<string, unknown> {
  const config = nixtyConfiguration(scopeUri ? vscode.Uri.parse(scopeUri) : undefined);
  return JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
}

function createClient(output: vscode.OutputChannel): LanguageClient {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const command = serverCommand(nixtyConfiguration(), folder);
  output.appendLine(`nixty: starting ${[command.command, ...command.args].join(" ")}`);
  const serverOptions: ServerOptions = {
    command: command.command,
    args: command.args,
    transport: TransportKind.stdio,
    options: { env: command.env, cwd: folder },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "nix" },
      { scheme: "untitled", language: "nix" },
    ],
    outputChannel: output,
    initializationOptions: serverSettings(nixtySection(undefined)),
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.nix") },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const others = params.items.some((item) => !(item.section ?? "").startsWith("nixty"));
          const defaults = others ? await next(params, token) : [];
          if (defaults instanceof ResponseError) {
            return defaults;
          }
          return answerConfiguration(params.items, nixtySection, (index) => defaults[index] ?? null);
        },
      },
    },
  };
  return new LanguageClient("nixty", "nixty", serverOptions, clientOptions);
}

/** The file (or folder) whose project environment applies: the active Nix file, else the first folder. */
function environmentUri(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === "nix" && editor.document.uri.scheme === "file") {
    return editor.document.uri.toString();
  }
  return vscode.workspace.workspaceFolders?.[0]?.uri.toString();
}

async function showTypeAtCursor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const client = manager?.current;
  if (editor === undefined || client === undefined || editor.document.languageId !== "nix") {
    void vscode.window.showInformationMessage("nixty: put the cursor in a Nix file first.");
    return;
  }
  const position = editor.selection.active;
  const hover = await client.sendRequest("textDocument/hover", {
    textDocument: { uri: editor.document.uri.toString() },
    position: { line: position.line, character: position.character },
  });
  const type = typeFromHover(hover);
  if (type === undefined) {
    void vscode.window.showInformationMessage("nixty: no type here.");
    return;
  }
  void vscode.window.showInformationMessage(type);
}
