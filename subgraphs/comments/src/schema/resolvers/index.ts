import { DateTimeScalar } from '@shutter/runtime';
import type { Resolvers } from '../generated/resolvers-types.js';
import { Comment } from './Comment.js';
import { Mutation } from './Mutation.js';
import { Post } from './Post.js';
import { Query } from './Query.js';

// One file per type (root types included): a field's resolver is found from its schema coordinate.
export const resolvers: Resolvers = { DateTime: DateTimeScalar, Query, Mutation, Post, Comment };
