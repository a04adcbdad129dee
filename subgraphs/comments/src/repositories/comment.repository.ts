import { createKeyLoader, createLoader, PrismaRepository, type Viewer } from '@shutter/runtime';
import type DataLoader from 'dataloader';
import { Prisma, type Comment, type PrismaClient, type Tx } from './db.js';

export type { Tx } from './db.js';

/** A comment as its resolvers receive it. */
export type CommentRow = Comment;

/** The keyset (createdAt ISO string, id) after which an oldest-first page continues. */
export type PageAfter = readonly [string, string] | null;

/** Whose comments a page lists: a post's top-level ones, or a top-level comment's replies. */
export type PageOf = 'post' | 'replies';

/** A comment that deleteThread removed. */
export interface RemovedComment {
  id: string;
  postId: string;
  authorId: string;
  parentId: string | null;
}

export interface NewComment {
  postId: string;
  authorId: string;
  parentId: string | null;
  body: string;
  mentionIds: string[];
}

// Raw SQL returns column names; resolvers get the Prisma model's field names.
const COLUMNS = Prisma.sql`c.id, c.post_id AS "postId", c.author_id AS "authorId", c.parent_id AS "parentId", c.body,
  coalesce(c.mention_ids, '{}') AS "mentionIds", c.reply_count AS "replyCount", c.created_at AS "createdAt",
  c.edited_at AS "editedAt"`;

/**
 * SQL: whether the viewer is shown the comment `c`. Blocks hide each side's comments from the other;
 * staff (by this subgraph's copy of their current role, never the token's claim) see everything.
 * Uncorrelated staff check: PostgreSQL evaluates it once per statement.
 */
export function shownTo(viewer: Viewer): Prisma.Sql {
  if (!viewer.userId) return Prisma.sql`TRUE`;
  const me = Prisma.sql`${viewer.userId}::uuid`;
  return Prisma.sql`(EXISTS (SELECT 1 FROM accounts staff WHERE staff.user_id = ${me} AND staff.role IN ('MODERATOR', 'ADMIN'))
    OR NOT EXISTS (SELECT 1 FROM blocks blk WHERE (blk.blocker_id = ${me} AND blk.blocked_id = c.author_id)
                                             OR (blk.blocker_id = c.author_id AND blk.blocked_id = ${me})))`;
}

/** Comments, replies and their counters. Every write runs inside a transaction the service opens. */
export class CommentRepository extends PrismaRepository<PrismaClient> {
  /** Request-scoped: the comments among `ids` the viewer is shown, one query per batch. */
  createShownLoader(viewer: Viewer) {
    return createKeyLoader<string, CommentRow>(
      'comments.visibleById',
      (ids) =>
        this.prisma.$queryRaw<CommentRow[]>`
          SELECT ${COLUMNS} FROM comments c WHERE c.id = ANY(${[...ids]}::uuid[]) AND ${shownTo(viewer)}`,
      (row) => row.id,
    );
  }

  /** Each post's comment count (its counter row; never a COUNT over the comments), one query per batch. */
  createCountLoader() {
    return createLoader<string, number>('comments.countByPost', async (postIds) => {
      const rows = await this.prisma.postCommentCount.findMany({ where: { postId: { in: [...postIds] } } });
      const counts = new Map(rows.map((r) => [r.postId, r.commentCount]));
      return postIds.map((id) => counts.get(id) ?? 0);
    });
  }

  /**
   * Request-scoped pages, oldest first, of many posts' (or threads') comments in one query per batch:
   * a list of posts each asking for its first comments costs one statement, whatever its length.
   * Pages with other arguments get a loader of their own.
   */
  createPageLoaders(viewer: Viewer): (of: PageOf, limit: number, after: PageAfter) => DataLoader<string, CommentRow[]> {
    const loaders = new Map<string, DataLoader<string, CommentRow[]>>();
    return (of, limit, after) => {
      const key = JSON.stringify([of, limit, after]);
      let loader = loaders.get(key);
      if (!loader) {
        loader = createLoader<string, CommentRow[]>('comments.pages', async (ids) => {
          const rows = await this.page(viewer, of, [...ids], limit, after);
          return ids.map((id) => rows.filter((row) => (of === 'post' ? row.postId : row.parentId) === id));
        });
        loaders.set(key, loader);
      }
      return loader;
    };
  }

