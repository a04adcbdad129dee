import type { MutationResolvers } from '../generated/resolvers-types.js';

export const Mutation: MutationResolvers = {
  updateProfile: (_, { input }, ctx) => ctx.profiles.update(input),
};
