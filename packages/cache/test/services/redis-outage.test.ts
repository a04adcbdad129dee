import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, FlakyProxy } from '@shutter/testing';
import { RedisCache } from '../../src/index.js';

function redisUrl(): URL {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: the jest globalSetup should have started Redis.');
  return new URL(url);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function elapsed(promise: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e ?? new Error('rejected without a reason'),
  );
  return { ms: performance.now() - started, error };
}

describe('the redis cache during an outage', () => {
  const proxy = new FlakyProxy(redisUrl());
  let cache: RedisCache;
  beforeAll(async () => {
    await proxy.start();
    cache = new RedisCache(proxy.url, `test:${randomUUID()}:`);
  });
  afterAll(async () => {
    await cache.close();
    await proxy.stop().catch(() => undefined);
  });
  const works = async () => {
    await cache.offerMany([{ key: 'k', version: 1, value: 'v' }], 60);
    return (await cache.getMany(['k']))[0] === 'v';
  };

  it('refuses at once while Redis is stopped, and recovers when it is back', async () => {
    expect(await works()).toBe(true);
    await proxy.stop();
    // The first call may meet the connection as it breaks; from then on the cache knows.
    await cache.getMany(['k']).catch(() => undefined);
    for (const call of [
      () => cache.getMany(['k']),
      () => cache.offerMany([{ key: 'k', version: 2, value: 'w' }], 60),
      () => cache.delete(['k']),
    ]) {
      const { ms, error } = await elapsed(call());
      expect(error).toBeInstanceOf(Error);
      expect(ms).toBeLessThan(250);
    }
    await proxy.start();
    await eventually(
      () => works().catch(() => false),
      () => 'the cache did not recover after Redis came back',
      10_000,
    );
  });

  it.each([
    ['freezes', () => proxy.freeze()],
    ['loses every byte (half-open)', () => proxy.drop()],
  ])(
    'gives up within the timeout on a Redis that %s, refuses at once while it is silent, and recovers',
    async (_, outage) => {
      expect(await works()).toBe(true);
      outage();
      const first = await elapsed(cache.getMany(['k']));
      expect(first.error).toBeInstanceOf(Error);
      expect(first.ms).toBeGreaterThan(900);
      expect(first.ms).toBeLessThan(2_000);
      const next = await elapsed(cache.getMany(['k']));
      expect(next.error).toBeInstanceOf(Error);
      expect(next.ms).toBeLessThan(250);
      // Long enough for the replacement connection's handshake to be frozen or lost as well.
      await sleep(300);
      proxy.restore();
      await eventually(
        () => works().catch(() => false),
        () => 'the cache did not recover after Redis answered again',
        15_000,
      );
    },
  );

  it('closes promptly while a command waits for a Redis that does not answer', async () => {
    const other = new RedisCache(proxy.url, `test:${randomUUID()}:`);
    expect(await other.getMany(['k'])).toEqual([null]);
    proxy.freeze();
    try {
      const pending = elapsed(other.getMany(['k']));
      await sleep(100); // the command is on the wire
      const closing = await elapsed(other.close());
      expect(closing.error).toBeUndefined();
      expect(closing.ms).toBeLessThan(2_000);
      expect((await pending).error).toBeInstanceOf(Error);
    } finally {
      proxy.restore();
    }
  });
});

it('a cache on a Redis that is not there rejects quickly, never throws synchronously, and closes', async () => {
  const cache = new RedisCache('redis://127.0.0.1:9');
  let call: Promise<unknown> | undefined;
  expect(() => {
    call = cache.getMany(['k']);
  }).not.toThrow();
  const first = await elapsed(call!);
  expect(first.error).toBeInstanceOf(Error);
  expect(first.ms).toBeLessThan(1_500);
  const next = await elapsed(cache.offerMany([{ key: 'k', version: 1, value: 1 }], 60));
  expect(next.error).toBeInstanceOf(Error);
  expect(next.ms).toBeLessThan(250);
  const closing = await elapsed(cache.close());
  expect(closing.error).toBeUndefined();
  expect(closing.ms).toBeLessThan(250);
});
