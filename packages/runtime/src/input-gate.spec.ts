import { describe, expect, it } from '@jest/globals';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';
import { DomainError } from './errors.js';
import { gateInputs, problemOf } from './input-gate.js';

const typeDefs = parse(/* GraphQL */ `
  input Tag {
    name: String!
    weight: Int
  }
  input Filter {
    text: String
    tags: [Tag!]
    ids: [ID!]
    inner: Filter
  }
  type Query {
    echo(text: String, id: ID, filter: Filter, count: Int): String
    plain: String
  }
`);

/** A schema whose one resolver reports the args it received, gated. */
function gatedSchema() {
  const received: Record<string, unknown>[] = [];
  const schema = gateInputs(
    buildSubgraphSchema({
      typeDefs,
      resolvers: {
        Query: {
          echo: (_: unknown, args: Record<string, unknown>) => {
            received.push(args);
            return 'ok';
          },
          plain: () => 'plain',
        },
      },
    }),
  );
  return { schema, received };
}

async function run(source: string, variableValues?: Record<string, unknown>) {
  const { schema, received } = gatedSchema();
  const result = await graphql({ schema, source, ...(variableValues ? { variableValues } : {}) });
  const error = result.errors?.[0]?.originalError;
  return { result, received, error: error instanceof DomainError ? error : undefined };
}

describe(gateInputs.name, () => {
  it('hands resolvers NFC-normalised text, from variables and from literals, at any depth', async () => {
    const decomposed = 'Cafe\u0301';
    const { received } = await run(`query($f: Filter) { echo(text: "Cafe\\u0301", filter: $f) }`, {
      f: { text: decomposed, tags: [{ name: decomposed, weight: 1 }], inner: { text: decomposed } },
    });
    expect(received).toEqual([
      { text: 'Café', filter: { text: 'Café', tags: [{ name: 'Café', weight: 1 }], inner: { text: 'Café' } } },
    ]);
    expect(received[0]!.text).toBe('Caf\u00e9');
  });

  it('refuses a NUL at any depth with INVALID_INPUT naming the argument path, before the resolver runs', async () => {
    const nested = await run(`query($f: Filter) { echo(filter: $f) }`, {
      f: { inner: { tags: [{ name: 'ok' }, { name: 'a\u0000b' }] } },
    });
    expect(nested.received).toEqual([]);
    expect(nested.error).toMatchObject({ code: 'INVALID_INPUT', field: 'filter.inner.tags[1].name' });
    const top = await run(`{ echo(text: "a\\u0000b") }`);
    expect(top.error).toMatchObject({ code: 'INVALID_INPUT', field: 'text' });
    const list = await run(`query($ids: [ID!]) { echo(filter: { ids: $ids }) }`, { ids: ['x', 'y\u0000'] });
    expect(list.error).toMatchObject({ field: 'filter.ids[1]' });
  });

  it.each([
    ['a lone high surrogate', 'a\ud800b', /unpaired surrogate/],
    ['a lone low surrogate', 'a\udc00', /unpaired surrogate/],
    ['a right-to-left override', 'safe\u202Etxt.exe', /bidirectional/],
    ['a first-strong isolate', 'x\u2068y', /bidirectional/],
    ['an escape (C0)', 'a\u001b[31m', /control characters/],
    ['DEL', 'a\u007f', /control characters/],
    ['a C1 control', 'a\u0085b', /control characters/],
  ])('refuses text with %s', async (_name, text, problem) => {
    const { error, received } = await run(`query($t: String) { echo(text: $t) }`, { t: text });
    expect(received).toEqual([]);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'text' });
    expect(error!.message).toMatch(problem);
  });

  it('lets text keep tabs, line breaks, emoji and right-to-left script', async () => {
    const text = 'line one\r\nline two\tend 📷 שלום';
    const { received, error } = await run(`query($t: String) { echo(text: $t) }`, { t: text });
    expect(error).toBeUndefined();
    expect(received).toEqual([{ text }]);
  });

  it('refuses every control character in an id, tabs and line breaks included', async () => {
    for (const id of ['abc\n', '\tabc', 'a\rb']) {
      const { error } = await run(`query($id: ID) { echo(id: $id) }`, { id });
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'id' });
    }
    const { received } = await run(`query($id: ID) { echo(id: $id) }`, { id: '  spaced  ' });
    expect(received).toEqual([{ id: '  spaced  ' }]);
  });

  it('leaves fields without text arguments and non-text values as they are', async () => {
    const { schema } = gatedSchema();
    expect((await graphql({ schema, source: '{ plain }' })).data).toEqual({ plain: 'plain' });
    const { received } = await run(`{ echo(count: 3, filter: { tags: [{ name: "x", weight: 2 }] }) }`);
    expect(received).toEqual([{ count: 3, filter: { tags: [{ name: 'x', weight: 2 }] } }]);
  });

  it('keeps the federation entry points working', async () => {
    const { schema } = gatedSchema();
    const result = await graphql({ schema, source: '{ _service { sdl } }' });
    expect(result.errors).toBeUndefined();
  });
});

describe(problemOf.name, () => {
  it('passes ordinary text and names the problem of bad text', () => {
    expect(problemOf('Ada Lovelace, née Byron', 'text')).toBeNull();
    expect(problemOf('\u0000', 'text')).toMatch(/NUL/);
    expect(problemOf('\u200F marks are text', 'text')).toBeNull();
  });
});
