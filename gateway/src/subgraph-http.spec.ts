import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER, MAX_BATCH } from '@shutter/runtime';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context.js';
import { SubgraphHttpDataSource } from './subgraph-http.js';

/** A subgraph stand-in over real HTTP: each test says how it answers. */
let answer: (request: IncomingMessage, body: string, response: ServerResponse) => void;
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => answer(request, Buffer.concat(chunks).toString('utf8'), response));
});
let source: SubgraphHttpDataSource;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  source = new SubgraphHttpDataSource(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
});

afterAll(async () => {
  await source.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const context = {
  viewer: { userId: 'u1', role: 'USER', requestId: 'req-1' },
  identityToken: () => 'signed-identity',
} as unknown as GatewayContext;

const call = (variables: Record<string, unknown> = {}) =>
  source.process({
    request: { query: 'query Me__users__0{me{id}}', operationName: 'Me__users__0', variables },
    context,
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);

describe(SubgraphHttpDataSource.name, () => {
  it('posts the operation with the signed identity and request id, and reads an answer sent in pieces', async () => {
    const seen: { headers: IncomingMessage['headers']; body: string }[] = [];
    answer = (request, body, response) => {
      seen.push({ headers: request.headers, body });
      const text = JSON.stringify({ data: { me: { id: 'u1', bio: 'é'.repeat(40_000) } } });
      response.writeHead(200, { 'content-type': 'application/json' });
      // Several writes, split inside a multi-byte character: the chunks are joined before decoding.
      const bytes = Buffer.from(text);
      const cut = bytes.indexOf(Buffer.from('é')) + 1;
      response.write(bytes.subarray(0, cut));
      setTimeout(() => response.end(bytes.subarray(cut)), 5);
    };
    const result = await call({ first: 2 });
    expect(result).toEqual({ data: { me: { id: 'u1', bio: 'é'.repeat(40_000) } } });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers[IDENTITY_HEADER]).toBe('signed-identity');
    expect(seen[0]!.headers['x-request-id']).toBe('req-1');
    expect(JSON.parse(seen[0]!.body)).toEqual({
      query: 'query Me__users__0{me{id}}',
      operationName: 'Me__users__0',
      variables: { first: 2 },
    });
  });

  it('turns a refusal into a GraphQL error with the status, and its code for 401 and 403', async () => {
    for (const [status, code] of [
      [401, 'UNAUTHENTICATED'],
      [403, 'FORBIDDEN'],
      [502, undefined],
    ] as const) {
      answer = (_request, _body, response) => {
        response.writeHead(status, { 'content-type': 'text/plain' });
        response.end('refused');
      };
      const error = await call().then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).message).toMatch(new RegExp(`^${status} from subgraph at http://127.0.0.1:`));
      expect((error as GraphQLError).extensions).toEqual({
        ...(code ? { code } : {}),
        response: { status, body: 'refused' },
      });
    }
  });

  it('fails the call when the subgraph answers something other than a JSON object', async () => {
    answer = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('[1,2]');
    };
    await expect(call()).rejects.toThrow('Expected a JSON object from the subgraph at');
  });

  it('fails the call when the connection drops before the answer is complete', async () => {
    answer = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"data":');
      setTimeout(() => response.destroy(), 5);
    };
    await expect(call()).rejects.toThrow();
    // The pool goes on: the next call gets a fresh connection and its answer.
    answer = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"data":{"me":null}}');
    };
    expect(await call()).toEqual({ data: { me: null } });
  });
});

