import type { QueryResolvers } from '../generated/resolvers-types.js';

export const Query: QueryResolvers = {
  notifications: (_, args, ctx) => ctx.notifications.list(args),
  unreadNotificationCount: (_, __, ctx) => ctx.notifications.unreadCount(),
  notification: (_, { id }, ctx) => ctx.notifications.get(id),
};
