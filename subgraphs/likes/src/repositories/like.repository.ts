import { createLoader, PrismaRepository, type Viewer } from '@shutter/runtime';
import type DataLoader from 'dataloader';
import { Prisma, type PrismaClient, type Tx } from './db.js';

export type { Tx } from './db.js';

/** What a post shows of its likes to one viewer. */
export interface LikeSummary {
  likeCount: number;
  viewerHasLiked: boolean;
}

/** One row of a likers page. */
export interface LikerRow {
  postId: string;
  userId: string;
  createdAt: Date;
}

/** The keyset (createdAt ISO string, user id) after which a newest-first page continues. */
export type PageAfter = readonly [string, string] | null;

/** The outcome of a like or unlike: the post's count after it, and whether a row really changed. */
export interface LikeChange {
  likeCount: number;
  changed: boolean;
  /** When the like was made (a like that changed something). */
  likedAt: Date | null;
}

/**
 * SQL: whether the viewer is shown the liker `l.user_id`. Blocks hide each side from the other; staff
 * (by this subgraph's copy of their current role, never the token's claim) see everyone.
 */
function shownTo(viewer: Viewer): Prisma.Sql {
  if (!viewer.userId) return Prisma.sql`TRUE`;
  const me = Prisma.sql`${viewer.userId}::uuid`;
  return Prisma.sql`(EXISTS (SELECT 1 FROM accounts staff WHERE staff.user_id = ${me} AND staff.role IN ('MODERATOR', 'ADMIN'))
    OR NOT EXISTS (SELECT 1 FROM blocks blk WHERE (blk.blocker_id = ${me} AND blk.blocked_id = l.user_id)
                                             OR (blk.blocker_id = l.user_id AND blk.blocked_id = ${me})))`;
}

/** Likes and their per-post counters. Every write runs inside a transaction the service opens. */
export class LikeRepository extends PrismaRepository<PrismaClient> {
  /**
   * Request-scoped: each post's like count (its counter row; never a COUNT over the likes) and
   * whether the viewer likes it, in one query per batch.
   */
  createSummaryLoader(viewer: Viewer) {
    const liked = viewer.userId
      ? Prisma.sql`EXISTS (SELECT 1 FROM likes l WHERE l.post_id = k.id AND l.user_id = ${viewer.userId}::uuid)`
      : Prisma.sql`FALSE`;
    return createLoader<string, LikeSummary>('likes.summaries', async (postIds) => {
      const rows = await this.prisma.$queryRaw<(LikeSummary & { postId: string })[]>`
        SELECT k.id AS "postId", coalesce(c.like_count, 0) AS "likeCount", ${liked} AS "viewerHasLiked"
          FROM unnest(${[...postIds]}::uuid[]) AS k(id) LEFT JOIN post_like_counts c ON c.post_id = k.id`;
      const byPost = new Map(rows.map(({ postId, ...summary }) => [postId, summary]));
      return postIds.map((id) => byPost.get(id) ?? { likeCount: 0, viewerHasLiked: false });
    });
  }

  /**
   * Request-scoped pages of many posts' likers, newest first, in one query per batch; pages with
   * other arguments get a loader of their own.
   */
  createLikerLoaders(viewer: Viewer): (limit: number, after: PageAfter) => DataLoader<string, LikerRow[]> {
    const loaders = new Map<string, DataLoader<string, LikerRow[]>>();
    return (limit, after) => {
      const key = JSON.stringify([limit, after]);
      let loader = loaders.get(key);
      if (!loader) {
        loader = createLoader<string, LikerRow[]>('likes.likerPages', async (postIds) => {
          const rows = await this.likers(viewer, [...postIds], limit, after);
          return postIds.map((id) => rows.filter((row) => row.postId === id));
        });
        loaders.set(key, loader);
      }
      return loader;
    };
  }

  private likers(viewer: Viewer, postIds: string[], limit: number, after: PageAfter): Promise<LikerRow[]> {
    const cursor = after
      ? Prisma.sql`AND (l.created_at, l.user_id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
      : Prisma.empty;
    return this.prisma.$queryRaw<LikerRow[]>`
      SELECT l.post_id AS "postId", l.user_id AS "userId", l.created_at AS "createdAt"
        FROM unnest(${postIds}::uuid[]) AS k(id)
        CROSS JOIN LATERAL (
          SELECT * FROM likes l WHERE l.post_id = k.id ${cursor} AND ${shownTo(viewer)}
          ORDER BY l.created_at DESC, l.user_id DESC LIMIT ${limit}
        ) l
       ORDER BY l.created_at DESC, l.user_id DESC`;
  }

  /**
   * Locks the post's counter row (creating it at zero): every like, unlike and the PostDeleted
   * consumer take this lock first, so one post's writes serialize, the counter moves without
   * interleaving, and nothing is added to a post whose deletion committed meanwhile. Returns whether
   * the post is deleted, read after the lock was granted.
   */
  async lockPost(tx: Tx, postId: string): Promise<{ deleted: boolean }> {
    await tx.$executeRaw`
      INSERT INTO post_like_counts (post_id) VALUES (${postId}::uuid)
      ON CONFLICT (post_id) DO UPDATE SET like_count = post_like_counts.like_count`;
    const [row] = await tx.$queryRaw<{ deleted: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM deleted_posts WHERE post_id = ${postId}::uuid) AS deleted`;
    return { deleted: row!.deleted };
  }

  /** Inserts the like unless it exists, and moves the counter only by a row really inserted. */
  async addLike(tx: Tx, postId: string, userId: string): Promise<LikeChange> {
    const [row] = await tx.$queryRaw<{ like_count: number; liked_at: Date | null }[]>`
      WITH inserted AS (
        INSERT INTO likes (post_id, user_id) VALUES (${postId}::uuid, ${userId}::uuid)
        ON CONFLICT DO NOTHING RETURNING created_at
      )
      UPDATE post_like_counts SET like_count = like_count + (SELECT count(*) FROM inserted)::int
       WHERE post_id = ${postId}::uuid
      RETURNING like_count, (SELECT created_at FROM inserted) AS liked_at`;
    return { likeCount: row!.like_count, changed: row!.liked_at !== null, likedAt: row!.liked_at };
  }

  /** Deletes the like if it exists, and moves the counter only by a row really deleted. */
  async removeLike(tx: Tx, postId: string, userId: string): Promise<LikeChange> {
    const [row] = await tx.$queryRaw<{ like_count: number; removed: number }[]>`
      WITH deleted AS (
        DELETE FROM likes WHERE post_id = ${postId}::uuid AND user_id = ${userId}::uuid RETURNING 1
      )
      UPDATE post_like_counts SET like_count = like_count - (SELECT count(*) FROM deleted)::int
       WHERE post_id = ${postId}::uuid
      RETURNING like_count, (SELECT count(*) FROM deleted)::int AS removed`;
    return { likeCount: row!.like_count, changed: row!.removed > 0, likedAt: null };
  }
}
