import { createClient, defineScript, type CommandParser, type RedisArgument } from 'redis';
import { decode, encode, type VersionedCache } from './cache.js';
import { failFastRedisOptions, REDIS_COMMAND_TIMEOUT_MS } from './redis-options.js';

// Compare-and-set on the version, atomically in Redis: keep the entry unless ours is newer.
const OFFER = `
local current = redis.call('GET', KEYS[1])
if current then
  local version = tonumber(string.match(current, '^{"v":(%-?%d+)'))
  if version and version >= tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1`;

/** Sent as EVALSHA; node-redis falls back to EVAL (which loads the script) on NOSCRIPT. */
const offerVersioned = defineScript({
  NUMBER_OF_KEYS: 1,
  SCRIPT: OFFER,
  parseCommand(parser: CommandParser, key: RedisArgument, version: number, value: string, ttlSeconds: number) {
    parser.pushKey(key);
    parser.push(String(version), value, String(ttlSeconds));
  },
  // The reply (1 stored, 0 kept the newer entry) is returned as sent.
  transformReply: undefined as unknown as () => 0 | 1,
});

/** Longest a cache call may take before the caller gives up and reads the database. */
const COMMAND_TIMEOUT_MS = REDIS_COMMAND_TIMEOUT_MS;

function connect(url: string) {
  return createClient({ ...failFastRedisOptions(url), scripts: { offerVersioned } });
}

type Client = ReturnType<typeof connect>;

function unavailable(reason: string, cause?: unknown): Error {
  return new Error(`Redis cache unavailable: ${reason}`, cause === undefined ? undefined : { cause });
}

/**
 * The shared cache on Redis (node-redis). Every call settles within COMMAND_TIMEOUT_MS, and at once
 * while Redis is known to be unreachable, so callers fall back to the database instead of waiting;
 * the client reconnects in the background and the cache is used again as soon as Redis answers.
 */
export class RedisCache implements VersionedCache {
  readonly kind = 'redis' as const;
  private client: Client;
  /** Why Redis is unusable right now (a connection error, a stalled reply); cleared when it is ready. */
  private down: unknown;
  private connecting!: Promise<Client>;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly prefix = 'shutter:',
  ) {
    this.client = this.open();
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | null)[]> {
    if (keys.length === 0) return [];
    const values = await this.call((client) => client.mGet(keys.map((k) => this.prefix + k)));
    return values.map((raw) => decode<T>(raw));
  }

  async offerMany<T>(
    entries: readonly { key: string; version: number; value: T }[],
    ttlSeconds: number,
  ): Promise<void> {
    if (entries.length === 0) return;
    // Commands issued in the same tick are written together: one round trip for the batch.
    await this.call((client) =>
      Promise.all(
        entries.map(({ key, version, value }) =>
          client.offerVersioned(this.prefix + key, version, encode(version, value), ttlSeconds),
        ),
      ),
    );
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.call((client) => client.del(keys.map((k) => this.prefix + k)));
  }

  /** One PING within the command timeout (a readiness probe). */
  async ping(): Promise<void> {
    await this.call((client) => client.ping());
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
      timer = setTimeout(() => reject(new Error('close timed out')), COMMAND_TIMEOUT_MS);
    });
    await Promise.race([client.close(), timedOut])
      .catch(() => client.destroy())
      .finally(() => clearTimeout(timer));
  }

  private open(): Client {
    const client = connect(this.url);
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
    if (this.closed) throw unavailable('the cache is closed');
    if (this.client.isReady) return this.client;
    if (this.down !== undefined) throw unavailable('not connected', this.down);
    return this.connecting.catch((error: unknown) => {
      throw unavailable('not connected', error);
    });
  }

  /**
   * Runs a command with one deadline for the wait for a connection and for the reply. While
   * Redis is known to be down it refuses at once, so a dead Redis costs requests nothing and
   * builds no queue.
   */
  private async call<R>(command: (client: Client) => Promise<R>): Promise<R> {
    let timer: NodeJS.Timeout | undefined;
    let sent: { client: Client; reply: Promise<R> } | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = unavailable(`no reply within ${COMMAND_TIMEOUT_MS} ms`);
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
      }, COMMAND_TIMEOUT_MS);
    });
    try {
      const client = await Promise.race([this.ready(), deadline]);
      sent = { client, reply: command(client) };
      return await Promise.race([sent.reply, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private recycle(): void {
    const stale = this.client;
    this.client = this.open();
    stale.destroy();
  }
}
