import { connectAtStartup, createPrismaClient, isUuid, redactUrl } from '@shutter/runtime';
import type { Express, Response } from 'express';
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
import type { MediaStorage } from './storage/storage.js';
import { MemoryTimelineStore } from './timelines/memory-timeline-store.js';
import { RedisTimelineStore } from './timelines/redis-timeline-store.js';
import type { TimelineStore } from './timelines/timeline-store.js';

/**
 * `GET /media/avatar/<id>`: a redirect (302) to a signed read URL of the avatar's image, made
 * fresh for each request; 404 for an id that names no avatar (released, or never one). Avatars are
 * public, like the profile that shows them; the redirect may be cached for a few minutes (the
 * signed URL lives an hour).
 */
async function serveAvatar(repository: PostRepository, storage: MediaStorage, id: string, res: Response) {
  try {
    const avatar = isUuid(id) ? await repository.findAvatar(id.toLowerCase()) : null;
    if (!avatar) {
      res.status(404).json({ error: 'not found' });
      return;
    }
    res.setHeader('cache-control', 'public, max-age=300');
    res.redirect(302, await storage.readUrl(avatar.storageKey, avatar.contentType));
  } catch {
    res.status(500).json({ error: 'could not read the avatar' });
  }
}

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
    const postRepository = new PostRepository(db);
    // Avatars are served at a stable URL of this subgraph that redirects to a fresh signed read URL,
    // so profiles can store it, cache it and put it in events (ADR 0023).
    const mediaBase = () => config.mediaPublicUrl ?? publicUrl();
    const avatarUrl = (id: string) => `${mediaBase()}/media/avatar/${id}`;
    const shared = {
      consumers: [
        visibilityConsumer(new VisibilityRepository(db)),
        feedConsumer(feedRepository, new FanoutService(feedRepository, timelines, config.feed)),
      ],
      // The local storage serves its signed upload and download URLs itself.
      routes: (app: Express) => {
        storage.routes?.(app);
        app.get('/media/avatar/:id', (req, res) => {
          void serveAvatar(postRepository, storage, req.params.id, res);
        });
      },
      ...(config.redisUrl ? { checks: { redis: () => timelines.ping() } } : {}),
    };
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
          avatarUrl,
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
      context: createContextFactory(postRepository, storage, elasticsearch, config.mediaLimits, feed, avatarUrl),
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
