import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hash } from '@node-rs/argon2';
import { codes } from '@shutter/testing';
import { createPost } from '../support/posts.js';
import {
  newUserInput,
  REGISTER,
  registerUser,
  startTestSupergraph,
  type Session,
  type TestSupergraph,
} from '../support/supergraph.js';

const ROOT = { email: 'root@example.com', username: 'root', password: 'bootstrap admin passphrase' };

let graph: TestSupergraph;
let root: string;
beforeAll(async () => {
  graph = await startTestSupergraph({
    ADMIN_EMAIL: ROOT.email,
    ADMIN_USERNAME: ROOT.username,
    ADMIN_PASSWORD: ROOT.password,
  });
  root = (await login(ROOT.email, ROOT.password)).accessToken;
});
afterAll(async () => {
  await graph?.close();
});

const LOGIN = /* GraphQL */ `
  mutation ($id: String!, $pw: String!) {
    login(usernameOrEmail: $id, password: $pw) {
      accessToken
      refreshToken
      user {
        id
        role
      }
    }
  }
`;
const REFRESH = /* GraphQL */ `
  mutation ($token: String!) {
    refreshToken(refreshToken: $token) {
      accessToken
      refreshToken
      user {
        id
        role
      }
    }
  }
`;
const SET_ROLE = `mutation($id: ID!, $role: Role!) { setUserRole(userId: $id, role: $role) { id role } }`;
const EMAIL = `query($id: ID!) { user(id: $id) { id email } }`;
const ME = `{ me { id role } }`;

type Pair = { accessToken: string; refreshToken: string; user: { id: string; role: string } };

async function login(id: string, pw: string): Promise<Pair> {
  const response = await graph.request<{ login: Pair }>(LOGIN, { id, pw });
  if (!response.data) throw new Error(`login failed: ${JSON.stringify(response.errors)}`);
  return response.data.login;
}

/** Root sets `user`'s role; then the other subgraphs have applied the UserUpdated event. */
async function setRole(userId: string, role: 'USER' | 'MODERATOR' | 'ADMIN'): Promise<void> {
  const response = await graph.request(SET_ROLE, { id: userId, role }, { token: root });
  expect(response.errors).toBeUndefined();
  await graph.settle();
}

/** A registered user promoted to `role`, signed in again (promotion ends the earlier sessions). */
async function staff(role: 'MODERATOR' | 'ADMIN'): Promise<Session & { password: string }> {
  const user = await registerUser(graph, {}, { settle: true });
  await setRole(user.user.id, role);
  const signedIn = await login(user.user.username, user.password);
  return { ...user, ...signedIn, user: { ...user.user, role } };
}

const refresh = (token: string) => graph.request<{ refreshToken: Pair }>(REFRESH, { token });
const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** Tokens of the login family of `refreshToken` that would still refresh. */
async function liveInFamily(refreshToken: string): Promise<number> {
  const { rows } = await graph.usersSql(
    `SELECT count(*)::int AS n FROM refresh_tokens
      WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)
        AND used_at IS NULL AND revoked_at IS NULL`,
    [sha256(refreshToken)],
  );
  return rows[0].n as number;
}

