import type { MutationResolvers } from '../generated/resolvers-types.js';

export const Mutation: MutationResolvers = {
  likePost: (_, { postId }, ctx) => ctx.likes.like(postId),
  unlikePost: (_, { postId }, ctx) => ctx.likes.unlike(postId),
};
