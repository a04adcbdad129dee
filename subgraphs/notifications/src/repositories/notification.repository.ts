import { createLoader, PrismaRepository, type Viewer } from '@shutter/runtime';
import type DataLoader from 'dataloader';
import { Prisma, type NotificationKind, type PrismaClient, type Tx } from './db.js';

export type { Tx } from './db.js';
export type { NotificationKind } from './db.js';

/** A stored notification, as resolvers receive it. */
export interface NotificationRow {
  id: string;
  recipientId: string;
  kind: NotificationKind;
  actorId: string;
  postId: string | null;
  commentId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** A notification to store: for whom, what, by whom, about what. */
export interface NewNotification {
  recipientId: string;
  kind: NotificationKind;
  actorId: string;
  postId: string | null;
  commentId: string | null;
  /** The call a missed_call is about. */
  callId?: string | null;
}

/** A block as the follows subgraph announced it: `blockerId` blocked `blockedId`. */
export interface BlockPair {
  blockerId: string;
  blockedId: string;
}

/** The keyset (createdAt ISO string, id) after which a newest-first page continues. */
export type PageAfter = readonly [string, string] | null;

/** Where markNotificationsRead stops: this notification and those older are marked. */
export interface ReadAnchor {
  createdAt: Date;
  id: string;
}

const COLUMNS = Prisma.sql`n.id, n.recipient_id AS "recipientId", n.kind::text AS kind, n.actor_id AS "actorId",
  n.post_id AS "postId", n.comment_id AS "commentId", n.created_at AS "createdAt", n.read_at AS "readAt"`;

/**
 * SQL: whether notification `n` is shown to its recipient: not when the recipient and the actor are
 * in a block, either way. A block made after the notification hides it from then on.
 */
const shown = Prisma.sql`NOT EXISTS (
  SELECT 1 FROM blocks b WHERE (b.blocker_id = n.recipient_id AND b.blocked_id = n.actor_id)
                            OR (b.blocker_id = n.actor_id AND b.blocked_id = n.recipient_id))`;

/**
 * Notifications, their unread counters, and the copies of others' facts they depend on.
 *
 * The counter of an account is the number of its notifications that are unread and shown. Every
 * change that can move it (a new notification, a mark, a deletion, a block or unblock between two
 * accounts) locks the counter rows it touches first, in id order, and moves them in the same
 * transaction by the rows really changed: the counter stays exact under any interleaving, and
 * reading it is one primary-key lookup instead of a COUNT over a history that only grows.
 */
export class NotificationRepository extends PrismaRepository<PrismaClient> {
  // ---- reads -------------------------------------------------------------------------------

