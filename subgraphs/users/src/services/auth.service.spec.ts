import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  createLogger,
  generateSigningKeyPair,
  parsePrivateJwk,
  parsePublicJwks,
  verifyAccessToken,
  type Viewer,
} from '@shutter/runtime';
import { domainError, FakeHasher, FakeRefreshTokens, FakeUsers } from '../../test/fakes.js';
import { AuthService } from './auth.service.js';

const keys = generateSigningKeyPair('spec');
const publicKeys = parsePublicJwks(keys.publicJwks);
const settings = {
  signingKey: parsePrivateJwk(keys.privateJwk),
  accessTokenTtlSeconds: 900,
  refreshTokenTtlSeconds: 3_600,
  refreshReuseGraceSeconds: 10,
};
const PASSWORD = 'a fine long passphrase';
const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

function setup({ graceSeconds = settings.refreshReuseGraceSeconds } = {}) {
  const users = new FakeUsers();
  const tokens = new FakeRefreshTokens();
  const hasher = new FakeHasher();
  const auth = new AuthService(
    users,
    tokens,
    hasher,
    { ...settings, refreshReuseGraceSeconds: graceSeconds },
    createLogger({ service: 'spec', level: 'silent' }),
  );
  const ada = users.add({ username: 'ada', email: 'ada@example.com', passwordHash: `hashed:${PASSWORD}` });
  return { users, tokens, hasher, auth, ada };
}

/** Moves the use of the stored token `token` back in time by `ms`. */
const usedEarlier = (tokens: FakeRefreshTokens, token: string, ms: number) => {
  const row = tokens.rows.find((t) => t.tokenHash === sha256(token))!;
  row.usedAt = new Date(row.usedAt!.getTime() - ms);
};

const viewerOf = (userId: string | null): Viewer => ({ userId, role: userId ? 'USER' : null, requestId: 'spec' });

