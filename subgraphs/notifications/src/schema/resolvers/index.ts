import type { Resolvers } from '../generated/resolvers-types.js';
import { Mutation } from './Mutation.js';
import { Notification } from './Notification.js';
import { Query } from './Query.js';

// One file per type (root types included): a field's resolver is found from its schema coordinate.
export const resolvers: Resolvers = { Query, Mutation, Notification };
