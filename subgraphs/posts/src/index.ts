import { createEventTransport } from '@shutter/events';
import { applyMigrations, ConfigError, createLogger, migrationsDirFor, onShutdown, runMain } from '@shutter/runtime';
import { createPostsPrisma } from './db.js';
import { loadPostsConfig } from './env.js';
import { startPostsSubgraph } from './server.js';
import { createStorage } from './storage/create-storage.js';

// config → database → listen; nothing else.
await runMain(async () => {
  const config = loadPostsConfig();
  if (config.production && !config.events.kafkaBrokers) {
    throw new ConfigError('Invalid configuration:\n  KAFKA_BROKERS: is required when NODE_ENV=production');
  }
  const logger = createLogger({ service: 'posts', level: config.logLevel });
  await applyMigrations(config.databaseUrl, migrationsDirFor('posts'));
  const events = createEventTransport(config.events, 'shutter-posts', logger);
  const publicUrl = config.mediaPublicUrl ?? `http://127.0.0.1:${config.port}`;
  const service = await startPostsSubgraph({
    prisma: createPostsPrisma(config.databaseUrl, { poolSize: config.databasePoolSize }),
    databaseUrl: config.databaseUrl,
    events,
    storage: await createStorage(config, () => publicUrl),
    elasticsearch: config.elasticsearch,
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
