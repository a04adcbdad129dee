import type { VersionedCache } from '@shutter/cache';
import DataLoader from 'dataloader';
import type { Prisma, PrismaClient, Profile, Tx } from '../db.js';

export type ProfileChanges = Partial<
  Pick<Profile, 'displayName' | 'bio' | 'avatarUrl' | 'website' | 'isPrivate' | 'username'>
>;

/** What the cache holds per user: the profile row as JSON (dates as strings). */
export type CachedProfile = Omit<Profile, 'createdAt' | 'updatedAt'>;

const cacheKey = (userId: string) => `profile:${userId}`;

export function toCached(profile: Profile): CachedProfile {
  const { createdAt: _c, updatedAt: _u, ...rest } = profile;
  return rest;
}

export class ProfileRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly cache: VersionedCache,
    private readonly ttlSeconds: number,
  ) {}

  /**
   * Request-scoped loader: one cache round trip for all ids, one SQL query for the misses, which
   * are then offered to the cache. A cache that is down is skipped, not fatal.
   */
  createLoader(onCacheError: (error: unknown) => void): DataLoader<string, CachedProfile | null> {
    return new DataLoader(async (ids) => {
      const cached = await this.cache.getMany<CachedProfile>(ids.map(cacheKey)).catch((error: unknown) => {
        onCacheError(error);
        return ids.map(() => null);
      });
      const missing = ids.filter((_, i) => !cached[i]);
      const rows = missing.length > 0 ? await this.prisma.profile.findMany({ where: { userId: { in: missing } } }) : [];
      if (rows.length > 0) await this.offer(rows).catch(onCacheError);
      const fresh = new Map(rows.map((row) => [row.userId, toCached(row)]));
      return ids.map((id, i) => cached[i] ?? fresh.get(id) ?? null);
    });
  }

  /** Creates the profile of a newly registered user; a replay of the same event is a no-op. */
  async createIfAbsent(tx: Tx, userId: string, username: string): Promise<void> {
    await tx.profile.createMany({ data: [{ userId, username }], skipDuplicates: true });
  }

  /** Applies changes and bumps the version (creating the row if its UserRegistered is still in flight). */
  update(tx: Tx, userId: string, username: string, changes: ProfileChanges): Promise<Profile> {
    const data: Prisma.ProfileUpdateInput = { ...changes, version: { increment: 1 } };
    return tx.profile.upsert({
      where: { userId },
      update: data,
      create: { userId, username, ...changes, version: 2 },
    });
  }

  findForUpdate(tx: Tx, userId: string): Promise<Profile | null> {
    return tx.profile.findUnique({ where: { userId } });
  }

  /** Offers rows to the cache; the cache keeps each only if it is newer than what it holds. */
  offer(rows: Profile[]): Promise<void> {
    return this.cache.offerMany(
      rows.map((row) => ({ key: cacheKey(row.userId), version: row.version, value: toCached(row) })),
      this.ttlSeconds,
    );
  }
}
