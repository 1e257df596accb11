// The project environment (the `nixty/environment` LSP extension) applied to VS Code's
// integrated terminals and tasks, and shown in the status bar.

/** The JSON of `nixty/environment` (see environments.md). */
export interface Environment {
  root: string;
  source: string;
  status: "untrusted" | "evaluating" | "ready" | "failed" | string;
  set: Record<string, string>;
  unset: string[];
  path_prepend: string[];
  editor?: unknown;
  inputs?: string[];
  evaluated_at?: string | null;
  nix_version?: string | null;
  error?: { message?: string } | string | null;
}

/** The part of `vscode.EnvironmentVariableCollection` used here. */
export interface VariableCollection {
  persistent: boolean;
  replace(variable: string, value: string): void;
  prepend(variable: string, value: string): void;
  clear(): void;
}

/** The part of `vscode.StatusBarItem` used here. */
export interface StatusItem {
  text: string;
  tooltip: unknown;
  command: unknown;
  show(): void;
  hide(): void;
}

/** Whether `env` holds variables to apply (a failed evaluation keeps the last good ones). */
export function hasVariables(env: Environment | null | undefined): env is Environment {
  if (!env) {
    return false;
  }
  if (env.status !== "ready" && env.status !== "failed" && env.status !== "evaluating") {
    return false;
  }
  return Object.keys(env.set ?? {}).length > 0 || (env.path_prepend ?? []).length > 0 || (env.unset ?? []).length > 0;
}

/**
 * Puts `env` into the collection, replacing what was there: `set` replaces variables,
 * `path_prepend` goes in front of the terminal's own PATH (the server's `set.PATH` is built
 * from the server's PATH, so it is not used), `unset` variables become empty (a collection
 * cannot remove a variable). Nothing is applied when disabled, untrusted or absent.
 */
export function applyToCollection(
  collection: VariableCollection,
  env: Environment | null | undefined,
  enabled: boolean,
  pathSeparator = ":",
): void {
  collection.persistent = false;
  collection.clear();
  if (!enabled || !hasVariables(env)) {
    return;
  }
  for (const name of env.unset ?? []) {
    collection.replace(name, "");
  }
  for (const [name, value] of Object.entries(env.set ?? {})) {
    if (name === "PATH" && (env.path_prepend ?? []).length > 0) {
      continue;
    }
    collection.replace(name, value);
  }
  const prepend = env.path_prepend ?? [];
  if (prepend.length > 0) {
    collection.prepend("PATH", prepend.join(pathSeparator) + pathSeparator);
  }
}

export interface StatusView {
  text: string;
  tooltip: string;
  /** The command run by a click. */
  command: string;
}

/** What the status bar says about `env` (`undefined`: hide the item). */
export function statusView(env: Environment | null | undefined, enabled: boolean): StatusView | undefined {
  if (!env) {
    return undefined;
  }
  const where = `${env.source} in ${env.root}`;
  if (!enabled) {
    return { text: "$(circle-slash) nix env", tooltip: `Environment from ${where} is not applied (nixty.env.enable is off)`, command: "nixty.showOutput" };
  }
  switch (env.status) {
    case "ready":
      return { text: "$(check) nix env", tooltip: `Environment from ${where} applied to terminals and tasks${env.evaluated_at ? ` (evaluated ${env.evaluated_at})` : ""}. Click to reload.`, command: "nixty.envReload" };
    case "evaluating":
      return { text: "$(sync~spin) nix env", tooltip: `Evaluating ${where}…`, command: "nixty.showOutput" };
    case "untrusted":
      return { text: "$(shield) nix env", tooltip: `${where} is not allowed yet: click to allow evaluating it`, command: "nixty.envAllow" };
    case "failed":
      return { text: "$(error) nix env", tooltip: `Evaluating ${where} failed${errorText(env) ? `: ${errorText(env)}` : ""}. Click to reload.`, command: "nixty.envReload" };
    default:
      return { text: `$(question) nix env: ${env.status}`, tooltip: where, command: "nixty.showOutput" };
  }
}

function errorText(env: Environment): string {
  if (!env.error) {
    return "";
  }
  return typeof env.error === "string" ? env.error : env.error.message ?? "";
}

/** Sends requests to the server (the language client, or a fake in tests). */
export interface Requester {
  sendRequest<R>(method: string, params: unknown): Promise<R>;
}

/**
 * Keeps the collection and the status bar in line with the environment of the current
 * project: `refresh(uri)` asks the server, `onChanged(root)` (from
 * `nixty/environmentChanged`) refreshes when it is the current project.
 */
export class EnvironmentController {
  private current: Environment | null = null;
  private currentUri: string | undefined;
  private generation = 0;

  constructor(
    private readonly collection: VariableCollection,
    private readonly status: StatusItem,
    private readonly isEnabled: () => boolean,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  get environment(): Environment | null {
    return this.current;
  }

  get uri(): string | undefined {
    return this.currentUri;
  }

  async refresh(requester: Requester, uri: string): Promise<Environment | null> {
    const generation = ++this.generation;
    this.currentUri = uri;
    let env: Environment | null;
    try {
      env = await requester.sendRequest<Environment | null>("nixty/environment", { uri });
    } catch (e) {
      this.log(`nixty/environment failed for ${uri}: ${e instanceof Error ? e.message : String(e)}`);
      return this.current;
    }
    if (generation !== this.generation) {
      // A newer refresh started while this one waited: it decides.
      return this.current;
    }
    this.show(env);
    return env;
  }

  async onChanged(requester: Requester, root: string): Promise<void> {
    if (this.currentUri !== undefined && (this.current === null || this.current.root === root)) {
      await this.refresh(requester, this.currentUri);
    }
  }

  /** Applies `env` (or the current one again, after `nixty.env.enable` changed). */
  show(env: Environment | null = this.current): void {
    this.current = env;
    const enabled = this.isEnabled();
    applyToCollection(this.collection, env, enabled);
    const view = statusView(env, enabled);
    if (view === undefined) {
      this.status.hide();
      return;
    }
    this.status.text = view.text;
    this.status.tooltip = view.tooltip;
    this.status.command = view.command;
    this.status.show();
  }

  clear(): void {
    this.generation++;
    this.show(null);
  }
}
