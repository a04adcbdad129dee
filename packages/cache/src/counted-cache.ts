import { cacheLookups } from '@shutter/runtime';
import type { VersionedCache } from './cache.js';

/**
 * Counts a cache's lookups by result (`shutter_cache_lookups_total{cache, result}`): a hit or a
 * miss per key, or an error per key when the cache could not answer (the caller then reads the
 * database). The hit ratio is hits over hits and misses.
 */
export function countLookups(name: string, cache: VersionedCache): VersionedCache {
  const hit = cacheLookups.labels(name, 'hit');
  const miss = cacheLookups.labels(name, 'miss');
  const error = cacheLookups.labels(name, 'error');
  return {
    kind: cache.kind,
    async getMany<T>(keys: readonly string[]): Promise<(T | null)[]> {
      let values: (T | null)[];
      try {
        values = await cache.getMany<T>(keys);
      } catch (failure) {
        error.inc(keys.length);
        throw failure;
      }
      const hits = values.reduce((n, value) => (value === null ? n : n + 1), 0);
      if (hits > 0) hit.inc(hits);
      if (hits < values.length) miss.inc(values.length - hits);
      return values;
    },
    offerMany: (entries, ttlSeconds) => cache.offerMany(entries, ttlSeconds),
    delete: (keys) => cache.delete(keys),
    ping: () => cache.ping(),
    close: () => cache.close(),
  };
}
