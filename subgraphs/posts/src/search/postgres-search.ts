import type { Viewer } from '@shutter/runtime';
import type { PageAfter } from '../repositories/post.repository.js';
import type { SearchRepository } from '../repositories/search.repository.js';
import { asUsername, withoutHashes, type PostHit, type SearchIndex } from './search.js';

/**
 * The embedded default: PostgreSQL full-text search over the posts table itself (an expression
 * GIN index) and a prefix/substring match over the accounts copy. Nothing to keep in sync.
 */
export class PostgresSearch implements SearchIndex {
  readonly kind = 'postgres' as const;

  constructor(private readonly repository: SearchRepository) {}

  users(query: string, viewer: Viewer, limit: number): Promise<string[]> {
    return this.repository.matchUsers(asUsername(query), viewer.userId, limit);
  }

  posts(query: string, viewer: Viewer, limit: number, after: PageAfter): Promise<PostHit[]> {
    return this.repository.matchPosts(withoutHashes(query), viewer, limit, after);
  }
}
