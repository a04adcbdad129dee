import { describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { signIdentity, verifyIdentity } from './identity.js';

const SECRET = 'a'.repeat(32);

describe(verifyIdentity.name, () => {
  it('round-trips a signed-in viewer and an anonymous one', () => {
    const viewer = { userId: 'u1', role: 'ADMIN' as const, requestId: 'r1' };
    expect(verifyIdentity(signIdentity(viewer, SECRET), SECRET)).toEqual(viewer);
    const anonymous = { userId: null, role: null, requestId: 'r2' };
    expect(verifyIdentity(signIdentity(anonymous, SECRET), SECRET)).toEqual(anonymous);
  });

  it('rejects a missing, tampered or foreign-signed identity', () => {
    const token = signIdentity({ userId: 'u1', role: 'USER', requestId: 'r' }, SECRET);
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(JSON.stringify({ sub: 'u2', role: 'ADMIN', rid: 'r' })).toString('base64url');
    expect(verifyIdentity(undefined, SECRET)).toBeNull();
    expect(verifyIdentity(`${header}.${payload}.${signature}`, SECRET)).toBeNull();
    expect(verifyIdentity(token, 'b'.repeat(32))).toBeNull();
  });

  it('accepts an identity signed with the secret as a string, as before keys were made once (rolling deploys)', () => {
    const token = jwt.sign({ sub: 'u1', role: 'USER', rid: 'r3' }, SECRET, {
      algorithm: 'HS256',
      issuer: 'shutter-gateway',
      audience: 'shutter-subgraph',
      expiresIn: 60,
      header: { alg: 'HS256', typ: 'shutter-identity+jwt' },
    });
    expect(verifyIdentity(token, SECRET)).toEqual({ userId: 'u1', role: 'USER', requestId: 'r3' });
    expect(jwt.verify(signIdentity({ userId: 'u1', role: 'USER', requestId: 'r4' }, SECRET), SECRET)).toMatchObject({
      sub: 'u1',
    });
  });
});
