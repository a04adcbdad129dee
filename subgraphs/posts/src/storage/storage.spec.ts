import { describe, expect, it } from '@jest/globals';
import { READ_URL_TTL_SECONDS, READ_URL_WINDOW_SECONDS, ReadUrlCache, readUrlWindow } from './storage.js';

it('gives every read signed within one window the same signing time and expiry, at least the TTL away', () => {
  const start = Date.UTC(2026, 10, 30, 12, 0, 0);
  const first = readUrlWindow(start);
  for (const later of [1, 59_000, (READ_URL_WINDOW_SECONDS - 1) * 1000]) {
    expect(readUrlWindow(start + later)).toEqual(first);
    expect(first.expiresAt).toBeGreaterThanOrEqual((start + later) / 1000 + READ_URL_TTL_SECONDS);
  }
  expect(first.signedAt).toBeLessThanOrEqual(start / 1000);
  const next = readUrlWindow(start + READ_URL_WINDOW_SECONDS * 1000);
  expect(next.signedAt).toBe(first.signedAt + READ_URL_WINDOW_SECONDS);
  expect(next.expiresAt).toBe(first.expiresAt + READ_URL_WINDOW_SECONDS);
});

describe(ReadUrlCache.name, () => {
  const start = Date.UTC(2026, 10, 30, 12, 0, 0);
  const signer = () => {
    const calls: string[] = [];
    const sign = (key: string) => (window: { signedAt: number }) => {
      calls.push(key);
      return `${key}@${window.signedAt}#${calls.length}`;
    };
    return { calls, sign };
  };

  it('signs a key once per window and per type, and again in the next window', async () => {
    const cache = new ReadUrlCache();
    const { calls, sign } = signer();
    const first = await cache.get('m/a', 'image/png', sign('m/a'), start);
    expect(await cache.get('m/a', 'image/png', sign('m/a'), start + 60_000)).toBe(first);
    expect(await cache.get('m/a', 'image/jpeg', sign('m/a'), start)).not.toBe(first);
    expect(await cache.get('m/b', 'image/png', sign('m/b'), start)).not.toBe(first);
    expect(calls).toEqual(['m/a', 'm/a', 'm/b']);
    const next = await cache.get('m/a', 'image/png', sign('m/a'), start + READ_URL_WINDOW_SECONDS * 1000);
    expect(next).toBe(`m/a@${readUrlWindow(start).signedAt + READ_URL_WINDOW_SECONDS}#4`);
  });

  it('forgets a signing that failed, and keeps at most its bound of URLs', async () => {
    const cache = new ReadUrlCache(2);
    const { calls, sign } = signer();
    await expect(cache.get('m/a', 'image/png', () => Promise.reject(new Error('no credentials')), start)).rejects.toThrow(
      'no credentials',
    );
    expect(await cache.get('m/a', 'image/png', sign('m/a'), start)).toBe(`m/a@${readUrlWindow(start).signedAt}#1`);
    await cache.get('m/b', 'image/png', sign('m/b'), start);
    await cache.get('m/c', 'image/png', sign('m/c'), start);
    await cache.get('m/a', 'image/png', sign('m/a'), start);
    expect(calls).toEqual(['m/a', 'm/b', 'm/c', 'm/a']);
  });
});
