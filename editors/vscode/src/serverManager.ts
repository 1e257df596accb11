// Starts, stops and restarts the language client; the client itself comes from a factory so
// that tests can drive this without VS Code.

export interface ClientLike {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export class ServerManager<C extends ClientLike> {
  private client: C | undefined;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly createClient: () => C,
    private readonly onStarted: (client: C) => void | Promise<void> = () => undefined,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** The running client, if any. */
  get current(): C | undefined {
    return this.client;
  }

  start(): Promise<void> {
    return this.queue(async () => {
      if (this.client === undefined) {
        await this.startNew();
      }
    });
  }

  stop(): Promise<void> {
    return this.queue(() => this.stopCurrent());
  }

  /** Stops the running server (if any) and starts a new one with the current settings. */
  restart(): Promise<void> {
    return this.queue(async () => {
      await this.stopCurrent();
      await this.startNew();
    });
  }

  // Operations run one after the other, so a burst of setting changes cannot start two servers.
  private queue(operation: () => Promise<void>): Promise<void> {
    const next = this.pending.then(operation, operation);
    this.pending = next.catch(() => undefined);
    return next;
  }

  private async startNew(): Promise<void> {
    const client = this.createClient();
    this.client = client;
    try {
      await client.start();
    } catch (e) {
      this.client = undefined;
      this.log(`nixty: the server did not start: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
    await this.onStarted(client);
  }

  private async stopCurrent(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      try {
        await client.stop();
      } catch (e) {
        this.log(`nixty: stopping the server failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
