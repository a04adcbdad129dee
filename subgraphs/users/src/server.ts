import { readFileSync } from 'node:fs';
import { OutboxRelay, type EventTransport } from '@shutter/events';
import { startSubgraph, type Logger, type RunningService } from '@shutter/runtime';
import { parse } from 'graphql';
import { createContextFactory } from './context.js';
import type { PrismaClient } from './db.js';
import type { AuthSettings } from './services/auth.service.js';
import { AuthService } from './services/auth.service.js';
import { RefreshTokenRepository } from './repositories/refresh-token.repository.js';
import { UserRepository } from './repositories/user.repository.js';
import { resolvers } from './schema/resolvers.js';

export const USERS_SDL_PATH = new URL('./schema/schema.graphql', import.meta.url);
export const usersTypeDefs = parse(readFileSync(USERS_SDL_PATH, 'utf8'));

export interface UsersServerOptions {
  prisma: PrismaClient;
  databaseUrl: string;
  /** Where this subgraph's outbox is published. */
  events: EventTransport;
  auth: AuthSettings;
  identitySecret: string;
  logger: Logger;
  production: boolean;
  admin?: { email: string; username: string; password: string } | null;
  port: number;
  host?: string;
}

/** Starts the users subgraph on an already-migrated database. Used by index.ts, `npm start` and tests. */
export async function startUsersSubgraph(options: UsersServerOptions): Promise<RunningService> {
  const { prisma, logger } = options;
  if (options.admin) {
    const auth = new AuthService(
      prisma,
      new UserRepository(prisma),
      new RefreshTokenRepository(prisma),
      options.auth,
      logger,
    );
    const admin = await auth.bootstrapAdmin(options.admin);
    logger.info({ userId: admin.id, username: admin.username }, 'admin account ready');
  }
  const relay = new OutboxRelay({ databaseUrl: options.databaseUrl, transport: options.events, logger });
  relay.start();
  const started = startSubgraph(
    {
      name: 'users',
      typeDefs: usersTypeDefs,
      resolvers,
      identitySecret: options.identitySecret,
      logger,
      production: options.production,
      createContext: createContextFactory({ prisma, auth: options.auth, logger }),
      checkReady: async () => {
        await prisma.$queryRaw`SELECT 1`;
      },
      onClose: async () => {
        await relay.stop();
        await prisma.$disconnect();
      },
    },
    { port: options.port, ...(options.host ? { host: options.host } : {}) },
  );
  // A subgraph that failed to start must not leave its relay running.
  return started.catch(async (error: unknown) => {
    await relay.stop();
    throw error;
  });
}
