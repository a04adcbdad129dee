import { randomBytes } from 'node:crypto';
import { generateSigningKeyPair, QueryCounter } from '@shutter/runtime';
import { createTestDatabase, gql, type RequestOptions, type TestDatabase } from '@shutter/testing';
import pg from 'pg';
import { startStack, type Stack } from '../../scripts/stack.js';

export interface TestSupergraph {
  /** The gateway's GraphQL endpoint. */
  url: string;
  stack: Stack;
  env: Record<string, string>;
  databases: { users: TestDatabase };
  counters: { users: QueryCounter };
  /** A SQL client on the users database, for checking what was (not) written. */
  usersSql(query: string, params?: unknown[]): Promise<pg.QueryResult>;
  request<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: RequestOptions,
  ): ReturnType<typeof gql<T>>;
  close(): Promise<void>;
}

/** The whole supergraph on port 0 against fresh databases: one per test file, in beforeAll. */
export async function startTestSupergraph(extraEnv: Record<string, string> = {}): Promise<TestSupergraph> {
  const users = await createTestDatabase('users');
  const keys = generateSigningKeyPair('test-key');
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL_USERS: users.url,
    INTERNAL_IDENTITY_SECRET: randomBytes(32).toString('hex'),
    AUTH_JWT_PRIVATE_JWK: keys.privateJwk,
    AUTH_JWT_PUBLIC_JWKS: keys.publicJwks,
    ...extraEnv,
  };
  const counters = { users: new QueryCounter() };
  const stack = await startStack({ env, ports: { gateway: 0, users: 0 }, counters }).catch(async (error: unknown) => {
    await users.drop();
    throw error;
  });
  const sql = new pg.Pool({ connectionString: users.url, max: 2 });
  const url = `${stack.gateway.url}/graphql`;
  return {
    url,
    stack,
    env,
    databases: { users },
    counters,
    usersSql: (query, params) => sql.query(query, params),
    request: (query, variables, options) => gql(url, query, variables, options),
    async close() {
      await stack.close();
      await sql.end();
      await users.drop();
    },
  };
}

let sequence = 0;
/** Unique, valid registration input. */
export function newUserInput(overrides: Partial<{ email: string; username: string; password: string }> = {}) {
  sequence += 1;
  const tag = `${process.pid.toString(36)}${sequence}${randomBytes(2).toString('hex')}`;
  return {
    email: `user${tag}@example.com`,
    username: `user_${tag}`,
    password: 'a long and lovely passphrase',
    ...overrides,
  };
}

export const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      accessToken
      accessTokenExpiresAt
      refreshToken
      user {
        id
        username
        email
        role
        createdAt
      }
    }
  }
`;

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; username: string; email: string | null; role: string };
}

export async function registerUser(graph: TestSupergraph, overrides = {}): Promise<Session & { password: string }> {
  const input = newUserInput(overrides);
  const response = await graph.request<{ register: Session }>(REGISTER, { input });
  if (!response.data?.register) throw new Error(`register failed: ${JSON.stringify(response.errors)}`);
  return { ...response.data.register, password: input.password };
}
