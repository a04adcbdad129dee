import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from '@jest/globals';
import { metricsText } from '@shutter/runtime';
import { metricSum, parseMetrics } from '@shutter/testing';
import { createCache, type VersionedCache } from '../../src/index.js';

const caches: VersionedCache[] = [];
afterAll(async () => {
  await Promise.all(caches.map((cache) => cache.close()));
});

const lookups = async (cache: string, result: string) =>
  metricSum(parseMetrics((await metricsText()).body), 'shutter_cache_lookups_total', { cache, result });

it('counts hits and misses of the Redis cache createCache makes (the hit ratio of /metrics)', async () => {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: the jest globalSetup should have started Redis.');
  const cache = createCache(url, { name: 'redis-metrics-test', prefix: `test:${randomUUID()}:` });
  caches.push(cache);
  expect(cache.kind).toBe('redis');
  await cache.offerMany([{ key: 'warm', version: 1, value: { name: 'warm' } }], 60);
  expect(await cache.getMany(['warm', 'cold'])).toEqual([{ name: 'warm' }, null]);
  expect(await cache.getMany(['warm'])).toEqual([{ name: 'warm' }]);
  expect(await lookups('redis-metrics-test', 'hit')).toBe(2);
  expect(await lookups('redis-metrics-test', 'miss')).toBe(1);
});

it('counts the lookups of an unreachable Redis as errors', async () => {
  const cache = createCache('redis://127.0.0.1:9', { name: 'redis-metrics-down' });
  caches.push(cache);
  await expect(cache.getMany(['a', 'b', 'c'])).rejects.toThrow(/unavailable/);
  expect(await lookups('redis-metrics-down', 'error')).toBe(3);
});
