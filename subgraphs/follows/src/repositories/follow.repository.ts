import { createKeyLoader, PrismaRepository } from '@shutter/runtime';
import DataLoader from 'dataloader';
import { Prisma, type Account, type PrismaClient, type Role, type Tx } from './db.js';

export interface GraphRow {
  id: string;
  created_at: Date;
}

export type Direction = 'followers' | 'following' | 'requests';

/** Storage of the follow graph. Every write runs inside a transaction the service opens. */
export class FollowRepository extends PrismaRepository<PrismaClient> {
  createAccountLoader() {
    return createKeyLoader<string, Account>(
      (ids) => this.prisma.account.findMany({ where: { userId: { in: [...ids] } } }),
      (account) => account.userId,
    );
  }

  /** Which of `ids` the viewer follows: one query per batch. */
  createFollowsLoader(viewerId: string) {
    return new DataLoader<string, boolean>(async (ids) => {
      const rows = await this.prisma.follow.findMany({
        where: { followerId: viewerId, followeeId: { in: [...ids] } },
        select: { followeeId: true },
      });
      const set = new Set(rows.map((r) => r.followeeId));
      return ids.map((id) => set.has(id));
    });
  }

  createRequestedLoader(viewerId: string) {
    return new DataLoader<string, boolean>(async (ids) => {
      const rows = await this.prisma.followRequest.findMany({
        where: { requesterId: viewerId, targetId: { in: [...ids] } },
        select: { targetId: true },
      });
      const set = new Set(rows.map((r) => r.targetId));
      return ids.map((id) => set.has(id));
    });
  }

  /** For each id: whether the viewer blocked it ('viewer') or it blocked the viewer ('them'), or null. */
  createBlockLoader(viewerId: string) {
    return new DataLoader<string, { viewer: boolean; them: boolean }>(async (ids) => {
      const rows = await this.prisma.block.findMany({
        where: {
          OR: [
            { blockerId: viewerId, blockedId: { in: [...ids] } },
            { blockedId: viewerId, blockerId: { in: [...ids] } },
          ],
        },
      });
      return ids.map((id) => ({
        viewer: rows.some((r) => r.blockerId === viewerId && r.blockedId === id),
        them: rows.some((r) => r.blockerId === id && r.blockedId === viewerId),
      }));
    });
  }

