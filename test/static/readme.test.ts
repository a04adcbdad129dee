import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '@shutter/runtime';
import { z } from 'zod';
import {
  configurationTable,
  envSources,
  generatedBlocks,
  README_PATH,
  renderReadme,
  UndocumentedVariableError,
  type EnvSource,
} from '../../scripts/readme.js';

// README's configuration, events and API tables are written by `npm run readme` from the env
// schemas, the event catalogue and the composed API schema; these tests keep them true.

let readme: string;
let blocks: Record<string, string>;
let sources: EnvSource[];
beforeAll(async () => {
  readme = readFileSync(README_PATH, 'utf8');
  sources = await envSources();
  blocks = await generatedBlocks();
}, 60_000);

/** The block between a generated section's markers. */
const block = (text: string, name: string) =>
  text.slice(text.indexOf(`<!-- generated:${name} `), text.indexOf(`<!-- /generated:${name} -->`));

it('README.md is what `npm run readme` writes (run it after changing a variable, an event or the schema)', async () => {
  expect(await renderReadme(readme, blocks)).toBe(readme);
});

describe('a stale README is caught', () => {
  it.each([
    ['a configuration row removed', (text: string) => text.replace(/^\| `S3_BUCKET` .*\n/m, '')],
    ['a default changed by hand', (text: string) => text.replace(/(\| `FEED_TIMELINE_LENGTH` +\| posts +\| )`800`/, '$1`900`')],
    ['an event row removed', (text: string) => text.replace(/^\| `ProfileUpdated` .*\n/m, '')],
    ['an operation removed', (text: string) => text.replace(/^\| `createPost\(input\)` .*\n/m, '')],
  ])('%s', async (_, edit) => {
    const stale = edit(readme);
    expect(stale).not.toBe(readme); // the edit applies to today's README
    expect(await renderReadme(stale, blocks)).not.toBe(stale);
    expect(await renderReadme(stale, blocks)).toBe(readme);
  });

  it('a variable added to a service shows up in the table, and one without a description is refused', () => {
    const withNew = sources.map((source) =>
      source.name === 'posts'
        ? { ...source, shape: { ...source.shape, MEDIA_SOMETHING_NEW: z.string().optional().describe('a new knob') } }
        : source,
    );
    expect(configurationTable(withNew)).toMatch(/\| `MEDIA_SOMETHING_NEW` \| posts \| unset \| a new knob \|/);
    const undocumented = sources.map((source) =>
      source.name === 'posts' ? { ...source, shape: { ...source.shape, MEDIA_UNDOCUMENTED: z.string() } } : source,
    );
    expect(() => configurationTable(undocumented)).toThrow(UndocumentedVariableError);
    expect(() => configurationTable(undocumented)).toThrow(/MEDIA_UNDOCUMENTED/);
  });
});

it('every variable any service or script reads is in README’s configuration table', () => {
  const table = block(readme, 'configuration');
  const rows = table.split('\n').filter((line) => line.startsWith('| `'));
  // A row's first cell names its variables, or a family of them (`DATABASE_URL_<SUBGRAPH>`).
  const patterns = rows.flatMap((row) =>
    [...row.split('|')[1]!.matchAll(/`([A-Z0-9_<>]+)`/g)].map(
      (match) => new RegExp(`^${match[1]!.replace(/<[A-Z]+>/g, '[A-Z0-9_]+')}$`),
    ),
  );
  const variables = sources.flatMap((source) => Object.keys(source.shape));
  expect(variables.length).toBeGreaterThan(80);
  const documented = (variable: string) =>
    patterns.some((pattern) => pattern.test(variable)) || table.includes(`| \`${variable}\``);
  expect(variables.filter((variable) => !documented(variable))).toEqual([]);
  // Including the ones issue 15 found missing.
  for (const variable of ['S3_BUCKET', 'ELASTICSEARCH_URL', 'MEDIA_DIR', 'MEDIA_PUBLIC_URL', 'USERS_SUBGRAPH_URL']) {
    expect(table).toContain(`\`${variable}\``);
  }
});

it('every TEST_*, CHROMIUM_PATH and SHUTTER_* variable read outside the env schemas is documented', () => {
  const files = execFileSync('git', ['ls-files', '*.ts', '*.mjs', '*.js'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const read = new Set<string>();
  for (const file of files) {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    for (const match of text.matchAll(/process\.env\.(TEST_[A-Z0-9_]+|CHROMIUM_PATH|SHUTTER_[A-Z0-9_]+)/g)) {
      read.add(match[1]!);
    }
  }
  expect(read.size).toBeGreaterThan(5);
  const documented = new Set(sources.flatMap((source) => Object.keys(source.shape)));
  expect([...read].filter((variable) => !documented.has(variable))).toEqual([]);
});
