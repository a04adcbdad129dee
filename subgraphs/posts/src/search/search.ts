import type { Viewer } from '@shutter/runtime';
import type { PageAfter } from '../repositories/post.repository.js';
import type { PostHit } from '../repositories/search.repository.js';

export type { PostHit } from '../repositories/search.repository.js';

/**
 * Finds users and posts for `search`. Implementations return candidates; visibility is applied
 * by the posts subgraph on its own data, so an index can never leak a post a viewer may not see.
 */
export interface SearchIndex {
  readonly kind: 'postgres' | 'elasticsearch';
  /** Ids of users whose username starts with, or display name contains, the query. */
  users(query: string, viewer: Viewer, limit: number): Promise<string[]>;
  /** Posts whose caption or hashtags match, newest first, after the keyset `after`. */
  posts(query: string, viewer: Viewer, limit: number, after: PageAfter): Promise<PostHit[]>;
}

/** The words of a query as a username (lower-case, without a leading '@'). */
export const asUsername = (query: string) => query.toLowerCase().replace(/^@/, '');

/** The words of a query with '#' dropped, so `#sunset` finds the caption word and the hashtag. */
export const withoutHashes = (query: string) => query.replace(/#/g, ' ');
