import { Prisma, type PrismaClient } from '../db.js';
import type { Viewer } from '@shutter/runtime';
import { visibleTo } from '../repositories/post.repository.js';
import type { PostHit, SearchIndex } from './search.js';

/**
 * The embedded default: PostgreSQL full-text search over the posts table itself (an expression
 * GIN index) and a prefix/substring match over the accounts copy. Nothing to keep in sync.
 */
export class PostgresSearch implements SearchIndex {
  readonly kind = 'postgres' as const;

  constructor(private readonly prisma: PrismaClient) {}

  async users(query: string, viewer: Viewer, limit: number): Promise<string[]> {
    const q = query.toLowerCase().replace(/^@/, '');
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const notBlocked = viewer.userId
      ? Prisma.sql`AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = a.user_id AND b.blocked_id = ${viewer.userId}::uuid)
                                                        OR (b.blocker_id = ${viewer.userId}::uuid AND b.blocked_id = a.user_id))`
      : Prisma.empty;
    const rows = await this.prisma.$queryRaw<{ user_id: string }[]>`
      SELECT a.user_id FROM accounts a
       WHERE (a.username LIKE ${`${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} OR lower(a.display_name) LIKE ${like}) ${notBlocked}
       ORDER BY (a.username = ${q}) DESC, a.username LIMIT ${limit}`;
    return rows.map((r) => r.user_id);
  }

  async posts(query: string, viewer: Viewer, limit: number, after: [string, string] | null): Promise<PostHit[]> {
    const cursor = after
      ? Prisma.sql`AND (p.created_at, p.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
      : Prisma.empty;
    const rows = await this.prisma.$queryRaw<{ id: string; created_at: Date }[]>`
      SELECT p.id, p.created_at FROM posts p
       WHERE posts_search_document(p.caption, p.hashtags)
             @@ plainto_tsquery('simple', ${query.replace(/#/g, ' ')})
         AND ${visibleTo(viewer)} ${cursor}
       ORDER BY p.created_at DESC, p.id DESC LIMIT ${limit}`;
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at }));
  }
}
