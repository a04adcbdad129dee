import type { CommentRow } from '../repositories/comment.repository.js';

/** What resolvers of a Comment receive: its row. */
export type CommentMapper = CommentRow;

/** What resolvers of a Post receive: a reference; its fields here are resolved by id. */
export type PostMapper = { id: string };
