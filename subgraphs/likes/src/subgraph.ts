import { defineSubgraph } from '@shutter/subgraph-kit';
import { createContextFactory } from './context.js';
import { env } from './env.js';
import { likeErrors } from './errors.js';
import { copiesConsumer } from './events/copies-events.js';
import { CopiesRepository } from './repositories/copies.repository.js';
import { PrismaClient } from './repositories/db.js';
import { LikeRepository } from './repositories/like.repository.js';
import { resolvers } from './schema/resolvers/index.js';
import { PostsClient } from '@shutter/runtime';

/** Likes on posts: idempotent, counted exactly; its own database so its write load slows nothing else. */
export const likes = defineSubgraph({
  name: 'likes',
  resolvers,
  env,
  database: (options) => new PrismaClient(options),
  errors: likeErrors,
  setup: ({ config, db }) => ({
    context: createContextFactory(new LikeRepository(db), new PostsClient(config.postsUrl)),
    consumers: [copiesConsumer(new CopiesRepository(db))],
  }),
});
