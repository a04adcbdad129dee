export * from './cache.js';
export * from './memory-cache.js';
export * from './redis-cache.js';
export * from './redis-connection.js';
export * from './redis-options.js';

import type { VersionedCache } from './cache.js';
import { MemoryCache } from './memory-cache.js';
import { RedisCache } from './redis-cache.js';

/** Redis when REDIS_URL is set, else process memory (the embedded default). */
export function createCache(redisUrl: string | undefined, prefix?: string): VersionedCache {
  return redisUrl ? new RedisCache(redisUrl, prefix) : new MemoryCache();
}
