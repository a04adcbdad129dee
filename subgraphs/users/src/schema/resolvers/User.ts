import type { UserResolvers } from '../generated/resolvers-types.js';

export const User: UserResolvers = {
  __resolveReference: (ref, ctx) => ctx.users.getById(ref.id),
  email: (user, _, ctx) => ctx.users.emailVisibleTo(user),
};
