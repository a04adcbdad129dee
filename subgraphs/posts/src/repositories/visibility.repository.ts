import { isStaff, PrismaRepository, type Role, type Viewer } from '@shutter/runtime';
import { Prisma, type PrismaClient, type Tx } from './db.js';

export type { Tx } from './db.js';

/** SQL: whether `a` and `b` (uuid expressions) are in a block, whoever blocked whom. */
export function blockedEitherWay(a: Prisma.Sql, b: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM blocks blk WHERE (blk.blocker_id = ${a} AND blk.blocked_id = ${b})
                                                        OR (blk.blocker_id = ${b} AND blk.blocked_id = ${a}))`;
}

/** SQL: a viewer's id as a uuid expression. */
export const uuid = (id: string): Prisma.Sql => Prisma.sql`${id}::uuid`;

/**
 * SQL: whether the account `userId` is staff (moderator or admin) now, by this subgraph's copy of
 * its role: never by the role the viewer's access token claims, which outlives a demotion.
 */
export const isStaffAccount = (userId: string): Prisma.Sql =>
  Prisma.sql`EXISTS (SELECT 1 FROM accounts staff WHERE staff.user_id = ${uuid(userId)}
                                                   AND staff.role IN ('MODERATOR', 'ADMIN'))`;

/**
 * SQL: who may see the post `p`, over this subgraph's copies of roles, privacy, follows and blocks:
 * staff see everything; blocked users (either way) see nothing of each other; a private account's
 * posts are for its author and approved followers. `publicOnly` (explore) shows public accounts'
 * posts only, to staff too.
 */
export function visibleTo(viewer: Viewer, { publicOnly = false } = {}): Prisma.Sql {
  const isPublic = Prisma.sql`NOT EXISTS (SELECT 1 FROM accounts a WHERE a.user_id = p.author_id AND a.is_private)`;
  if (!viewer.userId) return isPublic;
  const me = uuid(viewer.userId);
  const notBlocked = Prisma.sql`NOT ${blockedEitherWay(Prisma.sql`p.author_id`, me)}`;
  if (publicOnly) return Prisma.sql`${notBlocked} AND ${isPublic}`;
  // Uncorrelated: PostgreSQL evaluates the staff check once per statement, not per post.
  return Prisma.sql`(${isStaffAccount(viewer.userId)} OR (${notBlocked} AND (p.author_id = ${me} OR ${isPublic}
    OR EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ${me} AND f.followee_id = p.author_id))))`;
}

/** Whether the account `userId` is staff now, by this subgraph's copy of its role, read in `tx`. */
export async function accountIsStaff(tx: Tx, userId: string): Promise<boolean> {
  const account = await tx.account.findUnique({ where: { userId }, select: { role: true } });
  return account ? isStaff(account) : false;
}

/**
 * This subgraph's copies of what others own and visibility needs: accounts with their privacy
 * (users, profiles), follows and blocks (follows). Written only by event consumers; every write is
 * idempotent and commutes with writes of other topics.
 */
export class VisibilityRepository extends PrismaRepository<PrismaClient> {
  /** Applies a UserRegistered: the account exists, with its role when the event gives one. */
  async createAccount(tx: Tx, userId: string, username: string, role?: Role): Promise<void> {
    if (role) {
      await tx.$executeRaw`
        INSERT INTO accounts (user_id, username, role) VALUES (${userId}::uuid, ${username}, ${role}::"Role")
        ON CONFLICT (user_id) DO UPDATE SET role = EXCLUDED.role`;
    } else {
      await tx.account.createMany({ data: [{ userId, username }], skipDuplicates: true });
    }
  }

  /**
   * Applies a UserUpdated: its username, and its role when given. One account's events come in
   * order (one partition per account), so the last applied is the current state.
   */
  async setUsername(tx: Tx, userId: string, username: string, role?: Role): Promise<void> {
    const fields = role ? { username, role } : { username };
    await tx.account.upsert({ where: { userId }, update: fields, create: { userId, ...fields } });
  }

  /** Applies a ProfileUpdated unless a newer one was applied already. */
  async applyProfile(
    tx: Tx,
    profile: { userId: string; username: string; displayName: string | null; isPrivate: boolean; version: number },
  ): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO accounts (user_id, username, display_name, is_private, profile_version)
      VALUES (${profile.userId}::uuid, ${profile.username}, ${profile.displayName}, ${profile.isPrivate}, ${profile.version})
      ON CONFLICT (user_id) DO UPDATE SET display_name = EXCLUDED.display_name, is_private = EXCLUDED.is_private,
                                          profile_version = EXCLUDED.profile_version
      WHERE accounts.profile_version < EXCLUDED.profile_version`;
  }

  async addFollow(tx: Tx, follow: { followerId: string; followeeId: string }): Promise<void> {
    await tx.follow.createMany({ data: [follow], skipDuplicates: true });
  }

  async removeFollow(tx: Tx, follow: { followerId: string; followeeId: string }): Promise<void> {
    await tx.follow.deleteMany({ where: follow });
  }

  async addBlock(tx: Tx, block: { blockerId: string; blockedId: string }): Promise<void> {
    await tx.block.createMany({ data: [block], skipDuplicates: true });
  }

  async removeBlock(tx: Tx, block: { blockerId: string; blockedId: string }): Promise<void> {
    await tx.block.deleteMany({ where: block });
  }
}
