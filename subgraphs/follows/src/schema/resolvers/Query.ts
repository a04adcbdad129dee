import type { QueryResolvers } from '../generated/resolvers-types.js';

export const Query: QueryResolvers = {
  followRequests: (_, args, ctx) => ctx.follows.requests(args),
};
