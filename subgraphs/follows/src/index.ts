import { createEventTransport } from '@shutter/events';
import { applyMigrations, ConfigError, createLogger, migrationsDirFor, onShutdown, runMain } from '@shutter/runtime';
import { createFollowsPrisma } from './db.js';
import { loadFollowsConfig } from './env.js';
import { startFollowsSubgraph } from './server.js';

// config → database → listen; nothing else.
await runMain(async () => {
  const config = loadFollowsConfig();
  if (config.production && !config.events.kafkaBrokers) {
    throw new ConfigError('Invalid configuration:\n  KAFKA_BROKERS: is required when NODE_ENV=production');
  }
  const logger = createLogger({ service: 'follows', level: config.logLevel });
  await applyMigrations(config.databaseUrl, migrationsDirFor('follows'));
  const events = createEventTransport(config.events, 'shutter-follows', logger);
  const service = await startFollowsSubgraph({
    prisma: createFollowsPrisma(config.databaseUrl, { poolSize: config.databasePoolSize }),
    databaseUrl: config.databaseUrl,
    events,
    identitySecret: config.identitySecret,
    logger,
    production: config.production,
    port: config.port,
    host: config.host,
  });
  onShutdown(async () => {
    await service.close();
    await events.close();
  }, logger);
});
