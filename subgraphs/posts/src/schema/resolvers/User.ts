import type { UserResolvers } from '../generated/resolvers-types.js';

export const User: UserResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  posts: (user, args, ctx) => ctx.posts.page({ authorId: user.id }, args),
  postCount: (user, _, ctx) => ctx.posts.count(user.id),
};
