import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'graphql';
import { pino } from 'pino';
import { observeRequests, requestIdOf } from './access-log.js';
import { DomainError, ErrorCode } from './errors.js';
import { IDENTITY_HEADER, identitySigner, signIdentity } from './identity.js';
import { startSubgraph, type BaseContext, type RunningSubgraphServer } from './subgraph-server.js';

/** A subgraph over real HTTP with its logs captured: what an operator reads about each request. */
const SECRET = 's'.repeat(32);
const lines: Record<string, unknown>[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
let service: RunningSubgraphServer;

beforeAll(async () => {
  service = await startSubgraph<BaseContext>(
    {
      name: 'probe',
      typeDefs: parse(`type Query { ok: String! broken: String domainFailure: String }`),
      resolvers: {
        Query: {
          ok: () => 'fine',
          broken: () => {
            throw new Error('the disk is on fire');
          },
          domainFailure: () => {
            throw new DomainError('NOPE', 'Not allowed.');
          },
        },
      },
      errors: { NOPE: ErrorCode.FORBIDDEN },
      identitySecret: SECRET,
      logger,
      production: true,
      createContext: (base) => base,
      checkReady: async () => undefined,
    },
    { port: 0 },
  );
});
afterAll(() => service.close());

async function call(
  query: string,
  operationName: string,
  requestId: string,
  identity = signIdentity({ userId: 'u1', role: 'USER', requestId }, SECRET),
) {
  const response = await fetch(`${service.url}/graphql?ignored=secret-in-query-string`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': requestId,
      [IDENTITY_HEADER]: identity,
    },
    body: JSON.stringify({ query, operationName }),
  });
  return { response, body: (await response.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] } };
}

const linesOf = (requestId: string) => lines.filter((line) => line.requestId === requestId);

describe('a subgraph request over HTTP', () => {
  it('writes one access-log line with the gateway’s request id, the operation and the status, never the query string', async () => {
    const { body } = await call('query Probe { ok }', 'Probe', 'req-ok');
    expect(body).toEqual({ data: { ok: 'fine' } });
    const access = linesOf('req-ok').filter((line) => line.msg === 'request completed');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ method: 'POST', path: '/graphql', status: 200, operation: 'Probe' });
    expect(JSON.stringify(lines)).not.toContain('secret-in-query-string');
  });

  it('logs an unexpected error with the request id, while the client sees only INTERNAL_SERVER_ERROR', async () => {
    // The gateway's reusable identity names no request: the id comes from x-request-id.
    const reusable = identitySigner(SECRET)({ userId: 'u1', role: 'USER' });
    const { body } = await call('query Broken { broken }', 'Broken', 'req-broken', reusable);
    expect(body.errors?.map((e) => e.extensions.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(JSON.stringify(body)).not.toContain('fire');
    const logged = linesOf('req-broken').filter((line) => line.msg === 'unexpected error');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 50, err: { message: 'the disk is on fire' }, path: ['broken'] });
  });

  it('does not log a domain error (the client was told what went wrong) as unexpected', async () => {
    const { body } = await call('query Refused { domainFailure }', 'Refused', 'req-domain');
    expect(body.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect(linesOf('req-domain').map((line) => line.msg)).toEqual(['request completed']);
  });

  it('logs nothing for probes', async () => {
    const before = lines.length;
    expect((await fetch(`${service.url}/ready`)).status).toBe(200);
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
    expect(lines.slice(before)).toEqual([]);
  });
});

describe('a subgraph call in process', () => {
  it('writes the same line, marked in process, with the viewer’s request id', async () => {
    const result = await service.execute(
      { query: 'query Local { ok }', operationName: 'Local' },
      { userId: 'u1', role: 'USER', requestId: 'req-local' },
    );
    expect(result).toEqual({ data: { ok: 'fine' } });
    expect(linesOf('req-local')).toEqual([
      expect.objectContaining({ msg: 'request completed', operation: 'Local', inProcess: true }),
    ]);
  });
});

describe('draining', () => {
  it('answers readiness 503 while still serving, each answer closing its connection', async () => {
    service.drain();
    const ready = await fetch(`${service.url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'stopping', service: 'probe' });
    const { response, body } = await call('query Probe { ok }', 'Probe', 'req-draining');
    expect(body).toEqual({ data: { ok: 'fine' } });
    expect(response.headers.get('connection')).toBe('close');
  });
});

describe('observeRequests on its own', () => {
  async function serve(level: string, status: number) {
    const written: Record<string, unknown>[] = [];
    const own = pino({ level }, { write: (line: string) => written.push(JSON.parse(line)) });
    let children = 0;
    const child = own.child.bind(own);
    own.child = ((...args: Parameters<typeof own.child>) => {
      children += 1;
      return child(...args);
    }) as typeof own.child;
    const log = observeRequests({ logger: own, service: 'spec-log' });
    const ids: unknown[] = [];
    const server = createServer((request, response) => {
      log(request, response);
      ids.push(requestIdOf(request));
      response.statusCode = status;
      response.end('done');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await (await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { 'x-request-id': 'given-id' } })).text();
    await (await fetch(`http://127.0.0.1:${port}/ready`)).text();
    await new Promise((resolve) => server.close(resolve));
    return { written, children, ids };
  }

  it('gives each request its id, and makes no logger per request whatever the level', async () => {
    const quiet = await serve('warn', 200);
    expect(quiet.written).toEqual([]);
    expect(quiet.children).toBe(0);
    expect(quiet.ids[0]).toBe('given-id');
    expect(quiet.ids[1]).toMatch(/^[0-9a-f-]{36}$/);
    const failing = await serve('warn', 503);
    expect(failing.written).toEqual([
      expect.objectContaining({ requestId: 'given-id', msg: 'request failed', status: 503, path: '/graphql' }),
    ]);
    expect(failing.children).toBe(0);
    const info = await serve('info', 200);
    expect(info.written).toEqual([
      expect.objectContaining({ requestId: 'given-id', msg: 'request completed', status: 200, method: 'GET' }),
    ]);
    expect(info.children).toBe(0);
  });
});