  private page(viewer: Viewer, of: PageOf, ids: string[], limit: number, after: PageAfter): Promise<CommentRow[]> {
    const owner = of === 'post' ? Prisma.sql`c.post_id = k.id AND c.parent_id IS NULL` : Prisma.sql`c.parent_id = k.id`;
    const cursor = after
      ? Prisma.sql`AND (c.created_at, c.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)`
      : Prisma.empty;
    return this.prisma.$queryRaw<CommentRow[]>`
      SELECT ${COLUMNS} FROM unnest(${ids}::uuid[]) AS k(id)
      CROSS JOIN LATERAL (
        SELECT * FROM comments c WHERE ${owner} ${cursor} AND ${shownTo(viewer)}
        ORDER BY c.created_at, c.id LIMIT ${limit}
      ) c
      ORDER BY c.created_at, c.id`;
  }

  /** A comment by id, whoever may see it (for the checks of deleteComment). */
  find(id: string): Promise<CommentRow | null> {
    return this.prisma.comment.findUnique({ where: { id } });
  }

  /** The accounts (of this subgraph's copy) with these usernames. */
  findAccountIdsByUsername(usernames: string[]): Promise<{ userId: string; username: string }[]> {
    if (usernames.length === 0) return Promise.resolve([]);
    return this.prisma.account.findMany({
      where: { username: { in: usernames } },
      select: { userId: true, username: true },
    });
  }

  /** Whether the account is staff now, by this subgraph's copy of its role. */
  async isStaff(userId: string): Promise<boolean> {
    const account = await this.prisma.account.findUnique({ where: { userId }, select: { role: true } });
    return account?.role === 'MODERATOR' || account?.role === 'ADMIN';
  }

  /**
   * Locks the post's counter row (creating it at zero): every comment write and the PostDeleted
   * consumer take this lock first, so one post's writes serialize, counters move without
   * interleaving, and nothing is added to a post whose deletion committed meanwhile. Returns whether
   * the post is deleted, read after the lock was granted.
   */
  async lockPost(tx: Tx, postId: string): Promise<{ deleted: boolean }> {
    await tx.$executeRaw`
      INSERT INTO post_comment_counts (post_id) VALUES (${postId}::uuid)
      ON CONFLICT (post_id) DO UPDATE SET comment_count = post_comment_counts.comment_count`;
    const [row] = await tx.$queryRaw<{ deleted: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM deleted_posts WHERE post_id = ${postId}::uuid) AS deleted`;
    return { deleted: row!.deleted };
  }

  /** Whether the comment exists (read in the transaction, after the post's lock). */
  async exists(tx: Tx, id: string): Promise<boolean> {
    return (await tx.comment.count({ where: { id } })) > 0;
  }

  async insert(tx: Tx, comment: NewComment): Promise<CommentRow> {
    return tx.comment.create({ data: comment });
  }

  /** Moves the post's comment counter; the caller holds the post's lock and moves it by rows really written. */
  async adjustPostCount(tx: Tx, postId: string, delta: number): Promise<void> {
    await tx.$executeRaw`
      UPDATE post_comment_counts SET comment_count = comment_count + ${delta} WHERE post_id = ${postId}::uuid`;
  }

  /** Moves a top-level comment's reply counter, under the post's lock like every other counter move. */
  async adjustReplyCount(tx: Tx, threadId: string, delta: number): Promise<void> {
    await tx.$executeRaw`UPDATE comments SET reply_count = reply_count + ${delta} WHERE id = ${threadId}::uuid`;
  }

  /** Deletes the comment and, for a top-level one, its replies; returns what was really deleted. */
  deleteThread(tx: Tx, id: string): Promise<RemovedComment[]> {
    return tx.$queryRaw<RemovedComment[]>`
      DELETE FROM comments WHERE id = ${id}::uuid OR parent_id = ${id}::uuid
      RETURNING id, post_id AS "postId", author_id AS "authorId", parent_id AS "parentId"`;
  }

  /** Replaces the body; null when the comment is gone. */
  async updateBody(id: string, body: string, mentionIds: string[]): Promise<CommentRow | null> {
    const [row] = await this.prisma.$queryRaw<CommentRow[]>`
      UPDATE comments c SET body = ${body}, mention_ids = ${mentionIds}::uuid[], edited_at = now()
       WHERE c.id = ${id}::uuid RETURNING ${COLUMNS}`;
    return row ?? null;
  }
}
