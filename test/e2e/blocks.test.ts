import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { GraphQLResponse } from '@shutter/testing';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

const ROOT = { email: 'root@example.com', username: 'root', password: 'bootstrap admin passphrase' };
const UNKNOWN_ID = '00000000-0000-7000-8000-000000000000';

let graph: TestSupergraph;
let root: Session;
beforeAll(async () => {
  graph = await startTestSupergraph({
    ADMIN_EMAIL: ROOT.email,
    ADMIN_USERNAME: ROOT.username,
    ADMIN_PASSWORD: ROOT.password,
  });
  root = await login(ROOT.email, ROOT.password);
});
afterAll(async () => {
  await graph?.close();
});

/** Everything a profile page reads of a user: users' fields, profiles' fields, follows' counts and lists. */
const PROFILE = /* GraphQL */ `
  fragment Profile on User {
    id
    username
    displayName
    bio
    isPrivate
    followerCount
    followingCount
    viewerHasBlocked
    followers(first: 5) {
      edges {
        node {
          id
        }
      }
    }
  }
`;
const BY_ID = `query($id: ID!) { user(id: $id) { ...Profile } } ${PROFILE}`;
const BY_USERNAME = `query($username: String!) { user(username: $username) { ...Profile } } ${PROFILE}`;

interface Profile {
  id: string;
  username: string;
  bio: string | null;
  followerCount: number;
  viewerHasBlocked: boolean;
}

async function login(usernameOrEmail: string, password: string): Promise<Session> {
  const response = await graph.request<{ login: Session }>(
    `mutation($u: String!, $p: String!) { login(usernameOrEmail: $u, password: $p) { accessToken refreshToken user { id username email role } } }`,
    { u: usernameOrEmail, p: password },
  );
  if (!response.data) throw new Error(`login failed: ${JSON.stringify(response.errors)}`);
  return response.data.login;
}

const user = () => registerUser(graph, {}, { settle: true });

/** `who` blocks or unblocks `target`; then every subgraph has applied the event. */
async function act(verb: 'block' | 'unblock', who: Session, target: Session): Promise<void> {
  const response = await graph.request(
    `mutation($id: ID!) { ${verb}(userId: $id) { id } }`,
    { id: target.user.id },
    { token: who.accessToken },
  );
  expect(response.errors).toBeUndefined();
  await graph.settle();
}

/** What a client gets: the status and the body (data, errors, extensions), without the headers. */
const answer = <T>({ headers: _, ...rest }: GraphQLResponse<T>) => rest;

/** The answers to `user(id)` and to `user(username)` for `target`, as `viewer` (or anonymous). */
async function lookUp(target: { id: string; username: string }, viewer: Session | null) {
  const token = viewer ? { token: viewer.accessToken } : {};
  return {
    byId: answer(await graph.request<{ user: Profile | null }>(BY_ID, { id: target.id }, token)),
    byUsername: answer(
      await graph.request<{ user: Profile | null }>(BY_USERNAME, { username: target.username }, token),
    ),
  };
}

/** Who `viewer` finds by id and by username: the account's id, or null. */
async function found(target: Session, viewer: Session | null) {
  const { byId, byUsername } = await lookUp(target.user, viewer);
  expect(byId.errors).toBeUndefined();
  expect(byUsername.errors).toBeUndefined();
  return { byId: byId.data!.user?.id ?? null, byUsername: byUsername.data!.user?.id ?? null };
}

async function withBio(who: Session, bio: string): Promise<Session> {
  const response = await graph.request(
    `mutation($bio: String!) { updateProfile(input: { bio: $bio }) { id } }`,
    { bio },
    { token: who.accessToken },
  );
  expect(response.errors).toBeUndefined();
  return who;
}

