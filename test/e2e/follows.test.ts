import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { codes, seededRandom } from '@shutter/testing';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

let graph: TestSupergraph;
beforeAll(async () => {
  graph = await startTestSupergraph();
});
afterAll(async () => {
  await graph?.close();
});

const act = (name: string) => /* GraphQL */ `
  mutation($id: ID!) { ${name}(userId: $id) { id viewerFollows viewerFollowRequested followerCount } }
`;
const STATE = /* GraphQL */ `
  query ($id: ID!) {
    user(id: $id) {
      followerCount
      followingCount
      viewerFollows
      viewerFollowRequested
      viewerHasBlocked
      followers(first: 10) {
        edges {
          node {
            id
          }
        }
      }
      following(first: 10) {
        edges {
          node {
            id
          }
        }
      }
    }
  }
`;
const REQUESTS = /* GraphQL */ `
  {
    followRequests {
      edges {
        node {
          id
          username
        }
      }
    }
  }
`;

interface State {
  followerCount: number;
  followingCount: number;
  viewerFollows: boolean;
  viewerFollowRequested: boolean;
  viewerHasBlocked: boolean;
  followers: { edges: { node: { id: string } }[] };
  following: { edges: { node: { id: string } }[] };
}

async function state(of: Session, as?: Session): Promise<State> {
  const response = await graph.request<{ user: State }>(STATE, { id: of.user.id }, as ? { token: as.accessToken } : {});
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!.user;
}
const ids = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((e) => e.node.id);
const user = () => registerUser(graph, {}, { settle: true });
async function makePrivate(who: Session) {
  const response = await graph.request(
    `mutation { updateProfile(input: { isPrivate: true }) { isPrivate } }`,
    {},
    { token: who.accessToken },
  );
  expect(response.errors).toBeUndefined();
  await graph.settle();
}

