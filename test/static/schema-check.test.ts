import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  buildSchema,
  parse,
  print,
  visit,
  type EnumTypeDefinitionNode,
  type GraphQLSchema,
  type ObjectTypeDefinitionNode,
} from 'graphql';
import {
  acknowledgedPaths,
  CHANGELOG_PATH,
  checkSchemaChanges,
  currentApiSchema,
  describeCheck,
  printApiSchema,
  RELEASED_PATH,
} from '../../schema/check.js';

/**
 * The schema change check (issue 15): CI fails when a change would break existing clients and the
 * changelog does not say so. The first test is that check on this tree; the others edit scratch
 * copies of a subgraph's SDL to show what it catches.
 */

const released = buildSchema(readFileSync(RELEASED_PATH, 'utf8'));
const changelog = readFileSync(CHANGELOG_PATH, 'utf8');

/** The API schema with one subgraph's SDL edited in memory (the files are not touched). */
function withEditedSdl(subgraph: string, edit: (sdl: string) => string): GraphQLSchema {
  return currentApiSchema((s) => {
    const sdl = readFileSync(s.sdlPath, 'utf8');
    if (s.name !== subgraph) return sdl;
    const edited = edit(sdl);
    if (edited === sdl) throw new Error(`the edit changed nothing in ${subgraph}'s SDL`);
    return edited;
  });
}

const UNRELEASED_ONLY = `# API changelog\n\n## Unreleased\n\n## 0.1.0 — 2026-11-30\n`;

it('finds no breaking change in this tree that schema/CHANGELOG.md does not acknowledge', async () => {
  const { ok, report } = describeCheck(await checkSchemaChanges(released, currentApiSchema(), changelog));
  if (!ok) throw new Error(report);
  expect(report).not.toContain('not acknowledged');
});

it('keeps schema/released.graphql in the printed form the release script writes', () => {
  expect(readFileSync(RELEASED_PATH, 'utf8')).toBe(printApiSchema(released));
});

describe('on a scratch copy of a subgraph SDL', () => {
  // Through the AST, so the field's description goes with it.
  const withoutCaption = () =>
    withEditedSdl('posts', (sdl) =>
      print(
        visit(parse(sdl), {
          ObjectTypeDefinition: (type) =>
            type.name.value === 'Post'
              ? { ...type, fields: type.fields?.filter((field) => field.name.value !== 'caption') }
              : undefined,
        }),
      ),
    );

  it('fails on a removed field, naming it', async () => {
    const check = await checkSchemaChanges(released, withoutCaption(), UNRELEASED_ONLY);
    const { ok, report } = describeCheck(check);
    expect(ok).toBe(false);
    expect(check.unacknowledged.map((c) => c.path)).toEqual(['Post.caption']);
    expect(report).toContain("`Post.caption`: Field 'caption' was removed from object type 'Post'");
  });

  it('passes once the changelog names the removal under Unreleased, and only there', async () => {
    const acknowledged = UNRELEASED_ONLY.replace(
      '## Unreleased\n',
      '## Unreleased\n\n- `Post.caption` removed: read the caption from `Post.body`.\n',
    );
    expect(describeCheck(await checkSchemaChanges(released, withoutCaption(), acknowledged)).ok).toBe(true);
    // Named under an earlier release, it acknowledges nothing now.
    const elsewhere = `${UNRELEASED_ONLY}\n- \`Post.caption\` was removed once.\n`;
    expect(describeCheck(await checkSchemaChanges(released, withoutCaption(), elsewhere)).ok).toBe(false);
  });

  it('fails on a new required argument and lists a new enum value as dangerous', async () => {
    const region = (parse('type T { f(region: String!): Int }').definitions[0] as ObjectTypeDefinitionNode).fields![0]!
      .arguments![0]!;
    const schema = withEditedSdl('posts', (sdl) =>
      print(
        visit(parse(sdl), {
          FieldDefinition: (field) =>
            field.name.value === 'hashtag' ? { ...field, arguments: [...(field.arguments ?? []), region] } : undefined,
        }),
      ),
    );
    const check = await checkSchemaChanges(released, schema, UNRELEASED_ONLY);
    expect(check.unacknowledged.map((c) => c.path)).toEqual(['Query.hashtag.region']);

    const screen = (parse('enum E { SCREEN }').definitions[0] as EnumTypeDefinitionNode).values![0]!;
    const withEnumValue = withEditedSdl('calls', (sdl) =>
      print(
        visit(parse(sdl), {
          EnumTypeDefinition: (type) =>
            type.name.value === 'CallType' ? { ...type, values: [...(type.values ?? []), screen] } : undefined,
        }),
      ),
    );
    const dangerous = await checkSchemaChanges(released, withEnumValue, UNRELEASED_ONLY);
    expect(dangerous.unacknowledged).toEqual([]);
    expect(dangerous.dangerous.map((c) => c.path)).toEqual(['CallType.SCREEN']);
  });
});

describe(acknowledgedPaths.name, () => {
  it('reads the backticked paths of the Unreleased section to the next heading or the end', () => {
    expect(acknowledgedPaths('## Unreleased\n- `A.b` and `C`\n## 1.0\n- `D.e`')).toEqual(new Set(['A.b', 'C']));
    expect(acknowledgedPaths('## Unreleased\n- `A.b`')).toEqual(new Set(['A.b']));
    expect(acknowledgedPaths('## 1.0\n- `D.e`')).toEqual(new Set());
  });
});
