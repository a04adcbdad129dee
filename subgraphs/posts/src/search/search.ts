import type { Viewer } from '@shutter/runtime';

export interface PostHit {
  id: string;
  createdAt: Date;
}

/**
 * Finds users and posts for `search`. Implementations return candidates; visibility is applied
 * by the posts subgraph on its own data, so an index can never leak a post a viewer may not see.
 */
export interface SearchIndex {
  readonly kind: 'postgres' | 'elasticsearch';
  /** Ids of users whose username starts with, or display name contains, the query. */
  users(query: string, viewer: Viewer, limit: number): Promise<string[]>;
  /** Posts whose caption or hashtags match, newest first, after the keyset `after`. */
  posts(query: string, viewer: Viewer, limit: number, after: [string, string] | null): Promise<PostHit[]>;
}
