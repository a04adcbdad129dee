import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { SUBGRAPHS } from './schema/subgraphs.js';

/**
 * Resolver types for every subgraph, generated from its SDL (`npm run codegen`; a test fails when a
 * committed file is stale). Conventions, as in graphql-codegen's server preset:
 * - the per-request context is the `Context` type of `src/context.ts`;
 * - a type whose resolvers receive something other than its GraphQL shape (a database row) has a
 *   mapper: `export type PostMapper = …` in `src/schema/mappers.ts`.
 */
function subgraphOutput(sdlPath: string): [string, CodegenConfig['generates'][string]] {
  const schemaDir = dirname(sdlPath);
  const mappersFile = join(schemaDir, 'mappers.ts');
  const mapperNames = existsSync(mappersFile)
    ? [...readFileSync(mappersFile, 'utf8').matchAll(/^export (?:type|interface) (\w+)Mapper\b/gm)].map((m) => m[1]!)
    : [];
  return [
    join(schemaDir, 'generated', 'resolvers-types.ts'),
    {
      schema: sdlPath,
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useTypeImports: true,
        contextType: '../../context.js#Context',
        mappers: Object.fromEntries(mapperNames.map((name) => [name, `../mappers.js#${name}Mapper`])),
        scalars: { DateTime: { input: 'string', output: 'Date | string' } },
        enumsAsTypes: true,
        avoidOptionals: { field: true },
        maybeValue: 'T | null',
        inputMaybeValue: 'T | null | undefined',
      },
    },
  ];
}

/**
 * The web client's operation types, from the composed API schema (what clients see) and the
 * operations written with `graphql(…)` in its sources (client preset, docs/adr/0022-web-client.md).
 */
const webClient: CodegenConfig['generates'][string] = {
  schema: 'schema/api.graphql',
  documents: ['clients/web/src/**/*.{ts,tsx}', '!clients/web/src/generated/**'],
  preset: 'client',
  presetConfig: { fragmentMasking: false },
  config: {
    useTypeImports: true,
    enumsAsTypes: true,
    scalars: { DateTime: 'string' },
    avoidOptionals: { field: true },
  },
};

const config: CodegenConfig = {
  generates: {
    ...Object.fromEntries(SUBGRAPHS.map((s) => subgraphOutput(s.sdlPath))),
    'clients/web/src/generated/': webClient,
  },
  silent: true,
};

export default config;
