import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, GraphQLError, parse } from 'graphql';
import { pino } from 'pino';
import { CompiledOperations } from './compiled-executor.js';
import { DomainError } from './errors.js';
import { IDENTITY_HEADER, signIdentity } from './identity.js';
import { startSubgraph, type BaseContext, type RunningSubgraphServer } from './subgraph-server.js';

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
  const overHttp = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signIdentity(viewer, secret) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as unknown;
  };

  it('answers queries, failing ones included, as it answers them over HTTP', async () => {
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
    for (const [query, variables] of cases) {
      // Twice: the second call finds the operation prepared and compiled.
      for (let i = 0; i < 2; i += 1) {
        expect(await service.execute({ query, variables }, viewer)).toEqual(await overHttp(query, variables));
      }
    }
    const broken = await service.execute({ query: '{ broken }' }, viewer);
    expect(broken.errors?.[0]).toMatchObject({ message: 'No post has this id.', extensions: { code: 'NOT_FOUND' } });
    const failing = await service.execute({ query: '{ failing }' }, viewer);
    expect(failing.errors?.[0]).toMatchObject({ message: 'Internal server error' });
  });

  it('logs an unexpected error of a query once, as over HTTP', async () => {
    logged.length = 0;
    await service.execute({ query: '{ failing }' }, viewer);
    expect(logged.filter((line) => line.msg === 'unexpected error').map((line) => line.err?.message)).toEqual([
      'the database is on fire',
    ]);
  });
});
