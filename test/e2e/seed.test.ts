import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { DEMO_PASSWORD, seedDemo, type SeedSummary } from '../../scripts/seed.js';
import { startTestSupergraph, type TestSupergraph } from '../support/supergraph.js';

/** `npm run seed` on an empty stack, then again (issue 15): a populated network, and nothing twice. */
let graph: TestSupergraph;
let first: SeedSummary;
const quiet = { write: () => true };

beforeAll(async () => {
  graph = await startTestSupergraph();
  first = await seedDemo({ url: graph.url, people: 6, out: quiet });
}, 120_000);
afterAll(() => graph?.close());

interface Totals {
  users: { username: string; postCount: number; followerCount: number; avatarUrl: string | null }[];
  /** Media as a count: their signed URLs change with every read. */
  explore: { caption: string; media: number; likeCount: number; commentCount: number }[];
}

async function totals(): Promise<Totals> {
  const users = await Promise.all(
    first.people.map(async ({ id }) => {
      const response = await graph.request<{ user: Totals['users'][number] }>(
        `query($id: ID!) { user(id: $id) { username postCount followerCount avatarUrl } }`,
        { id },
      );
      return response.data!.user;
    }),
  );
  type Node = Omit<Totals['explore'][number], 'media'> & { media: { url: string }[] };
  const explore = await graph.request<{ explore: { edges: { node: Node }[] } }>(
    `{ explore(first: 100) { edges { node { caption media { url } likeCount commentCount } } } }`,
  );
  return {
    users,
    explore: explore.data!.explore.edges.map(({ node }) => ({
      ...node,
      media: node.media.filter((m) => m.url).length,
    })),
  };
}

it('makes people who can log in, a skewed follow graph, posts with photos, likes and comments', async () => {
  const login = await graph.request<{ login: { user: { username: string } } }>(
    `mutation { login(usernameOrEmail: "ada_demo", password: "${DEMO_PASSWORD}") { user { username } } }`,
  );
  expect(login.data?.login.user.username).toBe('ada_demo');

  await graph.settle();
  const { users, explore } = await totals();
  expect(users.map((u) => u.username)).toEqual([
    'ada_demo',
    'alan_demo',
    'grace_demo',
    'linus_demo',
    'margaret_demo',
    'ken_demo',
  ]);
  expect(first.avatars).toBe(true);
  expect(users.every((u) => !!u.avatarUrl)).toBe(true);
  expect(users.every((u) => u.postCount >= 1)).toBe(true);
  // Skewed: the first account is followed by more than the last.
  expect(users[0]!.followerCount).toBeGreaterThan(users[5]!.followerCount);
  expect(explore.length).toBe(first.postsCreated);
  expect(explore.every((post) => post.media >= 1 && /#\w+/.test(post.caption))).toBe(true);
  expect(explore.reduce((n, p) => n + p.likeCount, 0)).toBe(first.likes);
  expect(explore.reduce((n, p) => n + p.commentCount, 0)).toBe(first.comments);
  expect(first.likes).toBeGreaterThan(0);
}, 60_000);

it('adds nothing on a second run', async () => {
  await graph.settle();
  const before = await totals();
  const second = await seedDemo({ url: graph.url, people: 6, out: quiet });
  expect(second.people).toEqual(first.people);
  expect([second.postsCreated, second.likes, second.comments]).toEqual([0, 0, 0]);
  await graph.settle();
  expect(await totals()).toEqual(before);
}, 120_000);
