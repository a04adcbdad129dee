import { afterEach, describe, expect, it, jest } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { identitySigner, signIdentity, verifyIdentity } from './identity.js';

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

  it('is a standard JWT: jsonwebtoken verifies what we sign, claims and header included', () => {
    const token = signIdentity({ userId: 'u1', role: 'MODERATOR', requestId: 'r5' }, SECRET);
    const decoded = jwt.verify(token, SECRET, {
      algorithms: ['HS256'],
      issuer: 'shutter-gateway',
      audience: 'shutter-subgraph',
      complete: true,
    });
    expect(decoded.header).toEqual({ alg: 'HS256', typ: 'shutter-identity+jwt' });
    const payload = decoded.payload as jwt.JwtPayload;
    expect(payload).toMatchObject({ sub: 'u1', role: 'MODERATOR', rid: 'r5' });
    expect(payload.exp! - payload.iat!).toBe(60);
  });

  const signed = (
    claims: Record<string, unknown>,
    options: jwt.SignOptions = {},
    header: Record<string, unknown> = { alg: 'HS256', typ: 'shutter-identity+jwt' },
  ) =>
    jwt.sign(
      claims,
      SECRET,
      // An option given as undefined is left out (jsonwebtoken refuses undefined values).
      Object.fromEntries(
        Object.entries({
          algorithm: 'HS256',
          issuer: 'shutter-gateway',
          audience: 'shutter-subgraph',
          expiresIn: 60,
          ...options,
          header,
        }).filter(([, value]) => value !== undefined),
      ) as jwt.SignOptions,
    );

  it('accepts another encoding of the same header (key order, a kid)', () => {
    const token = signed({ rid: 'r6' }, {}, { typ: 'shutter-identity+jwt', alg: 'HS256', kid: 'k1' });
    expect(verifyIdentity(token, SECRET)).toEqual({ userId: null, role: null, requestId: 'r6' });
  });

  it('refuses expired, not-yet-valid, never-expiring, foreign or malformed identities', () => {
    const now = Math.floor(Date.now() / 1000);
    const refused = [
      signed({ rid: 'r', exp: now - 1 }, { expiresIn: undefined }),
      signed({ rid: 'r', exp: now }, { expiresIn: undefined }),
      signed({ rid: 'r' }, { notBefore: 30 }),
      signed({ rid: 'r' }, { expiresIn: undefined }),
      signed({ rid: 'r' }, { issuer: 'someone-else' }),
      signed({ rid: 'r' }, { audience: 'shutter-api' }),
      signed({ rid: 'r' }, {}, { alg: 'HS256', typ: 'JWT' }),
      signed({ rid: 'r' }, {}, { alg: 'HS256', typ: 'shutter-identity+jwt', crit: ['exp'] }),
      jwt.sign({ rid: 'r' }, SECRET, {
        algorithm: 'HS512',
        issuer: 'shutter-gateway',
        audience: 'shutter-subgraph',
        expiresIn: 60,
        header: { alg: 'HS512', typ: 'shutter-identity+jwt' },
      }),
      signed({ rid: 7 }),
      signed({ rid: 'r', sub: 'u1', role: 'ROOT' }),
      signed({ rid: 'r', sub: 42, role: 'USER' }),
    ];
    for (const token of refused) expect(verifyIdentity(token, SECRET)).toBeNull();

    const good = signIdentity({ userId: 'u1', role: 'USER', requestId: 'r' }, SECRET);
    const [header, payload, signature] = good.split('.') as [string, string, string];
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'shutter-identity+jwt' })).toString('base64url');
    for (const token of [
      `${none}.${payload}.`,
      `${header}.${payload}`,
      `${header}.${payload}.${signature}.x`,
      `${header}.${payload}.${signature.slice(0, -2)}`,
      `${header}.${payload}.${signature}A`,
      `${header}.not-json.${signature}`,
      'garbage',
    ]) {
      expect(verifyIdentity(token, SECRET)).toBeNull();
    }
    // A signature made over other bytes (the payload re-encoded) does not carry over.
    const reencoded = Buffer.from(Buffer.from(payload, 'base64url').toString('utf8') + ' ').toString('base64url');
    expect(verifyIdentity(`${header}.${reencoded}.${signature}`, SECRET)).toBeNull();
  });
});

describe(identitySigner.name, () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('reuses one token per viewer for 30 s, names no request, and the token verifies as that viewer', () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T12:00:00Z') });
    const sign = identitySigner(SECRET);
    const alice = sign({ userId: 'u1', role: 'USER' });
    expect(sign({ userId: 'u1', role: 'USER' })).toBe(alice);
    // Another account, another role, nobody: each its own token.
    const others = [
      sign({ userId: 'u2', role: 'USER' }),
      sign({ userId: 'u1', role: 'ADMIN' }),
      sign({ userId: null, role: null }),
    ];
    expect(new Set([alice, ...others]).size).toBe(4);
    expect(verifyIdentity(alice, SECRET)).toEqual({ userId: 'u1', role: 'USER', requestId: '' });
    expect(verifyIdentity(others[1], SECRET)).toEqual({ userId: 'u1', role: 'ADMIN', requestId: '' });
    expect(verifyIdentity(others[2], SECRET)).toEqual({ userId: null, role: null, requestId: '' });
    expect((jwt.decode(alice) as jwt.JwtPayload).rid).toBeUndefined();
    // Half its lifetime later a new one is made: a reused token always has 30 s left.
    jest.advanceTimersByTime(29_999);
    expect(sign({ userId: 'u1', role: 'USER' })).toBe(alice);
    jest.advanceTimersByTime(1);
    const renewed = sign({ userId: 'u1', role: 'USER' });
    expect(renewed).not.toBe(alice);
    expect((jwt.decode(renewed) as jwt.JwtPayload).iat).toBe((jwt.decode(alice) as jwt.JwtPayload).iat! + 30);
  });

  it('verifies a repeated token from memory only while it is valid, and only for its own secret', () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T12:00:00Z') });
    const token = identitySigner(SECRET)({ userId: 'u3', role: 'USER' });
    const first = verifyIdentity(token, SECRET);
    expect(first).toEqual({ userId: 'u3', role: 'USER', requestId: '' });
    // Each caller gets its own viewer (a subgraph fills in the request id).
    first!.requestId = 'mine';
    expect(verifyIdentity(token, SECRET)).toEqual({ userId: 'u3', role: 'USER', requestId: '' });
    expect(verifyIdentity(token, 'b'.repeat(32))).toBeNull();
    jest.advanceTimersByTime(59_999);
    expect(verifyIdentity(token, SECRET)).not.toBeNull();
    jest.advanceTimersByTime(1);
    expect(verifyIdentity(token, SECRET)).toBeNull();
  });
});
