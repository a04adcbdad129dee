import type { Media, PostRow } from '../repositories/post.repository.js';

/** What resolvers of a Post receive: its row. */
export type PostMapper = PostRow;

/** What resolvers of a Media receive: its row (the URL is signed when asked for). */
export type MediaMapper = Media;

/** What resolvers of a User receive: a reference; its fields here are resolved by id. */
export type UserMapper = { id: string };
