import { describe, expect, it } from '@jest/globals';
import { metricsText } from '@shutter/runtime';
import { metricSum, parseMetrics } from '@shutter/testing/unit';
import type { VersionedCache } from './cache.js';
import { countLookups } from './counted-cache.js';
import { MemoryCache } from './memory-cache.js';

const lookups = async (cache: string, result: string) =>
  metricSum(parseMetrics((await metricsText()).body), 'shutter_cache_lookups_total', { cache, result });

describe(countLookups.name, () => {
  it('counts a hit or a miss per key looked up, and leaves the cache’s answers as they were', async () => {
    const cache = countLookups('spec-memory', new MemoryCache());
    await cache.offerMany([{ key: 'a', version: 1, value: 'A' }], 60);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual(['A', null, null]);
    expect(await cache.getMany(['a'])).toEqual(['A']);
    expect(await lookups('spec-memory', 'hit')).toBe(2);
    expect(await lookups('spec-memory', 'miss')).toBe(2);
  });

  it('counts every key of a lookup the cache could not answer as an error, and rethrows', async () => {
    const down = { getMany: async () => Promise.reject(new Error('unreachable')) } as unknown as VersionedCache;
    await expect(countLookups('spec-down', down).getMany(['a', 'b'])).rejects.toThrow('unreachable');
    expect(await lookups('spec-down', 'error')).toBe(2);
    expect(await lookups('spec-down', 'miss')).toBe(0);
  });
});
