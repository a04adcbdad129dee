import { defineSubgraph } from '@shutter/subgraph-kit';
import { createAuthService, createContextFactory, type UsersDeps } from './context.js';
import { env } from './env.js';
import { userErrors } from './errors.js';
import { blocksConsumer } from './events/block-events.js';
import { BlockRepository } from './repositories/block.repository.js';
import { PrismaClient } from './repositories/db.js';
import { RefreshTokenRepository } from './repositories/refresh-token.repository.js';
import { UserRepository } from './repositories/user.repository.js';
import { resolvers } from './schema/resolvers/index.js';
import { argon2Hasher } from './services/password.js';

/** Accounts, sign-in, access and refresh tokens, roles. */
export const users = defineSubgraph({
  name: 'users',
  resolvers,
  env,
  database: (options) => new PrismaClient(options),
  errors: userErrors,
  setup: async ({ config, db, logger }) => {
    const deps: UsersDeps = {
      users: new UserRepository(db),
      refreshTokens: new RefreshTokenRepository(db),
      blocks: new BlockRepository(db),
      passwords: argon2Hasher,
      auth: config.auth,
    };
    if (config.admin) {
      // Before traffic: the configured admin can sign in as soon as the subgraph answers.
      const admin = await createAuthService(deps, logger).bootstrapAdmin(config.admin);
      logger.info({ userId: admin.id, username: admin.username }, 'admin account ready');
    }
    return {
      context: createContextFactory(deps),
      // A copy of the follows subgraph's blocks, so `user(id | username)` can hide a blocker from the
      // account they blocked without calling follows.
      consumers: [blocksConsumer(deps.blocks)],
    };
  },
});
