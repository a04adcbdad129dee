import { Redis } from 'ioredis';
import { decode, encode, type VersionedCache } from './cache.js';

// Compare-and-set on the version, atomically in Redis: keep the entry unless ours is newer.
const OFFER = `
local current = redis.call('GET', KEYS[1])
if current then
  local version = tonumber(string.match(current, '^{"v":(%-?%d+)'))
  if version and version >= tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1`;

export class RedisCache implements VersionedCache {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix = 'shutter:',
  ) {
    this.redis = new Redis(url, {
      // Bounded waits while Redis is unreachable: callers fall back to the database instead of hanging.
      maxRetriesPerRequest: 1,
      commandTimeout: 1_000,
      connectTimeout: 2_000,
    });
    this.redis.defineCommand('offerVersioned', { numberOfKeys: 1, lua: OFFER });
    // Errors surface on the commands; an unhandled 'error' event would crash the process.
    this.redis.on('error', () => undefined);
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | null)[]> {
    if (keys.length === 0) return [];
    const values = await this.redis.mget(...keys.map((k) => this.prefix + k));
    return values.map((raw) => decode<T>(raw));
  }

  async offerMany<T>(
    entries: readonly { key: string; version: number; value: T }[],
    ttlSeconds: number,
  ): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const { key, version, value } of entries) {
      (pipeline as unknown as Record<string, (...args: unknown[]) => void>).offerVersioned!(
        this.prefix + key,
        version,
        encode(version, value),
        ttlSeconds,
      );
    }
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(...keys.map((k) => this.prefix + k));
  }

  /** Waits until connected (start-up readiness). */
  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
