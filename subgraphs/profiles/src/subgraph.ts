import { createCache } from '@shutter/cache';
import { defineSubgraph } from '@shutter/subgraph-kit';
import { createContextFactory } from './context.js';
import { env } from './env.js';
import { profileErrors } from './errors.js';
import { userEventsConsumer } from './events/user-events.js';
import { PrismaClient } from './repositories/db.js';
import { ProfileRepository } from './repositories/profile.repository.js';
import { resolvers } from './schema/resolvers/index.js';
import { ProfileCache } from './services/profile-cache.js';
import { PostsClient } from './services/posts-client.js';
import { UsersClient } from './services/users-client.js';

/** Public profiles: display name, bio, avatar, website, privacy; reads through a versioned cache. */
export const profiles = defineSubgraph({
  name: 'profiles',
  resolvers,
  env,
  database: (options) => new PrismaClient(options),
  errors: profileErrors,
  setup: ({ config, db, logger }) => {
    // Redis when REDIS_URL is set (replicas share it), else this process's memory.
    const versioned = createCache(config.redisUrl, { name: 'profiles' });
    const cache = new ProfileCache(versioned, config.cacheTtlSeconds);
    const repository = new ProfileRepository(db);
    return {
      context: createContextFactory(
        repository,
        cache,
        new UsersClient(config.usersUrl),
        new PostsClient(config.postsUrl),
      ),
      consumers: [userEventsConsumer(db, repository, cache, logger)],
      ...(config.redisUrl ? { checks: { redis: () => versioned.ping() } } : {}),
      close: () => versioned.close(),
    };
  },
});
