import { join } from 'node:path';
import { baseEnvSchema, port, repoRoot } from '@shutter/runtime';
import { telemetryEnvShape } from '@shutter/telemetry';
import { z } from 'zod';

/** What `npm run dev:web` reads (clients/web/vite.config.ts, which reads process.env itself). */
export const devWebEnvShape = {
  SHUTTER_GATEWAY_URL: z
    .url()
    .default('http://127.0.0.1:4000')
    .describe('the running gateway the Vite dev server proxies `/graphql` (and its WebSocket) to'),
};

/**
 * What `npm start` itself reads (the gateway and every subgraph read their own variables from the
 * same environment): where the embedded parts live and how the services are wired in one process.
 */
export const startEnvSchema = baseEnvSchema.extend({
  PORT: port(4000).describe('HTTP port (for `npm start`: the gateway’s)'),
  SHUTTER_DATA_DIR: z
    .string()
    .default(join(repoRoot, '.shutter'))
    .meta({
      description: 'embedded PostgreSQL data, development secrets and local media (`MEDIA_DIR` overrides)',
      shownDefault: '`.shutter/`',
    }),
  EMBEDDED_POSTGRES_PORT: port(54329).describe('port of the embedded PostgreSQL'),
  SUBGRAPH_BASE_PORT: port(4001).describe('first subgraph port (the others follow)'),
  SUBGRAPH_CALLS: z
    .enum(['in-process', 'http'])
    .default('in-process')
    .describe(
      'how the gateway calls the subgraphs: `in-process` (fastest, no HTTP hop) or `http` (signed identity, as split)',
    ),
  ...telemetryEnvShape,
});
