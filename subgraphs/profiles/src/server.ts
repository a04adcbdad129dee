import { readFileSync } from 'node:fs';
import type { VersionedCache } from '@shutter/cache';
import { OutboxRelay, type EventTransport } from '@shutter/events';
import { startSubgraph, type Logger, type RunningService } from '@shutter/runtime';
import { parse } from 'graphql';
import { createContextFactory } from './context.js';
import type { PrismaClient } from './db.js';
import { subscribeToUserEvents } from './events/user-events.js';
import { ProfileRepository } from './repositories/profile.repository.js';
import { resolvers } from './schema/resolvers.js';

export const profilesTypeDefs = parse(readFileSync(new URL('./schema/schema.graphql', import.meta.url), 'utf8'));

export interface ProfilesServerOptions {
  prisma: PrismaClient;
  databaseUrl: string;
  events: EventTransport;
  cache: VersionedCache;
  cacheTtlSeconds: number;
  usersUrl: string;
  identitySecret: string;
  logger: Logger;
  production: boolean;
  port: number;
  host?: string;
}

/** Starts the profiles subgraph on an already-migrated database, with its relay and consumers. */
export async function startProfilesSubgraph(options: ProfilesServerOptions): Promise<RunningService> {
  const { prisma, logger } = options;
  const relay = new OutboxRelay({ databaseUrl: options.databaseUrl, transport: options.events, logger });
  relay.start();
  const repository = new ProfileRepository(prisma, options.cache, options.cacheTtlSeconds);
  const consumer = await subscribeToUserEvents(options.events, prisma, repository, logger);
  const stopBackground = async () => {
    await consumer.stop();
    await relay.stop();
  };
  return startSubgraph(
    {
      name: 'profiles',
      typeDefs: profilesTypeDefs,
      resolvers,
      identitySecret: options.identitySecret,
      logger,
      production: options.production,
      createContext: createContextFactory({ ...options }),
      checkReady: async () => {
        await prisma.$queryRaw`SELECT 1`;
      },
      onClose: async () => {
        await stopBackground();
        await options.cache.close();
        await prisma.$disconnect();
      },
    },
    { port: options.port, ...(options.host ? { host: options.host } : {}) },
  ).catch(async (error: unknown) => {
    await stopBackground();
    throw error;
  });
}
