import { idempotentHandler, type AfterCommit, type EventTransport, type Subscription } from '@shutter/events';
import type { Logger } from '@shutter/runtime';
import type { PrismaClient, Tx } from '../db.js';
import type { ProfileRepository } from '../repositories/profile.repository.js';
import { recordProfileUpdated } from '../services/profile.service.js';

/** Keeps profiles in step with accounts: one per registered user, the username copy current. */
export function subscribeToUserEvents(
  transport: EventTransport,
  prisma: PrismaClient,
  profiles: ProfileRepository,
  logger: Logger,
): Promise<Subscription> {
  const refreshCache =
    (profile: Awaited<ReturnType<ProfileRepository['update']>>): AfterCommit =>
    () =>
      profiles.offer([profile]).catch((error: unknown) => logger.warn({ err: error }, 'profile cache update failed'));

  return transport.subscribe({
    group: 'profiles',
    topics: ['shutter.users'],
    handler: idempotentHandler<Tx>(prisma, 'profiles.users', {
      UserRegistered: async (tx, event) => {
        const existing = await profiles.findForUpdate(tx, event.payload.userId);
        if (!existing) {
          await profiles.createIfAbsent(tx, event.payload.userId, event.payload.username);
          return;
        }
        // The user edited their profile before this event arrived: fill in the username copy.
        if (existing.username === '') {
          const updated = await profiles.update(tx, existing.userId, event.payload.username, {
            username: event.payload.username,
          });
          await recordProfileUpdated(tx, updated);
          return refreshCache(updated);
        }
      },
      UserUpdated: async (tx, event) => {
        if (!event.payload.changed.includes('username')) return;
        const current = await profiles.findForUpdate(tx, event.payload.userId);
        if (current?.username === event.payload.username) return;
        const updated = await profiles.update(tx, event.payload.userId, event.payload.username, {
          username: event.payload.username,
        });
        await recordProfileUpdated(tx, updated);
        return refreshCache(updated);
      },
    }),
  });
}
