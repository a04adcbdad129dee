import { PrismaRepository, type Viewer } from '@shutter/runtime';
import { Prisma, type PrismaClient } from './db.js';
import type { PageAfter } from './post.repository.js';
import { blockedEitherWay, uuid, visibleTo } from './visibility.repository.js';

export interface PostHit {
  id: string;
  createdAt: Date;
}

export interface AccountDocumentRow {
  userId: string;
  username: string;
  displayName: string | null;
}

export interface PostDocumentRow {
  id: string;
  authorId: string;
  caption: string | null;
  hashtags: string[];
  createdAt: Date;
}

/** `%`, `_` and `\` match themselves in a LIKE pattern. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** What search reads from this subgraph's database, whichever engine finds the candidates. */
export class SearchRepository extends PrismaRepository<PrismaClient> {
  /**
   * Accounts whose username starts with, or display name contains, `q` (lower-case, without '@'),
   * leaving out anyone in a block with the viewer; an exact username first.
   */
  async matchUsers(q: string, viewerId: string | null, limit: number): Promise<string[]> {
    const notBlocked = viewerId
      ? Prisma.sql`AND NOT ${blockedEitherWay(Prisma.sql`a.user_id`, uuid(viewerId))}`
      : Prisma.empty;
    const rows = await this.prisma.$queryRaw<{ user_id: string }[]>`
      SELECT a.user_id FROM accounts a
       WHERE (a.username LIKE ${`${escapeLike(q)}%`} OR lower(a.display_name) LIKE ${`%${escapeLike(q)}%`}) ${notBlocked}
       ORDER BY (a.username = ${q}) DESC, a.username LIMIT ${limit}`;
    return rows.map((r) => r.user_id);
  }

  /** Posts the viewer may see whose caption or hashtags match the words of `text`, newest first (full-text). */
  async matchPosts(text: string, viewer: Viewer, limit: number, after: PageAfter): Promise<PostHit[]> {
    const cursor = after
      ? Prisma.sql`AND (p.created_at, p.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
      : Prisma.empty;
    const rows = await this.prisma.$queryRaw<{ id: string; created_at: Date }[]>`
      SELECT p.id, p.created_at FROM posts p
       WHERE posts_search_document(p.caption, p.hashtags) @@ plainto_tsquery('simple', ${text})
         AND ${visibleTo(viewer)} ${cursor}
       ORDER BY p.created_at DESC, p.id DESC LIMIT ${limit}`;
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at }));
  }

  /** Those of `userIds` in a block with the viewer (blocks live here, not in a search index). */
  async blockedAmong(viewerId: string, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT u.id FROM unnest(${userIds}::uuid[]) AS u(id) WHERE ${blockedEitherWay(Prisma.sql`u.id`, uuid(viewerId))}`;
    return new Set(rows.map((r) => r.id));
  }

  /** Every account, for rebuilding a search index. */
  allAccounts(): Promise<AccountDocumentRow[]> {
    return this.prisma.account.findMany({ select: { userId: true, username: true, displayName: true } });
  }

  /** Every post, for rebuilding a search index. */
  allPosts(): Promise<PostDocumentRow[]> {
    return this.prisma.post.findMany({
      select: { id: true, authorId: true, caption: true, hashtags: true, createdAt: true },
    });
  }
}
