import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IDENTITY_HEADER, parsePrivateJwk, signIdentity } from '@shutter/runtime';
import { codes, gql } from '@shutter/testing';
import jwt from 'jsonwebtoken';
import { registerUser, startTestSupergraph, type TestSupergraph } from '../support/supergraph.js';

const ME = `{ me { id } }`;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

let graph: TestSupergraph;
let usersUrl: string;
beforeAll(async () => {
  graph = await startTestSupergraph({
    ADMIN_EMAIL: 'root@example.com',
    ADMIN_USERNAME: 'root',
    ADMIN_PASSWORD: 'bootstrap admin passphrase',
  });
  usersUrl = `${graph.stack.subgraphs.users!.url}/graphql`;
});
afterAll(async () => {
  await graph.close();
});

function forgeAccessToken(
  userId: string,
  overrides: { audience?: string; expiresIn?: number; typ?: string; issuer?: string } = {},
): string {
  const key = parsePrivateJwk(graph.env.AUTH_JWT_PRIVATE_JWK!);
  return jwt.sign({ role: 'ADMIN' }, key.key, {
    algorithm: 'ES256',
    subject: userId,
    audience: overrides.audience ?? 'shutter-api',
    issuer: overrides.issuer ?? 'shutter-users',
    expiresIn: overrides.expiresIn ?? 60,
    header: { alg: 'ES256', typ: overrides.typ ?? 'at+jwt', kid: key.kid },
  });
}

