import type { QueryResolvers } from '../generated/resolvers-types.js';

export const Query: QueryResolvers = {
  me: (_, __, ctx) => ctx.users.me(),
  user: (_, args, ctx) => ctx.users.lookup(args),
};
