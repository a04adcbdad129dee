import type { QueryResolvers } from '../generated/resolvers-types.js';

export const Query: QueryResolvers = {
  calls: (_, args, ctx) => ctx.calls.list(args),
  callSignal: (_, { id }, ctx) => ctx.calls.signal(id),
  iceServers: (_, __, ctx) => ctx.calls.iceServers(),
};
