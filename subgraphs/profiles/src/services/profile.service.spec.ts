import { describe, expect, it } from '@jest/globals';
import type { VersionedCache } from '@shutter/cache';
import { DomainError, type Logger, type Viewer } from '@shutter/runtime';
import { recordingTx } from '@shutter/testing/unit';
import { ProfileError } from '../errors.js';
import type { Profile, Tx } from '../repositories/db.js';
import type { ProfileChanges, ProfileRepository } from '../repositories/profile.repository.js';
import { ProfileCache } from './profile-cache.js';
import { DEFAULT_PROFILE, ProfileService } from './profile.service.js';
import { toAvatarError, type AvatarStore } from './posts-client.js';
import type { UsernameChanger } from './users-client.js';

const ADA = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';
const NOBODY = '00000000-0000-4000-8000-0000000000ff';

function row(userId: string, fields: Partial<Profile> = {}): Profile {
  const at = new Date('2024-01-01T00:00:00Z');
  return {
    userId,
    username: `user_${userId.slice(-1)}`,
    displayName: null,
    bio: null,
    avatarUrl: null,
    avatarId: null,
    website: null,
    isPrivate: false,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}

/** Profiles in memory: the repository's contract, without PostgreSQL. */
class FakeProfiles {
  readonly tx = recordingTx();
  readonly rows = new Map<string, Profile>();
  readonly reads: string[][] = [];

  /** The next write fails with this error (as PostgreSQL or a lost connection would). */
  failure: Error | null = null;

  transaction = <R>(work: (tx: Tx) => Promise<R>) => work(this.tx as unknown as Tx);
  findMany = async (ids: readonly string[]) => {
    this.reads.push([...ids]);
    return ids.flatMap((id) => (this.rows.has(id) ? [this.rows.get(id)!] : []));
  };
  lockAvatarId = async (_: Tx, userId: string) => this.rows.get(userId)?.avatarId ?? null;
  update = async (_: Tx, userId: string, username: string, changes: ProfileChanges) => {
    if (this.failure) throw this.failure;
    const current = this.rows.get(userId);
    const updated = current
      ? { ...current, ...changes, version: current.version + 1 }
      : { ...row(userId, { username }), ...changes, version: 2 };
    this.rows.set(userId, updated);
    return updated;
  };
}

/** The versioned cache's contract in memory, counting round trips; `down` makes every call fail. */
class FakeCache implements VersionedCache {
  readonly kind = 'memory' as const;
  readonly entries = new Map<string, { version: number; value: unknown }>();
  readonly calls: string[] = [];
  down = false;

  async getMany<T>(keys: readonly string[]) {
    this.use('getMany');
    return keys.map((key) => (this.entries.get(key)?.value ?? null) as T | null);
  }
  async offerMany<T>(entries: readonly { key: string; version: number; value: T }[]) {
    this.use('offerMany');
    for (const { key, version, value } of entries) {
      if ((this.entries.get(key)?.version ?? 0) < version) this.entries.set(key, { version, value });
    }
  }
  async delete(keys: readonly string[]) {
    for (const key of keys) this.entries.delete(key);
  }
  async ping() {}
  async close() {}

  private use(call: string) {
    this.calls.push(call);
    if (this.down) throw new Error('Redis cache unavailable: not connected');
  }
}

/** The users subgraph: records username changes, or refuses them with the error given. */
class FakeUsers implements UsernameChanger {
  readonly calls: { identityToken: string; username: string }[] = [];
  username = 'user_a';
  refusal: Error | null = null;
  /** Refuses every change after the first (the undo of a failed update). */
  refuseUndo: Error | null = null;

  async currentUsername() {
    return this.username;
  }

  async changeUsername(identityToken: string, username: string) {
    this.calls.push({ identityToken, username });
    if (this.refusal) throw this.refusal;
    if (this.refuseUndo && this.calls.length > 1) throw this.refuseUndo;
    this.username = username.toLowerCase();
    return this.username;
  }
}

/** The posts subgraph's avatar calls: claims uploads named `good-…`, refuses others with `refusal`. */
class FakeAvatars implements AvatarStore {
  readonly claimed: string[] = [];
  readonly released: string[] = [];
  refusal: Error | null = null;

  async claim(identityToken: string, uploadId: string) {
    expect(identityToken).toBe('signed-identity');
    if (this.refusal) throw this.refusal;
    this.claimed.push(uploadId);
    return { id: `avatar-of-${uploadId}`, url: `https://posts.test/media/avatar/avatar-of-${uploadId}` };
  }
  async release(_identityToken: string, avatarId: string) {
    this.released.push(avatarId);
  }
}

function setup(viewer: Partial<Viewer> = { userId: ADA, role: 'USER' }) {
  const profiles = new FakeProfiles();
  const cache = new FakeCache();
  const users = new FakeUsers();
  const avatars = new FakeAvatars();
  const warnings: string[] = [];
  const errors: string[] = [];
  const logger = {
    warn: (_: unknown, message: string) => warnings.push(message),
    error: (_: unknown, message: string) => errors.push(message),
  } as unknown as Logger;
  const request = (who: Partial<Viewer> = viewer) =>
    new ProfileService(
      profiles as unknown as ProfileRepository,
      new ProfileCache(cache, 60),
      users,
      avatars,
      { userId: null, role: null, requestId: 'spec', ...who },
      () => 'signed-identity',
      logger,
    );
  return { profiles, cache, users, avatars, warnings, errors, service: request(), request };
}

/** Expects the promise to fail with a DomainError (the error a client sees is made from it) like `expected`. */
const refused = (promise: Promise<unknown>, expected: { code: string; field?: string; message?: unknown }) =>
  expect(promise).rejects.toMatchObject({ name: 'DomainError', ...expected });

describe(ProfileService.name, () => {
  describe('update', () => {
    it('refuses an anonymous edit with SIGN_IN_REQUIRED, asking no one and writing nothing', async () => {
      const { service, profiles, users } = setup({});
      await refused(service.update({ bio: 'hi', username: 'anon' }), { code: 'SIGN_IN_REQUIRED' });
      expect([profiles.rows.size, profiles.tx.events, users.calls]).toEqual([0, [], []]);
    });

    it.each([
      [{ bio: 'x'.repeat(151) }, 'input.bio', 'input.bio: must be at most 150 characters'],
      [{ displayName: 'y'.repeat(65) }, 'input.displayName', 'input.displayName: must be at most 64 characters'],
      [{ website: 'javascript:alert(1)' }, 'input.website', 'input.website: must be an http(s) URL'],
      [{ isPrivate: 'yes' }, 'input.isPrivate', expect.stringMatching(/^input\.isPrivate: /)],
    ])('refuses %j as INVALID_INPUT on its field, before any username change', async (input, field, message) => {
      const { service, profiles, users } = setup();
      await refused(service.update({ username: 'new_name', ...input }), { code: 'INVALID_INPUT', field, message });
      expect([profiles.rows.size, profiles.tx.events, users.calls]).toEqual([0, [], []]);
    });

    it('makes the upload an avatar through posts, as the caller, and announces its URL; the old one is released', async () => {
      const { service, profiles, avatars } = setup();
      profiles.rows.set(ADA, row(ADA, { avatarId: 'old-avatar', avatarUrl: 'https://posts.test/media/avatar/old' }));
      await service.update({ avatarUploadId: 'good-1', bio: 'new' });
      expect(profiles.rows.get(ADA)).toMatchObject({
        bio: 'new',
        avatarId: 'avatar-of-good-1',
        avatarUrl: 'https://posts.test/media/avatar/avatar-of-good-1',
      });
      expect(profiles.tx.events).toMatchObject([
        { type: 'ProfileUpdated', payload: { avatarUrl: 'https://posts.test/media/avatar/avatar-of-good-1' } },
      ]);
      expect([avatars.claimed, avatars.released]).toEqual([['good-1'], ['old-avatar']]);
    });

    it('removes the avatar for avatarUploadId null, releasing it, and leaves it alone when omitted', async () => {
      const { service, profiles, avatars } = setup();
      profiles.rows.set(ADA, row(ADA, { avatarId: 'old-avatar', avatarUrl: 'https://posts.test/media/avatar/old' }));
      await service.update({ bio: 'keeps the avatar' });
      expect(profiles.rows.get(ADA)!.avatarId).toBe('old-avatar');
      await service.update({ avatarUploadId: null });
      expect(profiles.rows.get(ADA)).toMatchObject({ avatarId: null, avatarUrl: null });
      expect([avatars.claimed, avatars.released]).toEqual([[], ['old-avatar']]);
    });

    it('writes nothing, and changes the username back, when posts refuses the upload', async () => {
      const { service, profiles, users, avatars } = setup();
      avatars.refusal = toAvatarError({
        message: 'uploadId: upload u1 is not a supported image',
        extensions: { code: 'BAD_USER_INPUT', reason: 'UNSUPPORTED_MEDIA', field: 'uploadId' },
      });
      await refused(service.update({ username: 'new_name', avatarUploadId: 'u1', bio: 'x' }), {
        code: 'UNSUPPORTED_MEDIA',
        field: 'input.avatarUploadId',
        message: 'input.avatarUploadId: upload u1 is not a supported image',
      });
      expect([profiles.rows.size, profiles.tx.events]).toEqual([0, []]);
      expect(users.calls.map((c) => c.username)).toEqual(['new_name', 'user_a']);
    });

    it('releases the new avatar again when the profile write fails after it', async () => {
      const { service, profiles, avatars } = setup();
      profiles.rows.set(ADA, row(ADA, { avatarId: 'old-avatar' }));
      profiles.failure = new Error('connection lost');
      await expect(service.update({ avatarUploadId: 'good-2' })).rejects.toThrow('connection lost');
      expect(profiles.rows.get(ADA)!.avatarId).toBe('old-avatar');
      expect(avatars.released).toEqual(['avatar-of-good-2']);
    });

    it('saves the fields, bumps the version and announces the whole new profile', async () => {
      const { service, profiles } = setup();
      profiles.rows.set(ADA, row(ADA, { bio: 'old', isPrivate: false }));
      await service.update({
        displayName: '  Ada L.  ',
        bio: null,
        website: 'https://ada.example.com',
        isPrivate: true,
      });
      expect(profiles.rows.get(ADA)).toMatchObject({
        displayName: 'Ada L.',
        bio: null,
        website: 'https://ada.example.com',
        isPrivate: true,
        version: 2,
      });
      expect(profiles.tx.events).toEqual([
        {
          type: 'ProfileUpdated',
          aggregateId: ADA,
          payload: {
            userId: ADA,
            username: 'user_a',
            displayName: 'Ada L.',
            bio: null,
            avatarUrl: null,
            website: 'https://ada.example.com',
            isPrivate: true,
            version: 2,
          },
        },
      ]);
    });

    it('clears a field given as an empty string and leaves omitted ones as they were', async () => {
      const { service, profiles } = setup();
      profiles.rows.set(ADA, row(ADA, { displayName: 'Ada', website: 'https://a.example.com' }));
      await service.update({ website: '   ' });
      expect(profiles.rows.get(ADA)).toMatchObject({ displayName: 'Ada', website: null });
    });

    it('writes nothing and announces nothing for an empty edit', async () => {
      const { service, profiles, cache } = setup();
      profiles.rows.set(ADA, row(ADA));
      expect(await service.update({})).toEqual({ id: ADA });
      expect([profiles.rows.get(ADA)!.version, profiles.tx.events, cache.calls]).toEqual([1, [], []]);
    });

    it('offers the new version to the shared cache, so other replicas read it', async () => {
      const { service, profiles, cache, request } = setup();
      profiles.rows.set(ADA, row(ADA, { bio: 'old' }));
      await request({}).profileOf(ADA); // cached at version 1
      await service.update({ bio: 'new' });
      expect(cache.entries.get(`profile:${ADA}`)).toMatchObject({ version: 2, value: { bio: 'new' } });
      const reads = profiles.reads.length;
      expect((await request({}).profileOf(ADA)).bio).toBe('new');
      expect(profiles.reads.length).toBe(reads);
    });

    it('reads its own edit in the same request without another lookup', async () => {
      const { service, profiles, cache } = setup();
      profiles.rows.set(ADA, row(ADA, { bio: 'old' }));
      expect((await service.profileOf(ADA)).bio).toBe('old');
      cache.down = true; // the edit's offer fails; the request still sees its own write
      await service.update({ bio: 'new' });
      expect((await service.profileOf(ADA)).bio).toBe('new');
    });

    it('still saves an edit while the cache is down, and logs it', async () => {
      const { service, profiles, cache, warnings } = setup();
      profiles.rows.set(ADA, row(ADA));
      cache.down = true;
      await service.update({ bio: 'saved anyway' });
      expect(profiles.rows.get(ADA)!.bio).toBe('saved anyway');
      expect(warnings).toEqual(['profile cache update failed']);
    });

    it('creates the profile of a user whose registration has not arrived yet, with the username left for that event', async () => {
      const { service, profiles } = setup();
      await service.update({ bio: 'early' });
      expect(profiles.rows.get(ADA)).toMatchObject({ username: '', bio: 'early', version: 2 });
    });

    it('changes the username through the users subgraph first, as the caller, and stores its form of it', async () => {
      const { service, profiles, users } = setup();
      profiles.rows.set(ADA, row(ADA));
      await service.update({ username: 'Ada_Lovelace', bio: 'renamed' });
      expect(users.calls).toEqual([{ identityToken: 'signed-identity', username: 'Ada_Lovelace' }]);
      expect(profiles.rows.get(ADA)).toMatchObject({ username: 'ada_lovelace', bio: 'renamed', version: 2 });
      expect(profiles.tx.events).toEqual([
        expect.objectContaining({ payload: expect.objectContaining({ username: 'ada_lovelace', bio: 'renamed' }) }),
      ]);
    });

    it('changes nothing here when the users subgraph refuses the username', async () => {
      const { service, profiles, users, cache } = setup();
      profiles.rows.set(ADA, row(ADA, { bio: 'before' }));
      users.refusal = new DomainError(ProfileError.USERNAME_TAKEN, 'This username is taken.', 'input.username');
      await refused(service.update({ username: 'bob', bio: 'should not stick' }), {
        code: 'USERNAME_TAKEN',
        field: 'input.username',
        message: 'This username is taken.',
      });
      expect(profiles.rows.get(ADA)).toMatchObject({ bio: 'before', version: 1 });
      expect([profiles.tx.events, cache.calls]).toEqual([[], []]);
    });
  });

  describe('update when the profile write fails after the username changed', () => {
    const prismaRefusal = () =>
      Object.assign(new Error('Invalid `prisma.profile.upsert()` invocation'), {
        code: 'P2039',
        meta: { driverAdapterError: { cause: { originalCode: '22021' } } },
      });

    it('changes the username back, as the caller, and answers PROFILE_NOT_SAVED', async () => {
      const { service, profiles, users, cache, errors } = setup();
      profiles.rows.set(ADA, row(ADA, { bio: 'before' }));
      profiles.failure = new Error('connection terminated unexpectedly');
      await refused(service.update({ username: 'Ada_New', bio: 'after' }), {
        code: 'PROFILE_NOT_SAVED',
        message: expect.stringMatching(/nothing was changed/),
      });
      expect(users.calls).toEqual([
        { identityToken: 'signed-identity', username: 'Ada_New' },
        { identityToken: 'signed-identity', username: 'user_a' },
      ]);
      expect(users.username).toBe('user_a');
      expect(profiles.rows.get(ADA)).toMatchObject({ bio: 'before', version: 1 });
      expect([profiles.tx.events, cache.calls]).toEqual([[], []]);
      expect(errors).toEqual(['profile write failed after a username change; undone']);
    });

    it("answers the database's refusal of a value as that refusal (bad input), after changing the username back", async () => {
      const { service, profiles, users } = setup();
      profiles.rows.set(ADA, row(ADA));
      const refusal = prismaRefusal();
      profiles.failure = refusal;
      await expect(service.update({ username: 'Ada_New', displayName: 'fine here' })).rejects.toBe(refusal);
      expect(users.username).toBe('user_a');
    });

    it('answers PROFILE_PARTLY_SAVED, naming the new username, when changing it back fails too', async () => {
      const { service, profiles, users, errors } = setup();
      profiles.rows.set(ADA, row(ADA));
      profiles.failure = new Error('connection terminated unexpectedly');
      users.refuseUndo = new Error('users subgraph unavailable');
      await refused(service.update({ username: 'Ada_New', bio: 'after' }), {
        code: 'PROFILE_PARTLY_SAVED',
        message: expect.stringContaining('"ada_new"'),
      });
      expect(errors).toEqual([
        'profile write failed after a username change, and changing the username back failed too',
      ]);
    });

    it('asks for the current username before changing it, and nothing else when the change is refused', async () => {
      const { service, profiles, users } = setup();
      profiles.rows.set(ADA, row(ADA));
      profiles.failure = new Error('never reached');
      users.refusal = new DomainError(ProfileError.USERNAME_TAKEN, 'This username is taken.', 'input.username');
      await refused(service.update({ username: 'bob', bio: 'x' }), { code: 'USERNAME_TAKEN' });
      expect(users.calls).toEqual([{ identityToken: 'signed-identity', username: 'bob' }]);
    });
  });

  describe('profileOf', () => {
    it('answers many users with one cache round trip and one query for the misses, then caches them', async () => {
      const { profiles, cache, request } = setup();
      profiles.rows.set(ADA, row(ADA, { displayName: 'Ada' }));
      profiles.rows.set(BOB, row(BOB, { displayName: 'Bob', version: 3 }));
      await new ProfileCache(cache, 60).offer([profiles.rows.get(ADA)!]);
      cache.calls.length = 0;

      const service = request({});
      const [ada, bob, nobody] = await Promise.all([ADA, BOB, NOBODY].map((id) => service.profileOf(id)));
      expect([ada?.displayName, bob?.displayName, nobody]).toEqual(['Ada', 'Bob', DEFAULT_PROFILE]);
      expect(cache.calls).toEqual(['getMany', 'offerMany']);
      expect(profiles.reads).toEqual([[BOB, NOBODY]]);
      expect(cache.entries.get(`profile:${BOB}`)?.version).toBe(3);

      // The next request finds both in the cache.
      await Promise.all([ADA, BOB].map((id) => request({}).profileOf(id)));
      expect(profiles.reads).toHaveLength(1);
    });

    it('gives the default profile for an id that is no UUID, without looking it up', async () => {
      const { service, profiles, cache } = setup();
      expect(await service.profileOf('not-an-id')).toEqual(DEFAULT_PROFILE);
      expect([profiles.reads, cache.calls]).toEqual([[], []]);
    });

    it('reads the database while the cache is down, and logs it', async () => {
      const { service, profiles, cache, warnings } = setup();
      profiles.rows.set(ADA, row(ADA, { bio: 'from the database' }));
      cache.down = true;
      expect((await service.profileOf(ADA)).bio).toBe('from the database');
      expect(warnings).toEqual(['profile cache unavailable; reading the database', 'profile cache update failed']);
    });
  });
});