describe('an account blocked by another', () => {
  it('finds the blocker neither by id nor by username, exactly as an account that does not exist, until unblocked', async () => {
    const [blocker, blocked, fan] = [await withBio(await user(), 'my secret bio'), await user(), await user()];
    await graph.request(
      `mutation($id: ID!) { follow(userId: $id) { id } }`,
      { id: blocker.user.id },
      { token: fan.accessToken },
    );
    expect(await found(blocker, blocked)).toEqual({ byId: blocker.user.id, byUsername: blocker.user.id });

    await act('block', blocker, blocked);

    const nobody = await lookUp({ id: UNKNOWN_ID, username: 'nobody_here' }, blocked);
    expect(nobody.byId).toEqual({ status: 200, data: { user: null } });
    expect(nobody.byUsername).toEqual({ status: 200, data: { user: null } });
    const hidden = await lookUp(blocker.user, blocked);
    expect(hidden.byId).toEqual(nobody.byId);
    expect(hidden.byUsername).toEqual(nobody.byUsername);
    // The id in upper case names the same account, and is hidden the same way.
    const upper = await graph.request(BY_ID, { id: blocker.user.id.toUpperCase() }, { token: blocked.accessToken });
    expect(answer(upper)).toEqual(nobody.byId);

    await act('unblock', blocker, blocked);

    const back = await lookUp(blocker.user, blocked);
    expect(back.byId.data!.user).toMatchObject({ id: blocker.user.id, bio: 'my secret bio', followerCount: 1 });
    expect(back.byUsername.data!.user).toMatchObject({ id: blocker.user.id, bio: 'my secret bio', followerCount: 1 });
  });

  it('still finds itself, with me unaffected', async () => {
    const [blocker, blocked] = [await user(), await user()];
    await act('block', blocker, blocked);
    expect(await found(blocked, blocked)).toEqual({ byId: blocked.user.id, byUsername: blocked.user.id });
    const me = await graph.request<{ me: { id: string } }>(`{ me { id } }`, {}, { token: blocked.accessToken });
    expect(me.data!.me.id).toBe(blocked.user.id);
  });

  it('hides only the accounts that blocked it among several looked up in one request, with one blocks query', async () => {
    const viewer = await user();
    const others = [await user(), await user(), await user(), await user()];
    await act('block', others[1]!, viewer);
    await act('block', others[3]!, viewer);
    const query = `query(${others.map((_, i) => `$u${i}: ID!`).join(', ')}) {
      ${others.map((_, i) => `u${i}: user(id: $u${i}) { id username }`).join('\n')}
    }`;
    const variables = Object.fromEntries(others.map((o, i) => [`u${i}`, o.user.id]));
    graph.counters.users.reset();

    const response = await graph.request<Record<string, { id: string } | null>>(query, variables, {
      token: viewer.accessToken,
    });

    expect(response.errors).toBeUndefined();
    expect(Object.values(response.data!).map((u) => u?.id ?? null)).toEqual([
      others[0]!.user.id,
      null,
      others[2]!.user.id,
      null,
    ]);
    const statements = graph.counters.users.statements;
    expect(statements.filter((sql) => /FROM "public"\."blocks"/.test(sql))).toHaveLength(1);
    expect(statements.filter((sql) => /FROM (users\b|"public"\."users")/.test(sql))).toHaveLength(1);
  });
});

describe('everyone but the blocked account', () => {
  it('lets the blocker still find the account they blocked, and see that they blocked it', async () => {
    const [blocker, blocked] = [await user(), await user()];
    await act('block', blocker, blocked);

    expect(await found(blocked, blocker)).toEqual({ byId: blocked.user.id, byUsername: blocked.user.id });
    const { byId } = await lookUp(blocked.user, blocker);
    expect(byId.data!.user!.viewerHasBlocked).toBe(true);
  });

  it('lets a third user and an anonymous visitor still find the blocker', async () => {
    const [blocker, blocked, third] = [await user(), await user(), await user()];
    await act('block', blocker, blocked);

    expect(await found(blocker, third)).toEqual({ byId: blocker.user.id, byUsername: blocker.user.id });
    expect(await found(blocker, null)).toEqual({ byId: blocker.user.id, byUsername: blocker.user.id });
  });

  it('lets a moderator and an admin, by their current role, find an account that blocked them', async () => {
    const moderator = await user();
    const promoted = await graph.request(
      `mutation($id: ID!) { setUserRole(userId: $id, role: MODERATOR) { id } }`,
      { id: moderator.user.id },
      { token: root.accessToken },
    );
    expect(promoted.errors).toBeUndefined();
    await graph.settle();
    // The promotion ended their sessions: they sign in again.
    const signedIn = await login(moderator.user.username, moderator.password);
    const blocker = await user();
    await act('block', blocker, signedIn);
    await act('block', blocker, root);

    expect(await found(blocker, signedIn)).toEqual({ byId: blocker.user.id, byUsername: blocker.user.id });
    expect(await found(blocker, root)).toEqual({ byId: blocker.user.id, byUsername: blocker.user.id });
  });
});
