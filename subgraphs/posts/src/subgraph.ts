import { connectAtStartup, createPrismaClient, redactUrl } from '@shutter/runtime';
import { defineSubgraph } from '@shutter/subgraph-kit';
import { createContextFactory } from './context.js';
import { env, type PostsConfig } from './env.js';
import { postErrors } from './errors.js';
import { feedConsumer } from './events/feed-events.js';
import { searchIndexer } from './events/search-events.js';
import { visibilityConsumer } from './events/visibility-events.js';
import { PrismaClient } from './repositories/db.js';
import { FeedRepository } from './repositories/feed.repository.js';
import { PostRepository } from './repositories/post.repository.js';
import { SearchRepository } from './repositories/search.repository.js';
import { VisibilityRepository } from './repositories/visibility.repository.js';
import { resolvers } from './schema/resolvers/index.js';
import { ElasticsearchSearch } from './search/elasticsearch-search.js';
import { PostgresSearch } from './search/postgres-search.js';
import { FanoutService } from './services/fanout.service.js';
import { createStorage } from './storage/create-storage.js';
import { MemoryTimelineStore } from './timelines/memory-timeline-store.js';
import { RedisTimelineStore } from './timelines/redis-timeline-store.js';
import type { TimelineStore } from './timelines/timeline-store.js';

/** Home-feed timelines: on Redis when REDIS_URL is set (replicas share them), else in this process. */
function createTimelineStore(config: PostsConfig): TimelineStore {
  return config.redisUrl
    ? new RedisTimelineStore(config.redisUrl, config.feed.timelineLength)
    : new MemoryTimelineStore(config.feed.timelineLength);
}

/** Posts: media uploads to local disk or S3, hashtags, mentions, visibility, search, the home feed. */
export const posts = defineSubgraph({
  name: 'posts',
  resolvers,
  env,
  database: (options) => new PrismaClient(options),
  errors: postErrors,
  setup: async ({ config, db, logger, publicUrl }) => {
    const retry = { timeoutMs: config.startupTimeoutMs, logger };
    const storage = config.s3
      ? await connectAtStartup(
          { variable: 'S3_ENDPOINT', what: `S3 bucket ${config.s3.bucket}`, address: config.s3.endpoint ?? 'AWS' },
          () => createStorage(config, publicUrl),
          retry,
        )
      : await createStorage(config, publicUrl);
    const timelines = createTimelineStore(config);
    const feedRepository = new FeedRepository(db);
    const feed = { repository: feedRepository, timelines, settings: config.feed };
    const shared = {
      consumers: [
        visibilityConsumer(new VisibilityRepository(db)),
        feedConsumer(feedRepository, new FanoutService(feedRepository, timelines, config.feed)),
      ],
      // The local storage serves its signed upload and download URLs itself.
      ...(storage.routes ? { routes: storage.routes.bind(storage) } : {}),
      ...(config.redisUrl ? { checks: { redis: () => timelines.ping() } } : {}),
    };
    const postRepository = new PostRepository(db);
    const searchRepository = new SearchRepository(db);
    if (!config.elasticsearch) {
      return {
        ...shared,
        context: createContextFactory(
          postRepository,
          storage,
          new PostgresSearch(searchRepository),
          config.mediaLimits,
          feed,
        ),
        close: () => timelines.close(),
      };
    }
    const elasticsearch = new ElasticsearchSearch(config.elasticsearch, searchRepository);
    try {
      await connectAtStartup(
        { variable: 'ELASTICSEARCH_URL', what: 'Elasticsearch', address: redactUrl(config.elasticsearch.url) },
        () => elasticsearch.ensureIndices(),
        retry,
      );
    } catch (error) {
      await Promise.all([elasticsearch.close(), timelines.close()]);
      throw error;
    }
    return {
      ...shared,
      context: createContextFactory(postRepository, storage, elasticsearch, config.mediaLimits, feed),
      consumers: [...shared.consumers, searchIndexer(elasticsearch)],
      checks: { ...shared.checks, elasticsearch: () => elasticsearch.checkReady() },
      close: async () => {
        await Promise.all([elasticsearch.close(), timelines.close()]);
      },
    };
  },
});

/** A posts database and the Elasticsearch indices fed from it. */
export interface SearchDatabase {
  databaseUrl: string;
  elasticsearch: NonNullable<PostsConfig['elasticsearch']>;
}

/**
 * Elasticsearch search over a posts database, outside a running subgraph (`npm run reindex`,
 * tests): `reindex()` rebuilds its indices; `close()` releases the index client and the database.
 */
export function openElasticsearchSearch(config: SearchDatabase): ElasticsearchSearch {
  const db = createPrismaClient((options) => new PrismaClient(options), {
    databaseUrl: config.databaseUrl,
    poolSize: 2,
  });
  return new ElasticsearchSearch(config.elasticsearch, new SearchRepository(db), () => db.$disconnect());
}

/** Rebuilds the Elasticsearch indices from the posts database (`npm run reindex`). */
export async function reindexSearch(config: SearchDatabase): Promise<{ posts: number; users: number }> {
  const search = openElasticsearchSearch(config);
  try {
    return await search.reindex();
  } finally {
    await search.close();
  }
}
