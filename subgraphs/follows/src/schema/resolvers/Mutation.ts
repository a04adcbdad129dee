import type { MutationResolvers } from '../generated/resolvers-types.js';

export const Mutation: MutationResolvers = {
  follow: (_, { userId }, ctx) => ctx.follows.follow(userId),
  unfollow: (_, { userId }, ctx) => ctx.follows.unfollow(userId),
  approveFollowRequest: (_, { userId }, ctx) => ctx.follows.approve(userId),
  rejectFollowRequest: (_, { userId }, ctx) => ctx.follows.reject(userId),
  block: (_, { userId }, ctx) => ctx.follows.block(userId),
  unblock: (_, { userId }, ctx) => ctx.follows.unblock(userId),
};
