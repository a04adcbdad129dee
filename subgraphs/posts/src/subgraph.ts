import { createPrismaClient } from '@shutter/runtime';
import { defineSubgraph } from '@shutter/subgraph-kit';
import { createContextFactory } from './context.js';
import { env, type PostsConfig } from './env.js';
import { postErrors } from './errors.js';
import { searchIndexer } from './events/search-events.js';
import { visibilityConsumer } from './events/visibility-events.js';
import { PrismaClient } from './repositories/db.js';
import { PostRepository } from './repositories/post.repository.js';
import { SearchRepository } from './repositories/search.repository.js';
import { VisibilityRepository } from './repositories/visibility.repository.js';
import { resolvers } from './schema/resolvers/index.js';
import { ElasticsearchSearch } from './search/elasticsearch-search.js';
import { PostgresSearch } from './search/postgres-search.js';
import { createStorage } from './storage/create-storage.js';

/** Posts: media uploads to local disk or S3, hashtags, mentions, visibility, search. */
export const posts = defineSubgraph({
  name: 'posts',
  resolvers,
  env,
  database: (options) => new PrismaClient(options),
  errors: postErrors,
  setup: async ({ config, db, publicUrl }) => {
    const storage = await createStorage(config, publicUrl);
    const shared = {
      consumers: [visibilityConsumer(new VisibilityRepository(db))],
      // The local storage serves its signed upload and download URLs itself.
      ...(storage.routes ? { routes: storage.routes.bind(storage) } : {}),
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
        ),
      };
    }
    const elasticsearch = new ElasticsearchSearch(config.elasticsearch, searchRepository);
    try {
      await elasticsearch.ensureIndices();
    } catch (error) {
      await elasticsearch.close();
      throw error;
    }
    return {
      ...shared,
      context: createContextFactory(postRepository, storage, elasticsearch, config.mediaLimits),
      consumers: [...shared.consumers, searchIndexer(elasticsearch)],
      checks: { elasticsearch: () => elasticsearch.checkReady() },
      close: () => elasticsearch.close(),
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
