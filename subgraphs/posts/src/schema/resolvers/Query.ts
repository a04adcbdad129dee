import type { QueryResolvers } from '../generated/resolvers-types.js';

export const Query: QueryResolvers = {
  post: (_, { id }, ctx) => ctx.posts.get(id),
  search: (_, { query, ...args }, ctx) => ctx.posts.find(query, args),
  explore: (_, args, ctx) => ctx.posts.page({ publicOnly: true }, args),
  hashtag: (_, { tag, ...args }, ctx) => ctx.posts.hashtag(tag, args),
  feed: (_, args, ctx) => ctx.feed.page(args),
};
