import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeyPair, QueryCounter } from '@shutter/runtime';
import { createTestDatabase, gql, testPool, type RequestOptions, type TestDatabase } from '@shutter/testing';
import type pg from 'pg';
import type { EventTransport } from '@shutter/events';
import { DOMAINS, startStack, type Domain, type Stack, type SubgraphCalls } from '../../scripts/stack.js';

export interface TestSupergraph {
  /** The gateway's GraphQL endpoint. */
  url: string;
  stack: Stack;
  env: Record<string, string>;
  databases: Record<Domain, TestDatabase>;
  counters: Record<Domain, QueryCounter>;
  /** SQL on a subgraph's database, for checking what was (not) written. */
  sql(domain: Domain, query: string, params?: unknown[]): Promise<pg.QueryResult>;
  usersSql(query: string, params?: unknown[]): Promise<pg.QueryResult>;
  /** Waits until every outbox is published (in-process: consumers have applied the events). */
  settle(): Promise<void>;
  request<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: RequestOptions,
  ): ReturnType<typeof gql<T>>;
  /** Stops the services and keeps the databases (a later `replicaOf` start is a restart). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface TestSupergraphOptions {
  /** Reuse another test supergraph's databases (a second replica of everything). */
  replicaOf?: TestSupergraph;
  /** Share an event transport with another stack in this process. */
  events?: EventTransport;
  /** How the gateway calls the subgraphs (default: in process, as `npm start`). */
  subgraphCalls?: SubgraphCalls;
}

/** The whole supergraph on port 0 against fresh databases: one per test file, in beforeAll. */
export async function startTestSupergraph(
  extraEnv: Record<string, string> = {},
  options: TestSupergraphOptions = {},
): Promise<TestSupergraph> {
  const owned = !options.replicaOf;
  const databases =
    options.replicaOf?.databases ??
    (Object.fromEntries(
      await Promise.all(DOMAINS.map(async (domain) => [domain, await createTestDatabase(domain)] as const)),
    ) as Record<Domain, TestDatabase>);
  const keys = generateSigningKeyPair('test-key');
  // Made here only when this supergraph owns its environment; removed again by close().
  const mediaDir = owned && !extraEnv.MEDIA_DIR ? mkdtempSync(join(tmpdir(), 'shutter-media-')) : undefined;
  const env: Record<string, string> = options.replicaOf
    ? { ...options.replicaOf.env, ...extraEnv }
    : {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        INTERNAL_IDENTITY_SECRET: randomBytes(32).toString('hex'),
        AUTH_JWT_PRIVATE_JWK: keys.privateJwk,
        AUTH_JWT_PUBLIC_JWKS: keys.publicJwks,
        ...Object.fromEntries(DOMAINS.map((d) => [`DATABASE_URL_${d.toUpperCase()}`, databases[d].url])),
        ...(mediaDir ? { MEDIA_DIR: mediaDir } : {}),
        // Every test client shares 127.0.0.1, so per-address limits would tie unrelated tests
        // together; test/e2e/rate-limits.test.ts turns them on with small limits of its own.
        RATE_LIMITS: 'off',
        ...extraEnv,
      };
  const counters = Object.fromEntries(DOMAINS.map((d) => [d, new QueryCounter()])) as Record<Domain, QueryCounter>;
  const dropAll = async () => {
    if (owned) await Promise.all(Object.values(databases).map((db) => db.drop()));
    if (mediaDir) rmSync(mediaDir, { recursive: true, force: true });
  };
  const stack = await startStack({
    env,
    ports: { gateway: 0 },
    counters,
    ...(options.events ? { events: options.events } : {}),
    ...(options.subgraphCalls ? { subgraphCalls: options.subgraphCalls } : {}),
  }).catch(async (error: unknown) => {
    await dropAll();
    throw error;
  });
  const pools = Object.fromEntries(DOMAINS.map((d) => [d, testPool(databases[d].url)])) as Record<Domain, pg.Pool>;
  const url = `${stack.gateway.url}/graphql`;
  const sql = (domain: Domain, query: string, params?: unknown[]) => pools[domain].query(query, params);
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= stack.close());
  return {
    url,
    stack,
    env,
    databases,
    counters,
    sql,
    usersSql: (query, params) => sql('users', query, params),
    async settle() {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const pending = await Promise.all(
          DOMAINS.map(
            async (d) =>
              (await sql(d, 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')).rows[0].n as number,
          ),
        );
        if (pending.every((n) => n === 0)) return;
        if (Date.now() > deadline) throw new Error(`outboxes still pending: ${pending.join(', ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    request: (query, variables, options) => gql(url, query, variables, options),
    stop,
    async close() {
      await stop();
      await Promise.all(Object.values(pools).map((p) => p.end()));
      await dropAll();
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

/** Registers a user; `settle` waits until the other subgraphs know them (their events applied). */
export async function registerUser(
  graph: TestSupergraph,
  overrides: Partial<{ email: string; username: string; password: string }> = {},
  { settle = false } = {},
): Promise<Session & { password: string }> {
  const input = newUserInput(overrides);
  const response = await graph.request<{ register: Session }>(REGISTER, { input });
  if (!response.data?.register) throw new Error(`register failed: ${JSON.stringify(response.errors)}`);
  if (settle) await graph.settle();
  return { ...response.data.register, password: input.password };
}
