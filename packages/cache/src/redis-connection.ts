import { REDIS_COMMAND_TIMEOUT_MS } from './redis-options.js';

/** What FailFastRedis needs of a node-redis client (any client, whatever its scripts). */
export interface RedisClientLike {
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): void;
  on(event: 'error' | 'ready', listener: (arg: unknown) => void): unknown;
  once(event: 'error' | 'ready', listener: (arg: unknown) => void): unknown;
}

/**
 * One node-redis client behind the outage guards of ADR 0009, for any Redis user with a fallback
 * (the profile cache, home-feed timelines): every call settles within REDIS_COMMAND_TIMEOUT_MS, and
 * at once while Redis is known to be unreachable; a connection that stops answering is replaced;
 * the client reconnects in the background for ever.
 */
export class FailFastRedis<Client extends RedisClientLike> {
  private client: Client;
  /** Why Redis is unusable right now (a connection error, a stalled reply); cleared when it is ready. */
  private down: unknown;
  private connecting!: Promise<Client>;
  private closed = false;

  /** `connect` makes a client (not yet connected); `what` names the user in error messages. */
  constructor(
    private readonly connect: () => Client,
    private readonly what: string,
  ) {
    this.client = this.open();
  }

  unavailable(reason: string, cause?: unknown): Error {
    return new Error(`${this.what} unavailable: ${reason}`, cause === undefined ? undefined : { cause });
  }

  /**
   * Runs a command with one deadline for the wait for a connection and for the reply. While
   * Redis is known to be down it refuses at once, so a dead Redis costs callers nothing and
   * builds no queue.
   */
  async call<R>(command: (client: Client) => Promise<R>): Promise<R> {
    let timer: NodeJS.Timeout | undefined;
    let sent: { client: Client; reply: Promise<R> } | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = this.unavailable(`no reply within ${REDIS_COMMAND_TIMEOUT_MS} ms`);
        reject(error);
        if (this.closed) return;
        // Still connecting (a handshake that hangs): later calls refuse at once until it is ready.
        if (!sent) {
          this.down ??= error;
          return;
        }
        sent.reply.catch(() => undefined);
        if (sent.client !== this.client) return;
        this.down ??= error;
        // Connected but not answering (paused, half-open): the replies may never come, and later
        // commands would queue behind them. Drop this connection and start a fresh one.
        if (sent.client.isReady) this.recycle();
      }, REDIS_COMMAND_TIMEOUT_MS);
    });
    try {
      const client = await Promise.race([this.ready(), deadline]);
      sent = { client, reply: command(client) };
      return await Promise.race([sent.reply, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for pending replies (bounded by the command timeout), then drops the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const client = this.client;
    if (!client.isReady) {
      client.destroy();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error('close timed out')), REDIS_COMMAND_TIMEOUT_MS);
    });
    await Promise.race([client.close(), timedOut])
      .catch(() => client.destroy())
      .finally(() => clearTimeout(timer));
  }

  private open(): Client {
    const client = this.connect();
    // Errors surface on the commands; an 'error' event without a listener would crash the process.
    client.on('error', (error: unknown) => {
      if (client === this.client) this.down = error;
    });
    client.on('ready', () => {
      if (client === this.client) this.down = undefined;
    });
    // The first connection attempt: calls made before it ends wait for it (within their deadline).
    this.connecting = new Promise<Client>((resolve, reject) => {
      client.once('ready', () => resolve(client));
      client.once('error', reject);
    });
    this.connecting.catch(() => undefined);
    // Connects in the background, retrying for ever; settles only when closed.
    client.connect().catch(() => undefined);
    return client;
  }

  /** The client once it is ready; rejects at once while Redis is known to be unreachable. */
  private async ready(): Promise<Client> {
    if (this.closed) throw this.unavailable(`the ${this.what} is closed`);
    if (this.client.isReady) return this.client;
    if (this.down !== undefined) throw this.unavailable('not connected', this.down);
    return this.connecting.catch((error: unknown) => {
      throw this.unavailable('not connected', error);
    });
  }

  private recycle(): void {
    const stale = this.client;
    this.client = this.open();
    stale.destroy();
  }
}
