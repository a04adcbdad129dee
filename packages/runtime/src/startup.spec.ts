import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { isServiceUrl } from './config.js';
import { connectAtStartup, redactUrl, StartupError } from './startup.js';

const lines: Record<string, unknown>[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
const target = { variable: 'DATABASE_URL_POSTS', what: 'PostgreSQL', address: 'postgresql://u@db:5432/posts' };

describe(connectAtStartup.name, () => {
  it('retries a failing dependency until it answers, logging the variable each time', async () => {
    let calls = 0;
    const result = await connectAtStartup(
      target,
      async () => {
        calls += 1;
        if (calls < 3) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        return 'connected';
      },
      { timeoutMs: 10_000, logger },
    );
    expect(result).toBe('connected');
    expect(calls).toBe(3);
    expect(lines.slice(-2)).toEqual([
      expect.objectContaining({ variable: 'DATABASE_URL_POSTS', attempt: 1, retryInMs: 250 }),
      expect.objectContaining({ variable: 'DATABASE_URL_POSTS', attempt: 2, retryInMs: 500 }),
    ]);
  });

  it('gives up after the timeout with a StartupError naming the variable, the address and the last reason', async () => {
    const failing = connectAtStartup(target, () => Promise.reject(new Error('connect ECONNREFUSED')), {
      timeoutMs: 300,
      logger,
    });
    await expect(failing).rejects.toBeInstanceOf(StartupError);
    await expect(failing).rejects.toThrow(
      /^Cannot reach PostgreSQL at postgresql:\/\/u@db:5432\/posts \(DATABASE_URL_POSTS\) after \d+ attempts in 0 s: connect ECONNREFUSED$/,
    );
  });

  it('reports a permanent failure at once', async () => {
    let calls = 0;
    const failing = connectAtStartup(
      target,
      async () => {
        calls += 1;
        throw Object.assign(new Error('password authentication failed'), { code: '28P01' });
      },
      { timeoutMs: 10_000, logger, permanent: (error) => (error as { code: string }).code === '28P01' },
    );
    await expect(failing).rejects.toThrow(
      'Cannot use PostgreSQL at postgresql://u@db:5432/posts (DATABASE_URL_POSTS): password authentication failed',
    );
    expect(calls).toBe(1);
  });
});

describe(redactUrl.name, () => {
  it('drops the password and keeps everything an operator needs to find the service', () => {
    expect(redactUrl('postgresql://shutter:secret@db:5432/posts?sslmode=require')).toBe(
      'postgresql://shutter@db:5432/posts?sslmode=require',
    );
    expect(redactUrl('redis://:secret@cache:6379')).toBe('redis://cache:6379');
    expect(redactUrl('postgres://[bad')).toBe('(unparseable URL)');
  });
});

describe(isServiceUrl.name, () => {
  it.each([
    ['postgresql://u:p@db:5432/x', true],
    ['postgres://db/x', true],
    ['postgres://[bad', false],
    ['postgres://', false],
    ['mysql://db/x', false],
    ['db:5432', false],
  ])('%s → %s for PostgreSQL', (value, expected) => {
    expect(isServiceUrl(value, ['postgres', 'postgresql'])).toBe(expected);
  });
});
