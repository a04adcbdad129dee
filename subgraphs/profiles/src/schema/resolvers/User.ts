import type { UserResolvers } from '../generated/resolvers-types.js';

// Fields load lazily through the request's DataLoader, so N users cost one batch.
export const User: UserResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  displayName: async (user, _, ctx) => (await ctx.profiles.profileOf(user.id)).displayName,
  bio: async (user, _, ctx) => (await ctx.profiles.profileOf(user.id)).bio,
  avatarUrl: async (user, _, ctx) => (await ctx.profiles.profileOf(user.id)).avatarUrl,
  website: async (user, _, ctx) => (await ctx.profiles.profileOf(user.id)).website,
  isPrivate: async (user, _, ctx) => (await ctx.profiles.profileOf(user.id)).isPrivate,
};