  /**
   * One page of a user's followers, followings or incoming requests, newest first, leaving out
   * anyone in a block with the viewer.
   */
  page(direction: Direction, userId: string, viewerId: string | null, limit: number, after: [string, string] | null) {
    const [table, ownerColumn, otherColumn] = {
      followers: ['follows', 'followee_id', 'follower_id'],
      following: ['follows', 'follower_id', 'followee_id'],
      requests: ['follow_requests', 'target_id', 'requester_id'],
    }[direction];
    const other = Prisma.raw(`g."${otherColumn}"`);
    const notBlocked = viewerId
      ? Prisma.sql`AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = ${viewerId}::uuid AND b.blocked_id = ${other})
                                                        OR (b.blocked_id = ${viewerId}::uuid AND b.blocker_id = ${other}))`
      : Prisma.empty;
    const cursor = after
      ? Prisma.sql`AND (g.created_at, ${other}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
      : Prisma.empty;
    return this.prisma.$queryRaw<GraphRow[]>`
      SELECT ${other} AS id, g.created_at FROM ${Prisma.raw(`"${table}"`)} g
       WHERE g.${Prisma.raw(`"${ownerColumn}"`)} = ${userId}::uuid ${notBlocked} ${cursor}
       ORDER BY g.created_at DESC, ${other} DESC
       LIMIT ${limit}`;
  }

  /** Makes sure the viewer's own account row exists even if their UserRegistered is still in flight. */
  async ensureAccount(tx: Tx, userId: string): Promise<void> {
    await tx.account.createMany({ data: [{ userId }], skipDuplicates: true });
  }

  /**
   * Locks both accounts (in id order, so two transactions never wait on each other crosswise) and
   * returns them. Every change to one pair's follows, requests or blocks holds these locks, so the
   * rules are checked and the counters moved without interleaving.
   */
  async lockPair(tx: Tx, a: string, b: string): Promise<Map<string, { isPrivate: boolean }>> {
    const rows = await tx.$queryRaw<{ user_id: string; is_private: boolean }[]>`
      SELECT user_id, is_private FROM accounts WHERE user_id IN (${a}::uuid, ${b}::uuid) ORDER BY user_id FOR UPDATE`;
    return new Map(rows.map((r) => [r.user_id, { isPrivate: r.is_private }]));
  }

  async isBlockedEitherWay(tx: Tx, a: string, b: string): Promise<boolean> {
    const count = await tx.block.count({
      where: {
        OR: [
          { blockerId: a, blockedId: b },
          { blockerId: b, blockedId: a },
        ],
      },
    });
    return count > 0;
  }

  /** Inserts the follow and moves both counters; false if it existed. */
  async addFollow(tx: Tx, followerId: string, followeeId: string): Promise<boolean> {
    const { count } = await tx.follow.createMany({ data: [{ followerId, followeeId }], skipDuplicates: true });
    if (count === 1) await this.adjustCounters(tx, followerId, followeeId, 1);
    return count === 1;
  }

  /** Deletes the follow and moves both counters; false if there was none. */
  async removeFollow(tx: Tx, followerId: string, followeeId: string): Promise<boolean> {
    const { count } = await tx.follow.deleteMany({ where: { followerId, followeeId } });
    if (count === 1) await this.adjustCounters(tx, followerId, followeeId, -1);
    return count === 1;
  }

  async addRequest(tx: Tx, requesterId: string, targetId: string): Promise<boolean> {
    const { count } = await tx.followRequest.createMany({ data: [{ requesterId, targetId }], skipDuplicates: true });
    return count === 1;
  }

  async removeRequest(tx: Tx, requesterId: string, targetId: string): Promise<boolean> {
    const { count } = await tx.followRequest.deleteMany({ where: { requesterId, targetId } });
    return count === 1;
  }

  async addBlock(tx: Tx, blockerId: string, blockedId: string): Promise<boolean> {
    const { count } = await tx.block.createMany({ data: [{ blockerId, blockedId }], skipDuplicates: true });
    return count === 1;
  }

  async removeBlock(tx: Tx, blockerId: string, blockedId: string): Promise<boolean> {
    const { count } = await tx.block.deleteMany({ where: { blockerId, blockedId } });
    return count === 1;
  }

  isFollowing(tx: Tx, followerId: string, followeeId: string): Promise<boolean> {
    return tx.follow.count({ where: { followerId, followeeId } }).then((n) => n > 0);
  }

  /** Applies a UserRegistered: the account exists, with its role when the event gives one. */
  async createAccount(tx: Tx, userId: string, role?: Role): Promise<void> {
    if (role) await this.setRole(tx, userId, role);
    else await tx.account.createMany({ data: [{ userId }], skipDuplicates: true });
  }

  /**
   * Applies the role of a UserRegistered or UserUpdated. One account's events come in order (one
   * partition per account), so the last applied is the current role.
   */
  async setRole(tx: Tx, userId: string, role: Role): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO accounts (user_id, role) VALUES (${userId}::uuid, ${role}::"Role")
      ON CONFLICT (user_id) DO UPDATE SET role = EXCLUDED.role`;
  }

  /** Applies a ProfileUpdated unless a newer one was applied already. */
  async setPrivacy(tx: Tx, userId: string, isPrivate: boolean, version: number): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO accounts (user_id, is_private, profile_version) VALUES (${userId}::uuid, ${isPrivate}, ${version})
      ON CONFLICT (user_id) DO UPDATE SET is_private = EXCLUDED.is_private, profile_version = EXCLUDED.profile_version
      WHERE accounts.profile_version < EXCLUDED.profile_version`;
  }

  private async adjustCounters(tx: Tx, followerId: string, followeeId: string, delta: number): Promise<void> {
    await tx.account.update({ where: { userId: followerId }, data: { followingCount: { increment: delta } } });
    await tx.account.update({ where: { userId: followeeId }, data: { followerCount: { increment: delta } } });
  }
}
