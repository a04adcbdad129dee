import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_CATALOGUE } from '@shutter/events';
import { repoRoot, runMain, type EnvDoc } from '@shutter/runtime';
import { testEnvShape } from '@shutter/testing';
import {
  buildSchema,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
} from 'graphql';
import { format, resolveConfig } from 'prettier';
import { type z } from 'zod';
import { GATEWAY_ENV_SHAPE } from '../gateway/src/env.js';
import { API_SCHEMA_PATH } from '../schema/compose.js';
import { loadSubgraphDefinitions } from '../schema/subgraphs.js';
import { seedEnvSchema } from './seed.js';
import { devWebEnvShape, startEnvSchema } from './start-env.js';

/**
 * `npm run readme`: the parts of README.md that restate the code, written from the code — the
 * configuration table from every service's env schema (descriptions are `.describe()`/`.meta()` on
 * the variables), the events table from the event catalogue, and the API overview from the composed
 * API schema's descriptions. `npm run readme -- --check` (and test/static/readme.test.ts) fails
 * when README.md differs from what this writes.
 */

export const README_PATH = fileURLToPath(new URL('../README.md', import.meta.url));

/** Who reads a shape of variables: a service, or one of the scripts. */
export interface EnvSource {
  name: string;
  kind: 'service' | 'script';
  shape: z.ZodRawShape;
}

export async function envSources(): Promise<EnvSource[]> {
  const subgraphs = await loadSubgraphDefinitions();
  return [
    { name: 'gateway', kind: 'service', shape: GATEWAY_ENV_SHAPE },
    ...subgraphs.map((definition) => ({ name: definition.name, kind: 'service' as const, shape: definition.env.shape })),
    { name: '`npm start`', kind: 'script', shape: startEnvSchema.shape },
    { name: '`npm run seed`', kind: 'script', shape: seedEnvSchema.shape },
    { name: '`npm run dev:web`', kind: 'script', shape: devWebEnvShape },
    { name: 'tests', kind: 'script', shape: testEnvShape },
  ];
}

export class UndocumentedVariableError extends Error {}

interface Row {
  label: string;
  /** A `group` row (several variables); otherwise one variable. */
  group: boolean;
  members: Set<string>;
  readers: string[];
  /** Description → the readers that say it. */
  descriptions: Map<string, string[]>;
  /** Default as shown → the readers with it. */
  defaults: Map<string, string[]>;
}

function docOf(schema: z.ZodType): Partial<EnvDoc> {
  return (schema.meta() ?? {}) as Partial<EnvDoc>;
}

/** The default a reader of README should see, from the schema (`shownDefault` wins). */
function shownDefault(schema: z.ZodType): string {
  const doc = docOf(schema);
  if (doc.shownDefault) return doc.shownDefault;
  const fallback = defaultValue(schema);
  if (fallback !== undefined) {
    if (fallback === '') return 'unset';
    const text = String(fallback);
    // A path inside the checkout is shown relative to it (the table must not depend on where it is).
    return `\`${text.startsWith(repoRoot) ? relative(repoRoot, text) : text}\``;
  }
  return schema.safeParse(undefined).success ? 'unset' : '— (required)';
}

/** The raw default of a schema (before transforms), if it has one. */
function defaultValue(schema: z.ZodType): unknown {
  let def = schema._zod.def as unknown as Record<string, unknown>;
  for (let depth = 0; depth < 10; depth += 1) {
    if (def.type === 'default' || def.type === 'prefault') {
      const value = def.defaultValue;
      return typeof value === 'function' ? (value as () => unknown)() : value;
    }
    const inner = (def.innerType ?? def.in) as z.ZodType | undefined;
    if (!inner) return undefined;
    def = inner._zod.def as unknown as Record<string, unknown>;
  }
  return undefined;
}

const SERVICE_ORDER = (sources: EnvSource[]) => sources.filter((s) => s.kind === 'service').map((s) => s.name);

function readersLabel(readers: string[], sources: EnvSource[]): string {
  const services = SERVICE_ORDER(sources);
  const subgraphs = services.filter((name) => name !== 'gateway');
  const read = new Set(readers);
  const scripts = sources.filter((s) => s.kind === 'script' && read.has(s.name)).map((s) => s.name);
  if (services.every((name) => read.has(name))) return ['all', ...scripts.filter((s) => s !== '`npm start`')].join(', ');
  const parts = subgraphs.every((name) => read.has(name))
    ? [...(read.has('gateway') ? ['gateway'] : []), 'subgraphs']
    : services.filter((name) => read.has(name));
  return [...parts, ...scripts].join(', ');
}

/** Joins readers' differing texts as "a, b: text; c: other". */
function perReader(values: Map<string, string[]>, code = false): string {
  if (values.size === 1) return [...values.keys()][0]!;
  return [...values.entries()]
    .map(([value, readers]) => (code ? `${value} (${readers.join(', ')})` : `${readers.join(', ')}: ${value}`))
    .join(code ? ', ' : '; ');
}

