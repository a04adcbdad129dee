import { readFileSync } from 'node:fs';
import { OutboxRelay, type EventTransport } from '@shutter/events';
import { startSubgraph, type Logger, type RunningService } from '@shutter/runtime';
import { parse } from 'graphql';
import { createContextFactory } from './context.js';
import type { PrismaClient } from './db.js';
import { subscribeToVisibilityEvents } from './events/visibility-events.js';
import { resolvers } from './schema/resolvers.js';
import { subscribeSearchIndexer } from './events/search-events.js';
import { ElasticsearchSearch } from './search/elasticsearch-search.js';
import { PostgresSearch } from './search/postgres-search.js';
import type { SearchIndex } from './search/search.js';
import type { MediaStorage } from './storage/storage.js';

export const postsTypeDefs = parse(readFileSync(new URL('./schema/schema.graphql', import.meta.url), 'utf8'));

export interface PostsServerOptions {
  prisma: PrismaClient;
  /** Elasticsearch for search; null → PostgreSQL full-text search. */
  elasticsearch?: { url: string; indexPrefix: string } | null;
  databaseUrl: string;
  events: EventTransport;
  storage: MediaStorage;
  identitySecret: string;
  logger: Logger;
  production: boolean;
  port: number;
  host?: string;
}

/** Starts the posts subgraph on an already-migrated database, with its relay and consumers. */
export async function startPostsSubgraph(options: PostsServerOptions): Promise<RunningService> {
  const { prisma, logger, storage } = options;
  const relay = new OutboxRelay({ databaseUrl: options.databaseUrl, transport: options.events, logger });
  relay.start();
  const consumers = [await subscribeToVisibilityEvents(options.events, prisma)];
  let search: SearchIndex = new PostgresSearch(prisma);
  let elasticsearch: ElasticsearchSearch | null = null;
  const stopBackground = async () => {
    for (const consumer of consumers) await consumer.stop();
    await relay.stop();
    await elasticsearch?.close();
  };
  if (options.elasticsearch) {
    elasticsearch = new ElasticsearchSearch(options.elasticsearch.url, options.elasticsearch.indexPrefix, prisma);
    search = elasticsearch;
    try {
      await elasticsearch.ensureIndices();
      consumers.push(await subscribeSearchIndexer(options.events, elasticsearch));
    } catch (error) {
      await stopBackground();
      throw error;
    }
  }
  return startSubgraph(
    {
      name: 'posts',
      typeDefs: postsTypeDefs,
      resolvers,
      identitySecret: options.identitySecret,
      logger,
      production: options.production,
      createContext: createContextFactory(prisma, storage, search),
      checkReady: async () => {
        await prisma.$queryRaw`SELECT 1`;
      },
      onClose: async () => {
        await stopBackground();
        await prisma.$disconnect();
      },
      ...(storage.routes ? { routes: (app) => storage.routes!(app) } : {}),
    },
    { port: options.port, ...(options.host ? { host: options.host } : {}) },
  ).catch(async (error: unknown) => {
    await stopBackground();
    throw error;
  });
}
