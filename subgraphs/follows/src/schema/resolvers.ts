import type { GraphQLResolverMap, PageArgs } from '@shutter/runtime';
import type { FollowsContext } from '../context.js';

type UserRef = { id: string };
type Ctx = FollowsContext;

export const resolvers: GraphQLResolverMap<FollowsContext> = {
  Query: {
    followRequests: (_: unknown, args: PageArgs, ctx: Ctx) => ctx.follows.requests(args),
  },
  Mutation: {
    follow: (_: unknown, { userId }: { userId: string }, ctx: Ctx) => ctx.follows.follow(userId),
    unfollow: (_: unknown, { userId }: { userId: string }, ctx: Ctx) => ctx.follows.unfollow(userId),
    approveFollowRequest: (_: unknown, { userId }: { userId: string }, ctx: Ctx) => ctx.follows.approve(userId),
    rejectFollowRequest: (_: unknown, { userId }: { userId: string }, ctx: Ctx) => ctx.follows.reject(userId),
    block: (_: unknown, { userId }: { userId: string }, ctx: Ctx) => ctx.follows.block(userId),
    unblock: (_: unknown, { userId }: { userId: string }, ctx: Ctx) => ctx.follows.unblock(userId),
  },
  User: {
    __resolveReference: (ref: UserRef) => ({ id: ref.id }),
    followerCount: async (user: UserRef, _: unknown, ctx: Ctx) => (await ctx.follows.counts(user.id)).followerCount,
    followingCount: async (user: UserRef, _: unknown, ctx: Ctx) => (await ctx.follows.counts(user.id)).followingCount,
    viewerFollows: (user: UserRef, _: unknown, ctx: Ctx) => ctx.follows.viewerFollows(user.id),
    viewerFollowRequested: (user: UserRef, _: unknown, ctx: Ctx) => ctx.follows.viewerRequested(user.id),
    viewerHasBlocked: (user: UserRef, _: unknown, ctx: Ctx) => ctx.follows.viewerHasBlocked(user.id),
    followers: (user: UserRef, args: PageArgs, ctx: Ctx) => ctx.follows.list('followers', user.id, args),
    following: (user: UserRef, args: PageArgs, ctx: Ctx) => ctx.follows.list('following', user.id, args),
  },
};