describe(AuthService.name, () => {
  describe('register', () => {
    it('should create the account with a hashed password, announce it and sign it in', async () => {
      const { users, tokens, auth } = setup();
      const payload = await auth.register({ email: 'Bob@Example.com', username: 'Bob_1', password: PASSWORD });

      expect(payload.user).toMatchObject({ email: 'bob@example.com', username: 'bob_1', role: 'USER' });
      expect(users.rows.get(payload.user.id)!.passwordHash).toBe(`hashed:${PASSWORD}`);
      expect(verifyAccessToken(payload.accessToken, publicKeys)).toEqual({ userId: payload.user.id, role: 'USER' });
      // Only the token's hash is stored.
      expect(tokens.rows.map((t) => t.tokenHash)).toEqual([sha256(payload.refreshToken)]);
      expect(users.tx.events).toEqual([
        {
          type: 'UserRegistered',
          aggregateId: payload.user.id,
          payload: expect.objectContaining({ userId: payload.user.id, username: 'bob_1', role: 'USER' }),
        },
      ]);
    });

    it.each(
      ['admin', 'Administrator', 'root', 'support', 'shutter', 'moderator', 'system', 'api', 'www', 'help'].concat([
        'security',
        'null',
        'undefined',
        'sup.port',
        '_admin_',
        '...',
        '___',
        '._.',
        '.ada',
        'ada.',
        'a..da',
      ]),
    )(
      'should refuse to register the username %j as INVALID_INPUT on input.username, creating nothing',
      async (username) => {
        const { users, tokens, auth } = setup();
        const refused = await domainError(auth.register({ email: 'new@example.com', username, password: PASSWORD }));
        expect(refused).toMatchObject({ code: 'INVALID_INPUT', field: 'input.username' });
        expect(users.rows.size).toBe(1);
        expect(tokens.rows).toEqual([]);
      },
    );

    it('should register a password typed decomposed as its composed (NFC) form', async () => {
      const { users, auth } = setup();
      const decomposed = 'cafe\u0301 au lait, s\u030Cil vous plai\u0302t';
      const payload = await auth.register({ email: 'nfc@example.com', username: 'nfc_user', password: decomposed });
      expect(users.rows.get(payload.user.id)!.passwordHash).toBe(`hashed:${decomposed.normalize('NFC')}`);
    });

    it('should refuse a taken email or username with the reason and the input field', async () => {
      const { auth } = setup();
      expect(
        await domainError(auth.register({ email: 'ADA@example.com', username: 'other', password: PASSWORD })),
      ).toEqual({
        code: 'EMAIL_TAKEN',
        field: 'input.email',
        message: 'An account with this email already exists.',
      });
      expect(
        await domainError(auth.register({ email: 'new@example.com', username: 'Ada', password: PASSWORD })),
      ).toEqual({
        code: 'USERNAME_TAKEN',
        field: 'input.username',
        message: 'This username is taken.',
      });
    });

    it('should name the field another registration took first when the unique index decides a race', async () => {
      const { users, tokens, auth } = setup();
      users.beforeNextWrite = () => users.add({ username: 'someone', email: 'race@example.com' });
      expect(
        await domainError(auth.register({ email: 'race@example.com', username: 'racer', password: PASSWORD })),
      ).toMatchObject({ code: 'EMAIL_TAKEN', field: 'input.email' });

      users.beforeNextWrite = () => users.add({ username: 'racer' });
      expect(
        await domainError(auth.register({ email: 'racer@example.org', username: 'racer', password: PASSWORD })),
      ).toMatchObject({ code: 'USERNAME_TAKEN', field: 'input.username' });
      expect(tokens.rows).toEqual([]);
      expect(users.tx.events).toEqual([]);
    });

    it.each([
      ['input.password', { password: 'short' }],
      ['input.email', { email: 'not-an-email' }],
      ['input.username', { username: 'no spaces' }],
      ['input.password', { username: 'grace', password: 'my-grace-secret' }],
    ])('should refuse bad input with INVALID_INPUT on %s and write nothing', async (field, override) => {
      const { users, auth } = setup();
      const input = { email: 'grace@example.com', username: 'grace', password: PASSWORD, ...override };
      expect(await domainError(auth.register(input))).toMatchObject({ code: 'INVALID_INPUT', field });
      expect(users.rows.size).toBe(1);
      expect(users.tx.events).toEqual([]);
    });
  });

  describe('login', () => {
    it('should sign in by username or email, case-insensitively', async () => {
      const { auth, ada } = setup();
      for (const id of ['ADA', ' ada@EXAMPLE.com ']) {
        const payload = await auth.login(id, PASSWORD);
        expect(payload.user.id).toBe(ada.id);
        expect(verifyAccessToken(payload.accessToken, publicKeys)?.userId).toBe(ada.id);
      }
    });

    it('should answer an unknown account exactly like a wrong password, after a dummy hash check', async () => {
      const { auth, hasher } = setup();
      const wrongPassword = await domainError(auth.login('ada', 'not the password'));
      expect(hasher.checks).toEqual(['verify']);
      const unknown = await domainError(auth.login('nobody', 'not the password'));
      // The unknown account still costs one hash check, so timing does not tell the two apart.
      expect(hasher.checks).toEqual(['verify', 'burn']);
      expect(unknown).toEqual(wrongPassword);
      expect(unknown).toEqual({
        code: 'INVALID_CREDENTIALS',
        field: undefined,
        message: 'Incorrect username, email or password.',
      });
    });

    it('should refuse an over-long password as bad credentials without hashing it', async () => {
      const { auth, hasher } = setup();
      expect((await domainError(auth.login('ada', 'x'.repeat(129)))).code).toBe('INVALID_CREDENTIALS');
      expect(hasher.checks).toEqual([]);
    });

    it('should refuse an empty identifier as input on usernameOrEmail', async () => {
      const { auth } = setup();
      expect(await domainError(auth.login('  ', PASSWORD))).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'usernameOrEmail',
      });
    });
  });

  describe('refresh', () => {
    it('should exchange a refresh token once for a new pair in the same family', async () => {
      const { tokens, auth, ada } = setup();
      const first = await auth.login('ada', PASSWORD);
      const second = await auth.refresh(first.refreshToken);
      expect(second.user.id).toBe(ada.id);
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(new Set(tokens.rows.map((t) => t.familyId)).size).toBe(1);
      expect(tokens.live(ada.id).map((t) => t.tokenHash)).toEqual([sha256(second.refreshToken)]);
    });

    it('should revoke the whole family when a used token is presented again after the grace', async () => {
      const { tokens, auth, ada } = setup();
      const other = await auth.login('ada', PASSWORD);
      const first = await auth.login('ada', PASSWORD);
      const successor = await auth.refresh(first.refreshToken);
      usedEarlier(tokens, first.refreshToken, 10_000);

      expect(await domainError(auth.refresh(first.refreshToken))).toEqual({
        code: 'INVALID_REFRESH_TOKEN',
        field: undefined,
        message: 'This refresh token is invalid, expired or already used. Sign in again.',
      });
      expect((await domainError(auth.refresh(successor.refreshToken))).code).toBe('INVALID_REFRESH_TOKEN');
      // Another login of the same account is another family: it lives on.
      expect(tokens.live(ada.id).map((t) => t.tokenHash)).toEqual([sha256(other.refreshToken)]);
    });

    it('should give a second refresh with the same token within the grace the same successor, revoking nothing', async () => {
      const { tokens, auth, ada } = setup();
      const first = await auth.login('ada', PASSWORD);
      const once = await auth.refresh(first.refreshToken);
      usedEarlier(tokens, first.refreshToken, 9_000);
      const again = await auth.refresh(first.refreshToken);

      expect(again.refreshToken).toBe(once.refreshToken);
      expect(again.refreshTokenExpiresAt).toEqual(once.refreshTokenExpiresAt);
      expect(verifyAccessToken(again.accessToken, publicKeys)).toEqual({ userId: ada.id, role: 'USER' });
      expect(tokens.live(ada.id).map((t) => t.tokenHash)).toEqual([sha256(once.refreshToken)]);
      expect(tokens.rows.filter((t) => t.revokedAt)).toEqual([]);
    });

    it('should give the loser of a race for one token the winner’s successor', async () => {
      const { tokens, auth, ada } = setup();
      const first = await auth.login('ada', PASSWORD);
      let winner: Promise<{ refreshToken: string }> | undefined;
      // The other request refreshes (and commits) between this one's read and its attempt to mark the token used.
      tokens.beforeMarkUsed = () => (winner = auth.refresh(first.refreshToken));
      const loser = await auth.refresh(first.refreshToken);

      expect(loser.refreshToken).toBe((await winner!).refreshToken);
      expect(tokens.live(ada.id).map((t) => t.tokenHash)).toEqual([sha256(loser.refreshToken)]);
    });

    it('should treat a second use as reuse when the grace is 0, racing or not', async () => {
      const { tokens, auth, ada } = setup({ graceSeconds: 0 });
      const first = await auth.login('ada', PASSWORD);
      tokens.beforeMarkUsed = () => auth.refresh(first.refreshToken).catch(() => undefined);
      expect((await domainError(auth.refresh(first.refreshToken))).code).toBe('INVALID_REFRESH_TOKEN');
      expect(tokens.live(ada.id)).toEqual([]);

      const second = await auth.login('ada', PASSWORD);
      await auth.refresh(second.refreshToken);
      expect((await domainError(auth.refresh(second.refreshToken))).code).toBe('INVALID_REFRESH_TOKEN');
      expect(tokens.live(ada.id)).toEqual([]);
    });

    it('should hand out no successor within the grace once it was used, or its family signed out', async () => {
      const { tokens, auth, ada } = setup();
      const first = await auth.login('ada', PASSWORD);
      const successor = await auth.refresh(first.refreshToken);
      await auth.refresh(successor.refreshToken);
      // The successor already moved on: the old token is a copy, and the family ends.
      expect((await domainError(auth.refresh(first.refreshToken))).code).toBe('INVALID_REFRESH_TOKEN');
      expect(tokens.live(ada.id)).toEqual([]);

      const second = await auth.login('ada', PASSWORD);
      await auth.refresh(second.refreshToken);
      await auth.logout(second.refreshToken);
      expect((await domainError(auth.refresh(second.refreshToken))).code).toBe('INVALID_REFRESH_TOKEN');
      expect(tokens.live(ada.id)).toEqual([]);
    });

    it('should refuse an unknown or expired token without revoking anything', async () => {
      const { tokens, auth } = setup();
      const session = await auth.login('ada', PASSWORD);
      expect((await domainError(auth.refresh('made-up'))).code).toBe('INVALID_REFRESH_TOKEN');
      tokens.rows[0]!.expiresAt = new Date(Date.now() - 1_000);
      expect((await domainError(auth.refresh(session.refreshToken))).code).toBe('INVALID_REFRESH_TOKEN');
      expect(tokens.rows[0]!.revokedAt).toBeNull();
    });

    it('should end the session on logout and answer true for any token', async () => {
      const { tokens, auth, ada } = setup();
      const session = await auth.login('ada', PASSWORD);
      expect(await auth.logout(session.refreshToken)).toBe(true);
      expect(tokens.live(ada.id)).toEqual([]);
      expect(await auth.logout('made-up')).toBe(true);
    });
  });

  describe('changePassword', () => {
    it('should require a signed-in viewer', async () => {
      const { auth } = setup();
      expect(await domainError(auth.changePassword(viewerOf(null), PASSWORD, 'another passphrase'))).toEqual({
        code: 'SIGN_IN_REQUIRED',
        field: undefined,
        message: 'You must be signed in to do that.',
      });
    });

    it('should change the password and sign out every session', async () => {
      const { users, tokens, auth, ada } = setup();
      await auth.login('ada', PASSWORD);
      await auth.login('ada', PASSWORD);
      expect(await auth.changePassword(viewerOf(ada.id), PASSWORD, 'another passphrase')).toBe(true);
      expect(users.rows.get(ada.id)!.passwordHash).toBe('hashed:another passphrase');
      expect(tokens.live(ada.id)).toEqual([]);
    });

    it.each([
      [
        'a wrong current password',
        'not my password',
        'another passphrase',
        'WRONG_CURRENT_PASSWORD',
        'currentPassword',
      ],
      ['a weak new password', PASSWORD, 'short', 'INVALID_INPUT', 'newPassword'],
      ['the same password', PASSWORD, PASSWORD, 'INVALID_INPUT', 'newPassword'],

      ['a password containing the username', PASSWORD, 'all about ADA here', 'INVALID_INPUT', 'newPassword'],
    ])('should refuse %s and change nothing', async (_case, current, next, code, field) => {
      const { users, tokens, auth, ada } = setup();
      await auth.login('ada', PASSWORD);
      expect(await domainError(auth.changePassword(viewerOf(ada.id), current, next))).toMatchObject({ code, field });
      expect(users.rows.get(ada.id)!.passwordHash).toBe(`hashed:${PASSWORD}`);
      expect(tokens.live(ada.id)).toHaveLength(1);
    });

    it('should refuse as the same password the current one typed in another Unicode form', async () => {
      const { users, auth } = setup();
      const decomposed = 'a fine long passphrase, ole\u0301';
      const bob = users.add({ username: 'bob', passwordHash: `hashed:${decomposed}` });
      const refused = await domainError(auth.changePassword(viewerOf(bob.id), decomposed, decomposed.normalize('NFC')));
      expect(refused).toEqual({
        code: 'INVALID_INPUT',
        field: 'newPassword',
        message: 'newPassword: must differ from the current password',
      });
    });
  });

  describe('bootstrapAdmin', () => {
    const admin = { email: 'Root@Example.com', username: 'root', password: 'bootstrap passphrase' };

    it('should create the admin account once and announce it', async () => {
      const { users, auth } = setup();
      const created = await auth.bootstrapAdmin(admin);
      expect(created).toMatchObject({ email: 'root@example.com', username: 'root', role: 'ADMIN' });
      expect(created.passwordHash).toBe('hashed:bootstrap passphrase');
      expect(await auth.bootstrapAdmin(admin)).toEqual(created);
      expect(users.tx.events.map((e) => e.type)).toEqual(['UserRegistered']);
    });

    it('should promote an existing account with that email and announce the role change', async () => {
      const { users, auth } = setup();
      const existing = users.add({ username: 'root', email: 'root@example.com', passwordHash: 'hashed:kept' });
      const promoted = await auth.bootstrapAdmin(admin);
      expect(promoted).toMatchObject({ id: existing.id, role: 'ADMIN', passwordHash: 'hashed:kept' });
      expect(users.tx.events).toEqual([
        { type: 'UserUpdated', aggregateId: existing.id, payload: expect.objectContaining({ changed: ['role'] }) },
      ]);
    });

    it('should refuse an invalid configuration naming the variable', async () => {
      const { auth } = setup();
      expect(await domainError(auth.bootstrapAdmin({ ...admin, email: 'nope' }))).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'ADMIN.email',
      });
    });
  });
});
