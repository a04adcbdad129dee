import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@shutter/runtime';
import { ESLint } from 'eslint';
import {
  buildSchema,
  getIntrospectionQuery,
  graphqlSync,
  parse,
  specifiedDirectives,
  specifiedScalarTypes,
  type GraphQLSchema,
  type IntrospectionInputValue,
  type IntrospectionQuery,
} from 'graphql';
import { composeSupergraph } from '../../schema/compose.js';
import { SUBGRAPHS } from '../../schema/subgraphs.js';

/**
 * Issue 15: every type, field, argument, input field and enum value clients can see is described
 * (Sandbox shows the descriptions; they are the API's documentation). Checked by introspection of
 * the API schema composed from the subgraphs, the schema the gateway serves; ESLint's
 * `@graphql-eslint/require-description` keeps each subgraph's SDL so while it is written.
 */

const BUILT_IN = new Set([...specifiedScalarTypes.map((t) => t.name), ...specifiedDirectives.map((d) => d.name)]);
const blank = (description: string | null | undefined) => !description?.trim();

/**
 * The coordinates (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `@directive(arg:)`) that
 * have no description, found by the standard introspection query (what Sandbox and codegen read).
 */
function undescribed(schema: GraphQLSchema): string[] {
  return introspect(schema).missing;
}

function introspect(schema: GraphQLSchema): { checked: number; missing: string[] } {
  const result = graphqlSync({ schema, source: getIntrospectionQuery({ inputValueDeprecation: true }) });
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  const { types, directives } = (result.data as unknown as IntrospectionQuery).__schema;
  const missing: string[] = [];
  let checked = 0;
  const check = (coordinate: string, description: string | null | undefined) => {
    checked++;
    if (blank(description)) missing.push(coordinate);
  };
  const args = (owner: string, values: readonly IntrospectionInputValue[]) => {
    for (const arg of values) check(`${owner}(${arg.name}:)`, arg.description);
  };
  for (const type of types) {
    if (type.name.startsWith('__') || BUILT_IN.has(type.name)) continue;
    check(type.name, type.description);
    if (type.kind === 'OBJECT' || type.kind === 'INTERFACE') {
      for (const field of type.fields) {
        check(`${type.name}.${field.name}`, field.description);
        args(`${type.name}.${field.name}`, field.args);
      }
    } else if (type.kind === 'INPUT_OBJECT') {
      for (const field of type.inputFields) check(`${type.name}.${field.name}`, field.description);
    } else if (type.kind === 'ENUM') {
      for (const value of type.enumValues) check(`${type.name}.${value.name}`, value.description);
    }
  }
  for (const directive of directives) {
    if (BUILT_IN.has(directive.name)) continue;
    check(`@${directive.name}`, directive.description);
    args(`@${directive.name}`, directive.args);
  }
  return { checked, missing };
}

describe('the API schema', () => {
  it('describes every type, field, argument, input field and enum value, by introspection', () => {
    const composed = composeSupergraph();
    if (!composed.ok) throw new Error(`Subgraphs do not compose:\n${composed.errors.join('\n')}`);
    const { checked, missing } = introspect(composed.apiSchema);
    // The failure names each element, so the message says where to write a description.
    if (missing.length > 0) {
      throw new Error(
        `${missing.length} of ${checked} schema elements have no description:\n  ${missing.join('\n  ')}`,
      );
    }
    // Not vacuous: the whole API was read (some 290 types, fields, arguments and values).
    expect(checked).toBeGreaterThan(250);
  });

  it('gets the same description for an element declared in several subgraphs from each of them', () => {
    // Composition keeps one description per element and hints at the others; none may differ, or what
    // clients read would depend on which subgraph composition happened to prefer.
    const result = composeServices(
      SUBGRAPHS.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(readFileSync(s.sdlPath, 'utf8')) })),
    );
    if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
    const inconsistent = result.hints.filter((h) => h.definition.code === 'INCONSISTENT_DESCRIPTION');
    expect(inconsistent.map((h) => h.message)).toEqual([]);
  });

  it('finds each kind of undescribed element (the check itself)', () => {
    const schema = buildSchema(`
      """Described."""
      type Query {
        """Described."""
        feed("""Described.""" first: Int, after: String): [Kind!]!
        bare: Int
      }
      enum Kind {
        """Described."""
        A
        B
      }
      """Described."""
      input Filter { kinds: [Kind!] }
      """Described."""
      directive @tagged("""Described.""" name: String, note: String) on FIELD_DEFINITION
      type Unused { x: Int }
    `);
    expect(undescribed(schema).sort()).toEqual(
      [
        'Query.feed(after:)',
        'Query.bare',
        'Kind',
        'Kind.B',
        'Filter.kinds',
        '@tagged(note:)',
        'Unused',
        'Unused.x',
      ].sort(),
    );
  });
});

describe('the require-description lint rule', () => {
  // The repository's own ESLint configuration, as `npm run lint` runs it, on SDL at a subgraph's schema path.
  const lint = async (sdl: string) => {
    const eslint = new ESLint({ cwd: repoRoot });
    const [result] = await eslint.lintText(sdl, {
      filePath: join(repoRoot, 'subgraphs', 'users', 'src', 'schema', 'lint-example.graphql'),
    });
    return result!.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
  };

  const federated = (body: string) =>
    `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\n${body}`;

  it('fails subgraph SDL with an undescribed type, field, argument, input field or enum value', async () => {
    const messages = await lint(
      federated(`
        type User @key(fields: "id") {
          """The id."""
          id: ID!
          name(format: String): String
        }
        """Described."""
        enum Kind { A }
        """Described."""
        input Filter { kind: Kind }
      `),
    );
    expect(messages.sort()).toEqual(
      [
        'Description is required for type "User"',
        'Description is required for field "name" in type "User"',
        'Description is required for input value "format" in field "name"',
        'Description is required for enum value "A" in enum "Kind"',
        'Description is required for input value "kind" in input "Filter"',
      ]
        .map((message) => `@graphql-eslint/require-description: ${message}`)
        .sort(),
    );
  }, 60_000);

  it('passes the same SDL once every element is described (federation directives need no definitions)', async () => {
    const messages = await lint(
      federated(`
        """An account."""
        type User @key(fields: "id") {
          """The id."""
          id: ID!
          """The name."""
          name("""How to write it.""" format: String): String
        }
        """Described."""
        enum Kind {
          """The only kind."""
          A
        }
        """Described."""
        input Filter {
          """Which kind."""
          kind: Kind
        }
      `),
    );
    expect(messages).toEqual([]);
  }, 60_000);
});
