import { describe, expect, it } from '@jest/globals';
import { generateSigningKeyPair } from '@shutter/runtime';
import { loadGatewayConfig } from './env.js';
import { parseRate } from './rate-limit-config.js';

const required = {
  INTERNAL_IDENTITY_SECRET: 's'.repeat(32),
  AUTH_JWT_PUBLIC_JWKS: generateSigningKeyPair('k').publicJwks,
};

describe(parseRate.name, () => {
  it.each([
    ['10/15m', { points: 10, durationSeconds: 900 }],
    ['5/30s', { points: 5, durationSeconds: 30 }],
    ['300000/1h', { points: 300_000, durationSeconds: 3_600 }],
    ['1/1d', { points: 1, durationSeconds: 86_400 }],
    ['off', null],
  ])('should read %s', (text, rate) => {
    expect(parseRate(text)).toEqual(rate);
  });

  it.each(['10', '10/15', '0/1m', '10/0s', '10/15x', '-1/1m', '1.5/1m'])('should refuse %s', (text) => {
    expect(() => parseRate(text)).toThrow();
  });
});

describe('rate limits in the gateway configuration', () => {
  it('should read each limit from its variable and default the others', () => {
    const config = loadGatewayConfig({
      ...required,
      RATE_LIMIT_LOGIN_PER_ACCOUNT: '3/1m',
      RATE_LIMIT_CHANGE_PASSWORD_PER_ADDRESS: 'off',
    });
    expect(config.rateLimits!.mutations.login).toEqual({
      perAccount: { points: 3, durationSeconds: 60 },
      perAddress: { points: 100, durationSeconds: 900 },
    });
    expect(config.rateLimits!.mutations.changePassword.perAddress).toBeNull();
    expect(config.trustProxy).toBe(false);
    expect(config.redisUrl).toBeUndefined();
  });

  it('should turn every limit off with RATE_LIMITS=off', () => {
    expect(loadGatewayConfig({ ...required, RATE_LIMITS: 'off' }).rateLimits).toBeNull();
  });

  it('should refuse to start with a malformed limit or proxy setting, naming the variable', () => {
    expect(() =>
      loadGatewayConfig({ ...required, RATE_LIMIT_REGISTER_PER_ADDRESS: '20 per hour', TRUST_PROXY: 'yes' }),
    ).toThrow(/RATE_LIMIT_REGISTER_PER_ADDRESS[\s\S]*TRUST_PROXY|TRUST_PROXY[\s\S]*RATE_LIMIT_REGISTER_PER_ADDRESS/);
  });
});
