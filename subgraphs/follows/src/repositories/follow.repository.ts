import { createKeyLoader, createLoader, isUuid, PrismaRepository } from '@shutter/runtime';
import { Prisma, type Account, type PrismaClient, type Role, type Tx } from './db.js';

export interface GraphRow {
  id: string;
  created_at: Date;
}

export type Direction = 'followers' | 'following' | 'requests';

/** One key's answer, fetched for a request's batch at once. */
export interface Loader<V> {
  load(id: string): Promise<V>;
}

/** A viewer's relations to other accounts, and the accounts themselves. */
export interface ViewerLoaders {
  accounts: Loader<Account | null>;
  follows: Loader<boolean>;
  requested: Loader<boolean>;
  blocks: Loader<{ viewer: boolean; them: boolean }>;
}

interface Relations {
  account: Account | null;
  follows: boolean;
  requested: boolean;
  blocks: { viewer: boolean; them: boolean };
}

const NO_RELATIONS: Relations = {
  account: null,
  follows: false,
  requested: false,
  blocks: { viewer: false, them: false },
};

interface RelationRow {
  id: string;
  user_id: string | null;
  role: string | null;
  is_private: boolean;
  follower_count: number;
  following_count: number;
  profile_version: number;
  created_at: Date;
  follows: boolean;
  requested: boolean;
  blocked_by_viewer: boolean;
  blocks_viewer: boolean;
}

/** Storage of the follow graph. Every write runs inside a transaction the service opens. */
export class FollowRepository extends PrismaRepository<PrismaClient> {
  createAccountLoader() {
    return createKeyLoader<string, Account>(
      'follows.accounts',
      (ids) =>
        this.readRows<Account>(
          Prisma.sql`SELECT user_id AS "userId", role, is_private AS "isPrivate", follower_count AS "followerCount",
                            following_count AS "followingCount", profile_version AS "profileVersion", created_at AS "createdAt"
                       FROM accounts WHERE user_id = ANY(${ids.filter(isUuid)}::uuid[])`,
          { prepared: true },
        ),
      (account) => account.userId,
    );
  }

  /**
   * Everything a signed-in viewer's request may ask about other accounts — the account row (counts,
   * privacy, role) and the viewer's relations to it (follows, requested, blocks either way) — in
   * one statement per batch, however many of these fields a query selects (issue 10: a feed page
   * asked for counts and viewerFollows in two statements).
   */
  createViewerLoaders(viewerId: string): ViewerLoaders {
    const relations = createLoader<string, Relations>('follows.viewerRelations', async (keys) => {
      const ids = keys.filter(isUuid);
      const rows = ids.length
        ? await this.readRows<RelationRow>(
            Prisma.sql`
            SELECT k.id, a.user_id, a.role::text AS role, a.is_private, a.follower_count, a.following_count,
                   a.profile_version, a.created_at,
                   EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ${viewerId}::uuid AND f.followee_id = k.id) AS follows,
                   EXISTS (SELECT 1 FROM follow_requests r WHERE r.requester_id = ${viewerId}::uuid AND r.target_id = k.id) AS requested,
                   EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = ${viewerId}::uuid AND b.blocked_id = k.id) AS blocked_by_viewer,
                   EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = k.id AND b.blocked_id = ${viewerId}::uuid) AS blocks_viewer
              FROM unnest(${ids}::uuid[]) AS k(id) LEFT JOIN accounts a ON a.user_id = k.id`,
            // Lookups by key only: one generic plan serves every batch.
            { prepared: true },
          )
        : [];
      const byId = new Map(rows.map((row) => [row.id, row]));
      return keys.map((key) => {
        const row = byId.get(key);
        if (!row) return NO_RELATIONS;
        return {
          account: row.user_id
            ? {
                userId: row.user_id,
                role: row.role as Role,
                isPrivate: row.is_private,
                followerCount: row.follower_count,
                followingCount: row.following_count,
                profileVersion: row.profile_version,
                createdAt: row.created_at,
              }
            : null,
          follows: row.follows,
          requested: row.requested,
          blocks: { viewer: row.blocked_by_viewer, them: row.blocks_viewer },
        };
      });
    });
    const field =
      <K extends keyof Relations>(key: K) =>
      (id: string) =>
        relations.load(id).then((r) => r[key]);
    return {
      accounts: { load: field('account') },
      follows: { load: field('follows') },
      requested: { load: field('requested') },
      blocks: { load: field('blocks') },
    };
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
