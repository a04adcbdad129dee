import { PrismaRepository } from '@shutter/runtime';
import type { PrismaClient, Profile, Tx } from './db.js';

export type ProfileChanges = Partial<
  Pick<Profile, 'displayName' | 'bio' | 'avatarUrl' | 'avatarId' | 'website' | 'isPrivate' | 'username'>
>;

/** Storage of profiles. Every write runs inside a transaction the service (or consumer) opens. */
export class ProfileRepository extends PrismaRepository<PrismaClient> {
  /** The profiles of those ids that have one, in no particular order; one query. */
  findMany(userIds: readonly string[]): Promise<Profile[]> {
    return this.prisma.profile.findMany({ where: { userId: { in: [...userIds] } } });
  }

  /** Creates the profile of a newly registered user; a replay of the same event is a no-op. */
  async createIfAbsent(tx: Tx, userId: string, username: string): Promise<void> {
    await tx.profile.createMany({ data: [{ userId, username }], skipDuplicates: true });
  }

  /** Applies changes and bumps the version (creating the row if its UserRegistered is still in flight). */
  update(tx: Tx, userId: string, username: string, changes: ProfileChanges): Promise<Profile> {
    return tx.profile.upsert({
      where: { userId },
      update: { ...changes, version: { increment: 1 } },
      create: { userId, username, ...changes, version: 2 },
    });
  }

  /** The profile's avatar id, its row locked until the transaction ends (null without a row or avatar). */
  async lockAvatarId(tx: Tx, userId: string): Promise<string | null> {
    const [row] = await tx.$queryRaw<{ avatar_id: string | null }[]>`
      SELECT avatar_id::text FROM profiles WHERE user_id = ${userId}::uuid FOR UPDATE`;
    return row?.avatar_id ?? null;
  }

  find(tx: Tx, userId: string): Promise<Profile | null> {
    return tx.profile.findUnique({ where: { userId } });
  }
}
