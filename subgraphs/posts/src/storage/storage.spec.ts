import { expect, it } from '@jest/globals';
import { READ_URL_TTL_SECONDS, READ_URL_WINDOW_SECONDS, readUrlWindow } from './storage.js';

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
