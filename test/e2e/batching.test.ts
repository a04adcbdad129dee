import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { IDENTITY_HEADER, signIdentity } from '@shutter/runtime';
import { createPost } from '../support/posts.js';
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
  // users: the root user(id) and one _entities batch; profiles: one batch; follows: the page, and
  // the accounts with the viewer's relations to them (follows, blocks) in one statement.
  expect(cold.users).toBeLessThanOrEqual(2);
  expect(cold.profiles).toBeLessThanOrEqual(1);
  expect(cold.follows).toBeLessThanOrEqual(2);
  // The second time the profiles come from the cache.
  const warm = await run();
  expect(graph.counters.profiles.statements).toEqual([]);
  expect(warm.users).toBeLessThanOrEqual(2);
  expect(warm.follows).toBeLessThanOrEqual(2);
}, 120_000);

it('answers a feed page with media and author fields in 4 SQL statements cold and 3 warm, whatever its size or depth', async () => {
  const viewer = await registerUser(graph);
  const authors = await Promise.all(Array.from({ length: 6 }, () => registerUser(graph)));
  await graph.settle();
  for (const author of authors.slice(0, 3)) {
    await graph.request(
      `mutation($id: ID!) { follow(userId: $id) { id } }`,
      { id: author.user.id },
      { token: viewer.accessToken },
    );
  }
  // 12 posts per author, 72 in all, taken round-robin so every page has several authors.
  for (let i = 0; i < 12; i += 1) {
    await Promise.all(authors.map((author, a) => createPost(graph, author, `Frame ${i}.${a} #batched`, 1 + (i % 2))));
  }
  await graph.settle();
  const query = /* GraphQL */ `
    query ($first: Int!, $after: String) {
      hashtag(tag: "batched", first: $first, after: $after) {
        edges {
          node {
            id
            caption
            createdAt
            media {
              url
              width
              height
              contentType
            }
            author {
              id
              username
              displayName
              avatarUrl
              followerCount
              viewerFollows
            }
          }
        }
        pageInfo {
          endCursor
        }
      }
    }
  `;
  type Page = {
    hashtag: {
      edges: { node: { media: unknown[]; author: { id: string; viewerFollows: boolean } } }[];
      pageInfo: { endCursor: string };
    };
  };
  const page = async (first: number, after?: string) => {
    for (const counter of Object.values(graph.counters)) counter.reset();
    const response = await graph.request<Page>(query, { first, after }, { token: viewer.accessToken });
    expect(response.errors).toBeUndefined();
    const edges = response.data!.hashtag.edges;
    expect(edges).toHaveLength(first);
    expect(edges.every((e) => e.node.media.length >= 1)).toBe(true);
    const followed = new Set(authors.slice(0, 3).map((a) => a.user.id));
    expect(edges.every((e) => e.node.author.viewerFollows === followed.has(e.node.author.id))).toBe(true);
    const perDomain = Object.fromEntries(Object.entries(graph.counters).map(([d, c]) => [d, c.count]));
    return { perDomain, endCursor: response.data!.hashtag.pageInfo.endCursor };
  };

  const cold = await page(10);
  expect(cold.perDomain).toMatchObject({ users: 1, profiles: 1, follows: 1, posts: 1 });
  // The profiles cache is warm from here on.
  const ten = await page(10);
  const fifty = await page(50);
  const deep = await page(10, fifty.endCursor);
  // posts: the page with its media; users: one _entities batch; follows: accounts and the viewer's
  // relations together; profiles: served from the cache.
  const expected = { users: 1, profiles: 0, follows: 1, posts: 1 };
  for (const { perDomain } of [ten, fifty, deep]) expect(perDomain).toMatchObject(expected);
}, 180_000);

it('answers a home feed page in the statements of a hashtag page, whatever its size or depth (one for posts once the timeline is built)', async () => {
  const viewer = await registerUser(graph);
  const authors = await Promise.all(Array.from({ length: 6 }, () => registerUser(graph)));
  await graph.settle();
  for (const author of authors) {
    await graph.request(
      `mutation($id: ID!) { follow(userId: $id) { id } }`,
      { id: author.user.id },
      { token: viewer.accessToken },
    );
  }
  for (let i = 0; i < 11; i += 1) {
    await Promise.all(authors.map((author, a) => createPost(graph, author, `Home ${i}.${a}`)));
  }
  await graph.settle();
  const query = /* GraphQL */ `
    query ($first: Int!, $after: String) {
      feed(first: $first, after: $after) {
        edges {
          node {
            id
            media {
              url
            }
            author {
              id
              username
              avatarUrl
              viewerFollows
            }
          }
        }
        pageInfo {
          endCursor
        }
      }
    }
  `;
  type Page = { feed: { edges: { node: { author: { viewerFollows: boolean } } }[]; pageInfo: { endCursor: string } } };
  const page = async (first: number, after?: string) => {
    for (const counter of Object.values(graph.counters)) counter.reset();
    const response = await graph.request<Page>(query, { first, after }, { token: viewer.accessToken });
    expect(response.errors).toBeUndefined();
    expect(response.data!.feed.edges).toHaveLength(first);
    expect(response.data!.feed.edges.every((e) => e.node.author.viewerFollows)).toBe(true);
    const perDomain = Object.fromEntries(Object.entries(graph.counters).map(([d, c]) => [d, c.count]));
    return { perDomain, endCursor: response.data!.feed.pageInfo.endCursor };
  };

  // The first read rebuilds the viewer's timeline from the database (one statement more).
  const cold = await page(10);
  expect(cold.perDomain).toMatchObject({ users: 1, follows: 1, posts: 2 });
  const ten = await page(10);
  const fifty = await page(50);
  const deep = await page(10, fifty.endCursor);
  const expected = { users: 1, profiles: 0, follows: 1, posts: 1 };
  for (const { perDomain } of [ten, fifty, deep]) expect(perDomain).toMatchObject(expected);
}, 180_000);
