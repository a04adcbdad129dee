import { afterEach, describe, expect, it, jest } from '@jest/globals';
import jwt from 'jsonwebtoken';
import {
  ACCESS_TOKEN,
  cachedAccessTokenVerifier,
  generateSigningKeyPair,
  parsePrivateJwk,
  parsePublicJwks,
  verifyAccessToken,
} from './access-token.js';

const pair = generateSigningKeyPair('k1');
const signingKey = parsePrivateJwk(pair.privateJwk);
const keys = parsePublicJwks(pair.publicJwks);
const USER_ID = '00000000-0000-7000-8000-000000000001';

/** A token signed with the right key, algorithm, issuer, audience and type; only its claims vary. */
function signed(payload: Record<string, unknown>): string {
  // As a string, the payload is signed as given (jsonwebtoken would refuse a malformed exp).
  return jwt.sign(JSON.stringify(payload), signingKey.key, {
    algorithm: ACCESS_TOKEN.algorithm,
    header: { alg: ACCESS_TOKEN.algorithm, typ: ACCESS_TOKEN.type, kid: signingKey.kid },
  });
}
const claims = { sub: USER_ID, role: 'USER', iss: ACCESS_TOKEN.issuer, aud: ACCESS_TOKEN.audience };

describe(verifyAccessToken.name, () => {
  it('should refuse a correctly signed token without exp (it would never expire) and accept the same one with exp', () => {
    const exp = Math.floor(Date.now() / 1000) + 60;
    expect(verifyAccessToken(signed({ ...claims, exp }), keys)).toEqual({ userId: USER_ID, role: 'USER' });
    expect(verifyAccessToken(signed(claims), keys)).toBeNull();
  });
});

describe(cachedAccessTokenVerifier.name, () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('should answer exactly what verification answers: claims for valid tokens, null for forged ones, every time', () => {
    const verify = cachedAccessTokenVerifier(keys);
    const exp = Math.floor(Date.now() / 1000) + 60;
    const valid = signed({ ...claims, exp });
    const forged = `${valid.slice(0, -4)}AAAA`;
    for (let i = 0; i < 3; i += 1) {
      expect(verify(valid)).toEqual({ userId: USER_ID, role: 'USER' });
      expect(verify(forged)).toBeNull();
      expect(verify(signed(claims))).toBeNull();
      // Only the token itself: not one with anything around or inside it.
      for (const altered of [` ${valid}`, `${valid} `, `${valid}\n`, valid.replace('.', '. '), `${valid}.x`]) {
        expect(verify(altered)).toBeNull();
      }
    }
  });

  it('should stop accepting a remembered token once it expires', () => {
    jest.useFakeTimers({ now: new Date('2026-11-30T12:00:00Z') });
    const verify = cachedAccessTokenVerifier(keys);
    const token = signed({ ...claims, exp: Math.floor(Date.now() / 1000) + 60 });
    expect(verify(token)).toEqual({ userId: USER_ID, role: 'USER' });
    jest.setSystemTime(new Date('2026-11-30T12:00:59Z'));
    expect(verify(token)).toEqual({ userId: USER_ID, role: 'USER' });
    jest.setSystemTime(new Date('2026-11-30T12:01:00Z'));
    expect(verify(token)).toBeNull();
    expect(verify(token)).toBeNull();
  });

  it('should keep at most maxTokens and still verify the ones it forgot', () => {
    const verify = cachedAccessTokenVerifier(keys, { maxTokens: 2 });
    const exp = Math.floor(Date.now() / 1000) + 60;
    const tokens = [1, 2, 3].map((n) => signed({ ...claims, exp, n }));
    for (const token of [...tokens, ...tokens]) expect(verify(token)).toEqual({ userId: USER_ID, role: 'USER' });
  });
});