describe('a demoted admin', () => {
  it('can no longer change roles or read emails with the access token issued while they were an admin', async () => {
    const alice = await staff('ADMIN');
    const bob = await registerUser(graph);
    const asAdmin = await graph.request<{ user: { email: string | null } }>(
      EMAIL,
      { id: bob.user.id },
      { token: alice.accessToken },
    );
    expect(asAdmin.data!.user.email).toBe(bob.user.email);

    await setRole(alice.user.id, 'USER');

    const promote = await graph.request(SET_ROLE, { id: bob.user.id, role: 'ADMIN' }, { token: alice.accessToken });
    expect(codes(promote)).toEqual(['FORBIDDEN']);
    expect((await graph.usersSql('SELECT role FROM users WHERE id = $1', [bob.user.id])).rows[0].role).toBe('USER');
    const email = await graph.request<{ user: { email: string | null } }>(
      EMAIL,
      { id: bob.user.id },
      { token: alice.accessToken },
    );
    expect(email.errors).toBeUndefined();
    expect(email.data!.user.email).toBeNull();
    // The token still signs alice in, as the user she now is.
    expect((await graph.request<{ me: { role: string } }>(ME, {}, { token: alice.accessToken })).data!.me.role).toBe(
      'USER',
    );
  });

  it('is signed out of every session: the refresh tokens of before the demotion are refused', async () => {
    const alice = await staff('ADMIN');
    const otherDevice = await login(alice.user.username, alice.password);

    await setRole(alice.user.id, 'USER');

    expect(codes(await refresh(alice.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await refresh(otherDevice.refreshToken))).toEqual(['UNAUTHENTICATED']);
    const again = await login(alice.user.username, alice.password);
    expect(again.user.role).toBe('USER');
  });

  it('shows emails to an admin promoted after their token was issued, reading their role in the one statement that loads the users', async () => {
    const alice = await registerUser(graph);
    const users = await Promise.all([1, 2, 3, 4, 5].map(() => registerUser(graph)));
    await setRole(alice.user.id, 'ADMIN');
    const query = `query(${users.map((_, i) => `$u${i}: ID!`).join(', ')}) {
      ${users.map((_, i) => `u${i}: user(id: $u${i}) { email }`).join('\n')}
    }`;
    const variables = Object.fromEntries(users.map((u, i) => [`u${i}`, u.user.id]));
    graph.counters.users.reset();

    const response = await graph.request<Record<string, { email: string }>>(query, variables, {
      token: alice.accessToken,
    });

    expect(Object.values(response.data!).map((u) => u.email)).toEqual(users.map((u) => u.user.email));
    expect(graph.counters.users.statements.filter((sql) => /FROM (users\b|"public"\."users")/.test(sql))).toHaveLength(1);
  });
});

describe('a demoted moderator', () => {
  const READ = `query($id: ID!) { post(id: $id) { id } }`;
  const DELETE = `mutation($id: ID!) { deletePost(id: $id) }`;
  const FOLLOWERS = `query($id: ID!) { user(id: $id) { followers(first: 10) { edges { node { id } } } } }`;

  const post = (author: Session, caption: string) => createPost(graph, author, caption);

  it('no longer sees private posts and follow lists, nor deletes others’ posts, with the token of a moderator', async () => {
    const moderator = await staff('MODERATOR');
    const [hidden, author, follower] = await Promise.all([1, 2, 3].map(() => registerUser(graph, {}, {})));
    await graph.settle();
    await graph.request(
      `mutation { updateProfile(input: { isPrivate: true }) { id } }`,
      {},
      { token: hidden!.accessToken },
    );
    await graph.settle();
    await graph.request(
      `mutation($id: ID!) { follow(userId: $id) { id } }`,
      { id: hidden!.user.id },
      {
        token: follower!.accessToken,
      },
    );
    await graph.request(
      `mutation($id: ID!) { approveFollowRequest(userId: $id) { id } }`,
      { id: follower!.user.id },
      {
        token: hidden!.accessToken,
      },
    );
    const [privatePost, firstPost, secondPost] = [
      await post(hidden!, 'for followers only'),
      await post(author!, 'public one'),
      await post(author!, 'public two'),
    ];
    await graph.settle();
    const as = (token: string) => ({ token });

    // While a moderator.
    expect((await graph.request(READ, { id: privatePost }, as(moderator.accessToken))).data).toEqual({
      post: { id: privatePost },
    });
    expect(
      (
        await graph.request<{ user: { followers: { edges: unknown[] } } }>(
          FOLLOWERS,
          { id: hidden!.user.id },
          as(moderator.accessToken),
        )
      ).data!.user.followers.edges,
    ).toEqual([{ node: { id: follower!.user.id } }]);
    expect((await graph.request(DELETE, { id: firstPost }, as(moderator.accessToken))).errors).toBeUndefined();

    await setRole(moderator.user.id, 'USER');

    // The same, still unexpired, access token after the demotion.
    expect((await graph.request(READ, { id: privatePost }, as(moderator.accessToken))).data).toEqual({ post: null });
    expect(
      (
        await graph.request<{ user: { followers: { edges: unknown[] } } }>(
          FOLLOWERS,
          { id: hidden!.user.id },
          as(moderator.accessToken),
        )
      ).data!.user.followers.edges,
    ).toEqual([]);
    expect(codes(await graph.request(DELETE, { id: secondPost }, as(moderator.accessToken)))).toEqual(['FORBIDDEN']);
    expect((await graph.request(READ, { id: secondPost })).data).toEqual({ post: { id: secondPost } });
  });

  it('gains the powers at once when promoted, with a token issued before', async () => {
    const user = await registerUser(graph, {}, { settle: true });
    const hidden = await registerUser(graph, {}, { settle: true });
    await graph.request(
      `mutation { updateProfile(input: { isPrivate: true }) { id } }`,
      {},
      { token: hidden.accessToken },
    );
    const privatePost = await post(hidden, 'private');
    await graph.settle();
    expect((await graph.request(READ, { id: privatePost }, { token: user.accessToken })).data).toEqual({ post: null });

    await setRole(user.user.id, 'MODERATOR');

    expect((await graph.request(READ, { id: privatePost }, { token: user.accessToken })).data).toEqual({
      post: { id: privatePost },
    });
  });
});

describe('refresh with a reuse grace', () => {
  it('gives two simultaneous refreshes with one token the same new refresh token, and both work', async () => {
    const alice = await registerUser(graph);

    const [first, second] = await Promise.all([refresh(alice.refreshToken), refresh(alice.refreshToken)]);

    expect(first!.errors).toBeUndefined();
    expect(second!.errors).toBeUndefined();
    expect(second!.data!.refreshToken.refreshToken).toBe(first!.data!.refreshToken.refreshToken);
    for (const pair of [first!, second!]) {
      const me = await graph.request<{ me: { id: string } }>(ME, {}, { token: pair.data!.refreshToken.accessToken });
      expect(me.data!.me.id).toBe(alice.user.id);
    }
    expect(await liveInFamily(alice.refreshToken)).toBe(1);
    expect((await refresh(first!.data!.refreshToken.refreshToken)).errors).toBeUndefined();
  });

  it('gives a retry after a lost response the same refresh token within the grace, and revokes the family after it', async () => {
    const alice = await registerUser(graph);
    const lost = await refresh(alice.refreshToken);
    const retry = await refresh(alice.refreshToken);
    expect(retry.errors).toBeUndefined();
    const successor = retry.data!.refreshToken.refreshToken;
    expect(successor).toBe(lost.data!.refreshToken.refreshToken);

    // Ten seconds later (the default grace), as far as the users database knows.
    await graph.usersSql(`UPDATE refresh_tokens SET used_at = used_at - interval '10 seconds' WHERE token_hash = $1`, [
      sha256(alice.refreshToken),
    ]);
    expect(codes(await refresh(alice.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await refresh(successor))).toEqual(['UNAUTHENTICATED']);
    expect(await liveInFamily(alice.refreshToken)).toBe(0);
  });

  it('hands out the successor within the grace only while its session lives', async () => {
    const alice = await registerUser(graph);
    const successor = (await refresh(alice.refreshToken)).data!.refreshToken.refreshToken;
    expect((await refresh(alice.refreshToken)).data!.refreshToken.refreshToken).toBe(successor);
    await graph.request(`mutation($t: String!) { logout(refreshToken: $t) }`, { t: successor });
    expect(codes(await refresh(alice.refreshToken))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('usernames, passwords and ids', () => {
  it.each(
    ['admin', 'Administrator', 'root', 'support', 'shutter', 'moderator', 'system', 'api', 'www'].concat([
      'help',
      'security',
      'null',
      'undefined',
      'ad.min',
      '...',
      '___',
      '.alice',
      'alice.',
      'al..ice',
    ]),
  )('refuses to register the username %j with BAD_USER_INPUT on input.username', async (username) => {
    const input = newUserInput({ username });
    const response = await graph.request(REGISTER, { input });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.extensions!.field).toBe('input.username');
    expect((await graph.usersSql('SELECT 1 FROM users WHERE email = $1', [input.email])).rowCount).toBe(0);
  });

  it('refuses a reserved username on changeUsername and on updateProfile, changing nothing', async () => {
    const alice = await registerUser(graph, {}, { settle: true });
    const changed = await graph.request(
      `mutation { changeUsername(username: "support") { id } }`,
      {},
      {
        token: alice.accessToken,
      },
    );
    expect(codes(changed)).toEqual(['BAD_USER_INPUT']);
    expect(changed.errors![0]!.extensions!.field).toBe('username');
    const profile = await graph.request(
      `mutation { updateProfile(input: { username: "_admin_", bio: "hi" }) { id } }`,
      {},
      {
        token: alice.accessToken,
      },
    );
    expect(codes(profile)).toEqual(['BAD_USER_INPUT']);
    const { rows } = await graph.usersSql('SELECT username FROM users WHERE id = $1', [alice.user.id]);
    expect(rows[0].username).toBe(alice.user.username);
  });

  it('signs in with a password typed composed or decomposed, whichever form made the account’s hash', async () => {
    const composed = 'Zoë’s crème brûlée, façon grand-mère';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const zoe = await registerUser(graph, { password: decomposed });
    const chloe = await registerUser(graph, { password: composed });
    // A hash made before passwords were normalised: from the decomposed bytes as typed then.
    const legacy = await registerUser(graph);
    await graph.usersSql('UPDATE users SET password_hash = $2 WHERE id = $1', [
      legacy.user.id,
      await hash(decomposed, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 }),
    ]);

    for (const account of [zoe, chloe, legacy]) {
      for (const typed of [composed, decomposed]) {
        const response = await graph.request(LOGIN, { id: account.user.username, pw: typed });
        expect(response.errors).toBeUndefined();
      }
    }
  });

  it('finds a user by an upper-case id, and lets an admin set a role by one', async () => {
    const alice = await registerUser(graph);
    const found = await graph.request<{ user: { id: string } | null }>(`query($id: ID!) { user(id: $id) { id } }`, {
      id: alice.user.id.toUpperCase(),
    });
    expect(found.data!.user).toEqual({ id: alice.user.id });
    const promoted = await graph.request(
      SET_ROLE,
      { id: alice.user.id.toUpperCase(), role: 'MODERATOR' },
      {
        token: root,
      },
    );
    expect(promoted.data).toEqual({ setUserRole: { id: alice.user.id, role: 'MODERATOR' } });
  });
});
