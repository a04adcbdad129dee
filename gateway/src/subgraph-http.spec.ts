import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER } from '@shutter/runtime';
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
