import { durationSeconds } from '../../services/call-rules.js';
import type { CallResolvers } from '../generated/resolvers-types.js';

// caller and callee are references: the gateway resolves them in users.
export const Call: CallResolvers = {
  caller: (row) => ({ id: row.callerId }),
  callee: (row) => ({ id: row.calleeId }),
  durationSeconds: (row) => durationSeconds(row.status, row.answeredAt, row.endedAt),
};
