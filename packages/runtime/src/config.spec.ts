import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ConfigError, parseEnv, port, postgresUrl, secret } from './config.js';

describe(parseEnv.name, () => {
  const schema = z.object({ PORT: port(4000), DATABASE_URL: postgresUrl(), SECRET: secret() });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      parseEnv(schema, { PORT: 'eighty', DATABASE_URL: 'mysql://x', SECRET: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT:/);
    expect(message).toMatch(/DATABASE_URL: must be a postgres/);
    expect(message).toMatch(/SECRET: must be at least 32 characters/);
  });

  it('applies defaults and treats empty strings as unset', () => {
    const env = parseEnv(schema, { PORT: '', DATABASE_URL: 'postgres://h/db', SECRET: 'x'.repeat(32) });
    expect(env.PORT).toBe(4000);
  });
});