describe('following a public account', () => {
  it('makes a follower at once and counts it on both sides', async () => {
    const [alice, bob] = [await user(), await user()];
    const followed = await graph.request(act('follow'), { id: bob.user.id }, { token: alice.accessToken });
    expect(followed.data).toEqual({
      follow: { id: bob.user.id, viewerFollows: true, viewerFollowRequested: false, followerCount: 1 },
    });
    expect(await state(bob, alice)).toMatchObject({ followerCount: 1, followingCount: 0, viewerFollows: true });
    expect(ids((await state(bob, alice)).followers)).toEqual([alice.user.id]);
    expect(ids((await state(alice)).following)).toEqual([bob.user.id]);
    // Following again changes nothing.
    await graph.request(act('follow'), { id: bob.user.id }, { token: alice.accessToken });
    expect((await state(bob)).followerCount).toBe(1);
  });

  it('unfollows, idempotently, and counts it', async () => {
    const [alice, bob] = [await user(), await user()];
    await graph.request(act('follow'), { id: bob.user.id }, { token: alice.accessToken });
    for (let i = 0; i < 2; i += 1) {
      const response = await graph.request(act('unfollow'), { id: bob.user.id }, { token: alice.accessToken });
      expect(response.data).toMatchObject({ unfollow: { viewerFollows: false, followerCount: 0 } });
    }
    expect(await state(alice)).toMatchObject({ followingCount: 0 });
  });

  it.each([
    ['yourself', (me: Session) => me.user.id, 'BAD_USER_INPUT'],
    ['a malformed id', () => 'not-an-id', 'BAD_USER_INPUT'],
    ['an unknown user', () => '00000000-0000-7000-8000-000000000000', 'NOT_FOUND'],
  ])('refuses to follow %s', async (_name, target, code) => {
    const alice = await user();
    const response = await graph.request(act('follow'), { id: target(alice) }, { token: alice.accessToken });
    expect(codes(response)).toEqual([code]);
    expect(response.errors![0]!.message).not.toMatch(/prisma|sql/i);
  });

  it('requires a signed-in user', async () => {
    const bob = await user();
    expect(codes(await graph.request(act('follow'), { id: bob.user.id }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('following a private account', () => {
  it('sends a request that the owner approves', async () => {
    const [alice, bob] = [await user(), await user()];
    await makePrivate(bob);
    const requested = await graph.request(act('follow'), { id: bob.user.id }, { token: alice.accessToken });
    expect(requested.data).toMatchObject({
      follow: { viewerFollows: false, viewerFollowRequested: true, followerCount: 0 },
    });
    const pending = await graph.request<{ followRequests: { edges: { node: { id: string; username: string } }[] } }>(
      REQUESTS,
      {},
      { token: bob.accessToken },
    );
    expect(pending.data!.followRequests.edges.map((e) => e.node)).toEqual([
      { id: alice.user.id, username: alice.user.username },
    ]);

    const approved = await graph.request(
      act('approveFollowRequest'),
      { id: alice.user.id },
      { token: bob.accessToken },
    );
    expect(approved.errors).toBeUndefined();
    expect(await state(bob, alice)).toMatchObject({
      followerCount: 1,
      viewerFollows: true,
      viewerFollowRequested: false,
    });
    const none = await graph.request<{ followRequests: { edges: unknown[] } }>(
      REQUESTS,
      {},
      { token: bob.accessToken },
    );
    expect(none.data!.followRequests.edges).toEqual([]);
  });

  it('lets the owner reject a request, which leaves no follower', async () => {
    const [alice, bob] = [await user(), await user()];
    await makePrivate(bob);
    await graph.request(act('follow'), { id: bob.user.id }, { token: alice.accessToken });
    const rejected = await graph.request(act('rejectFollowRequest'), { id: alice.user.id }, { token: bob.accessToken });
    expect(rejected.errors).toBeUndefined();
    expect(await state(bob, alice)).toMatchObject({
      followerCount: 0,
      viewerFollows: false,
      viewerFollowRequested: false,
    });
    const again = await graph.request(act('rejectFollowRequest'), { id: alice.user.id }, { token: bob.accessToken });
    expect(codes(again)).toEqual(['NOT_FOUND']);
  });

  it('hides the followers and following of a private account from non-followers only', async () => {
    const [owner, follower, stranger, friend] = [await user(), await user(), await user(), await user()];
    await graph.request(act('follow'), { id: owner.user.id }, { token: friend.accessToken });
    await makePrivate(owner);
    await graph.request(act('follow'), { id: owner.user.id }, { token: follower.accessToken });
    await graph.request(act('approveFollowRequest'), { id: follower.user.id }, { token: owner.accessToken });

    expect(ids((await state(owner, stranger)).followers)).toEqual([]);
    expect(ids((await state(owner)).followers)).toEqual([]);
    expect(ids((await state(owner, follower)).followers).sort()).toEqual([follower.user.id, friend.user.id].sort());
    expect(ids((await state(owner, owner)).followers).sort()).toEqual([follower.user.id, friend.user.id].sort());
    // Counts stay visible, as on the public profile page.
    expect((await state(owner, stranger)).followerCount).toBe(2);
  });
});

describe('blocking', () => {
  it('removes follows both ways and refuses new ones in both directions', async () => {
    const [alice, bob] = [await user(), await user()];
    await graph.request(act('follow'), { id: bob.user.id }, { token: alice.accessToken });
    await graph.request(act('follow'), { id: alice.user.id }, { token: bob.accessToken });
    const blocked = await graph.request(
      `mutation($id: ID!) { block(userId: $id) { viewerHasBlocked } }`,
      { id: bob.user.id },
      { token: alice.accessToken },
    );
    expect(blocked.data).toEqual({ block: { viewerHasBlocked: true } });

    expect(await state(alice)).toMatchObject({ followerCount: 0, followingCount: 0 });
    expect(await state(bob)).toMatchObject({ followerCount: 0, followingCount: 0 });
    expect(codes(await graph.request(act('follow'), { id: alice.user.id }, { token: bob.accessToken }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await graph.request(act('follow'), { id: bob.user.id }, { token: alice.accessToken }))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it("hides the blocker's followers and following from the blocked user, and the blocked user from lists", async () => {
    const [blocker, blocked, fan] = [await user(), await user(), await user()];
    await graph.request(act('follow'), { id: blocker.user.id }, { token: fan.accessToken });
    await graph.request(act('follow'), { id: fan.user.id }, { token: blocker.accessToken });
    await graph.request(act('follow'), { id: fan.user.id }, { token: blocked.accessToken });
    await graph.request(
      `mutation($id: ID!) { block(userId: $id) { id } }`,
      { id: blocked.user.id },
      { token: blocker.accessToken },
    );

    // The blocked user no longer finds the blocker at all, lists included (test/e2e/blocks.test.ts).
    await graph.settle();
    const seenByBlocked = await graph.request(STATE, { id: blocker.user.id }, { token: blocked.accessToken });
    expect(seenByBlocked.data).toEqual({ user: null });
    expect(ids((await state(blocker, fan)).followers)).toEqual([fan.user.id]);
    // The fan's followers, seen by the blocker, leave the blocked user out (and the other way round).
    expect(ids((await state(fan, blocker)).followers)).toEqual([blocker.user.id]);
    expect(ids((await state(fan, blocked)).followers)).toEqual([blocked.user.id]);
  });

  it('lets new follows happen after unblock', async () => {
    const [alice, bob] = [await user(), await user()];
    await graph.request(
      `mutation($id: ID!) { block(userId: $id) { id } }`,
      { id: bob.user.id },
      { token: alice.accessToken },
    );
    await graph.request(
      `mutation($id: ID!) { unblock(userId: $id) { id } }`,
      { id: bob.user.id },
      { token: alice.accessToken },
    );
    const followed = await graph.request(act('follow'), { id: alice.user.id }, { token: bob.accessToken });
    expect(followed.data).toMatchObject({ follow: { viewerFollows: true } });
  });
});

describe('lists', () => {
  it('pages through followers newest first without gaps or repeats', async () => {
    const star = await user();
    const fans: Session[] = [];
    for (let i = 0; i < 5; i += 1) {
      const fan = await user();
      await graph.request(act('follow'), { id: star.user.id }, { token: fan.accessToken });
      fans.push(fan);
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const response: Awaited<
        ReturnType<
          typeof graph.request<{
            user: {
              followers: {
                edges: { node: { id: string } }[];
                pageInfo: { hasNextPage: boolean; endCursor: string | null };
              };
            };
          }>
        >
      > = await graph.request(
        `query($id: ID!, $after: String) { user(id: $id) { followers(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`,
        { id: star.user.id, after },
      );
      const { edges, pageInfo } = response.data!.user.followers;
      seen.push(...edges.map((e) => e.node.id));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual(fans.map((f) => f.user.id).reverse());
  });

  it.each([
    ['first: 0', { first: 0 }, 'first'],
    ['first: 101', { first: 101 }, 'first'],
    ['a forged cursor', { after: 'bm90LWEtY3Vyc29y' }, 'after'],
  ])('refuses %s with BAD_USER_INPUT', async (_name, args, field) => {
    const star = await user();
    const response = await graph.request(
      `query($id: ID!, $first: Int, $after: String) { user(id: $id) { followers(first: $first, after: $after) { edges { cursor } } } }`,
      {
        id: star.user.id,
        ...args,
      },
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.extensions!.field).toBe(field);
  });
});

it('keeps counters equal to the follow rows under concurrent follows and unfollows', async () => {
  const people = await Promise.all(Array.from({ length: 8 }, () => registerUser(graph)));
  await graph.settle();
  const random = seededRandom();
  const requests: Promise<unknown>[] = [];
  for (let round = 0; round < 6; round += 1) {
    for (const actor of people) {
      for (const target of people) {
        if (actor === target || random() < 0.5) continue;
        requests.push(
          graph.request(
            act(random() < 0.6 ? 'follow' : 'unfollow'),
            { id: target.user.id },
            { token: actor.accessToken },
          ),
        );
      }
    }
  }
  const responses = (await Promise.all(requests)) as { errors?: unknown }[];
  expect(responses.filter((r) => r.errors)).toEqual([]);
  const { rows } = await graph.sql(
    'follows',
    `SELECT a.user_id,
            a.follower_count = (SELECT count(*) FROM follows f WHERE f.followee_id = a.user_id) AS followers_true,
            a.following_count = (SELECT count(*) FROM follows f WHERE f.follower_id = a.user_id) AS following_true
       FROM accounts a WHERE a.user_id = ANY($1::uuid[])`,
    [people.map((p) => p.user.id)],
  );
  expect(rows).toHaveLength(8);
  expect(rows.every((r) => r.followers_true && r.following_true)).toBe(true);
}, 120_000);