describe('access tokens at the gateway', () => {
  it('accepts a well-formed token signed with the configured key', async () => {
    const alice = await registerUser(graph);
    const response = await graph.request<{ me: { id: string } }>(ME, {}, { token: forgeAccessToken(alice.user.id) });
    expect(response.data!.me.id).toBe(alice.user.id);
  });

  it.each([
    ['an expired token', () => forgeAccessToken('00000000-0000-7000-8000-000000000000', { expiresIn: -5 })],
    [
      'a token for another audience',
      () => forgeAccessToken('00000000-0000-7000-8000-000000000000', { audience: 'other-api' }),
    ],
    ['a token from another issuer', () => forgeAccessToken('00000000-0000-7000-8000-000000000000', { issuer: 'evil' })],
    ['a token of another type', () => forgeAccessToken('00000000-0000-7000-8000-000000000000', { typ: 'JWT' })],
    [
      'an alg:none token',
      () =>
        `${b64({ alg: 'none', typ: 'at+jwt', kid: 'test-key' })}.${b64({
          sub: '00000000-0000-7000-8000-000000000000',
          role: 'ADMIN',
          aud: 'shutter-api',
          iss: 'shutter-users',
          exp: Math.floor(Date.now() / 1000) + 60,
        })}.`,
    ],
    [
      'an HS256 token keyed with the public key (algorithm confusion)',
      () =>
        jwt.sign({ role: 'ADMIN' }, graph.env.AUTH_JWT_PUBLIC_JWKS!, {
          algorithm: 'HS256',
          subject: '00000000-0000-7000-8000-000000000000',
          audience: 'shutter-api',
          issuer: 'shutter-users',
          header: { alg: 'HS256', typ: 'at+jwt', kid: 'test-key' },
        }),
    ],
    ['garbage', () => 'not-a-token'],
  ])('refuses %s with UNAUTHENTICATED', async (_name, token) => {
    const response = await graph.request(ME, {}, { token: token() });
    expect(response.status).toBe(401);
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a refresh token used as an access token', async () => {
    const alice = await registerUser(graph);
    const response = await graph.request(ME, {}, { token: alice.refreshToken });
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('subgraphs trust only the gateway', () => {
  const body = (query: string) => JSON.stringify({ query });
  const post = (headers: Record<string, string>) =>
    fetch(usersUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body(ME) });

  it('refuses a direct request without the gateway signature', async () => {
    const response = await post({});
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('refuses a forged user-id header', async () => {
    const alice = await registerUser(graph);
    const response = await post({ 'x-user-id': alice.user.id, [IDENTITY_HEADER]: alice.user.id });
    expect(response.status).toBe(401);
    const json = (await response.json()) as { data?: unknown };
    expect(json.data).toBeUndefined();
  });

  it('refuses an identity signed with another secret', async () => {
    const alice = await registerUser(graph);
    const forged = signIdentity({ userId: alice.user.id, role: 'ADMIN', requestId: 'x' }, 'x'.repeat(40));
    expect((await post({ [IDENTITY_HEADER]: forged })).status).toBe(401);
  });

  it('refuses an expired gateway identity', async () => {
    const alice = await registerUser(graph);
    const expired = jwt.sign({ sub: alice.user.id, role: 'USER', rid: 'x' }, graph.env.INTERNAL_IDENTITY_SECRET!, {
      algorithm: 'HS256',
      issuer: 'shutter-gateway',
      audience: 'shutter-subgraph',
      expiresIn: -1,
      header: { alg: 'HS256', typ: 'shutter-identity+jwt' },
    });
    expect((await post({ [IDENTITY_HEADER]: expired })).status).toBe(401);
  });

  it('answers a request the gateway signed', async () => {
    const alice = await registerUser(graph);
    const signed = signIdentity(
      { userId: alice.user.id, role: 'USER', requestId: 'r1' },
      graph.env.INTERNAL_IDENTITY_SECRET!,
    );
    const response = await post({ [IDENTITY_HEADER]: signed });
    expect(await response.json()).toEqual({ data: { me: { id: alice.user.id } } });
  });

  it('serves health and readiness without a signature', async () => {
    const base = graph.stack.subgraphs.users!.url;
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok', service: 'users' });
    expect(await (await fetch(`${base}/ready`)).json()).toEqual({ status: 'ready', service: 'users' });
  });
});

describe('roles', () => {
  const SET_ROLE = `mutation($id: ID!, $role: Role!) { setUserRole(userId: $id, role: $role) { id role } }`;
  const LOGIN = `mutation($id: String!, $pw: String!) { login(usernameOrEmail: $id, password: $pw) { accessToken user { role } } }`;

  it('refuses setUserRole from a non-admin with FORBIDDEN and changes nothing', async () => {
    const alice = await registerUser(graph);
    const bob = await registerUser(graph);
    const response = await graph.request(SET_ROLE, { id: bob.user.id, role: 'ADMIN' }, { token: alice.accessToken });
    expect(codes(response)).toEqual(['FORBIDDEN']);
    const { rows } = await graph.usersSql('SELECT role FROM users WHERE id = $1', [bob.user.id]);
    expect(rows[0].role).toBe('USER');
  });

  it('refuses setUserRole from an anonymous caller with UNAUTHENTICATED', async () => {
    const bob = await registerUser(graph);
    expect(codes(await graph.request(SET_ROLE, { id: bob.user.id, role: 'ADMIN' }))).toEqual(['UNAUTHENTICATED']);
  });

  it('lets the bootstrapped admin change roles', async () => {
    const login = await graph.request<{ login: { accessToken: string; user: { role: string } } }>(LOGIN, {
      id: 'root@example.com',
      pw: 'bootstrap admin passphrase',
    });
    expect(login.data!.login.user.role).toBe('ADMIN');
    const bob = await registerUser(graph);
    const token = login.data!.login.accessToken;
    const promoted = await graph.request(SET_ROLE, { id: bob.user.id, role: 'MODERATOR' }, { token });
    expect(promoted.data).toEqual({ setUserRole: { id: bob.user.id, role: 'MODERATOR' } });
    const missing = await graph.request(
      SET_ROLE,
      { id: '00000000-0000-7000-8000-000000000000', role: 'USER' },
      { token },
    );
    expect(codes(missing)).toEqual(['NOT_FOUND']);
    const malformed = await graph.request(SET_ROLE, { id: 'nope', role: 'USER' }, { token });
    expect(codes(malformed)).toEqual(['BAD_USER_INPUT']);
    // Admins see everyone's email.
    const email = await graph.request<{ user: { email: string } }>(
      `query($id: ID!) { user(id: $id) { email } }`,
      { id: bob.user.id },
      { token },
    );
    expect(email.data!.user.email).toBe(bob.user.email);
  });
});

describe('query limits', () => {
  it('rejects a query nested deeper than the configured depth', async () => {
    // The users schema alone is shallow, so this gateway allows depth 2 to prove the rule is enforced.
    const shallow = await startTestSupergraph({ MAX_QUERY_DEPTH: '2' });
    try {
      const ok = await shallow.request(`{ me { id } }`);
      expect(ok.errors).toBeUndefined();
      const deep = await shallow.request(`mutation { login(usernameOrEmail: "x", password: "y") { user { id } } }`);
      expect(deep.data ?? null).toBeNull();
      expect(codes(deep)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(deep.errors![0]!.message).toMatch(/depth/i);
    } finally {
      await shallow.close();
    }
  });

  it('rejects more aliases than allowed', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(' ');
    const response = await gql(graph.url, `{ ${aliases} }`);
    expect(response.data ?? null).toBeNull();
    expect(response.errors![0]!.message).toMatch(/alias/i);
    expect(codes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('rejects a query with more tokens than allowed', async () => {
    const fields = Array.from({ length: 2_500 }, () => '__typename').join(' ');
    const response = await gql(graph.url, `{ ${fields} }`);
    expect(response.data ?? null).toBeNull();
    expect(response.errors![0]!.message).toMatch(/token/i);
  });
});
