import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { codes } from '@shutter/testing';
import {
  newUserInput,
  REGISTER,
  registerUser,
  startTestSupergraph,
  type TestSupergraph,
} from '../support/supergraph.js';

const ME = /* GraphQL */ `
  {
    me {
      id
      username
      email
      role
    }
  }
`;
const LOGIN = /* GraphQL */ `
  mutation Login($id: String!, $password: String!) {
    login(usernameOrEmail: $id, password: $password) {
      accessToken
      refreshToken
      user {
        id
        email
      }
    }
  }
`;
const REFRESH = /* GraphQL */ `
  mutation Refresh($token: String!) {
    refreshToken(refreshToken: $token) {
      accessToken
      refreshToken
      user {
        id
      }
    }
  }
`;
const LOGOUT = /* GraphQL */ `
  mutation Logout($token: String!) {
    logout(refreshToken: $token)
  }
`;
const CHANGE_PASSWORD = /* GraphQL */ `
  mutation Change($current: String!, $next: String!) {
    changePassword(currentPassword: $current, newPassword: $next)
  }
`;

let graph: TestSupergraph;
beforeAll(async () => {
  // Without the reuse grace: every second use of a refresh token is reuse (test/e2e/privileges.test.ts has the grace).
  graph = await startTestSupergraph({ REFRESH_REUSE_GRACE_SECONDS: '0' });
});
afterAll(async () => {
  await graph.close();
});

describe('register and me', () => {
  it('registers a user who can then read themself through me', async () => {
    const input = newUserInput({ username: 'Mixed.Case_1' + Date.now().toString(36).slice(-4) });
    const registered = await graph.request<{ register: { accessToken: string; user: Record<string, unknown> } }>(
      REGISTER,
      { input },
    );
    expect(registered.errors).toBeUndefined();
    const user = registered.data!.register.user;
    expect(user).toMatchObject({ username: input.username.toLowerCase(), email: input.email, role: 'USER' });

    const me = await graph.request<{ me: Record<string, unknown> }>(
      ME,
      {},
      { token: registered.data!.register.accessToken },
    );
    expect(me.data!.me).toEqual({ id: user.id, username: user.username, email: input.email, role: 'USER' });
  });

  it('answers me with null for an anonymous request', async () => {
    const me = await graph.request(ME);
    expect(me.errors).toBeUndefined();
    expect(me.data).toEqual({ me: null });
  });

  it('hides email from other users but shows it to the owner', async () => {
    const alice = await registerUser(graph);
    const bob = await registerUser(graph);
    const query = `query($id: ID!) { user(id: $id) { username email } }`;
    const asBob = await graph.request<{ user: { email: string | null } }>(
      query,
      { id: alice.user.id },
      { token: bob.accessToken },
    );
    expect(asBob.data!.user).toEqual({ username: alice.user.username, email: null });
    const asAlice = await graph.request<{ user: { email: string | null } }>(
      query,
      { id: alice.user.id },
      { token: alice.accessToken },
    );
    expect(asAlice.data!.user.email).toBe(alice.user.email);
  });

  it('finds a user by username case-insensitively and refuses ambiguous lookups', async () => {
    const alice = await registerUser(graph);
    const found = await graph.request<{ user: { id: string } }>(`query($u: String) { user(username: $u) { id } }`, {
      u: alice.user.username.toUpperCase(),
    });
    expect(found.data!.user.id).toBe(alice.user.id);
    const both = await graph.request(`query($id: ID, $u: String) { user(id: $id, username: $u) { id } }`, {
      id: alice.user.id,
      u: alice.user.username,
    });
    expect(codes(both)).toEqual(['BAD_USER_INPUT']);
    const missing = await graph.request(`{ user(id: "not-a-uuid") { id } }`);
    expect(missing.data).toEqual({ user: null });
  });

  it('refuses a duplicate email or username with CONFLICT naming the field', async () => {
    const alice = await registerUser(graph);
    const sameEmail = await graph.request(REGISTER, {
      input: newUserInput({ email: alice.user.email!.toUpperCase() }),
    });
    expect(codes(sameEmail)).toEqual(['CONFLICT']);
    expect(sameEmail.errors![0]!.extensions!.field).toBe('input.email');
    const sameName = await graph.request(REGISTER, {
      input: newUserInput({ username: alice.user.username.toUpperCase() }),
    });
    expect(codes(sameName)).toEqual(['CONFLICT']);
    expect(sameName.errors![0]!.extensions!.field).toBe('input.username');
  });

  it.each([
    ['password', { password: 'short' }, /at least 10/],
    ['password', { password: 'password123' }, /too common/],
    ['password', { password: 'aaaaaaaaaaaa' }, /too simple/],
    ['email', { email: 'not-an-email' }, /valid email/],
    ['username', { username: 'no spaces allowed' }, /letters, digits/],
    ['username', { username: 'ab' }, /3 to 30/],
  ])('refuses a bad %s with BAD_USER_INPUT naming the field', async (field, override, message) => {
    const input = newUserInput(override);
    const response = await graph.request(REGISTER, { input });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.extensions!.field).toBe(`input.${field}`);
    expect(response.errors![0]!.message).toMatch(message);
    expect(response.errors![0]!.message).toContain(`input.${field}`);
    const rows = await graph.usersSql('SELECT 1 FROM users WHERE email = $1', [input.email.toLowerCase()]);
    expect(rows.rowCount).toBe(0);
  });

  it('answers every invalid field of a sign-up form at once, one error per field, and stores nothing', async () => {
    const input = { email: 'not-an-email', username: 'No Spaces!', password: 'short' };
    const response = await graph.request(REGISTER, { input });
    expect(response.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'input.email'],
      ['BAD_USER_INPUT', 'input.username'],
      ['BAD_USER_INPUT', 'input.password'],
    ]);
    for (const error of response.errors!) expect(error.message).toMatch(new RegExp(`^${error.extensions!.field}: `));
    const rows = await graph.usersSql('SELECT 1 FROM users WHERE email = $1', [input.email]);
    expect(rows.rowCount).toBe(0);
  });

  it('refuses a password that contains the username', async () => {
    const input = newUserInput();
    const response = await graph.request(REGISTER, { input: { ...input, password: `my-${input.username}-secret` } });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.extensions!.field).toBe('input.password');
  });

  it('stores the password as an argon2id hash, never in clear', async () => {
    const alice = await registerUser(graph);
    const { rows } = await graph.usersSql('SELECT password_hash FROM users WHERE id = $1', [alice.user.id]);
    const hash = rows[0].password_hash as string;
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain(alice.password);
  });
});