/** Every variable any service or script reads, one row each (a `group` shares a row). */
export function configurationRows(sources: EnvSource[]): Row[] {
  const rows = new Map<string, Row>();
  for (const source of sources) {
    for (const [variable, schema] of Object.entries(source.shape)) {
      const doc = docOf(schema as z.ZodType);
      const key = doc.group ?? variable;
      let row = rows.get(key);
      if (!row) {
        row = {
          label: doc.group ?? `\`${variable}\``,
          group: doc.group !== undefined,
          members: new Set(),
          readers: [],
          descriptions: new Map(),
          defaults: new Map(),
        };
        rows.set(key, row);
      }
      row.members.add(variable);
      if (!row.readers.includes(source.name)) row.readers.push(source.name);
      const add = (map: Map<string, string[]>, value: string) => {
        const readers = map.get(value) ?? [];
        if (!readers.includes(source.name)) readers.push(source.name);
        map.set(value, readers);
      };
      if (doc.description) add(row.descriptions, doc.description);
      add(row.defaults, shownDefault(schema as z.ZodType));
    }
  }
  const undocumented = [...rows.values()].filter((row) => row.descriptions.size === 0);
  if (undocumented.length > 0) {
    throw new UndocumentedVariableError(
      `No description for ${undocumented.map((row) => row.label).join(', ')}: add .describe('…') (or .meta({ description })) to the variable in its env schema.`,
    );
  }
  return [...rows.values()];
}

export function configurationTable(sources: EnvSource[]): string {
  const lines = ['| Variable | Used by | Default | Meaning |', '| --- | --- | --- | --- |'];
  for (const row of configurationRows(sources)) {
    const cell = (text: string) => text.replaceAll('|', '\\|');
    // A group's members are read by the same services: its texts are the members', in order.
    const defaults = row.group ? [...row.defaults.keys()].join(', ') : perReader(row.defaults, true);
    const meaning = row.group ? [...row.descriptions.keys()].join('; ') : perReader(row.descriptions);
    lines.push(
      `| ${cell(row.label)} | ${cell(readersLabel(row.readers, sources))} | ${cell(defaults)} | ${cell(meaning)} |`,
    );
  }
  return lines.join('\n');
}

function payloadFields(payload: z.ZodObject): string {
  return Object.entries(payload.shape)
    .map(([field, schema]) => `\`${field}${(schema as z.ZodType).safeParse(undefined).success ? '?' : ''}\``)
    .join(', ');
}

export function eventsTable(): string {
  const lines = [
    '| Event | Version | Topic | Producer | Consumers | Payload |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const [name, event] of Object.entries(EVENT_CATALOGUE)) {
    lines.push(
      `| \`${name}\` | ${event.version} | \`${event.topic}\` | ${event.producer} (${event.when}) | ${event.consumers} | ${payloadFields(event.payload as z.ZodObject)} |`,
    );
  }
  return lines.join('\n');
}

/** The first sentence of a description (a full stop outside brackets), on one line. */
function summary(description: string | null | undefined): string {
  const text = (description ?? '').replace(/\s+/g, ' ').trim();
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '(' || char === '[') depth += 1;
    else if ((char === ')' || char === ']') && depth > 0) depth -= 1;
    else if (char === '.' && depth === 0 && (i + 1 === text.length || text[i + 1] === ' ')) return text.slice(0, i + 1);
  }
  return text;
}

function signature(field: GraphQLField<unknown, unknown>): string {
  const args = field.args.map((arg: GraphQLArgument) => `${arg.name}${isNonNullType(arg.type) ? '' : '?'}`);
  return `\`${field.name}${args.length ? `(${args.join(', ')})` : ''}\``;
}

export function apiOverview(sdl: string): string {
  const schema = buildSchema(sdl);
  const sections: string[] = [];
  for (const [title, type] of [
    ['Queries', schema.getQueryType()],
    ['Mutations', schema.getMutationType()],
    ['Subscriptions', schema.getSubscriptionType()],
  ] as const) {
    if (!type || !isObjectType(type)) continue;
    const lines = [`**${title}**`, '', '| Field | Returns | What it does |', '| --- | --- | --- |'];
    for (const field of Object.values(type.getFields()).sort((a, b) => a.name.localeCompare(b.name))) {
      lines.push(
        `| ${signature(field)} | \`${String(field.type)}\` | ${summary(field.description).replaceAll('|', '\\|')} |`,
      );
    }
    sections.push(lines.join('\n'));
  }
  return sections.join('\n\n');
}

/** README with each generated block (between `<!-- generated:NAME -->` markers) rewritten. */
export async function renderReadme(readme: string, blocks: Record<string, string>): Promise<string> {
  // Each block as `npm run format` would write it, so the check and the formatter agree.
  const options = { ...(await resolveConfig(README_PATH)), filepath: README_PATH };
  let text = readme;
  for (const [name, content] of Object.entries(blocks)) {
    const start = `<!-- generated:${name} (npm run readme) -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from === -1 || to === -1 || to < from) throw new Error(`README.md has no ${start} … ${end} block`);
    const formatted = (await format(content, options)).trimEnd();
    text = `${text.slice(0, from + start.length)}\n\n${formatted}\n\n${text.slice(to)}`;
  }
  return text;
}

export async function generatedBlocks(): Promise<Record<string, string>> {
  return {
    configuration: configurationTable(await envSources()),
    events: eventsTable(),
    api: apiOverview(readFileSync(API_SCHEMA_PATH, 'utf8')),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runMain(async () => {
    const current = readFileSync(README_PATH, 'utf8');
    const next = await renderReadme(current, await generatedBlocks());
    if (process.argv.includes('--check')) {
      if (next !== current) {
        throw new Error('README.md is stale: its generated tables differ from the code. Run `npm run readme`.');
      }
      console.log('README.md is up to date.');
      return;
    }
    writeFileSync(README_PATH, next);
    console.log(next === current ? 'README.md was up to date.' : 'Rewrote README.md’s generated tables.');
  });
}
