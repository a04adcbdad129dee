import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, GraphQLError, parse } from 'graphql';
import { pino } from 'pino';
import { CompiledOperations } from './compiled-executor.js';
import { DomainError } from './errors.js';
import { IDENTITY_HEADER, signIdentity } from './identity.js';
import { directAnswerCount, startSubgraph, type BaseContext, type RunningSubgraphServer } from './subgraph-server.js';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query { feed(first: Int!): [Item!]! broken: String failing: Int! nulled: Int! }
  type Mutation { touch(id: ID!): Boolean }
  interface Item { id: ID! }
  type Photo implements Item @key(fields: "id") { id: ID! width: Int! tags: [String!]! }
  type Note implements Item @key(fields: "id") { id: ID! text: String }
`);

const item = (i: number) =>
  i % 2
    ? { kind: 'note', id: `n${i}`, text: i === 3 ? null : `text ${i}` }
    : { kind: 'photo', id: `p${i}`, width: i * 10, tags: ['a', `t${i}`] };
const resolvers = {
  Query: {
    feed: (_: unknown, { first }: { first: number }) => Array.from({ length: first }, (_, i) => item(i)),
    broken: () => {
      throw new DomainError('POST_NOT_FOUND', 'No post has this id.');
    },
    failing: () => {
      throw new Error('the database is on fire');
    },
    nulled: () => null,
  },
  Mutation: { touch: () => true },
  Item: { __resolveType: (value: { kind: string }) => (value.kind === 'note' ? 'Note' : 'Photo') },
  Photo: { __resolveReference: ({ id }: { id: string }) => ({ kind: 'photo', id, width: 1, tags: [] }) },
  Note: { __resolveReference: ({ id }: { id: string }) => ({ kind: 'note', id, text: `ref ${id}` }) },
};
const schema = () => buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });

const FEED = `query Feed($n: Int!) { feed(first: $n) { __typename id ... on Photo { width tags } ... on Note { text } } }`;
const ENTITIES = `query E($r: [_Any!]!) { _entities(representations: $r) { ... on Photo { id width } ... on Note { id text } } }`;

describe(CompiledOperations.name, () => {
  const operations = new CompiledOperations(schema());

  it('answers exactly what graphql-js answers: lists, abstract types, entities, nulls and errors', async () => {
    const cases: [string, Record<string, unknown>][] = [
      [FEED, { n: 5 }],
      [
        ENTITIES,
        {
          r: [
            { __typename: 'Note', id: 'x' },
            { __typename: 'Photo', id: 'y' },
          ],
        },
      ],
      ['{ broken feed(first: 1) { id } }', {}],
      ['{ failing }', {}],
      ['{ nulled }', {}],
      ['{ broken nulled }', {}],
      [FEED, { n: 'five' }],
    ];
    for (const [query, variables] of cases) {
      const document = parse(query);
      const compiled = await operations.run(document, undefined, variables, {});
      const interpreted = await execute({ schema: operations.schema, document, variableValues: variables });
      expect(JSON.parse(JSON.stringify(compiled))).toEqual(JSON.parse(JSON.stringify(interpreted)));
    }
  });

  it('keeps the error a resolver threw, for the error mapping that reads it', async () => {
    const result = await operations.run(parse('{ broken }'), undefined, {}, {});
    const [error] = result.errors ?? [];
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error?.originalError).toBeInstanceOf(DomainError);
    expect(error?.path).toEqual(['broken']);
  });

  it('compiles an operation once and reuses it', async () => {
    const document = parse(FEED);
    expect(operations.isCompiled(document, 'Feed')).toBe(false);
    await operations.run(document, 'Feed', { n: 1 }, {});
    expect(operations.isCompiled(document, 'Feed')).toBe(true);
    const prepared = operations.prepare(FEED, 'Feed');
    expect(prepared?.kind).toBe('query');
    // The same text gives the same document, so its compiled code is found again.
    expect(operations.prepare(FEED, 'Feed')?.document).toBe(prepared?.document);
  });

  it('prepares only operations that parse, validate and are named unambiguously', () => {
    expect(operations.prepare('{ feed(first: 1) { id }', undefined)).toBeNull();
    expect(operations.prepare('{ nope }', undefined)).toBeNull();
    expect(operations.prepare(FEED, 'Other')).toBeNull();
    expect(operations.prepare(`${FEED} query Two { broken }`, undefined)).toBeNull();
    expect(operations.prepare(`${FEED} query Two { broken }`, 'Two')?.kind).toBe('query');
    expect(operations.prepare('mutation { touch(id: "1") }', undefined)?.kind).toBe('mutation');
  });
});

describe('a subgraph called in process', () => {
  let service: RunningSubgraphServer;
  const logged: { msg: string; err?: { message: string } }[] = [];
  const secret = 's'.repeat(32);
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logged.push(JSON.parse(line) as never);
        done();
      },
    });
    service = await startSubgraph<BaseContext>(
      {
        name: 'items',
        typeDefs,
        resolvers,
        errors: { POST_NOT_FOUND: 'NOT_FOUND' } as never,
        identitySecret: secret,
        logger: pino({ level: 'error' }, sink),
        production: true,
        createContext: (base) => base,
        checkReady: async () => undefined,
      },
      { port: 0 },
    );
  });
  afterAll(() => service.close());

  const viewer = { userId: null, role: null, requestId: 'r' };
  const post = async (
    query: string,
    variables: Record<string, unknown>,
    accept: string,
    extensions: Record<string, unknown> = {},
  ) => {
    const response = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, [IDENTITY_HEADER]: signIdentity(viewer, secret) },
      body: JSON.stringify({ query, variables, extensions }),
    });
    const headers = Object.fromEntries(
      [...response.headers].filter(([name]) => !['date', 'keep-alive', 'connection'].includes(name)),
    );
    return { status: response.status, headers, text: await response.text() };
  };
  // A request with extensions is always Apollo Server's to answer (persisted queries live there):
  // the reference the direct answers are compared with. Apollo ignores extensions it does not know.
  const throughApollo = (query: string, variables: Record<string, unknown>, accept = 'application/json') =>
    post(query, variables, accept, { reference: true });
  const overHttp = async (query: string, variables: Record<string, unknown> = {}) =>
    JSON.parse((await throughApollo(query, variables)).text) as unknown;
  const cases: [string, Record<string, unknown>][] = [
    [FEED, { n: 4 }],
    [ENTITIES, { r: [{ __typename: 'Note', id: 'x' }] }],
    ['{ broken }', {}],
    ['{ failing }', {}],
    ['{ broken nulled }', {}],
    [FEED, { n: 'four' }],
    ['{ feed(first: 1) { nope } }', {}],
    ['{ feed(first: 1) { id }', {}],
    ['mutation { touch(id: "1") }', {}],
  ];

  it('answers queries, failing ones included, as it answers them over HTTP', async () => {
    const before = directAnswerCount();
    for (const [query, variables] of cases) {
      // Twice: the second call finds the operation prepared and compiled.
      for (let i = 0; i < 2; i += 1) {
        expect(await service.execute({ query, variables }, viewer)).toEqual(await overHttp(query, variables));
      }
    }
    // The two successful queries, twice each, skipped Apollo Server's pipeline.
    expect(directAnswerCount() - before).toBe(4);
    const broken = await service.execute({ query: '{ broken }' }, viewer);
    expect(broken.errors?.[0]).toMatchObject({ message: 'No post has this id.', extensions: { code: 'NOT_FOUND' } });
    const failing = await service.execute({ query: '{ failing }' }, viewer);
    expect(failing.errors?.[0]).toMatchObject({ message: 'Internal server error' });
  });

  it("answers plain queries over HTTP without Apollo Server's pipeline, byte for byte as it would", async () => {
    // The gateway's accept header, Hive's (executor-http), a browser's and GraphQL over HTTP's own.
    const accepts = [
      'application/json',
      'application/graphql-response+json, application/json, multipart/mixed',
      '*/*',
      'application/graphql-response+json',
    ];
    const before = directAnswerCount();
    for (const accept of accepts) {
      for (const [query, variables] of cases) {
        for (let i = 0; i < 2; i += 1) {
          expect(await post(query, variables, accept)).toEqual(await throughApollo(query, variables, accept));
        }
      }
    }
    // The two successful queries, twice each, per accept header.
    expect(directAnswerCount() - before).toBe(4 * accepts.length);
    const graphqlResponse = await post(FEED, { n: 1 }, 'application/graphql-response+json');
    expect(graphqlResponse.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');

    // Apollo Server answers what it alone knows: a persisted query, a media type it refuses (406).
    const answered = directAnswerCount();
    const hash = createHash('sha256').update(FEED).digest('hex');
    const persisted = await post(FEED, { n: 1 }, 'application/json', {
      persistedQuery: { version: 1, sha256Hash: hash },
    });
    expect(JSON.parse(persisted.text)).toEqual({
      data: { feed: [{ __typename: 'Photo', id: 'p0', width: 0, tags: ['a', 't0'] }] },
    });
    expect((await post(FEED, { n: 1 }, 'text/html')).status).toBe(406);
    expect(directAnswerCount()).toBe(answered);
  });

  it('refuses an unsigned plain query before answering it', async () => {
    const before = directAnswerCount();
    const response = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: FEED, variables: { n: 1 } }),
    });
    expect(response.status).toBe(401);
    expect(directAnswerCount()).toBe(before);
  });

  it('logs an unexpected error of a query once, as over HTTP', async () => {
    logged.length = 0;
    await service.execute({ query: '{ failing }' }, viewer);
    expect(logged.filter((line) => line.msg === 'unexpected error').map((line) => line.err?.message)).toEqual([
      'the database is on fire',
    ]);
  });
});