describe('login', () => {
  it('signs in with username or email', async () => {
    const alice = await registerUser(graph);
    for (const id of [alice.user.username, alice.user.email!.toUpperCase()]) {
      const response = await graph.request<{ login: { accessToken: string; user: { id: string; email: string } } }>(
        LOGIN,
        { id, password: alice.password },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.login.user).toEqual({ id: alice.user.id, email: alice.user.email });
      const me = await graph.request<{ me: { id: string } }>(ME, {}, { token: response.data!.login.accessToken });
      expect(me.data!.me.id).toBe(alice.user.id);
    }
  });

  it('answers a wrong password and an unknown user with the same UNAUTHENTICATED error', async () => {
    const alice = await registerUser(graph);
    const wrongPassword = await graph.request(LOGIN, { id: alice.user.username, password: 'not the password at all' });
    const unknownUser = await graph.request(LOGIN, { id: 'nobody_by_this_name', password: 'not the password at all' });
    expect(codes(wrongPassword)).toEqual(['UNAUTHENTICATED']);
    expect(unknownUser.errors).toEqual(wrongPassword.errors);
  });
});

describe('refresh tokens', () => {
  it('exchanges a refresh token for a new pair that works', async () => {
    const alice = await registerUser(graph);
    const refreshed = await graph.request<{ refreshToken: { accessToken: string; refreshToken: string } }>(REFRESH, {
      token: alice.refreshToken,
    });
    expect(refreshed.errors).toBeUndefined();
    expect(refreshed.data!.refreshToken.refreshToken).not.toBe(alice.refreshToken);
    const me = await graph.request<{ me: { id: string } }>(ME, {}, { token: refreshed.data!.refreshToken.accessToken });
    expect(me.data!.me.id).toBe(alice.user.id);
  });

  it('revokes the whole family when a used refresh token is presented again', async () => {
    const alice = await registerUser(graph);
    const first = await graph.request<{ refreshToken: { refreshToken: string } }>(REFRESH, {
      token: alice.refreshToken,
    });
    const successor = first.data!.refreshToken.refreshToken;

    const replay = await graph.request(REFRESH, { token: alice.refreshToken });
    expect(codes(replay)).toEqual(['UNAUTHENTICATED']);
    // The legitimate successor dies with the family: the thief and the victim both sign in again.
    const afterReplay = await graph.request(REFRESH, { token: successor });
    expect(codes(afterReplay)).toEqual(['UNAUTHENTICATED']);
  });

  it('lets only one of two concurrent refreshes with the same token succeed', async () => {
    const alice = await registerUser(graph);
    const results = await Promise.all([
      graph.request(REFRESH, { token: alice.refreshToken }),
      graph.request(REFRESH, { token: alice.refreshToken }),
    ]);
    expect(results.filter((r) => !r.errors).length).toBeLessThanOrEqual(1);
    const { rows } = await graph.usersSql(
      'SELECT count(*)::int AS live FROM refresh_tokens WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL',
      [alice.user.id],
    );
    expect(rows[0].live).toBeLessThanOrEqual(1);
  });

  it('refuses an unknown refresh token', async () => {
    const response = await graph.request(REFRESH, { token: 'made-up-token' });
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
  });

  it('ends the session on logout', async () => {
    const alice = await registerUser(graph);
    const logout = await graph.request(LOGOUT, { token: alice.refreshToken });
    expect(logout.data).toEqual({ logout: true });
    const refresh = await graph.request(REFRESH, { token: alice.refreshToken });
    expect(codes(refresh)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('changePassword', () => {
  it('changes the password, signs out every session and lets the new password log in', async () => {
    const alice = await registerUser(graph);
    const next = 'an entirely new passphrase';
    const changed = await graph.request(
      CHANGE_PASSWORD,
      { current: alice.password, next },
      { token: alice.accessToken },
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.data).toEqual({ changePassword: true });

    expect(codes(await graph.request(REFRESH, { token: alice.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await graph.request(LOGIN, { id: alice.user.username, password: alice.password }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    const login = await graph.request(LOGIN, { id: alice.user.username, password: next });
    expect(login.errors).toBeUndefined();
  });

  it('refuses a wrong current password and a weak new one, changing nothing', async () => {
    const alice = await registerUser(graph);
    const before = await graph.usersSql('SELECT password_hash FROM users WHERE id = $1', [alice.user.id]);
    const wrong = await graph.request(
      CHANGE_PASSWORD,
      { current: 'not my password!', next: 'another fine passphrase' },
      { token: alice.accessToken },
    );
    expect(codes(wrong)).toEqual(['BAD_USER_INPUT']);
    expect(wrong.errors![0]!.extensions!.field).toBe('currentPassword');
    const weak = await graph.request(
      CHANGE_PASSWORD,
      { current: alice.password, next: 'short' },
      { token: alice.accessToken },
    );
    expect(codes(weak)).toEqual(['BAD_USER_INPUT']);
    expect(weak.errors![0]!.extensions!.field).toBe('newPassword');
    const after = await graph.usersSql('SELECT password_hash FROM users WHERE id = $1', [alice.user.id]);
    expect(after.rows[0].password_hash).toBe(before.rows[0].password_hash);
    // The session survived the failed attempts.
    expect((await graph.request(REFRESH, { token: alice.refreshToken })).errors).toBeUndefined();
  });

  it('requires a signed-in user', async () => {
    const response = await graph.request(CHANGE_PASSWORD, {
      current: 'whatever it is',
      next: 'another fine passphrase',
    });
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('failed mutations leave nothing behind', () => {
  it('writes no user and no session for a refused registration', async () => {
    const countRows = async () => {
      const { rows } = await graph.usersSql(
        'SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM refresh_tokens)::int AS tokens',
      );
      return rows[0] as { users: number; tokens: number };
    };
    const alice = await registerUser(graph);
    const before = await countRows();
    await graph.request(REGISTER, { input: newUserInput({ email: alice.user.email! }) });
    await graph.request(REGISTER, { input: newUserInput({ password: 'weak' }) });
    await graph.request(LOGIN, { id: alice.user.username, password: 'wrong password here' });
    expect(await countRows()).toEqual(before);
  });

  it('keeps exactly one account when the same registration races itself', async () => {
    const input = newUserInput();
    const results = await Promise.all([1, 2, 3].map(() => graph.request(REGISTER, { input })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors).map(codes)).toEqual([['CONFLICT'], ['CONFLICT']]);
    const { rows } = await graph.usersSql(
      'SELECT u.id, (SELECT count(*)::int FROM refresh_tokens t WHERE t.user_id = u.id) AS tokens FROM users u WHERE email = $1',
      [input.email],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].tokens).toBe(1);
  });
});
