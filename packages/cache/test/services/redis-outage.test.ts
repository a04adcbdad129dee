import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, FlakyProxy } from '@shutter/testing';
import { REDIS_COMMAND_TIMEOUT_MS, RedisCache } from '../../src/index.js';

// No wall-clock bounds here (a loaded CI machine stretches every timer): each case tells "gave up
// after the command timeout" from "refused without trying" by the error the cache answers with.
// A call that waited on a dead Redis for ever would meet jest's test timeout instead.

function redisUrl(): URL {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: the jest globalSetup should have started Redis.');
  return new URL(url);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error(`expected the call to fail with an Error, it settled with ${String(error)}`);
  return error;
}

/** The cache waited for a reply until its command timeout. */
const TIMED_OUT = new RegExp(`unavailable: no reply within ${REDIS_COMMAND_TIMEOUT_MS} ms`);
/** The cache knew Redis was unreachable and did not try. */
const REFUSED = /unavailable: not connected/;

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
  /** Each case starts on a healthy Redis, whatever the case before it left behind. */
  const healthy = async () => {
    proxy.restore();
    if (!proxy.running) await proxy.start();
    await eventually(
      () => works().catch(() => false),
      () => 'the cache did not work on a healthy Redis',
      15_000,
    );
  };

  it('refuses at once while Redis is stopped, and recovers when it is back', async () => {
    await healthy();
    try {
      await proxy.stop();
      // The first call may meet the connection as it breaks; from then on the cache knows.
      await cache.getMany(['k']).catch(() => undefined);
      for (const call of [
        () => cache.getMany(['k']),
        () => cache.offerMany([{ key: 'k', version: 2, value: 'w' }], 60),
        () => cache.delete(['k']),
      ]) {
        expect((await failure(call())).message).toMatch(REFUSED);
      }
    } finally {
      await proxy.start();
    }
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
    'gives up after the command timeout on a Redis that %s, then refuses at once while it is silent, and recovers',
    async (_, outage) => {
      await healthy();
      try {
        outage();
        expect((await failure(cache.getMany(['k']))).message).toMatch(TIMED_OUT);
        expect((await failure(cache.getMany(['k']))).message).toMatch(REFUSED);
        // Long enough for the replacement connection's handshake to be frozen or lost as well.
        await sleep(300);
      } finally {
        proxy.restore();
      }
      await eventually(
        () => works().catch(() => false),
        () => 'the cache did not recover after Redis answered again',
        15_000,
      );
    },
  );

  it('closes while a command waits for a Redis that does not answer, and fails that command', async () => {
    await healthy();
    const other = new RedisCache(proxy.url, `test:${randomUUID()}:`);
    expect(await other.getMany(['k'])).toEqual([null]);
    proxy.freeze();
    try {
      const pending = failure(other.getMany(['k']));
      await sleep(100); // the command is on the wire
      // Redis stays frozen until `finally`: a close that waited for its reply would never settle.
      await expect(other.close()).resolves.toBeUndefined();
      expect(await pending).toBeInstanceOf(Error);
    } finally {
      proxy.restore();
    }
  });
});

it('a cache on a Redis that is not there refuses without waiting, never throws synchronously, and closes', async () => {
  const cache = new RedisCache('redis://127.0.0.1:9');
  let call: Promise<unknown> | undefined;
  expect(() => {
    call = cache.getMany(['k']);
  }).not.toThrow();
  // The connection is refused: the cache says so rather than running into its timeout.
  expect((await failure(call!)).message).toMatch(REFUSED);
  expect((await failure(cache.offerMany([{ key: 'k', version: 1, value: 1 }], 60))).message).toMatch(REFUSED);
  await expect(cache.close()).resolves.toBeUndefined();
});
