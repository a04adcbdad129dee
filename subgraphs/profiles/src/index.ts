import { createCache } from '@shutter/cache';
import { createEventTransport } from '@shutter/events';
import { applyMigrations, ConfigError, createLogger, migrationsDirFor, onShutdown, runMain } from '@shutter/runtime';
import { createProfilesPrisma } from './db.js';
import { loadProfilesConfig } from './env.js';
import { startProfilesSubgraph } from './server.js';

// config → database → listen; nothing else.
await runMain(async () => {
  const config = loadProfilesConfig();
  if (config.production && (!config.events.kafkaBrokers || !config.redisUrl)) {
    // Alone in its container: no in-process peers for events, and replicas must share one cache.
    throw new ConfigError(
      'Invalid configuration:\n  KAFKA_BROKERS and REDIS_URL: are required when NODE_ENV=production',
    );
  }
  const logger = createLogger({ service: 'profiles', level: config.logLevel });
  await applyMigrations(config.databaseUrl, migrationsDirFor('profiles'));
  const events = createEventTransport(config.events, 'shutter-profiles', logger);
  const service = await startProfilesSubgraph({
    prisma: createProfilesPrisma(config.databaseUrl, { poolSize: config.databasePoolSize }),
    databaseUrl: config.databaseUrl,
    events,
    cache: createCache(config.redisUrl),
    cacheTtlSeconds: config.cacheTtlSeconds,
    usersUrl: config.usersUrl,
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
