import { GraphQLError } from 'graphql';
import type { CallSignalResolvers } from '../generated/resolvers-types.js';

export const CallSignal: CallSignalResolvers = {
  from: (row) => ({ id: row.senderId }),
  // The viewer received the signal, so they take part in its call; batched with other signals' calls.
  call: async (row, _, ctx) => {
    const call = await ctx.calls.call(row.callId);
    if (!call) throw new GraphQLError('a signal’s call is missing');
    return call;
  },
};