  /** One page of the recipient's shown notifications, newest first: one statement. */
  page(recipientId: string, limit: number, after: PageAfter): Promise<NotificationRow[]> {
    const cursor = after
      ? Prisma.sql`AND (n.created_at, n.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
      : Prisma.empty;
    return this.prisma.$queryRaw<NotificationRow[]>`
      SELECT ${COLUMNS} FROM notifications n
       WHERE n.recipient_id = ${recipientId}::uuid ${cursor} AND ${shown}
       ORDER BY n.created_at DESC, n.id DESC LIMIT ${limit}`;
  }

  /**
   * Request-scoped: the viewer's shown notifications by id, one query per batch. Anyone else's are
   * null (the recipient is part of the query), and so is everything for an anonymous viewer.
   */
  createByIdLoader(viewer: Viewer): DataLoader<string, NotificationRow | null> {
    return createLoader<string, NotificationRow | null>('notifications.byId', async (ids) => {
      const rows = await this.prisma.$queryRaw<NotificationRow[]>`
        SELECT ${COLUMNS} FROM notifications n
         WHERE n.id = ANY(${[...ids]}::uuid[]) AND n.recipient_id = ${viewer.userId}::uuid AND ${shown}`;
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** The recipient's unread count: its counter row (none yet: 0). */
  async unreadCount(recipientId: string): Promise<number> {
    const counter = await this.prisma.notificationCounter.findUnique({ where: { recipientId } });
    return counter?.unread ?? 0;
  }

  /** Who wrote a comment, by this subgraph's copy (null: unknown here, or deleted). */
  async commentAuthor(commentId: string): Promise<string | null> {
    const row = await this.prisma.commentAuthor.findUnique({ where: { commentId }, select: { authorId: true } });
    return row?.authorId ?? null;
  }

  // ---- locks ---------------------------------------------------------------------------------

  /**
   * Locks the counter rows of `recipientIds` (creating them at zero), in id order so that two
   * transactions never wait on each other crosswise. Every change that can move a counter takes
   * this lock first; checks made after it (blocks, whether a notification is read) see every
   * change committed before it.
   */
  async lockCounters(tx: Tx, recipientIds: readonly string[]): Promise<void> {
    const ids = [...new Set(recipientIds)].sort();
    if (ids.length === 0) return;
    // unnest keeps the array's order, so the rows are locked in id order.
    await tx.$executeRaw`
      INSERT INTO notification_counters (recipient_id) SELECT id FROM unnest(${ids}::uuid[]) AS k(id)
      ON CONFLICT (recipient_id) DO UPDATE SET unread = notification_counters.unread`;
  }

  /**
   * Takes the post's lock (an advisory lock keyed by its id: notifications keep no row per post)
   * and answers whether the post is deleted, read after the lock was granted. Writers of
   * notifications about the post share it; the PostDeleted consumer takes it alone. So a
   * notification is either committed before the deletion (and deleted by it) or sees the tombstone.
   * Taken before any counter lock.
   */
  async lockPost(tx: Tx, postId: string): Promise<{ deleted: boolean }> {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock_shared(hashtextextended(${postId}, 0))::text AS locked`;
    const [row] = await tx.$queryRaw<{ deleted: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM deleted_posts WHERE post_id = ${postId}::uuid) AS deleted`;
    return { deleted: row!.deleted };
  }

  // ---- notifications -------------------------------------------------------------------------

  /** The recipient/actor pairs among `pairs` that are in a block, either way, as `recipient:actor` keys. */
  async blockedPairs(tx: Tx, pairs: readonly { recipientId: string; actorId: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows = await tx.$queryRaw<{ key: string }[]>`
      SELECT k.r::text || ':' || k.a::text AS key
        FROM unnest(${pairs.map((p) => p.recipientId)}::uuid[], ${pairs.map((p) => p.actorId)}::uuid[]) AS k(r, a)
       WHERE EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = k.r AND b.blocked_id = k.a)
                                               OR (b.blocker_id = k.a AND b.blocked_id = k.r))`;
    return new Set(rows.map((row) => row.key));
  }

  /**
   * Stores the notifications that do not exist yet (by recipient, kind, actor and subject) and
   * counts each one stored as unread; returns only those. The caller holds the recipients'
   * counter locks.
   */
  async insert(tx: Tx, notifications: readonly NewNotification[]): Promise<NotificationRow[]> {
    if (notifications.length === 0) return [];
    const stored = await tx.notification.createManyAndReturn({
      data: notifications.map((n) => ({ ...n, subjectId: n.callId ?? n.commentId ?? n.postId ?? n.actorId })),
      skipDuplicates: true,
      select: {
        id: true,
        recipientId: true,
        kind: true,
        actorId: true,
        postId: true,
        commentId: true,
        createdAt: true,
        readAt: true,
      },
    });
    if (stored.length > 0) {
      await tx.$executeRaw`
        UPDATE notification_counters c SET unread = c.unread + d.n
          FROM (SELECT id, count(*)::int AS n FROM unnest(${stored.map((n) => n.recipientId)}::uuid[]) AS k(id) GROUP BY id) d
         WHERE c.recipient_id = d.id`;
    }
    return stored;
  }

  /** The recipient's shown notification `id`, where a mark would stop; null for anything else. */
  async readAnchor(tx: Tx, recipientId: string, id: string): Promise<ReadAnchor | null> {
    const [row] = await tx.$queryRaw<ReadAnchor[]>`
      SELECT n.created_at AS "createdAt", n.id FROM notifications n
       WHERE n.id = ${id}::uuid AND n.recipient_id = ${recipientId}::uuid AND ${shown}`;
    return row ?? null;
  }

  /**
   * Marks the recipient's shown unread notifications read (all, or those up to and including
   * `upTo`) and moves the counter by as many; returns how many. The caller holds the counter lock.
   */
  async markRead(tx: Tx, recipientId: string, upTo: ReadAnchor | null): Promise<number> {
    const until = upTo
      ? Prisma.sql`AND (n.created_at, n.id) <= (${upTo.createdAt}::timestamptz, ${upTo.id}::uuid)`
      : Prisma.empty;
    const [row] = await tx.$queryRaw<{ changed: number }[]>`
      WITH marked AS (
        UPDATE notifications n SET read_at = now()
         WHERE n.recipient_id = ${recipientId}::uuid AND n.read_at IS NULL ${until} AND ${shown}
        RETURNING 1
      )
      UPDATE notification_counters SET unread = unread - (SELECT count(*) FROM marked)::int
       WHERE recipient_id = ${recipientId}::uuid
      RETURNING (SELECT count(*) FROM marked)::int AS changed`;
    return row?.changed ?? 0;
  }

  // ---- what other subgraphs announced ----------------------------------------------------------

  /** Keeps the comment's author (from CommentCreated), so a reply to it can notify them. */
  async saveCommentAuthor(tx: Tx, comment: { commentId: string; postId: string; authorId: string }): Promise<void> {
    await tx.commentAuthor.createMany({ data: [comment], skipDuplicates: true });
  }

  /**
   * Applies a PostDeleted: what was notified about the post goes (its comments' notifications too:
   * they name the post), with the counters moved; a tombstone stays so that nothing is notified
   * about it afterwards. Takes the post's lock alone (see lockPost), then the counters.
   */
  async deletePost(tx: Tx, postId: string): Promise<void> {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${postId}, 0))::text AS locked`;
    await tx.deletedPost.createMany({ data: [{ postId }], skipDuplicates: true });
    await this.deleteWhere(tx, Prisma.sql`n.post_id = ${postId}::uuid`);
    await tx.commentAuthor.deleteMany({ where: { postId } });
  }

  /**
   * Applies a CommentDeleted: what was notified about the comment goes, with the counters moved.
   * A comment's notifications come only from its own CommentCreated, which precedes its
   * CommentDeleted on the post's partition, so none can be written after this.
   */
  async deleteComment(tx: Tx, commentId: string): Promise<void> {
    await this.deleteWhere(tx, Prisma.sql`n.comment_id = ${commentId}::uuid`);
    await tx.commentAuthor.deleteMany({ where: { commentId } });
  }

  /** Deletes the notifications `n` matching `where`, moving their recipients' counters by the unread shown ones. */
  private async deleteWhere(tx: Tx, where: Prisma.Sql): Promise<void> {
    const recipients = await tx.$queryRaw<{ id: string }[]>`
      SELECT DISTINCT n.recipient_id AS id FROM notifications n WHERE ${where}`;
    if (recipients.length === 0) return;
    await this.lockCounters(
      tx,
      recipients.map((r) => r.id),
    );
    await tx.$executeRaw`
      WITH gone AS (
        DELETE FROM notifications n WHERE ${where}
        RETURNING n.recipient_id, (n.read_at IS NULL AND ${shown}) AS counted
      )
      UPDATE notification_counters c SET unread = c.unread - d.n
        FROM (SELECT recipient_id, count(*) FILTER (WHERE counted)::int AS n FROM gone GROUP BY recipient_id) d
       WHERE c.recipient_id = d.recipient_id`;
  }

  /**
   * Applies a UserBlocked. When the two accounts were in no block yet, what they notified each
   * other that is unread stops counting (it is hidden from now on).
   */
  async addBlock(tx: Tx, block: BlockPair): Promise<void> {
    await this.lockCounters(tx, [block.blockerId, block.blockedId]);
    const wasBlocked = await this.inBlock(tx, block);
    const added = await tx.block.createMany({ data: [block], skipDuplicates: true });
    if (added.count > 0 && !wasBlocked) await this.moveUnreadBetween(tx, block, -1);
  }

  /**
   * Applies a UserUnblocked. When no block remains between the two accounts, what they notified
   * each other shows again, and what of it is unread counts again.
   */
  async removeBlock(tx: Tx, block: BlockPair): Promise<void> {
    await this.lockCounters(tx, [block.blockerId, block.blockedId]);
    const removed = await tx.block.deleteMany({ where: block });
    if (removed.count > 0 && !(await this.inBlock(tx, block))) await this.moveUnreadBetween(tx, block, 1);
  }

  private async inBlock(tx: Tx, { blockerId, blockedId }: BlockPair): Promise<boolean> {
    const [row] = await tx.$queryRaw<{ blocked: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = ${blockerId}::uuid AND blocked_id = ${blockedId}::uuid)
                                             OR (blocker_id = ${blockedId}::uuid AND blocked_id = ${blockerId}::uuid)) AS blocked`;
    return row!.blocked;
  }

  /** Moves both accounts' counters by `sign` × the unread notifications each has from the other. */
  private async moveUnreadBetween(tx: Tx, { blockerId: a, blockedId: b }: BlockPair, sign: 1 | -1): Promise<void> {
    await tx.$executeRaw`
      UPDATE notification_counters c SET unread = c.unread + ${sign}::int * d.n
        FROM (SELECT n.recipient_id, count(*)::int AS n FROM notifications n
               WHERE n.read_at IS NULL
                 AND ((n.recipient_id = ${a}::uuid AND n.actor_id = ${b}::uuid)
                   OR (n.recipient_id = ${b}::uuid AND n.actor_id = ${a}::uuid))
               GROUP BY n.recipient_id) d
       WHERE c.recipient_id = d.recipient_id`;
  }
}
