import type { MutationResolvers } from '../generated/resolvers-types.js';

export const Mutation: MutationResolvers = {
  startCall: (_, { calleeId, type }, ctx) => ctx.calls.start(calleeId, type),
  answerCall: (_, { callId, sdpAnswer }, ctx) => ctx.calls.answer(callId, sdpAnswer),
  declineCall: (_, { callId }, ctx) => ctx.calls.decline(callId),
  endCall: (_, { callId }, ctx) => ctx.calls.end(callId),
  sendCallSignal: (_, { callId, kind, payload }, ctx) => ctx.calls.send(callId, kind, payload),
};
