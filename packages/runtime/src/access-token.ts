import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { Role } from './identity.js';

/**
 * Access tokens: short-lived ES256 JWTs issued by the users subgraph and verified by the gateway.
 * The algorithm is pinned (no `alg: none`, no HS/RS confusion), issuer, audience and token type
 * are checked, and the `kid` header selects the public key so keys can be rotated.
 */
export const ACCESS_TOKEN = {
  algorithm: 'ES256',
  issuer: 'shutter-users',
  audience: 'shutter-api',
  type: 'at+jwt',
} as const;

export interface SigningKey {
  kid: string;
  key: KeyObject;
}

export interface AccessTokenClaims {
  userId: string;
  role: Role;
}

const privateJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  kid: z.string().min(1),
  x: z.string(),
  y: z.string(),
  d: z.string(),
});
const publicJwkSchema = privateJwkSchema.omit({ d: true });

/** Parses AUTH_JWT_PRIVATE_JWK: one EC P-256 private JWK with a `kid`. */
export function parsePrivateJwk(json: string): SigningKey {
  const jwk = privateJwkSchema.parse(JSON.parse(json));
  return { kid: jwk.kid, key: createPrivateKey({ key: jwk, format: 'jwk' }) };
}

/** Parses AUTH_JWT_PUBLIC_JWKS: a JWK set (`{"keys":[…]}`); old keys stay listed while tokens signed with them live. */
export function parsePublicJwks(json: string): Map<string, KeyObject> {
  const set = z.object({ keys: z.array(publicJwkSchema.passthrough()).min(1) }).parse(JSON.parse(json));
  return new Map(
    set.keys.map((jwk) => {
      const { kty, crv, x, y } = jwk;
      return [jwk.kid, createPublicKey({ key: { kty, crv, x, y }, format: 'jwk' })];
    }),
  );
}

/** Generates a fresh key pair as JWK strings (development and tests; production keys come from config). */
export function generateSigningKeyPair(kid: string): { privateJwk: string; publicJwks: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const priv = privateKey.export({ format: 'jwk' });
  const pub = publicKey.export({ format: 'jwk' });
  return {
    privateJwk: JSON.stringify({ ...priv, kid }),
    publicJwks: JSON.stringify({ keys: [{ ...pub, kid, use: 'sig', alg: ACCESS_TOKEN.algorithm }] }),
  };
}

export function signAccessToken(
  claims: AccessTokenClaims,
  key: SigningKey,
  ttlSeconds: number,
): { token: string; expiresAt: Date } {
  const token = jwt.sign({ role: claims.role }, key.key, {
    algorithm: ACCESS_TOKEN.algorithm,
    keyid: key.kid,
    subject: claims.userId,
    issuer: ACCESS_TOKEN.issuer,
    audience: ACCESS_TOKEN.audience,
    expiresIn: ttlSeconds,
    header: { alg: ACCESS_TOKEN.algorithm, typ: ACCESS_TOKEN.type, kid: key.kid },
  });
  return { token, expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
}

// `exp` is required: jsonwebtoken checks it only when present, and a token without one never expires.
const claimsSchema = z.object({ sub: z.string().min(1), role: z.enum(Role), exp: z.number().finite() });

/** Returns the claims of a valid access token, or null for anything else (expired, forged, wrong kind). */
export function verifyAccessToken(token: string, keys: Map<string, KeyObject>): AccessTokenClaims | null {
  return verifyWithExpiry(token, keys)?.claims ?? null;
}

/** A JWS in compact form: three base64url segments (the signature's may be empty: then it is refused). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** `verifyAccessToken` with the token's expiry (seconds since the epoch), e.g. to end a socket then. */
export function verifyWithExpiry(
  token: string,
  keys: Map<string, KeyObject>,
): { claims: AccessTokenClaims; exp: number } | null {
  if (!COMPACT_JWS.test(token)) return null;
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload === 'string') return null;
  const { kid, typ, alg } = decoded.header;
  if (alg !== ACCESS_TOKEN.algorithm || typ !== ACCESS_TOKEN.type || !kid) return null;
  const key = keys.get(kid);
  if (!key) return null;
  try {
    const payload = jwt.verify(token, key, {
      algorithms: [ACCESS_TOKEN.algorithm],
      issuer: ACCESS_TOKEN.issuer,
      audience: ACCESS_TOKEN.audience,
    });
    const claims = claimsSchema.safeParse(payload);
    return claims.success
      ? { claims: { userId: claims.data.sub, role: claims.data.role }, exp: claims.data.exp }
      : null;
  } catch {
    return null;
  }
}

/**
 * `verifyAccessToken` that remembers the tokens it verified until they expire. A client sends the
 * same access token with every request for its whole lifetime, and an ES256 verification is the
 * gateway's dearest step per request after the subgraph calls (issue 10 profile). The cache is keyed
 * by the whole token, holds only valid ones (a forged token is verified, and refused, every time)
 * and forgets each at its `exp`, so it answers exactly what verification would.
 */
export function cachedAccessTokenVerifier(
  keys: Map<string, KeyObject>,
  { maxTokens = 10_000 }: { maxTokens?: number } = {},
): (token: string) => AccessTokenClaims | null {
  const verified = new LRUCache<string, { claims: AccessTokenClaims; exp: number }>({ max: maxTokens });
  return (token) => {
    const now = Date.now();
    const known = verified.get(token);
    if (known) {
      if (known.exp * 1000 > now) return known.claims;
      verified.delete(token);
      return null;
    }
    const result = verifyWithExpiry(token, keys);
    if (result) verified.set(token, result);
    return result?.claims ?? null;
  };
}
