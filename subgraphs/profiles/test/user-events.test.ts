import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { MemoryCache } from '@shutter/cache';
import { createEvent, type EventHandler } from '@shutter/events';
import { createLogger } from '@shutter/runtime';
import { userEventsConsumer } from '../src/events/user-events.js';
import { ProfileRepository } from '../src/repositories/profile.repository.js';
import { ProfileCache } from '../src/services/profile-cache.js';
import { ProfileService } from '../src/services/profile.service.js';
import type { AvatarStore } from '../src/services/posts-client.js';
import type { UsernameChanger } from '../src/services/users-client.js';
import {
  openProfilesDatabase,
  outboxOf,
  processedCount,
  profileRowCount,
  uniqueUsername,
  type ProfilesDatabase,
} from './support.js';

const CONSUMER = 'profiles.users';
const logger = createLogger({ service: 'profiles-test', level: 'silent' });

let database: ProfilesDatabase;
let profiles: ProfileRepository;
let cache: ProfileCache;
let handler: EventHandler;

beforeAll(async () => {
  database = await openProfilesDatabase();
  profiles = new ProfileRepository(database.prisma);
});
beforeEach(() => {
  cache = new ProfileCache(new MemoryCache(), 60);
  handler = userEventsConsumer(database.prisma, profiles, cache, logger).handler;
});
afterAll(async () => {
  await database.close();
});

/** Delivers an event to the consumer the way the transport would. */
const deliver = (event: ReturnType<typeof createEvent>) => handler(event, { topic: event.topic, attempt: 1 });

const userRegistered = (userId: string, username: string) =>
  createEvent('UserRegistered', userId, { userId, username, role: 'USER', createdAt: new Date().toISOString() });

const userUpdated = (userId: string, username: string, changed: ('username' | 'role' | 'email')[] = ['username']) =>
  createEvent('UserUpdated', userId, { userId, username, role: 'USER', changed });

const read = (userId: string) => profiles.transaction((tx) => profiles.find(tx, userId));

/** A user whose UserRegistered was applied. */
async function registeredUser() {
  const userId = randomUUID();
  const username = uniqueUsername('old');
  await deliver(userRegistered(userId, username));
  return { userId, username };
}

