import type { MutationResolvers } from '../generated/resolvers-types.js';

export const Mutation: MutationResolvers = {
  requestUpload: (_, { input }, ctx) => ctx.posts.requestUpload(input),
  requestUploads: (_, { input }, ctx) => ctx.posts.requestUploads(input),
  createPost: (_, { input }, ctx) => ctx.posts.create(input),
  claimAvatar: (_, { uploadId }, ctx) => ctx.posts.claimAvatar(uploadId),
  releaseAvatar: (_, { id }, ctx) => ctx.posts.releaseAvatar(id),
  updatePost: (_, { id, caption }, ctx) => ctx.posts.updateCaption(id, caption ?? null),
  deletePost: (_, { id }, ctx) => ctx.posts.delete(id),
};
