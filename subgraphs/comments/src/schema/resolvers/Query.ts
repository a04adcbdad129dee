import type { QueryResolvers } from '../generated/resolvers-types.js';

export const Query: QueryResolvers = {
  comment: (_, { id }, ctx) => ctx.comments.get(id),
};
