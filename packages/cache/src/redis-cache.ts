import { createClient, defineScript, type CommandParser, type RedisArgument } from 'redis';
import { decode, encode, type VersionedCache } from './cache.js';
import { FailFastRedis } from './redis-connection.js';
import { failFastRedisOptions } from './redis-options.js';

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

function connect(url: string) {
  return createClient({ ...failFastRedisOptions(url), scripts: { offerVersioned } });
}

/**
 * The shared cache on Redis (node-redis). Every call settles within REDIS_COMMAND_TIMEOUT_MS, and at
 * once while Redis is known to be unreachable (FailFastRedis), so callers fall back to the database
 * instead of waiting; the client reconnects in the background and the cache is used again as soon as
 * Redis answers.
 */
export class RedisCache implements VersionedCache {
  readonly kind = 'redis' as const;
  private readonly redis: FailFastRedis<ReturnType<typeof connect>>;

  constructor(
    url: string,
    private readonly prefix = 'shutter:',
  ) {
    this.redis = new FailFastRedis(() => connect(url), 'Redis cache');
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | null)[]> {
    if (keys.length === 0) return [];
    const values = await this.redis.call((client) => client.mGet(keys.map((k) => this.prefix + k)));
    return values.map((raw) => decode<T>(raw));
  }

  async offerMany<T>(
    entries: readonly { key: string; version: number; value: T }[],
    ttlSeconds: number,
  ): Promise<void> {
    if (entries.length === 0) return;
    // Commands issued in the same tick are written together: one round trip for the batch.
    await this.redis.call((client) =>
      Promise.all(
        entries.map(({ key, version, value }) =>
          client.offerVersioned(this.prefix + key, version, encode(version, value), ttlSeconds),
        ),
      ),
    );
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.redis.call((client) => client.del(keys.map((k) => this.prefix + k)));
  }

  /** One PING within the command timeout (a readiness probe). */
  async ping(): Promise<void> {
    await this.redis.call((client) => client.ping());
  }

  /** Waits for pending replies (bounded by the command timeout), then drops the connection. */
  close(): Promise<void> {
    return this.redis.close();
  }
}