describe('with batching (ADR 0029)', () => {
  let batching: SubgraphHttpDataSource;
  beforeAll(() => {
    batching = new SubgraphHttpDataSource(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, {
      batching: true,
    });
  });
  afterAll(() => batching.close());

  const contextOf = (userId: string) =>
    ({
      viewer: { userId, role: 'USER', requestId: `req-${userId}` },
      identityToken: () => `identity-of-${userId}`,
    }) as unknown as GatewayContext;
  const callAs = (userId: string) =>
    batching.process({
      request: { query: 'query Me__users__0{me{id}}', operationName: 'Me__users__0', variables: { as: userId } },
      context: contextOf(userId),
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);

  /** Answers each operation of a batch (or a lone one) with the user its variables name. */
  const answerEach = (calls: { headers: IncomingMessage['headers']; body: unknown }[]) => {
    answer = (request, body, response) => {
      const parsed = JSON.parse(body) as unknown;
      calls.push({ headers: request.headers, body: parsed });
      const one = (operation: { variables: { as: string } }) => ({ data: { me: { id: operation.variables.as } } });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(Array.isArray(parsed) ? parsed.map(one) : one(parsed as never)));
    };
  };

  it('sends the calls of one turn as one POST, each operation with its own identity and request id', async () => {
    const calls: { headers: IncomingMessage['headers']; body: unknown }[] = [];
    answerEach(calls);
    const results = await Promise.all(['u1', 'u2', 'u3'].map(callAs));
    expect(results).toEqual(['u1', 'u2', 'u3'].map((id) => ({ data: { me: { id } } })));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers[IDENTITY_HEADER]).toBe('identity-of-u1');
    expect(calls[0]!.body).toEqual(
      ['u1', 'u2', 'u3'].map((id) => ({
        query: 'query Me__users__0{me{id}}',
        operationName: 'Me__users__0',
        variables: { as: id },
        extensions: { shutterIdentity: `identity-of-${id}`, requestId: `req-${id}` },
      })),
    );
  });

  it('sends a call alone in its turn as before, and splits a turn larger than a batch', async () => {
    const calls: { headers: IncomingMessage['headers']; body: unknown }[] = [];
    answerEach(calls);
    expect(await callAs('u7')).toEqual({ data: { me: { id: 'u7' } } });
    expect(calls).toEqual([
      {
        headers: expect.objectContaining({ [IDENTITY_HEADER]: 'identity-of-u7', 'x-request-id': 'req-u7' }),
        body: { query: 'query Me__users__0{me{id}}', operationName: 'Me__users__0', variables: { as: 'u7' } },
      },
    ]);
    calls.length = 0;
    const users = Array.from({ length: MAX_BATCH + 3 }, (_, i) => `u${i}`);
    expect(await Promise.all(users.map(callAs))).toEqual(users.map((id) => ({ data: { me: { id } } })));
    expect(calls.map((call) => (Array.isArray(call.body) ? call.body.length : 1)).sort((a, b) => b - a)).toEqual([
      MAX_BATCH,
      3,
    ]);
  });

  it('keeps a batch well under the subgraph’s body limit: large operations go in smaller batches or alone', async () => {
    const calls: { headers: IncomingMessage['headers']; body: unknown }[] = [];
    answerEach(calls);
    const big = (userId: string, size: number) =>
      batching.process({
        request: {
          query: 'query Me__users__0{me{id}}',
          operationName: 'Me__users__0',
          variables: { as: userId, pad: 'x'.repeat(size) },
        },
        context: contextOf(userId),
      } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
    const answers = await Promise.all([big('a', 100_000), big('b', 100_000), big('c', 100_000), big('d', 300_000)]);
    expect(answers).toEqual(['a', 'b', 'c', 'd'].map((id) => ({ data: { me: { id } } })));
    // a and b together (~200,000 characters); c would pass 256 Ki characters: alone, and so is d.
    // (The three POSTs travel on their own connections: they may arrive in any order.)
    const batched = calls
      .filter((call) => Array.isArray(call.body))
      .map((call) => call.body as { variables: { as: string } }[]);
    expect(batched.map((body) => body.map((operation) => operation.variables.as))).toEqual([['a', 'b']]);
    expect(
      calls
        .filter((call) => !Array.isArray(call.body))
        .map((call) => (call.body as { variables: { as: string } }).variables.as)
        .sort(),
    ).toEqual(['c', 'd']);
  });

  it('fails every call of a batch the subgraph refuses or answers with the wrong count', async () => {
    answer = (_request, _body, response) => {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end('bad gateway');
    };
    const refused = await Promise.allSettled(['u1', 'u2'].map(callAs));
    expect(refused.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    for (const result of refused) {
      const reason = (result as PromiseRejectedResult).reason as unknown;
      expect(reason).toBeInstanceOf(GraphQLError);
      expect((reason as GraphQLError).message).toMatch(/^502 from subgraph at/);
    }
    answer = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('[{"data":{"me":null}}]');
    };
    const miscounted = await Promise.allSettled(['u1', 'u2'].map(callAs));
    expect(miscounted.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((miscounted[1] as PromiseRejectedResult).reason)).toContain('Expected an array of 2 JSON objects');
  });
});
