import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryCache } from '@shutter/cache';
import { createLogger } from '@shutter/runtime';
import { ProfileRepository } from '../src/repositories/profile.repository.js';
import { ProfileCache } from '../src/services/profile-cache.js';
import { DEFAULT_PROFILE, ProfileService, recordProfileUpdated } from '../src/services/profile.service.js';
import type { AvatarStore } from '../src/services/posts-client.js';
import type { UsernameChanger } from '../src/services/users-client.js';
import { openProfilesDatabase, outboxOf, uniqueUsername, type ProfilesDatabase } from './support.js';

let database: ProfilesDatabase;
let profiles: ProfileRepository;

beforeAll(async () => {
  database = await openProfilesDatabase();
  profiles = new ProfileRepository(database.prisma);
});
afterAll(async () => {
  await database.close();
});

/** A registered user's profile, as the UserRegistered consumer creates it. */
async function registered(fields: { displayName?: string } = {}) {
  const userId = randomUUID();
  const username = uniqueUsername();
  await profiles.transaction((tx) => profiles.createIfAbsent(tx, userId, username));
  if (fields.displayName !== undefined) {
    await profiles.transaction((tx) => profiles.update(tx, userId, username, { displayName: fields.displayName }));
  }
  return { userId, username };
}

const read = (userId: string) => profiles.transaction((tx) => profiles.find(tx, userId));

const noAvatars: AvatarStore = {
  claim: () => Promise.reject(new Error('not asked for')),
  release: () => Promise.reject(new Error('not asked for')),
};
const noUsernameChanges: UsernameChanger = {
  currentUsername: () => Promise.reject(new Error('these tests change no username')),
  changeUsername: () => Promise.reject(new Error('these tests change no username')),
};
const logger = createLogger({ service: 'profiles-test', level: 'silent' });

/** A request's ProfileService on the real repository; requests sharing `cache` share its entries. */
const serviceFor = (cache: ProfileCache, viewerId: string | null = null) =>
  new ProfileService(
    profiles,
    cache,
    noUsernameChanges,
    noAvatars,
    { userId: viewerId, role: viewerId ? 'USER' : null, requestId: 'medium' },
    () => 'identity',
    logger,
  );

describe('ProfileRepository', () => {
  it('creates a profile once: a second createIfAbsent for the same user leaves the first row untouched', async () => {
    const userId = randomUUID();
    const username = uniqueUsername();
    await profiles.transaction((tx) => profiles.createIfAbsent(tx, userId, username));
    const first = await read(userId);
    expect(first).toMatchObject({ userId, username, displayName: null, isPrivate: false, version: 1 });

    await profiles.transaction((tx) => profiles.createIfAbsent(tx, userId, uniqueUsername('other')));

    expect(await read(userId)).toEqual(first);
  });

  it('bumps the version by one per update and changes only the fields given (null clears one)', async () => {
    const { userId, username } = await registered();

    const named = await profiles.transaction((tx) =>
      profiles.update(tx, userId, username, { displayName: 'Ada', bio: 'Engines' }),
    );
    expect(named).toMatchObject({ username, displayName: 'Ada', bio: 'Engines', website: null, version: 2 });

    const cleared = await profiles.transaction((tx) =>
      profiles.update(tx, userId, username, { bio: null, isPrivate: true }),
    );
    expect(cleared).toMatchObject({ username, displayName: 'Ada', bio: null, isPrivate: true, version: 3 });
    expect(await read(userId)).toEqual(cleared);
  });

  it('creates the row at version 2 when an update arrives before the profile exists', async () => {
    const userId = randomUUID();

    const created = await profiles.transaction((tx) =>
      profiles.update(tx, userId, '', { website: 'https://a.example' }),
    );

    expect(created).toMatchObject({ userId, username: '', website: 'https://a.example', version: 2 });
    expect(await read(userId)).toEqual(created);
  });

  it('creates the row once and loses no increment when ten updates race for a profile that does not exist yet', async () => {
    const userId = randomUUID();

    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        profiles.transaction((tx) => profiles.update(tx, userId, '', { bio: `edit ${i}` })),
      ),
    );

    // The first creates it at version 2; each of the other nine adds one.
    expect((await read(userId))?.version).toBe(11);
  });

  it('leaves neither the change nor its outbox row behind when the transaction fails after both', async () => {
    const { userId, username } = await registered();
    const before = await read(userId);

    await expect(
      profiles.transaction(async (tx) => {
        const updated = await profiles.update(tx, userId, username, { displayName: 'Never' });
        await recordProfileUpdated(tx, updated);
        throw new Error('fails after the write');
      }),
    ).rejects.toThrow('fails after the write');

    expect(await read(userId)).toEqual(before);
    expect(await outboxOf(database.pool, userId)).toEqual([]);
  });

  it('finds the existing profiles among many ids with one SQL statement, skipping unknown ids', async () => {
    const known = await Promise.all(Array.from({ length: 5 }, () => registered()));
    const ids = [...known.map((p) => p.userId), randomUUID(), randomUUID()];
    database.counter.reset();

    const rows = await profiles.findMany(ids);

    expect(database.counter.count).toBe(1);
    expect(rows.map((r) => r.userId).sort()).toEqual(known.map((p) => p.userId).sort());
  });
});

describe('ProfileService on the real repository', () => {
  it('answers 20 profile loads of a tick with one SQL statement, in key order, with defaults for unknown and malformed ids', async () => {
    // Created in one order, asked for in the reverse, so the rows' order in the table differs from the keys'.
    const known = Array.from({ length: 15 }, () => ({ userId: randomUUID() }));
    await database.pool.query(
      `INSERT INTO profiles (user_id, username, display_name, updated_at)
       SELECT id, 'u_' || n, 'person ' || (n - 1), now() FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
      [known.map((p) => p.userId)],
    );
    const ids: string[] = [
      ...known.map((p) => p.userId).reverse(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
    ];
    ids.splice(7, 0, 'not-a-uuid');
    const expected = ids.map((id) => {
      const i = known.findIndex((p) => p.userId === id);
      return i === -1 ? DEFAULT_PROFILE : expect.objectContaining({ displayName: `person ${i}` });
    });
    const cache = new ProfileCache(new MemoryCache(), 60);
    const service = serviceFor(cache);
    database.counter.reset();

    const loaded = await Promise.all(ids.map((id) => service.profileOf(id)));

    expect(database.counter.count).toBe(1);
    expect(loaded).toEqual(expected);
  });

  it('serves a later request from the profiles the first one cached, without SQL', async () => {
    const known = await Promise.all(Array.from({ length: 3 }, (_, i) => registered({ displayName: `cached ${i}` })));
    const ids = known.map((p) => p.userId);
    const cache = new ProfileCache(new MemoryCache(), 60);
    await Promise.all(ids.map((id) => serviceFor(cache).profileOf(id)));
    database.counter.reset();

    const again = await Promise.all(ids.map((id) => serviceFor(cache).profileOf(id)));

    expect(database.counter.statements).toEqual([]);
    expect(again.map((p) => p.displayName)).toEqual(['cached 0', 'cached 1', 'cached 2']);
  });
});
