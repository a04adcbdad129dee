import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@shutter/testing';
import { RedisCache } from '../../src/index.js';

function redisUrl(): URL {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: the jest globalSetup should have started Redis.');
  return new URL(url);
}

/**
 * A TCP proxy in front of the test Redis that plays outages: stopped (connections refused and cut,
 * like a crashed Redis), frozen (bytes held until thawed, like a paused process) or black-holed
 * (bytes lost, like a half-open connection).
 */
class FlakyProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private mode: 'pass' | 'freeze' | 'drop' = 'pass';
  private held: [net.Socket, Buffer][] = [];
  private port = 0;

  constructor(private readonly target: URL) {}

  get url(): string {
    const url = new URL(this.target);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  async start(): Promise<void> {
    const server = (this.server = net.createServer((client) => this.accept(client)));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  freeze(): void {
    this.mode = 'freeze';
  }

  drop(): void {
    this.mode = 'drop';
  }

  restore(): void {
    this.mode = 'pass';
    for (const [to, chunk] of this.held.splice(0)) if (!to.destroyed) to.write(chunk);
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(Number(this.target.port || 6379), this.target.hostname);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.on('data', (chunk) => {
        if (this.mode === 'pass') to.write(chunk);
        else if (this.mode === 'freeze') this.held.push([to, chunk]);
      });
      from.on('error', () => undefined);
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }
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
