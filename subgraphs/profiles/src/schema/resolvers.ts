import type { GraphQLResolverMap } from '@shutter/runtime';
import type { ProfilesContext } from '../context.js';
import { DEFAULT_PROFILE } from '../services/profile.service.js';

type UserRef = { id: string };

const field =
  <K extends keyof typeof DEFAULT_PROFILE>(name: K) =>
  async (user: UserRef, _: unknown, ctx: ProfilesContext) =>
    ((await ctx.profiles.get(user.id)) ?? DEFAULT_PROFILE)[name];

export const resolvers: GraphQLResolverMap<ProfilesContext> = {
  Mutation: {
    updateProfile: (_: unknown, { input }: { input: unknown }, ctx: ProfilesContext) => ctx.profiles.update(input),
  },
  User: {
    // Fields load lazily through the request's DataLoader, so N users cost one batch.
    __resolveReference: (ref: UserRef) => ({ id: ref.id }),
    displayName: field('displayName'),
    bio: field('bio'),
    avatarUrl: field('avatarUrl'),
    website: field('website'),
    isPrivate: field('isPrivate'),
  },
};
