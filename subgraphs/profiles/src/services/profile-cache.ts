import type { VersionedCache } from '@shutter/cache';
import type { Profile } from '../repositories/db.js';

/** What the cache holds per user: the profile row as JSON (no timestamps). */
export type CachedProfile = Omit<Profile, 'createdAt' | 'updatedAt'>;

const keyOf = (userId: string) => `profile:${userId}`;

export function toCached(profile: Profile): CachedProfile {
  const { createdAt: _created, updatedAt: _updated, ...rest } = profile;
  return rest;
}

/**
 * Profiles in the shared versioned cache (Redis, or memory in one process). Every row is offered
 * with its version, so an older read can never replace a newer write, on any replica.
 */
export class ProfileCache {
  constructor(
    private readonly cache: VersionedCache,
    private readonly ttlSeconds: number,
  ) {}

  /** The cached profiles of the ids, null where absent; one round trip. */
  getMany(userIds: readonly string[]): Promise<(CachedProfile | null)[]> {
    return this.cache.getMany<CachedProfile>(userIds.map(keyOf));
  }

  /** Offers rows read from or written to the database; the cache keeps each only if it is newer. */
  offer(rows: readonly Profile[]): Promise<void> {
    return this.cache.offerMany(
      rows.map((row) => ({ key: keyOf(row.userId), version: row.version, value: toCached(row) })),
      this.ttlSeconds,
    );
  }
}
