import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError, type Viewer } from '@shutter/runtime';
import type { User } from '../src/repositories/user.repository.js';
import { argon2Hasher } from '../src/services/password.js';
import { authService, openUsersDatabase, PASSWORD, type UsersDatabase } from './database.js';

let d: UsersDatabase;
beforeAll(async () => {
  d = await openUsersDatabase();
});
afterAll(async () => {
  await d.close();
});

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
let sequence = 0;
const freshName = () => `priv_${process.pid.toString(36)}_${++sequence}`;

/** Registers an account through the auth service; returns its first session. */
async function register(auth = authService(d), password = PASSWORD) {
  const username = freshName();
  return auth.register({ email: `${username}@example.com`, username, password });
}

/** The user service of one request by `viewer` whose token claims `claimedRole`. */
const serviceFor = (viewer: User, claimedRole: Viewer['role'] = viewer.role) =>
  d.userService({ userId: viewer.id, role: claimedRole });

/** What a rejected call's DomainError code was (fails the test when it did not reject with one). */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => new Error('expected a DomainError, but the call succeeded'),
    (e: unknown) => e,
  );
  if (error instanceof DomainError) return error.code;
  throw error;
}

const liveTokensOfFamily = async (refreshToken: string) => {
  const { rows } = await d.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM refresh_tokens
      WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)
        AND used_at IS NULL AND revoked_at IS NULL`,
    [sha256(refreshToken)],
  );
  return rows[0]!.n;
};

describe('concurrent refreshes against PostgreSQL', () => {
  it('gives every one of five simultaneous refreshes with one token the same successor, leaving one live token', async () => {
    const auth = authService(d);
    const session = await register(auth);

    const results = await Promise.all(Array.from({ length: 5 }, () => auth.refresh(session.refreshToken)));

    expect(new Set(results.map((r) => r.refreshToken)).size).toBe(1);
    expect(results.every((r) => r.user.id === session.user.id)).toBe(true);
    expect(await liveTokensOfFamily(session.refreshToken)).toBe(1);
    // The successor works, once, like any refresh token.
    expect((await auth.refresh(results[0]!.refreshToken)).user.id).toBe(session.user.id);
  });

  it('revokes the family when the used token comes back after the grace, the successor with it', async () => {
    const auth = authService(d);
    const session = await register(auth);
    const successor = await auth.refresh(session.refreshToken);
    await d.pool.query(`UPDATE refresh_tokens SET used_at = used_at - interval '10 seconds' WHERE token_hash = $1`, [
      sha256(session.refreshToken),
    ]);

    expect(await codeOf(auth.refresh(session.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    expect(await liveTokensOfFamily(session.refreshToken)).toBe(0);
    expect(await codeOf(auth.refresh(successor.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
  });

  it('with a grace of 0, lets at most one of two simultaneous refreshes succeed and revokes the family', async () => {
    const auth = authService(d, undefined, { refreshReuseGraceSeconds: 0 });
    const session = await register(auth);

    const results = await Promise.allSettled([auth.refresh(session.refreshToken), auth.refresh(session.refreshToken)]);

    expect(results.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(1);
    expect(await liveTokensOfFamily(session.refreshToken)).toBe(0);
  });
});

describe('the viewer’s current role', () => {
  it('refuses setUserRole to an admin demoted after their token was issued, and hides emails from them', async () => {
    const root = await d.addUser({ role: 'ADMIN' });
    const ada = await d.addUser();
    await d.prisma.user.update({ where: { id: root.id }, data: { role: 'USER' } });

    const stale = serviceFor(root, 'ADMIN');
    expect(await codeOf(stale.setRole(ada.id, 'ADMIN'))).toBe('ADMIN_REQUIRED');
    expect(await stale.emailVisibleTo(ada)).toBeNull();
    expect(await d.count('users', `id = $1 AND role = 'USER'`, [ada.id])).toBe(1);
  });

  it('reads the viewer’s role in the same single statement as the accounts the request shows', async () => {
    const root = await d.addUser({ role: 'ADMIN' });
    const accounts = await Promise.all(Array.from({ length: 6 }, () => d.addUser()));
    const service = serviceFor(root, 'USER');
    d.counter.reset();

    const emails = await Promise.all(
      accounts.map(async (account) => service.emailVisibleTo((await service.getById(account.id))!)),
    );

    expect(emails).toEqual(accounts.map((a) => a.email));
    expect(d.counter.statements).toHaveLength(1);
  });

  it('signs the account out everywhere when its role changes, in the transaction of the change', async () => {
    const root = await d.addUser({ role: 'ADMIN' });
    const auth = authService(d);
    const ada = await register(auth);
    const otherDevice = await auth.login(ada.user.username, PASSWORD);
    const bystander = await register(auth);

    await serviceFor(root).setRole(ada.user.id, 'MODERATOR');

    expect(await d.count('refresh_tokens', 'user_id = $1 AND revoked_at IS NULL', [ada.user.id])).toBe(0);
    expect(await codeOf(auth.refresh(otherDevice.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    expect(await d.count('refresh_tokens', 'user_id = $1 AND revoked_at IS NULL', [bystander.user.id])).toBe(1);
    // Signing in again gives a token with the new role.
    expect((await auth.login(ada.user.username, PASSWORD)).user.role).toBe('MODERATOR');
  });
});

describe('ids and passwords', () => {
  it('finds an account by its id in upper case', async () => {
    const ada = await d.addUser();
    const service = serviceFor(ada);
    expect((await service.lookup({ id: ada.id.toUpperCase() }))?.id).toBe(ada.id);
  });

  it('signs in with a password typed composed when it was registered decomposed, with argon2', async () => {
    const auth = authService(d, argon2Hasher);
    const composed = 'Zoë’s crème brûlée recipe';
    const session = await register(auth, composed.normalize('NFD'));

    expect((await auth.login(session.user.username, composed)).user.id).toBe(session.user.id);
    expect((await auth.login(session.user.username, composed.normalize('NFD'))).user.id).toBe(session.user.id);
  });
});
