export * from './cache.js';
export * from './counted-cache.js';
export * from './memory-cache.js';
export * from './redis-cache.js';
export * from './redis-connection.js';
export * from './redis-options.js';

import type { VersionedCache } from './cache.js';
import { countLookups } from './counted-cache.js';
import { MemoryCache } from './memory-cache.js';
import { RedisCache } from './redis-cache.js';

/**
 * Redis when REDIS_URL is set, else process memory (the embedded default); its lookups are
 * counted under `name` (the cache hit ratio of the metrics).
 */
export function createCache(
  redisUrl: string | undefined,
  { name, prefix }: { name: string; prefix?: string },
): VersionedCache {
  return countLookups(name, redisUrl ? new RedisCache(redisUrl, prefix) : new MemoryCache());
}
