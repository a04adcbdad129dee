import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'graphql';
import { pino } from 'pino';
import { DomainError, ErrorCode } from './errors.js';
import { BATCH_IDENTITY, IDENTITY_HEADER, identitySigner, MAX_BATCH, signIdentity } from './identity.js';
import { startSubgraph, type BaseContext, type RunningSubgraphServer } from './subgraph-server.js';

/** A subgraph over real HTTP answering the gateway's batched calls (ADR 0029). */
const SECRET = 's'.repeat(32);
const lines: Record<string, unknown>[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
let service: RunningSubgraphServer;
let renamed: string[] = [];

beforeAll(async () => {
  service = await startSubgraph<BaseContext>(
    {
      name: 'batchprobe',
      typeDefs: parse(`
        type Query { whoami: String requestId: String! refused: String }
        type Mutation { rename(to: String!): String! }
      `),
      resolvers: {
        Query: {
          whoami: (_: unknown, __: unknown, context: BaseContext) => context.viewer.userId,
          requestId: (_: unknown, __: unknown, context: BaseContext) => context.viewer.requestId,
          refused: () => {
            throw new DomainError('NOPE', 'Not allowed.');
          },
        },
        Mutation: {
          rename: (_: unknown, { to }: { to: string }, context: BaseContext) => {
            renamed.push(`${context.viewer.userId}:${to}`);
            return to;
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

const sign = identitySigner(SECRET);

/** One operation of a batch, as the gateway writes it. */
const item = (query: string, userId: string | null, requestId: string, variables?: Record<string, unknown>) => ({
  query,
  ...(variables ? { variables } : {}),
  extensions: { [BATCH_IDENTITY]: sign({ userId, role: userId ? 'USER' : null }), requestId },
});

async function post(
  body: unknown,
  headers: Record<string, string> = { [IDENTITY_HEADER]: sign({ userId: 'u1', role: 'USER' }) },
) {
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'batch-req', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('a batched call', () => {
  it('answers each operation, in order, as the viewer its own identity names', async () => {
    const { status, body } = await post([
      item('{ whoami }', 'u1', 'r-1'),
      item('{ whoami }', 'u2', 'r-2'),
      item('{ whoami }', null, 'r-3'),
      item('{ requestId }', 'u3', 'r-4'),
    ]);
    expect(status).toBe(200);
    expect(body).toEqual([
      { data: { whoami: 'u1' } },
      { data: { whoami: 'u2' } },
      { data: { whoami: null } },
      { data: { requestId: 'r-4' } },
    ]);
  });

  it('answers a bad operation with its own error and the others as usual', async () => {
    renamed = [];
    const forged = item('{ whoami }', 'u9', 'r-forged');
    forged.extensions[BATCH_IDENTITY] = signIdentity({ userId: 'u9', role: 'ADMIN', requestId: '' }, 'x'.repeat(32));
    const { status, body } = await post([
      item('mutation Rename($to: String!) { rename(to: $to) }', 'u1', 'r-m', { to: 'ann' }),
      forged,
      { query: '{ whoami }' },
      item('{ refused }', 'u2', 'r-refused'),
      item('{ nope }', 'u2', 'r-invalid'),
      item('{ whoami }', 'u2', 'r-fine'),
    ]);
    expect(status).toBe(200);
    const results = body as { data?: unknown; errors?: { extensions: { code: string } }[] }[];
    expect(results[0]).toEqual({ data: { rename: 'ann' } });
    expect(renamed).toEqual(['u1:ann']);
    expect(results[1]!.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect(results[1]!.data).toBeUndefined();
    expect(results[2]!.errors?.map((e) => e.extensions.code)).toEqual(['BAD_REQUEST']);
    expect(results[3]!.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect(results[4]!.errors?.map((e) => e.extensions.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(results[5]).toEqual({ data: { whoami: 'u2' } });
  });

  it('is refused whole without a signed identity in its header, and when empty or too large', async () => {
    expect((await post([item('{ whoami }', 'u1', 'r-x')], {})).status).toBe(401);
    expect((await post([])).status).toBe(400);
    const tooMany = Array.from({ length: MAX_BATCH + 1 }, (_, i) => item('{ whoami }', 'u1', `r-${i}`));
    const refused = await post(tooMany);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ errors: [{ message: expect.stringContaining(`1 to ${MAX_BATCH}`) }] });
  });

  it('writes the call’s access-log line and a line per operation under that operation’s request id', async () => {
    await post(
      [
        { ...item('query Who { whoami }', 'u1', 'r-log-1'), operationName: 'Who' },
        { ...item('query Who { whoami }', 'u2', 'r-log-2'), operationName: 'Who' },
      ],
      {
        [IDENTITY_HEADER]: sign({ userId: 'u1', role: 'USER' }),
        'x-request-id': 'r-log-call',
      },
    );
    const call = lines.filter((line) => line.requestId === 'r-log-call');
    expect(call).toEqual([expect.objectContaining({ msg: 'request completed', status: 200, batch: 2 })]);
    for (const id of ['r-log-1', 'r-log-2']) {
      expect(lines.filter((line) => line.requestId === id)).toEqual([
        expect.objectContaining({ msg: 'request completed', operation: 'Who', batched: true }),
      ]);
    }
  });
});
