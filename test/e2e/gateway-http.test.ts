import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_LIMITS, startGateway } from '@shutter/gateway';
import { createLogger, generateSigningKeyPair, parsePublicJwks, repoRoot, type RunningService } from '@shutter/runtime';

/**
 * What the gateway answers to requests that never become a GraphQL execution: malformed or
 * over-limit operations, bodies that are not JSON or too large. All of it is refused before any
 * subgraph is called, so the subgraphs here are unreachable on purpose.
 */

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  json: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function send(url: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  let json: Answer['json'] = {};
  try {
    json = JSON.parse(text) as Answer['json'];
  } catch {
    // Asserted below: every answer is JSON.
  }
  return { status: response.status, contentType: response.headers.get('content-type'), text, json };
}

const operation = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

/** A GraphQL-shaped JSON error body and nothing of the server's insides: no HTML, no stack trace. */
function expectCleanError(answer: Answer, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toMatch(/^application\/json/);
  expect(answer.json.errors).toHaveLength(1);
  expect(answer.json.errors![0]!.extensions!.code).toBe(code);
  expect(typeof answer.json.errors![0]!.message).toBe('string');
  expect(answer.json.data ?? null).toBeNull();
  expect(answer.text).not.toMatch(/<html|<pre|<!DOCTYPE/i);
  expect(answer.text).not.toMatch(/stacktrace|node_modules|\bat [^\n]*:\d+:\d+/);
}

describe.each([
  ['development', false],
  ['production', true],
] as const)('the gateway in %s answers transport errors as GraphQL-shaped JSON', (_mode, production) => {
  let gateway: RunningService;
  let url: string;
  beforeAll(async () => {
    const keys = generateSigningKeyPair('k');
    gateway = await startGateway({
      supergraphSdl: readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8'),
      subgraphUrls: Object.fromEntries(
        ['users', 'profiles', 'follows', 'posts'].map((name) => [name, 'http://127.0.0.1:9/graphql']),
      ),
      identitySecret: 's'.repeat(32),
      publicKeys: parsePublicJwks(keys.publicJwks),
      logger: createLogger({ service: 'gateway', level: 'silent' }),
      production,
      limits: DEFAULT_LIMITS,
      rateLimits: null,
      port: 0,
    });
    url = `${gateway.url}/graphql`;
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('answers a GraphQL syntax error with 400 GRAPHQL_PARSE_FAILED', async () => {
    const answer = await send(url, operation('{ me { id '));
    expectCleanError(answer, 400, 'GRAPHQL_PARSE_FAILED');
    expect(answer.json.errors![0]!.message).toMatch(/Syntax Error/);
  });

  it('answers an operation over any limit with 400: tokens as GRAPHQL_PARSE_FAILED, depth, aliases and cost as GRAPHQL_VALIDATION_FAILED', async () => {
    const tokens = await send(url, operation(`{ ${Array.from({ length: 2_500 }, () => '__typename').join(' ')} }`));
    expectCleanError(tokens, 400, 'GRAPHQL_PARSE_FAILED');
    expect(tokens.json.errors![0]!.message).toMatch(/tokens/);
    let deep = '{ id }';
    for (let i = 0; i < 4; i += 1) deep = `{ followers(first: 1) { edges { node ${deep} } } }`;
    expectCleanError(await send(url, operation(`{ me ${deep} }`)), 400, 'GRAPHQL_VALIDATION_FAILED');
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(' ');
    expectCleanError(await send(url, operation(`{ ${aliases} }`)), 400, 'GRAPHQL_VALIDATION_FAILED');
    const costly = `{ me { followers(first: 100) { edges { node { followers(first: 100) { edges { node { id } } } } } } } }`;
    expectCleanError(await send(url, operation(costly)), 400, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('measures the cost limit with the page sizes given in variables too', async () => {
    const costly = `query($n: Int) { me { followers(first: $n) { edges { node { followers(first: $n) { edges { node { id } } } } } } } }`;
    const answer = await send(url, operation(costly, { n: 100 }));
    expectCleanError(answer, 400, 'GRAPHQL_VALIDATION_FAILED');
    expect(answer.json.errors![0]!.message).toMatch(/cost/i);
  });

  it('answers CORS preflights and marks answers for any origin (CORS_ORIGINS defaults to *)', async () => {
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-max-age')).toBe('600');
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://app.example' },
      body: operation('{ __typename }'),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // Compact JSON, not Apollo Server's pretty-printed default.
    expect(await answer.text()).toBe('{"data":{"__typename":"Query"}}');
  });

  it('answers a body over the size limit with JSON 413 PAYLOAD_TOO_LARGE', async () => {
    const answer = await send(
      url,
      JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(2_000_000) } }),
    );
    expectCleanError(answer, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers malformed JSON with JSON 400 BAD_REQUEST', async () => {
    expectCleanError(await send(url, '{"query": '), 400, 'BAD_REQUEST');
    expectCleanError(await send(url, '"just a string"'), 400, 'BAD_REQUEST');
  });

  it('answers a path it does not serve with JSON 404', async () => {
    expectCleanError(await send(`${gateway.url}/nope`, '{}'), 404, 'NOT_FOUND');
  });
});
