import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryCache, RedisCache, type VersionedCache } from '../../src/index.js';

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: the jest globalSetup should have started Redis.');
  return url;
}

describe.each(['memory', 'redis'] as const)('the %s cache', (kind) => {
  let cache: VersionedCache;
  beforeAll(() => {
    cache = kind === 'redis' ? new RedisCache(redisUrl(), `test:${randomUUID()}:`) : new MemoryCache();
  });
  afterAll(async () => {
    await cache.close();
  });
  const key = () => `k:${randomUUID()}`;

  it('returns what was offered, and null for unknown keys, in key order', async () => {
    const [a, b] = [key(), key()];
    await cache.offerMany([{ key: a, version: 1, value: { name: 'a' } }], 60);
    expect(await cache.getMany([b, a])).toEqual([null, { name: 'a' }]);
  });

  it('keeps the newer version when an older one is offered later (a slow reader cannot undo a write)', async () => {
    const k = key();
    await cache.offerMany([{ key: k, version: 2, value: 'written' }], 60);
    await cache.offerMany([{ key: k, version: 1, value: 'stale read' }], 60);
    expect(await cache.getMany([k])).toEqual(['written']);
    await cache.offerMany([{ key: k, version: 3, value: 'newer' }], 60);
    expect(await cache.getMany([k])).toEqual(['newer']);
  });

  it('forgets entries after their time to live', async () => {
    const k = key();
    await cache.offerMany([{ key: k, version: 1, value: 'short' }], 1);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await cache.getMany([k])).toEqual([null]);
  });

  it('deletes entries', async () => {
    const k = key();
    await cache.offerMany([{ key: k, version: 1, value: 'x' }], 60);
    await cache.delete([k]);
    expect(await cache.getMany([k])).toEqual([null]);
  });

  it('answers a batch of many keys in one call', async () => {
    const keys = Array.from({ length: 50 }, key);
    await cache.offerMany(
      keys.map((k, i) => ({ key: k, version: 1, value: i })),
      60,
    );
    expect(await cache.getMany(keys)).toEqual(keys.map((_, i) => i));
  });
});

it('two clients of one Redis see each other’s writes (replicas share the cache)', async () => {
  const prefix = `test:${randomUUID()}:`;
  const [a, b] = [new RedisCache(redisUrl(), prefix), new RedisCache(redisUrl(), prefix)];
  try {
    await a.offerMany([{ key: 'p', version: 1, value: 'old' }], 60);
    expect(await b.getMany(['p'])).toEqual(['old']);
    await b.offerMany([{ key: 'p', version: 2, value: 'new' }], 60);
    expect(await a.getMany(['p'])).toEqual(['new']);
  } finally {
    await a.close();
    await b.close();
  }
});
