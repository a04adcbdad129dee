import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGateway, DEFAULT_LIMITS } from '@shutter/gateway';
import { createLogger, generateSigningKeyPair, parsePublicJwks, repoRoot } from '@shutter/runtime';
import { codes, gql } from '@shutter/testing';
import { join } from 'node:path';
import { registerUser, startTestSupergraph, type TestSupergraph } from '../support/supergraph.js';

describe('the gateway in production mode', () => {
  let graph: TestSupergraph;
  beforeAll(async () => {
    graph = await startTestSupergraph({ NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await graph.close();
  });

  it('refuses introspection', async () => {
    const response = await graph.request(`{ __schema { types { name } } }`);
    expect(response.data ?? null).toBeNull();
    expect(codes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('serves no landing page', async () => {
    const page = await fetch(graph.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/sandbox/i);
  });

  it('does not suggest field names', async () => {
    const response = await graph.request(`{ mee { id } }`);
    expect(response.errors![0]!.message).not.toMatch(/did you mean/i);
  });

  it('refuses a GET that could be a cross-site request (CSRF prevention)', async () => {
    const response = await fetch(`${graph.url}?query=${encodeURIComponent('{ me { id } }')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
  });

  it('masks internal errors: no stack trace, no internal message, no subgraph name', async () => {
    const alice = await registerUser(graph);
    await graph.stack.subgraphs.users!.close();
    const response = await graph.request(`{ me { id } }`, {}, { token: alice.accessToken });
    expect(response.errors).toHaveLength(1);
    const [error] = response.errors!;
    expect(error).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(error)).not.toMatch(/ECONNREFUSED|stacktrace|users|127\.0\.0\.1/);
  });
});

describe('the gateway in development mode', () => {
  let graph: TestSupergraph;
  beforeAll(async () => {
    graph = await startTestSupergraph({ NODE_ENV: 'development' });
  });
  afterAll(async () => {
    await graph.close();
  });

  it('allows introspection and serves Apollo Sandbox', async () => {
    const response = await graph.request<{ __schema: { queryType: { name: string } } }>(
      `{ __schema { queryType { name } } }`,
    );
    expect(response.data!.__schema.queryType.name).toBe('Query');
    const page = await fetch(graph.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toMatch(/sandbox/i);
  });
});

it('starts while a subgraph is down and reports the outage as a masked error', async () => {
  const keys = generateSigningKeyPair('k');
  const gateway = await startGateway({
    supergraphSdl: readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8'),
    subgraphUrls: { users: 'http://127.0.0.1:9/graphql' },
    identitySecret: 's'.repeat(32),
    publicKeys: parsePublicJwks(keys.publicJwks),
    logger: createLogger({ service: 'gateway', level: 'silent' }),
    production: true,
    limits: DEFAULT_LIMITS,
    port: 0,
  });
  try {
    expect(await (await fetch(`${gateway.url}/health`)).json()).toEqual({ status: 'ok', service: 'gateway' });
    const response = await gql(`${gateway.url}/graphql`, `{ me { id } }`);
    expect(codes(response)).toEqual(['INTERNAL_SERVER_ERROR']);
  } finally {
    await gateway.close();
  }
});
