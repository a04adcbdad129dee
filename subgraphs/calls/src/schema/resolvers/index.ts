import type { Resolvers } from '../generated/resolvers-types.js';
import { Call } from './Call.js';
import { CallSignal } from './CallSignal.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';

// One file per type (root types included): a field's resolver is found from its schema coordinate.
export const resolvers: Resolvers = { Query, Mutation, Call, CallSignal };
