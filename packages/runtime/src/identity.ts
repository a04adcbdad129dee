import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Identity crosses the graph once: the gateway verifies the user's access token and forwards the
 * viewer to subgraphs as a short-lived token signed with a secret only our services hold. A
 * subgraph trusts nothing else: an unsigned or forged identity header gets no answer at all.
 */
export const IDENTITY_HEADER = 'x-shutter-identity';

/**
 * A batched call from the gateway (ADR 0029) is a JSON array of operations, each with its own
 * signed identity in this extension (and its request id in `requestId`); the header's identity
 * only admits the request.
 */
export const BATCH_IDENTITY = 'shutterIdentity';

/** Most operations one batched call may carry: the gateway splits larger turns, a subgraph refuses more. */
export const MAX_BATCH = 32;

export const Role = { USER: 'USER', MODERATOR: 'MODERATOR', ADMIN: 'ADMIN' } as const;
export type Role = (typeof Role)[keyof typeof Role];

export interface Viewer {
  /** null for an anonymous request. */
  userId: string | null;
  role: Role | null;
  /**
   * Request id assigned by the gateway, for correlating logs across services. Empty when a token
   * carries none (the gateway's reusable tokens): the subgraph then takes the `x-request-id` header.
   */
  requestId: string;
}

const ISSUER = 'shutter-gateway';
const AUDIENCE = 'shutter-subgraph';
// Long enough for a slow subgraph call chain, short enough that a leaked header is soon useless.
const IDENTITY_TTL_SECONDS = 60;

const ROLES = new Set<string>(Object.values(Role));
const TYPE = 'shutter-identity+jwt';

const secretKeys = new Map<string, KeyObject>();

/**
 * The HMAC key for a secret, made once per process: the gateway signs and every subgraph verifies
 * on every request (jsonwebtoken given a *string* even tried to parse it as an asymmetric key on
 * every call, ~470 µs each; `npm run bench:identity`).
 */
function secretKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    secretKeys.set(secret, key);
  }
  return key;
}

const base64url = (json: object) => Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');
// The header is the same on every token: encoded once (the bytes jsonwebtoken writes for it).
const HEADER = base64url({ alg: 'HS256', typ: TYPE });

const hmac = (secret: string, signingInput: string) =>
  createHmac('sha256', secretKey(secret)).update(signingInput).digest('base64url');

/**
 * The identity as a standard HS256 JWT (RFC 7519; jsonwebtoken and any JWT library verify it), made
 * by hand: the gateway signs one per request and each subgraph call verifies one, and jsonwebtoken's
 * generality (option validation with lodash per call, key-type checks, algorithm negotiation) cost
 * 4–8 % of a subgraph's CPU and 5 % of the gateway's in a split deployment (issue 10). The format is
 * ours and fixed: one algorithm, one key, one header, so signing is one HMAC and verifying is an
 * exact algorithm check, one constant-time comparison and the claims.
 */
export function signIdentity(viewer: Viewer, secret: string): string {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = viewer.requestId ? { rid: viewer.requestId } : {};
  if (viewer.userId && viewer.role) {
    claims.sub = viewer.userId;
    claims.role = viewer.role;
  }
  Object.assign(claims, { iat: now, exp: now + IDENTITY_TTL_SECONDS, aud: AUDIENCE, iss: ISSUER });
  const signingInput = `${HEADER}.${base64url(claims)}`;
  return `${signingInput}.${hmac(secret, signingInput)}`;
}

/** How long the gateway reuses a viewer's token: at least half of its lifetime remains for the call. */
const REUSE_MS = (IDENTITY_TTL_SECONDS / 2) * 1000;
const MAX_REMEMBERED = 10_000;

/**
 * Signs identities for the gateway, one token per viewer (account and role) reused for up to 30 s:
 * the token names no request (the request id travels in `x-request-id`), so the gateway makes one
 * HMAC per active viewer and half-minute instead of one per request (6–7 % of its CPU per `me` in
 * a split deployment, issue 10), and each subgraph verifies a repeated token once (`verifyIdentity`).
 * A token stays what it was: valid 60 s for one viewer, replayable within them by whoever holds it.
 */
export function identitySigner(secret: string): (viewer: Pick<Viewer, 'userId' | 'role'>) => string {
  const tokens = new Map<string, { token: string; until: number }>();
  return ({ userId, role }) => {
    const key = userId ? `${userId}:${role ?? ''}` : '';
    const now = Date.now();
    const known = tokens.get(key);
    if (known && now < known.until) return known.token;
    if (tokens.size >= MAX_REMEMBERED) tokens.clear();
    const token = signIdentity({ userId, role, requestId: '' }, secret);
    tokens.set(key, { token, until: now + REUSE_MS });
    return token;
  };
}

/** Tokens verified recently, by their exact text: a repeated token is not verified again. */
const verified = new Map<string, { secret: string; viewer: Viewer; exp: number }>();

const headersSeen = new Map<string, boolean>();

/** Whether a token header names HS256 and our type (and nothing we would have to understand). */
function acceptableHeader(encoded: string): boolean {
  if (encoded === HEADER) return true;
  let ok = headersSeen.get(encoded);
  if (ok === undefined) {
    const header = parseSegment(encoded);
    ok = header !== null && header.alg === 'HS256' && header.typ === TYPE && header.crit === undefined;
    // Another library's header bytes for the same thing (key order, a kid): remembered, a few at most.
    if (headersSeen.size < 16) headersSeen.set(encoded, ok);
  }
  return ok;
}

function parseSegment(encoded: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Returns the viewer, or null when the header is missing, forged, expired or malformed. A token
 * verified before (the same text, for the same secret) is only checked for its expiry again.
 */
export function verifyIdentity(token: string | undefined, secret: string): Viewer | null {
  if (!token) return null;
  const known = verified.get(token);
  if (known && known.secret === secret) {
    return Math.floor(Date.now() / 1000) < known.exp ? { ...known.viewer } : null;
  }
  const checked = checkIdentity(token, secret);
  if (!checked) return null;
  const { viewer, exp } = checked;
  // Only reusable tokens (no request id) are worth remembering.
  if (!viewer.requestId) {
    if (verified.size >= MAX_REMEMBERED) verified.clear();
    verified.set(token, { secret, viewer: { ...viewer }, exp });
  }
  return viewer;
}

function checkIdentity(token: string, secret: string): { viewer: Viewer; exp: number } | null {
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) return null;
  if (!acceptableHeader(token.slice(0, first))) return null;
  const expected = Buffer.from(hmac(secret, token.slice(0, second)));
  const given = Buffer.from(token.slice(second + 1));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = parseSegment(token.slice(first + 1, second));
  if (!claims) return null;
  const now = Math.floor(Date.now() / 1000);
  // exp is required: a token without one would never expire.
  if (typeof claims.exp !== 'number' || now >= claims.exp) return null;
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now)) return null;
  if (claims.iss !== ISSUER) return null;
  const audience = claims.aud;
  if (!(audience === AUDIENCE || (Array.isArray(audience) && audience.includes(AUDIENCE)))) return null;
  const { sub, role, rid } = claims;
  if ((rid !== undefined && !isString(rid)) || (sub !== undefined && !isString(sub))) return null;
  if (role !== undefined && !(isString(role) && ROLES.has(role))) return null;
  const viewer: Viewer = {
    userId: sub ?? null,
    role: sub ? ((role as Role | undefined) ?? null) : null,
    requestId: rid ?? '',
  };
  return { viewer, exp: claims.exp };
}
