import { idempotentHandler, type AfterCommit } from '@shutter/events';
import type { Logger } from '@shutter/runtime';
import type { ConsumerDeclaration } from '@shutter/subgraph-kit';
import type { PrismaClient, Tx } from '../repositories/db.js';
import type { ProfileRepository } from '../repositories/profile.repository.js';
import type { ProfileCache } from '../services/profile-cache.js';
import { recordProfileUpdated } from '../services/profile.service.js';

/** Keeps profiles in step with accounts: one per registered user, the username copy current. */
export function userEventsConsumer(
  db: PrismaClient,
  profiles: ProfileRepository,
  cache: ProfileCache,
  logger: Logger,
): ConsumerDeclaration {
  /** Copies the username, announces the new profile, and refreshes the cache after commit. */
  const copyUsername = async (tx: Tx, userId: string, username: string): Promise<AfterCommit> => {
    const updated = await profiles.update(tx, userId, username, { username });
    await recordProfileUpdated(tx, updated);
    return () =>
      cache.offer([updated]).catch((error: unknown) => logger.warn({ err: error }, 'profile cache update failed'));
  };

  return {
    group: 'profiles',
    topics: ['shutter.users'],
    handler: idempotentHandler<Tx>(db, 'profiles.users', {
      UserRegistered: async (tx, { payload }) => {
        const existing = await profiles.find(tx, payload.userId);
        if (!existing) return profiles.createIfAbsent(tx, payload.userId, payload.username);
        // The user edited their profile before this event arrived: fill in the username copy.
        if (existing.username === '') return copyUsername(tx, payload.userId, payload.username);
      },
      UserUpdated: async (tx, { payload }) => {
        if (!payload.changed.includes('username')) return;
        const current = await profiles.find(tx, payload.userId);
        if (current?.username === payload.username) return;
        return copyUsername(tx, payload.userId, payload.username);
      },
    }),
  };
}
