import { createEventTransport } from '@shutter/events';
import { applyMigrations, ConfigError, createLogger, migrationsDirFor, onShutdown, runMain } from '@shutter/runtime';
import { createUsersPrisma } from './db.js';
import { loadUsersConfig } from './env.js';
import { startUsersSubgraph } from './server.js';

// config → database → listen; nothing else.
await runMain(async () => {
  const config = loadUsersConfig();
  // Alone in its container, the subgraph has no in-process peers to hear its events.
  if (config.production && !config.events.kafkaBrokers) {
    throw new ConfigError('Invalid configuration:\n  KAFKA_BROKERS: is required when NODE_ENV=production');
  }
  const logger = createLogger({ service: 'users', level: config.logLevel });
  await applyMigrations(config.databaseUrl, migrationsDirFor('users'));
  const prisma = createUsersPrisma(config.databaseUrl, { poolSize: config.databasePoolSize });
  const events = createEventTransport(config.events, 'shutter-users', logger);
  const service = await startUsersSubgraph({
    prisma,
    databaseUrl: config.databaseUrl,
    events,
    logger,
    production: config.production,
    identitySecret: config.identitySecret,
    auth: config,
    admin: config.admin,
    port: config.port,
    host: config.host,
  });
  onShutdown(async () => {
    await service.close();
    await events.close();
  }, logger);
});
