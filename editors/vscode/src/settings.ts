// Settings: how the server is started, and what it receives as its `nixty` section.
import * as os from "os";
import * as path from "path";

/** The part of `vscode.WorkspaceConfiguration` used here (easy to fake in tests). */
export interface ConfigurationLike {
  get<T>(section: string): T | undefined;
}

export interface ServerCommand {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** Keys of the `nixty` section that only the extension reads. */
const CLIENT_ONLY_KEYS = ["server", "trace", "env"];

/**
 * The server process for the settings: `nixty.server.path` (`~` and `${workspaceFolder}`
 * expanded) with `lsp` and `nixty.server.args`; `nixty.server.extraEnv` over the extension
 * host's environment.
 */
export function serverCommand(
  config: ConfigurationLike,
  workspaceFolder: string | undefined,
  baseEnv: NodeJS.ProcessEnv = process.env,
): ServerCommand {
  const configured = (config.get<string>("server.path") ?? "").trim();
  const command = expandPath(configured === "" ? "nixty" : configured, workspaceFolder);
  const extraArgs = config.get<unknown>("server.args");
  const args = ["lsp", ...(Array.isArray(extraArgs) ? extraArgs.filter(isString) : [])];
  const extraEnv = config.get<Record<string, unknown>>("server.extraEnv") ?? {};
  const env: NodeJS.ProcessEnv = { ...baseEnv };
  for (const [name, value] of Object.entries(extraEnv)) {
    if (typeof value === "string") {
      env[name] = value;
    }
  }
  return { command, args, env };
}

export function expandPath(value: string, workspaceFolder: string | undefined): string {
  let result = value;
  if (result === "~" || result.startsWith("~/")) {
    result = path.join(os.homedir(), result.slice(1));
  }
  if (workspaceFolder !== undefined) {
    result = result.split("${workspaceFolder}").join(workspaceFolder);
  }
  return result;
}

/**
 * What the server gets for `workspace/configuration` section `nixty`: the user's settings
 * without the extension's own keys, `null` values dropped (the server's defaults apply).
 */
export function serverSettings(section: Record<string, unknown> | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(section ?? {})) {
    if (CLIENT_ONLY_KEYS.includes(key) || typeof value === "function") {
      continue;
    }
    const cleaned = withoutNulls(value);
    if (cleaned !== undefined) {
      result[key] = cleaned;
    }
  }
  return result;
}

function withoutNulls(value: unknown): unknown {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (Array.isArray(value)) {
    return value;
  }
  if (typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const cleaned = withoutNulls(inner);
      if (cleaned !== undefined) {
        result[key] = cleaned;
      }
    }
    return result;
  }
  return value;
}

export interface ConfigurationItem {
  scopeUri?: string;
  section?: string;
}

/**
 * Answers the server's `workspace/configuration` items: `nixty` (or a key below it) from
 * `getSection`; other sections from `fallback` (the client's default answer).
 */
export function answerConfiguration(
  items: ConfigurationItem[],
  getSection: (scopeUri: string | undefined) => Record<string, unknown> | undefined,
  fallback: (index: number) => unknown,
): unknown[] {
  return items.map((item, index) => {
    const section = item.section ?? "";
    if (section === "nixty") {
      return serverSettings(getSection(item.scopeUri));
    }
    if (section.startsWith("nixty.")) {
      let value: unknown = serverSettings(getSection(item.scopeUri));
      for (const key of section.slice("nixty.".length).split(".")) {
        value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
      }
      return value ?? null;
    }
    return fallback(index);
  });
}

/** Settings whose change needs a new server process (the others are sent to the running one). */
export function needsRestart(affects: (section: string) => boolean): boolean {
  return affects("nixty.server");
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}
