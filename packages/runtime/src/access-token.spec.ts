import { describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import {
  ACCESS_TOKEN,
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
