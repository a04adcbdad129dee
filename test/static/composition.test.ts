import { readFileSync } from 'node:fs';
import { expect, it } from '@jest/globals';
import { API_SCHEMA_PATH, composeSupergraph, printApiSchema, SUPERGRAPH_PATH } from '../../schema/compose.js';

it('composes the subgraphs into exactly the committed supergraph', () => {
  const result = composeSupergraph();
  // On failure the composition errors are the message, so CI output says what to fix.
  if (!result.ok) throw new Error(`Subgraphs do not compose:\n${result.errors.join('\n')}`);
  const committed = readFileSync(SUPERGRAPH_PATH, 'utf8');
  if (committed !== result.supergraphSdl) {
    throw new Error('schema/supergraph.graphql is stale: run `npm run compose` and commit the result.');
  }
  expect(committed).toContain('@join__graph(name: "users"');
});

it('keeps schema/api.graphql, the schema clients see, in step with the subgraphs', () => {
  const result = composeSupergraph();
  if (!result.ok) throw new Error(result.errors.join('\n'));
  if (readFileSync(API_SCHEMA_PATH, 'utf8') !== printApiSchema(result.apiSchema)) {
    throw new Error('schema/api.graphql is stale: run `npm run compose` and commit the result.');
  }
  // Federation's machinery stays out of what clients read.
  expect(readFileSync(API_SCHEMA_PATH, 'utf8')).not.toMatch(/@join__|_entities|_service/);
});
