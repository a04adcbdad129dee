import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError } from '@shutter/runtime';
import { eventually } from '@shutter/testing';
import type { RefreshToken } from '../src/repositories/refresh-token.repository.js';
import type { User } from '../src/repositories/user.repository.js';
import { authService, PASSWORD, openUsersDatabase, type UsersDatabase } from './database.js';

let d: UsersDatabase;
beforeAll(async () => {
  d = await openUsersDatabase();
});
afterAll(async () => {
  await d.close();
});

const HOUR = 3_600_000;
const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** A committed refresh token of `user` (a new family unless given), valid for an hour unless told. */
const addToken = (user: User, fields: { familyId?: string; expiresAt?: Date } = {}): Promise<RefreshToken> =>
  d.refreshTokens.create(null, {
    familyId: fields.familyId ?? randomUUID(),
    userId: user.id,
    tokenHash: sha256(randomBytes(16).toString('hex')),
    expiresAt: fields.expiresAt ?? new Date(Date.now() + HOUR),
  });

const stored = async (token: RefreshToken) => (await d.refreshTokens.findByHash(token.tokenHash))!;

/** How many of `user`'s tokens would still refresh (neither used nor revoked), as committed. */
const liveTokensOf = (user: User) =>
  d.count('refresh_tokens', 'user_id = $1 AND used_at IS NULL AND revoked_at IS NULL', [user.id]);

/** What a rejected call's DomainError code was (fails the test when it did not reject with one). */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => new Error('expected a DomainError, but the call succeeded'),
    (e: unknown) => e,
  );
  if (error instanceof DomainError) return error.code;
  throw error;
}

describe('RefreshTokenRepository against PostgreSQL', () => {
  it('marks a fresh token used exactly once, recording when', async () => {
    const token = await addToken(await d.addUser());
    const now = new Date();

    expect(await d.refreshTokens.transaction((tx) => d.refreshTokens.markUsed(tx, token.id, now))).toBe(true);
    expect(await d.refreshTokens.transaction((tx) => d.refreshTokens.markUsed(tx, token.id, new Date()))).toBe(false);

    expect((await stored(token)).usedAt).toEqual(now);
  });

  it('refuses to mark used a revoked token, or one expiring at or before now, and leaves it unused', async () => {
    const user = await d.addUser();
    const now = new Date();
    const revoked = await addToken(user);
    await d.refreshTokens.revokeFamily(revoked.familyId, now);
    const expiringNow = await addToken(user, { expiresAt: now });
    const expired = await addToken(user, { expiresAt: new Date(now.getTime() - 1) });

    for (const token of [revoked, expiringNow, expired]) {
      expect(await d.refreshTokens.transaction((tx) => d.refreshTokens.markUsed(tx, token.id, now))).toBe(false);
      expect((await stored(token)).usedAt).toBeNull();
    }
  });

  it('lets only the first of two transactions marking one token used succeed: the second waits on the row lock, then gets false', async () => {
    const token = await addToken(await d.addUser());
    let firstMarked!: () => void;
    const marked = new Promise<void>((resolve) => (firstMarked = resolve));
    let releaseFirst!: () => void;
    const released = new Promise<void>((resolve) => (releaseFirst = resolve));

    const first = d.refreshTokens.transaction(async (tx) => {
      const ok = await d.refreshTokens.markUsed(tx, token.id, new Date());
      firstMarked();
      await released;
      return ok;
    });
    await marked;
    const second = d.refreshTokens.transaction((tx) => d.refreshTokens.markUsed(tx, token.id, new Date()));
    const waitingOnLocks = async () =>
      (
        await d.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      ).rows[0]!.n;
    await eventually(
      async () => (await waitingOnLocks()) === 1,
      () => 'the second markUsed to wait on the row lock',
    );
    releaseFirst();

    expect(await first).toBe(true);
    expect(await second).toBe(false);
  });

  it('revokes every live token of a family and nothing else, keeping an earlier revocation time', async () => {
    const user = await d.addUser();
    const familyId = randomUUID();
    const [a, b, earlier] = await Promise.all([
      addToken(user, { familyId }),
      addToken(user, { familyId }),
      addToken(user, { familyId }),
    ]);
    const otherFamily = await addToken(user);
    const before = new Date(Date.now() - HOUR);
    await d.prisma.refreshToken.update({ where: { id: earlier.id }, data: { revokedAt: before } });
    const now = new Date();

    await d.refreshTokens.revokeFamily(familyId, now);

    expect((await stored(a)).revokedAt).toEqual(now);
    expect((await stored(b)).revokedAt).toEqual(now);
    expect((await stored(earlier)).revokedAt).toEqual(before);
    expect((await stored(otherFamily)).revokedAt).toBeNull();
  });

  it("revokes all of a user's tokens only when its transaction commits, and no other user's", async () => {
    const user = await d.addUser();
    const other = await d.addUser();
    await Promise.all([addToken(user), addToken(user), addToken(other)]);

    const rolledBack = d.refreshTokens.transaction(async (tx) => {
      await d.refreshTokens.revokeAllForUser(tx, user.id, new Date());
      throw new Error('password update failed');
    });
    await expect(rolledBack).rejects.toThrow('password update failed');
    expect(await liveTokensOf(user)).toBe(2);

    await d.refreshTokens.transaction((tx) => d.refreshTokens.revokeAllForUser(tx, user.id, new Date()));
    expect(await liveTokensOf(user)).toBe(0);
    expect(await liveTokensOf(other)).toBe(1);
  });

  it('refuses a second token with the same hash, and a token of an account that does not exist', async () => {
    const user = await d.addUser();
    const token = await addToken(user);
    const again = { familyId: randomUUID(), userId: user.id, tokenHash: token.tokenHash, expiresAt: token.expiresAt };

    await expect(d.refreshTokens.create(null, again)).rejects.toMatchObject({ code: 'P2002' });
    await expect(
      d.refreshTokens.create(null, { ...again, tokenHash: sha256(randomUUID()), userId: randomUUID() }),
    ).rejects.toMatchObject({ code: 'P2003' });
    expect(await d.count('refresh_tokens', 'token_hash = $1', [token.tokenHash])).toBe(1);
  });
});

