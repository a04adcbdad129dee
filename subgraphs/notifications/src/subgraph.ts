import { PostsClient, signIdentity } from '@shutter/runtime';
import { defineSubgraph } from '@shutter/subgraph-kit';
import { createContextFactory } from './context.js';
import { env } from './env.js';
import { notificationErrors } from './errors.js';
import { notificationsConsumer } from './events/notifications-events.js';
import { PrismaClient } from './repositories/db.js';
import { NotificationRepository } from './repositories/notification.repository.js';
import { NotifierService } from './services/notifier.service.js';
import { resolvers } from './schema/resolvers/index.js';

/** Notifications: built from events, deduplicated, counted; visibility asked of posts for each recipient. */
export const notifications = defineSubgraph({
  name: 'notifications',
  resolvers,
  env,
  database: (options) => new PrismaClient(options),
  errors: notificationErrors,
  setup: ({ config, db }) => {
    const repository = new NotificationRepository(db);
    const notifier = new NotifierService(
      repository,
      new PostsClient(config.postsUrl),
      // Signed as the gateway signs a request of the recipient's. The role claim decides nothing
      // there: posts judges staff by its own copy of each account's role.
      (userId, requestId) => signIdentity({ userId, role: 'USER', requestId }, config.identitySecret),
    );
    return {
      context: createContextFactory(repository),
      consumers: [notificationsConsumer(notifier, repository)],
    };
  },
});
