import { defineSubgraph } from '@shutter/subgraph-kit';
import { createContextFactory } from './context.js';
import { env } from './env.js';
import { commentErrors } from './errors.js';
import { copiesConsumer } from './events/copies-events.js';
import { CommentRepository } from './repositories/comment.repository.js';
import { CopiesRepository } from './repositories/copies.repository.js';
import { PrismaClient } from './repositories/db.js';
import { resolvers } from './schema/resolvers/index.js';
import { PostsClient } from '@shutter/runtime';

/** Comments on posts: one level of replies, counters, @mentions; visibility asked of posts. */
export const comments = defineSubgraph({
  name: 'comments',
  resolvers,
  env,
  database: (options) => new PrismaClient(options),
  errors: commentErrors,
  setup: ({ config, db }) => ({
    context: createContextFactory(new CommentRepository(db), new PostsClient(config.postsUrl)),
    consumers: [copiesConsumer(new CopiesRepository(db))],
  }),
});
