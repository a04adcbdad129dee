import { PrismaRepository, type Viewer } from '@shutter/runtime';
import type { TimelineEntry } from '../timelines/timeline-store.js';
import { Prisma, type PrismaClient, type Tx } from './db.js';

export type { Tx } from './db.js';
import { POST_WITH_MEDIA, type PageAfter, type PostRow } from './post.repository.js';
import { blockedEitherWay, uuid, visibleTo } from './visibility.repository.js';

/**
 * How far down a timeline page may reach: to a key the timeline covers (inclusive), above its floor,
 * or anywhere (null: the timeline is complete to the beginning).
 */
export type Cover = { from: [string, string] } | { above: string } | null;

/** SQL: `p` is the owner's own post or one of an account the feed consumer saw them follow. */
function ownOrFollowed(ownerId: string): Prisma.Sql {
  const me = uuid(ownerId);
  return Prisma.sql`(p.author_id = ${me}
    OR EXISTS (SELECT 1 FROM feed_follows ff WHERE ff.follower_id = ${me} AND ff.followee_id = p.author_id))`;
}

function keyset(after: PageAfter): Prisma.Sql {
  return after ? Prisma.sql`(p.created_at, p.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : Prisma.sql`TRUE`;
}

function covered(cover: Cover): Prisma.Sql {
  if (!cover) return Prisma.sql`TRUE`;
  if ('from' in cover)
    return Prisma.sql`(p.created_at, p.id) >= (${cover.from[0]}::timestamptz, ${cover.from[1]}::uuid)`;
  return Prisma.sql`p.created_at > ${cover.above}::timestamptz`;
}

const NEWEST_FIRST = Prisma.sql`ORDER BY p.created_at DESC, p.id DESC`;

interface EntryRow {
  id: string;
  author_id: string;
  created_at: Date;
}
const toEntry = (row: EntryRow): TimelineEntry => ({
  postId: row.id,
  authorId: row.author_id,
  at: row.created_at.getTime(),
});

/** The home feed's SQL: pages read through the visibility rule, timeline seeds, fan-out targets. */
export class FeedRepository extends PrismaRepository<PrismaClient> {
  /**
   * A feed page from timeline candidates, in one statement: the candidates, plus the posts merged at
   * read time (authors with too many followers for fan-out, and posts whose fan-out is pending), each
   * kept only if it is the viewer's or a followed account's and the viewer may see it (posts'
   * visibility rule), after the cursor and within what the timeline covers.
   */
  timelinePage(
    viewer: Viewer,
    candidateIds: string[],
    after: PageAfter,
    cover: Cover,
    limit: number,
  ): Promise<PostRow[]> {
    const rule = Prisma.sql`${ownOrFollowed(viewer.userId!)} AND ${visibleTo(viewer)} AND ${keyset(after)} AND ${covered(cover)}`;
    return this.prisma.$queryRaw<PostRow[]>`
      SELECT ${POST_WITH_MEDIA} FROM posts p
      WHERE p.id IN (SELECT unnest(${candidateIds}::uuid[])
                     UNION ALL
                     SELECT merged.id FROM (SELECT p.id FROM posts p WHERE p.feed_fanout IS NOT TRUE AND ${rule}
                                            ${NEWEST_FIRST} LIMIT ${limit}) merged)
        AND ${rule}
      ${NEWEST_FIRST} LIMIT ${limit}`;
  }

  /** A feed page straight from the posts table (no timeline, or a page older than it covers). */
  databasePage(viewer: Viewer, after: PageAfter, limit: number): Promise<PostRow[]> {
    return this.prisma.$queryRaw<PostRow[]>`
      SELECT ${POST_WITH_MEDIA} FROM posts p
      WHERE ${ownOrFollowed(viewer.userId!)} AND ${visibleTo(viewer)} AND ${keyset(after)}
      ${NEWEST_FIRST} LIMIT ${limit}`;
  }

  /**
   * What a rebuilt timeline holds: the newest `limit` posts of the owner and the accounts they follow
   * that timelines carry (fanned out, or not handled yet), newest first. Visibility is checked on read.
   */
  async timelineSeed(ownerId: string, limit: number): Promise<TimelineEntry[]> {
    const rows = await this.prisma.$queryRaw<EntryRow[]>`
      SELECT p.id, p.author_id, p.created_at FROM posts p
      WHERE p.feed_fanout IS NOT FALSE AND ${ownOrFollowed(ownerId)}
      ${NEWEST_FIRST} LIMIT ${limit}`;
    return rows.map(toEntry);
  }

  // ---- the feed consumer (in its transaction) ---------------------------------------------------

  /**
   * Decides a new post's fan-out once: true when its author has at most `maxFollowers` followers,
   * else false (merged at read time). Null when the post is gone or was decided before (a post older
   * than the feed, or a redelivery); the row stays locked until the transaction ends, so a deletion
   * waits for the fan-out or comes first.
   */
  async decideFanout(
    tx: Tx,
    postId: string,
    maxFollowers: number,
  ): Promise<(TimelineEntry & { fanout: boolean }) | null> {
    const [row] = await tx.$queryRaw<(EntryRow & { feed_fanout: boolean })[]>`
      UPDATE posts p SET feed_fanout = (SELECT count(*) <= ${maxFollowers} FROM (
          SELECT 1 FROM feed_follows ff WHERE ff.followee_id = p.author_id LIMIT ${maxFollowers + 1}) followers)
      WHERE p.id = ${postId}::uuid AND p.feed_fanout IS NULL
      RETURNING p.id, p.author_id, p.created_at, p.feed_fanout`;
    return row ? { ...toEntry(row), fanout: row.feed_fanout } : null;
  }

  /**
   * Up to `limit` followers of the author after `afterId` (by id), leaving out those in a block with
   * the author either way: whom a post is delivered to, in chunks.
   */
  async followersPage(tx: Tx, authorId: string, afterId: string | null, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<{ follower_id: string }[]>`
      SELECT ff.follower_id FROM feed_follows ff
      WHERE ff.followee_id = ${authorId}::uuid
        AND ${afterId ? Prisma.sql`ff.follower_id > ${afterId}::uuid` : Prisma.sql`TRUE`}
        AND NOT ${blockedEitherWay(Prisma.sql`ff.follower_id`, uuid(authorId))}
      ORDER BY ff.follower_id LIMIT ${limit}`;
    return rows.map((r) => r.follower_id);
  }

  async addFollow(tx: Tx, follow: { followerId: string; followeeId: string }): Promise<void> {
    await tx.feedFollow.createMany({ data: [follow], skipDuplicates: true });
  }

  async removeFollow(tx: Tx, follow: { followerId: string; followeeId: string }): Promise<void> {
    await tx.feedFollow.deleteMany({ where: follow });
  }

  /** The author's newest `limit` posts that timelines carry, newest first (what a new follow brings in). */
  async recentPostsOf(tx: Tx, authorId: string, limit: number): Promise<TimelineEntry[]> {
    const rows = await tx.$queryRaw<EntryRow[]>`
      SELECT p.id, p.author_id, p.created_at FROM posts p
      WHERE p.author_id = ${authorId}::uuid AND p.feed_fanout IS NOT FALSE
      ${NEWEST_FIRST} LIMIT ${limit}`;
    return rows.map(toEntry);
  }
}
