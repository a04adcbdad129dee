import type { MutationResolvers } from '../generated/resolvers-types.js';

export const Mutation: MutationResolvers = {
  addComment: (_, { postId, body, parentId }, ctx) => ctx.comments.add(postId, body, parentId),
  editComment: (_, { id, body }, ctx) => ctx.comments.edit(id, body),
  deleteComment: (_, { id }, ctx) => ctx.comments.delete(id),
};
