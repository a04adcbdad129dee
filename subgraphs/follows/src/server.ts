import { readFileSync } from 'node:fs';
import { OutboxRelay, type EventTransport } from '@shutter/events';
import { startSubgraph, type Logger, type RunningService } from '@shutter/runtime';
import { parse } from 'graphql';
import { createContextFactory } from './context.js';
import type { PrismaClient } from './db.js';
import { subscribeToAccountEvents } from './events/account-events.js';
import { FollowRepository } from './repositories/follow.repository.js';
import { resolvers } from './schema/resolvers.js';

export const followsTypeDefs = parse(readFileSync(new URL('./schema/schema.graphql', import.meta.url), 'utf8'));

export interface FollowsServerOptions {
  prisma: PrismaClient;
  databaseUrl: string;
  events: EventTransport;
  identitySecret: string;
  logger: Logger;
  production: boolean;
  port: number;
  host?: string;
}

/** Starts the follows subgraph on an already-migrated database, with its relay and consumers. */
export async function startFollowsSubgraph(options: FollowsServerOptions): Promise<RunningService> {
  const { prisma, logger } = options;
  const relay = new OutboxRelay({ databaseUrl: options.databaseUrl, transport: options.events, logger });
  relay.start();
  const consumers = await subscribeToAccountEvents(options.events, prisma, new FollowRepository(prisma));
  const stopBackground = async () => {
    for (const consumer of consumers) await consumer.stop();
    await relay.stop();
  };
  return startSubgraph(
    {
      name: 'follows',
      typeDefs: followsTypeDefs,
      resolvers,
      identitySecret: options.identitySecret,
      logger,
      production: options.production,
      createContext: createContextFactory(prisma),
      checkReady: async () => {
        await prisma.$queryRaw`SELECT 1`;
      },
      onClose: async () => {
        await stopBackground();
        await prisma.$disconnect();
      },
    },
    { port: options.port, ...(options.host ? { host: options.host } : {}) },
  ).catch(async (error: unknown) => {
    await stopBackground();
    throw error;
  });
}
