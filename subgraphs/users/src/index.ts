import { applyMigrations, createLogger, migrationsDirFor, onShutdown, runMain } from '@shutter/runtime';
import { createUsersPrisma } from './db.js';
import { loadUsersConfig } from './env.js';
import { startUsersSubgraph } from './server.js';

// config → database → listen; nothing else.
await runMain(async () => {
  const config = loadUsersConfig();
  const logger = createLogger({ service: 'users', level: config.logLevel });
  await applyMigrations(config.databaseUrl, migrationsDirFor('users'));
  const prisma = createUsersPrisma(config.databaseUrl, { poolSize: config.databasePoolSize });
  const service = await startUsersSubgraph({
    prisma,
    logger,
    production: config.production,
    identitySecret: config.identitySecret,
    auth: config,
    admin: config.admin,
    port: config.port,
    host: config.host,
  });
  onShutdown(() => service.close(), logger);
});
