import type { UserResolvers } from '../generated/resolvers-types.js';

export const User: UserResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  followerCount: async (user, _, ctx) => (await ctx.follows.counts(user.id)).followerCount,
  followingCount: async (user, _, ctx) => (await ctx.follows.counts(user.id)).followingCount,
  viewerFollows: (user, _, ctx) => ctx.follows.viewerFollows(user.id),
  viewerFollowRequested: (user, _, ctx) => ctx.follows.viewerRequested(user.id),
  viewerHasBlocked: (user, _, ctx) => ctx.follows.viewerHasBlocked(user.id),
  followers: (user, args, ctx) => ctx.follows.list('followers', user.id, args),
  following: (user, args, ctx) => ctx.follows.list('following', user.id, args),
};
