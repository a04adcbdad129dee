import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { IDENTITY_HEADER, signIdentity } from '@shutter/runtime';
import { registerUser, startTestSupergraph, type TestSupergraph } from '../support/supergraph.js';

let graph: TestSupergraph;
beforeAll(async () => {
  graph = await startTestSupergraph();
});
afterAll(async () => {
  await graph.close();
});

it('resolves 50 User references in the users subgraph with one SQL query', async () => {
  const users = await Promise.all(Array.from({ length: 50 }, () => registerUser(graph)));
  const identity = signIdentity(
    { userId: users[0]!.user.id, role: 'USER', requestId: 'batch' },
    graph.env.INTERNAL_IDENTITY_SECRET!,
  );
  graph.counters.users.reset();
  // This is the request the gateway sends when another subgraph's list refers to 50 users.
  const response = await fetch(`${graph.stack.subgraphs.users!.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity },
    body: JSON.stringify({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id username createdAt } } }`,
      variables: { r: users.map((u) => ({ __typename: 'User', id: u.user.id })) },
    }),
  });
  const body = (await response.json()) as { data: { _entities: { id: string; username: string }[] } };
  expect(body.data._entities.map((u) => u.id)).toEqual(users.map((u) => u.user.id));
  expect(body.data._entities.map((u) => u.username)).toEqual(users.map((u) => u.user.username));
  expect(graph.counters.users.count).toBe(1);
});

it('answers unknown and malformed references with null without querying for the malformed ones', async () => {
  const alice = await registerUser(graph);
  const identity = signIdentity({ userId: null, role: null, requestId: 'batch' }, graph.env.INTERNAL_IDENTITY_SECRET!);
  graph.counters.users.reset();
  const response = await fetch(`${graph.stack.subgraphs.users!.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity },
    body: JSON.stringify({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id } } }`,
      variables: {
        r: [
          { __typename: 'User', id: alice.user.id },
          { __typename: 'User', id: '00000000-0000-7000-8000-000000000000' },
          { __typename: 'User', id: 'garbage' },
        ],
      },
    }),
  });
  const body = (await response.json()) as { data: { _entities: ({ id: string } | null)[] } };
  expect(body.data._entities).toEqual([{ id: alice.user.id }, null, null]);
  expect(graph.counters.users.count).toBe(1);
});

it('answers a list of 50 users with profile fields and counts in a bounded number of SQL queries per subgraph', async () => {
  const viewer = await registerUser(graph);
  const people = await Promise.all(Array.from({ length: 50 }, () => registerUser(graph)));
  await graph.settle();
  for (const person of people) {
    const followed = await graph.request(
      `mutation($id: ID!) { follow(userId: $id) { id } }`,
      { id: person.user.id },
      { token: viewer.accessToken },
    );
    expect(followed.errors).toBeUndefined();
  }
  const query = /* GraphQL */ `
    query ($id: ID!) {
      user(id: $id) {
        following(first: 50) {
          edges {
            node {
              id
              username
              displayName
              avatarUrl
              isPrivate
              followerCount
              followingCount
              viewerFollows
            }
          }
        }
      }
    }
  `;
  const run = async () => {
    for (const counter of Object.values(graph.counters)) counter.reset();
    const response = await graph.request<{
      user: { following: { edges: { node: { id: string; viewerFollows: boolean } }[] } };
    }>(query, { id: viewer.user.id }, { token: viewer.accessToken });
    expect(response.errors).toBeUndefined();
    const nodes = response.data!.user.following.edges.map((e) => e.node);
    expect(nodes).toHaveLength(50);
    expect(new Set(nodes.map((n) => n.id))).toEqual(new Set(people.map((p) => p.user.id)));
    expect(nodes.every((n) => n.viewerFollows)).toBe(true);
    return {
      users: graph.counters.users.count,
      profiles: graph.counters.profiles.count,
      follows: graph.counters.follows.count,
    };
  };

  const cold = await run();
  // users: the root user(id) and one _entities batch; profiles: one batch; follows: the page,
  // accounts, the viewer's follows and the block check.
  expect(cold.users).toBeLessThanOrEqual(2);
  expect(cold.profiles).toBeLessThanOrEqual(1);
  expect(cold.follows).toBeLessThanOrEqual(4);
  // The second time the profiles come from the cache.
  const warm = await run();
  expect(graph.counters.profiles.statements).toEqual([]);
  expect(warm.users).toBeLessThanOrEqual(2);
  expect(warm.follows).toBeLessThanOrEqual(4);
}, 120_000);
