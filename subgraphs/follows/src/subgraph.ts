import { idempotentHandler } from '@shutter/events';
import { defineSubgraph } from '@shutter/subgraph-kit';
import { createContextFactory } from './context.js';
import { env } from './env.js';
import { followErrors } from './errors.js';
import { PrismaClient } from './repositories/db.js';
import { FollowRepository } from './repositories/follow.repository.js';
import { resolvers } from './schema/resolvers/index.js';

/** The follow graph: follows, requests for private accounts, blocks, counters. */
export const follows = defineSubgraph({
  name: 'follows',
  resolvers,
  env,
  database: (options) => new PrismaClient(options),
  errors: followErrors,
  setup: ({ db }) => {
    const graph = new FollowRepository(db);
    return {
      context: createContextFactory(graph),
      consumers: [
        {
          // Which accounts exist, their roles and which are private come from events, so a follow never
          // waits on another subgraph.
          group: 'follows',
          topics: ['shutter.users', 'shutter.profiles'],
          handler: idempotentHandler(db, 'follows.accounts', {
            UserRegistered: (tx, event) => graph.createAccount(tx, event.payload.userId, event.payload.role),
            UserUpdated: (tx, event) => graph.setRole(tx, event.payload.userId, event.payload.role),
            ProfileUpdated: (tx, event) =>
              graph.setPrivacy(tx, event.payload.userId, event.payload.isPrivate, event.payload.version),
          }),
        },
      ],
    };
  },
});
