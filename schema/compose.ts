import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { lexicographicSortSchema, parse, printSchema, type GraphQLSchema } from 'graphql';
import { SUBGRAPHS, type SubgraphEntry } from './subgraphs.js';

export const SUPERGRAPH_PATH = fileURLToPath(new URL('./supergraph.graphql', import.meta.url));
/** The schema clients see, printed (what Sandbox shows; generated, committed for reading and review). */
export const API_SCHEMA_PATH = fileURLToPath(new URL('./api.graphql', import.meta.url));

/** The API schema as text, in a stable order. */
export const printApiSchema = (schema: GraphQLSchema): string => printSchema(lexicographicSortSchema(schema));

export type CompositionResult =
  | { ok: true; supergraphSdl: string; /** The schema clients see (no federation machinery). */ apiSchema: GraphQLSchema }
  | { ok: false; errors: string[] };

/**
 * Composes the subgraph SDL files into the supergraph the gateway loads. `readSdl` reads a
 * subgraph's SDL (by default its file; a check may pass edited copies).
 */
export function composeSupergraph(
  readSdl: (subgraph: SubgraphEntry) => string = (s) => readFileSync(s.sdlPath, 'utf8'),
): CompositionResult {
  const result = composeServices(SUBGRAPHS.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(readSdl(s)) })));
  if (result.errors) return { ok: false, errors: result.errors.map((e) => e.message) };
  return {
    ok: true,
    supergraphSdl: result.supergraphSdl,
    apiSchema: result.schema.toAPISchema().toGraphQLJSSchema(),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = composeSupergraph();
  if (!result.ok) {
    console.error(`Composition failed:\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
    process.exit(1);
  }
  writeFileSync(SUPERGRAPH_PATH, result.supergraphSdl);
  writeFileSync(API_SCHEMA_PATH, printApiSchema(result.apiSchema));
  console.log(`Wrote ${SUPERGRAPH_PATH} and ${API_SCHEMA_PATH}`);
}
