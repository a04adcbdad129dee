import type { MutationResolvers } from '../generated/resolvers-types.js';

export const Mutation: MutationResolvers = {
  markNotificationsRead: (_, { upTo }, ctx) => ctx.notifications.markRead(upTo ?? null),
};