describe('users-events consumer', () => {
  describe('UserRegistered', () => {
    it('creates the profile once, however often the same event is redelivered, and announces nothing', async () => {
      const userId = randomUUID();
      const username = uniqueUsername();
      const event = userRegistered(userId, username);

      await deliver(event);
      const created = await read(userId);
      await deliver(event);
      await deliver(event);

      expect(created).toMatchObject({ userId, username, version: 1 });
      expect(await read(userId)).toEqual(created);
      expect(await processedCount(database.pool, CONSUMER, event.id)).toBe(1);
      expect(await outboxOf(database.pool, userId)).toEqual([]);
    });

    it('applies an event delivered twice at the same time once', async () => {
      const userId = randomUUID();
      const event = userRegistered(userId, uniqueUsername());

      await Promise.all([deliver(event), deliver(event)]);

      expect(await profileRowCount(database.pool, userId)).toBe(1);
      expect((await read(userId))?.version).toBe(1);
      expect(await processedCount(database.pool, CONSUMER, event.id)).toBe(1);
    });

    it('fills in the username of a profile the user edited before registration reached this subgraph', async () => {
      const userId = randomUUID();
      const username = uniqueUsername();
      const noAvatars: AvatarStore = {
        claim: () => Promise.reject(new Error('not asked for')),
        release: () => Promise.reject(new Error('not asked for')),
      };
      const noUsernameChanges: UsernameChanger = {
        currentUsername: () => Promise.reject(new Error('not asked for')),
        changeUsername: () => Promise.reject(new Error('not asked for')),
      };
      const service = new ProfileService(
        profiles,
        cache,
        noUsernameChanges,
        noAvatars,
        { userId, role: 'USER', requestId: 'medium' },
        () => 'identity',
        logger,
      );
      await service.update({ bio: 'early bird' });
      expect(await read(userId)).toMatchObject({ username: '', bio: 'early bird', version: 2 });

      await deliver(userRegistered(userId, username));

      expect(await read(userId)).toMatchObject({ username, bio: 'early bird', version: 3 });
      const outbox = await outboxOf(database.pool, userId);
      expect(outbox.map((row) => [row.type, row.payload.username, row.payload.version])).toEqual([
        ['ProfileUpdated', '', 2],
        ['ProfileUpdated', username, 3],
      ]);
      expect((await cache.getMany([userId]))[0]).toMatchObject({ username, version: 3 });
    });
  });

  describe('UserUpdated', () => {
    it('copies a changed username, bumps the version, records ProfileUpdated and refreshes the cache', async () => {
      const { userId } = await registeredUser();
      const renamed = uniqueUsername('new');

      await deliver(userUpdated(userId, renamed));

      const profile = await read(userId);
      expect(profile).toMatchObject({ username: renamed, version: 2 });
      expect(await outboxOf(database.pool, userId)).toEqual([
        {
          type: 'ProfileUpdated',
          aggregate_id: userId,
          topic: 'shutter.profiles',
          version: 1,
          payload: {
            userId,
            username: renamed,
            displayName: null,
            bio: null,
            avatarUrl: null,
            website: null,
            isPrivate: false,
            version: 2,
          },
        },
      ]);
      expect((await cache.getMany([userId]))[0]).toMatchObject({ username: renamed, version: 2 });
    });

    it('changes nothing and records nothing more when the same rename is redelivered', async () => {
      const { userId } = await registeredUser();
      const event = userUpdated(userId, uniqueUsername('new'));
      await deliver(event);
      const renamed = await read(userId);

      await deliver(event);

      expect(await read(userId)).toEqual(renamed);
      expect(await outboxOf(database.pool, userId)).toHaveLength(1);
      expect(await processedCount(database.pool, CONSUMER, event.id)).toBe(1);
    });

    it('ignores updates that leave the username as it is, while still marking them processed', async () => {
      const { userId, username } = await registeredUser();
      const before = await read(userId);
      const emailOnly = userUpdated(userId, uniqueUsername('ignored'), ['email']);
      const sameName = userUpdated(userId, username, ['username', 'role']);

      await deliver(emailOnly);
      await deliver(sameName);

      expect(await read(userId)).toEqual(before);
      expect(await outboxOf(database.pool, userId)).toEqual([]);
      expect(await processedCount(database.pool, CONSUMER, emailOnly.id)).toBe(1);
      expect(await processedCount(database.pool, CONSUMER, sameName.id)).toBe(1);
    });

    it('creates the profile when a rename overtakes UserRegistered, and the late UserRegistered keeps the new name', async () => {
      const userId = randomUUID();
      const renamed = uniqueUsername('new');

      await deliver(userUpdated(userId, renamed));
      expect(await read(userId)).toMatchObject({ username: renamed, version: 2 });
      await deliver(userRegistered(userId, uniqueUsername('old')));

      expect(await read(userId)).toMatchObject({ username: renamed, version: 2 });
      expect(await outboxOf(database.pool, userId)).toHaveLength(1);
    });

    it('rolls back the claim, the change and the outbox row together when the database refuses the write', async () => {
      const { userId } = await registeredUser();
      const before = await read(userId);
      // One character more than the username column holds.
      const event = userUpdated(userId, 'x'.repeat(31));

      await expect(deliver(event)).rejects.toThrow();

      expect(await read(userId)).toEqual(before);
      expect(await outboxOf(database.pool, userId)).toEqual([]);
      expect(await processedCount(database.pool, CONSUMER, event.id)).toBe(0);
      expect((await cache.getMany([userId]))[0]).toBeNull();
    });
  });
});
