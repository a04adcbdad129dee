import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RedisTimelineStore } from '@shutter/posts';
import { codes } from '@shutter/testing';
import { createPost } from '../support/posts.js';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: the jest globalSetup should have started Redis.');
  return url;
}

/** Followers above which an author gets no fan-out, small enough for a test to cross. */
const MAX_FOLLOWERS = 3;

let graph: TestSupergraph;
beforeAll(async () => {
  graph = await startTestSupergraph({ REDIS_URL: redisUrl(), FEED_FANOUT_MAX_FOLLOWERS: String(MAX_FOLLOWERS) });
});
afterAll(async () => {
  await graph?.close();
});

const FEED = /* GraphQL */ `
  query ($first: Int, $after: String) {
    feed(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          caption
          author {
            id
            username
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
interface FeedPage {
  edges: { cursor: string; node: { id: string; caption: string; author: { id: string; username: string } } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

async function must<T = Record<string, unknown>>(who: Session, query: string, variables: Record<string, unknown> = {}) {
  const response = await graph.request<T>(query, variables, { token: who.accessToken });
  if (!response.data || response.errors) throw new Error(`${query}: ${JSON.stringify(response.errors)}`);
  return response.data;
}
const act = (name: string) => `mutation($id: ID!) { ${name}(userId: $id) { id } }`;
const follow = (who: Session, target: Session) => must(who, act('follow'), { id: target.user.id });

async function page(who: Session, first: number, after: string | null = null): Promise<FeedPage> {
  return (await must<{ feed: FeedPage }>(who, FEED, { first, after })).feed;
}

/** The whole feed, page by page; `between` runs after each page (posts arriving meanwhile). */
async function wholeFeed(who: Session, first = 50, between?: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const current = await page(who, first, after);
    seen.push(...current.edges.map((e) => e.node.id));
    if (!current.pageInfo.hasNextPage) return seen;
    after = current.pageInfo.endCursor;
    if (between) await between();
  }
}

async function users(n: number): Promise<Session[]> {
  const sessions = await Promise.all(Array.from({ length: n }, () => registerUser(graph)));
  await graph.settle();
  return sessions;
}

/** Posts and waits until the feed's consumer (and every other) has handled it. */
async function post(who: Session, caption: string): Promise<string> {
  const id = await createPost(graph, who, caption);
  await graph.settle();
  return id;
}

describe('the home feed', () => {
  it('pages 30 posts of 5 followed accounts newest first, with no duplicate or gap while new posts arrive', async () => {
    const [me, ...followed] = await users(6);
    for (const account of followed) await follow(me!, account);
    await graph.settle();
    const written: string[] = [];
    for (let i = 0; i < 30; i += 1) written.push(await post(followed[i % 5]!, `post ${i}`));
    await page(me!, 1);

    let arrived = 0;
    const seen = await wholeFeed(me!, 7, async () => {
      // Two posts arrive between pages, from a followed account and from the viewer.
      await post(followed[arrived % 5]!, `newer ${arrived}`);
      await post(me!, `mine ${arrived}`);
      arrived += 1;
    });
    expect(seen).toEqual([...written].reverse());
    // The posts that arrived meanwhile lead the next first page: 2 per page turn (4 turns of 7).
    const fresh = await page(me!, 20);
    expect(fresh.edges.slice(0, 8).map((e) => e.node.caption)).toEqual(
      [3, 2, 1, 0].flatMap((i) => [`mine ${i}`, `newer ${i}`]),
    );
    expect(fresh.edges[8]!.node.id).toBe(written.at(-1));
    expect(fresh.edges[0]!.node.author).toEqual({ id: me!.user.id, username: me!.user.username });
  });

  it('removes an account on unfollow, and hides a block either way', async () => {
    const [me, kept, unfollowed, blocksMe, blockedByMe] = await users(5);
    for (const account of [kept, unfollowed, blocksMe, blockedByMe]) await follow(me!, account!);
    await graph.settle();
    const posts = {
      kept: await post(kept!, 'kept'),
      unfollowed: await post(unfollowed!, 'unfollowed'),
      blocksMe: await post(blocksMe!, 'blocks me'),
      blockedByMe: await post(blockedByMe!, 'blocked by me'),
    };
    expect(await wholeFeed(me!)).toEqual([posts.blockedByMe, posts.blocksMe, posts.unfollowed, posts.kept]);

    await must(me!, act('unfollow'), { id: unfollowed!.user.id });
    await must(blocksMe!, act('block'), { id: me!.user.id });
    await must(me!, act('block'), { id: blockedByMe!.user.id });
    await graph.settle();
    expect(await wholeFeed(me!)).toEqual([posts.kept]);
    expect(await wholeFeed(me!, 1)).toEqual([posts.kept]);
  });

  it("never shows a private account's posts before the follow is approved, nor a deleted post", async () => {
    const [me, secret, author] = await users(3);
    await must(secret!, `mutation { updateProfile(input: { isPrivate: true }) { id } }`);
    await graph.settle();
    await follow(me!, secret!);
    await follow(me!, author!);
    await graph.settle();
    const hidden = await post(secret!, 'for approved followers');
    const deleted = await post(author!, 'soon gone');
    const kept = await post(author!, 'stays');
    // A follow request is no follow: nothing of the private account yet.
    expect(await wholeFeed(me!)).toEqual([kept, deleted]);

    await must(author!, `mutation($id: ID!) { deletePost(id: $id) }`, { id: deleted });
    await must(secret!, act('approveFollowRequest'), { id: me!.user.id });
    await graph.settle();
    expect(await wholeFeed(me!)).toEqual([kept, hidden]);
    // A stranger sees neither account's posts in their own feed.
    const [stranger] = await users(1);
    expect(await wholeFeed(stranger!)).toEqual([]);
  });

  it('merges in the posts of a followed account above the fan-out threshold', async () => {
    const [me, popular, ordinary, ...fans] = await users(3 + MAX_FOLLOWERS);
    for (const fan of [me!, ...fans]) await follow(fan, popular!);
    await follow(me!, ordinary!);
    await graph.settle();
    const older = await post(ordinary!, 'older');
    const loud = await post(popular!, 'from a popular account');
    const newer = await post(ordinary!, 'newer');
    // Not fanned out: the post is read into feeds when they are read.
    const { rows } = await graph.sql('posts', 'SELECT feed_fanout FROM posts WHERE id = $1', [loud]);
    expect(rows).toEqual([{ feed_fanout: false }]);
    expect(await wholeFeed(me!)).toEqual([newer, loud, older]);
    expect(await wholeFeed(me!, 1)).toEqual([newer, loud, older]);
    expect(await wholeFeed(fans[0]!)).toEqual([loud]);
    // Announced to its followers all the same (the live layer pushes feedPostAdded from this).
    const delivered = await graph.sql(
      'posts',
      `SELECT payload->'recipientIds' AS recipients FROM outbox WHERE type = 'FeedPostDelivered' AND aggregate_id = $1`,
      [loud],
    );
    expect((delivered.rows as { recipients: string[] }[]).flatMap((r) => r.recipients).sort()).toEqual(
      [me!, ...fans].map((s) => s.user.id).sort(),
    );
  });

  it('rebuilds an evicted timeline from the database to the same feed', async () => {
    const [me, author] = await users(2);
    await follow(me!, author!);
    await graph.settle();
    const posts = [await post(author!, 'one'), await post(me!, 'two'), await post(author!, 'three')];
    const before = await wholeFeed(me!, 2);
    expect(before).toEqual([...posts].reverse());

    // As Redis evicting the key would: the whole timeline is gone.
    const timelines = new RedisTimelineStore(redisUrl(), 800);
    try {
      expect((await timelines.range(me!.user.id, null, 10))?.entries.map((e) => e.postId)).toEqual(before);
      await timelines.drop(me!.user.id);
      expect(await timelines.range(me!.user.id, null, 10)).toBeNull();
      // Posted while it is missing: the fan-out skips the timeline, the rebuild reads the post.
      const later = await post(author!, 'four');
      expect(await timelines.range(me!.user.id, null, 10)).toBeNull();
      expect(await wholeFeed(me!, 2)).toEqual([later, ...before]);
      expect((await timelines.range(me!.user.id, null, 10))?.entries.map((e) => e.postId)).toEqual([later, ...before]);
    } finally {
      await timelines.close();
    }
  });

  it('refuses first outside 1..100 with BAD_USER_INPUT, and an anonymous viewer with UNAUTHENTICATED', async () => {
    const [me] = await users(1);
    for (const first of [0, 101, -1]) {
      const response = await graph.request(FEED, { first }, { token: me!.accessToken });
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0]!.message).toMatch(/first/);
    }
    const badCursor = await graph.request(FEED, { first: 5, after: 'not-a-cursor' }, { token: me!.accessToken });
    expect(codes(badCursor)).toEqual(['BAD_USER_INPUT']);
    const anonymous = await graph.request(FEED, { first: 5 });
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.data).toBeNull();
  });
});
