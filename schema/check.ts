import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { composeSupergraph, printApiSchema } from './compose.js';

/**
 * Schema change check (issue 15): the API schema clients see, composed from the subgraph SDLs, against
 * the one last released (`schema/released.graphql`). A breaking change (a removed field, a new
 * required argument, a changed type) fails unless `schema/CHANGELOG.md` names it, by its path in
 * backticks, under `## Unreleased`; dangerous changes (e.g. a new enum value old clients may not
 * handle) are listed. `npm run schema:check` runs it, and so does a test in `npm test`.
 *
 * @graphql-inspector/core does the comparison: it classifies each change the way GraphQL tooling
 * commonly does (breaking, dangerous, safe) and names the path it touches.
 */

export const RELEASED_PATH = fileURLToPath(new URL('./released.graphql', import.meta.url));
export const CHANGELOG_PATH = fileURLToPath(new URL('./CHANGELOG.md', import.meta.url));

export { printApiSchema };

/** The paths named in backticks in the changelog's Unreleased section. */
export function acknowledgedPaths(changelog: string): Set<string> {
  const section = /^## Unreleased\s*$([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(changelog)?.[1] ?? '';
  return new Set([...section.matchAll(/`([^`\s]+)`/g)].map((match) => match[1]!));
}

export interface SchemaCheck {
  /** Breaking changes the changelog does not name: the check fails on these. */
  unacknowledged: Change[];
  acknowledged: Change[];
  dangerous: Change[];
  safe: Change[];
}

/** Compares a schema with the released one; breaking changes are acknowledged by the changelog. */
export async function checkSchemaChanges(
  released: GraphQLSchema,
  current: GraphQLSchema,
  changelog: string,
): Promise<SchemaCheck> {
  const changes = await diff(released, current);
  const named = acknowledgedPaths(changelog);
  const level = (c: Change) => c.criticality.level;
  const breaking = changes.filter((c) => level(c) === CriticalityLevel.Breaking);
  return {
    unacknowledged: breaking.filter((c) => !c.path || !named.has(c.path)),
    acknowledged: breaking.filter((c) => c.path && named.has(c.path)),
    dangerous: changes.filter((c) => level(c) === CriticalityLevel.Dangerous),
    safe: changes.filter((c) => level(c) === CriticalityLevel.NonBreaking),
  };
}

/** The report people read, and whether it passes. */
export function describeCheck(check: SchemaCheck): { ok: boolean; report: string } {
  const lines: string[] = [];
  const list = (title: string, changes: Change[]) => {
    if (changes.length === 0) return;
    lines.push(title);
    for (const change of changes) lines.push(`  - ${change.path ? `\`${change.path}\`: ` : ''}${change.message}`);
  };
  list(
    'Breaking changes not acknowledged in schema/CHANGELOG.md (name each path under ## Unreleased):',
    check.unacknowledged,
  );
  list('Breaking changes acknowledged in schema/CHANGELOG.md:', check.acknowledged);
  list('Dangerous changes (old clients may see values they do not expect):', check.dangerous);
  list('Safe changes:', check.safe);
  if (lines.length === 0) lines.push('No changes to the API schema since the last release.');
  return { ok: check.unacknowledged.length === 0, report: lines.join('\n') };
}

/** The composed API schema of the working tree (throws when the subgraphs do not compose). */
export function currentApiSchema(readSdl?: Parameters<typeof composeSupergraph>[0]): GraphQLSchema {
  const result = composeSupergraph(readSdl);
  if (!result.ok) throw new Error(`Subgraphs do not compose:\n${result.errors.join('\n')}`);
  return result.apiSchema;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, version] = process.argv.slice(2);
  const current = currentApiSchema();
  if (command === 'release') {
    // The current schema becomes the baseline; the Unreleased notes become this version's.
    if (!version) throw new Error('usage: npm run schema:release -- <version>');
    const changelog = readFileSync(CHANGELOG_PATH, 'utf8').replace(
      /^## Unreleased\s*$/m,
      `## Unreleased\n\n## ${version} — ${new Date().toISOString().slice(0, 10)}`,
    );
    writeFileSync(CHANGELOG_PATH, changelog);
    writeFileSync(RELEASED_PATH, printApiSchema(current));
    console.log(`schema/released.graphql is now ${version}'s API schema.`);
  } else {
    const released = buildSchema(readFileSync(RELEASED_PATH, 'utf8'));
    const check = await checkSchemaChanges(released, current, readFileSync(CHANGELOG_PATH, 'utf8'));
    const { ok, report } = describeCheck(check);
    console.log(report);
    process.exit(ok ? 0 : 1);
  }
}