describe('refresh-token rotation through the auth service', () => {
  it('rotates a token into a successor of the same family; presenting the used one again after the grace revokes that family only', async () => {
    const auth = authService(d);
    const username = `rot_${randomUUID().slice(0, 8)}`;
    const registered = await auth.register({ email: `${username}@example.com`, username, password: PASSWORD });
    const otherLogin = await auth.login(username, PASSWORD);

    const rotated = await auth.refresh(registered.refreshToken);

    const first = (await d.refreshTokens.findByHash(sha256(registered.refreshToken)))!;
    const successor = (await d.refreshTokens.findByHash(sha256(rotated.refreshToken)))!;
    const other = (await d.refreshTokens.findByHash(sha256(otherLogin.refreshToken)))!;
    expect(first.usedAt).not.toBeNull();
    expect(successor).toMatchObject({
      familyId: first.familyId,
      userId: registered.user.id,
      usedAt: null,
      revokedAt: null,
    });
    expect(other.familyId).not.toBe(first.familyId);

    await d.pool.query(`UPDATE refresh_tokens SET used_at = used_at - interval '10 seconds' WHERE id = $1`, [first.id]);
    expect(await codeOf(auth.refresh(registered.refreshToken))).toBe('INVALID_REFRESH_TOKEN');

    expect(await d.count('refresh_tokens', 'family_id = $1 AND revoked_at IS NULL', [first.familyId])).toBe(0);
    expect(await codeOf(auth.refresh(rotated.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    expect((await stored(other)).revokedAt).toBeNull();
    expect((await auth.refresh(otherLogin.refreshToken)).user.id).toBe(registered.user.id);
  });
});
