import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEvent, type EventEnvelope } from '@shutter/events';
import type { Logger } from '@shutter/runtime';
import { feedConsumer } from '../src/events/feed-events.js';
import { FeedRepository } from '../src/repositories/feed.repository.js';
import { FanoutService } from '../src/services/fanout.service.js';
import { FeedService } from '../src/services/feed.service.js';
import { MemoryTimelineStore } from '../src/timelines/memory-timeline-store.js';
import { RedisTimelineStore } from '../src/timelines/redis-timeline-store.js';
import type { TimelineStore } from '../src/timelines/timeline-store.js';
import { factories, openPostsDatabase, viewer, type PostsDatabase } from './harness.js';

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: the jest globalSetup should have started Redis.');
  return url;
}

const silent = { warn: () => undefined } as unknown as Logger;
const TIMELINE_LENGTH = 40;
const MAX_FOLLOWERS = 3;

let t: PostsDatabase;
let make: ReturnType<typeof factories>;
beforeAll(async () => {
  t = await openPostsDatabase();
  make = factories(t);
});
afterAll(async () => {
  await t.close();
});

describe.each(['redis', 'memory'] as const)('the home feed on the %s timeline store', (kind) => {
  let timelines: TimelineStore;
  let repository: FeedRepository;
  let handler: ReturnType<typeof feedConsumer>['handler'];
  beforeAll(() => {
    timelines =
      kind === 'redis'
        ? new RedisTimelineStore(redisUrl(), TIMELINE_LENGTH, `test:${randomUUID()}:`)
        : new MemoryTimelineStore(TIMELINE_LENGTH);
    repository = new FeedRepository(t.prisma);
    const settings = { maxFollowers: MAX_FOLLOWERS, timelineLength: TIMELINE_LENGTH };
    handler = feedConsumer(repository, new FanoutService(repository, timelines, settings)).handler;
  });
  afterAll(async () => {
    await timelines.close();
  });

  const deliver = (event: EventEnvelope & { topic: string }) => handler(event, { topic: event.topic, attempt: 1 });
  /** A follow as both consumer groups apply it: the visibility copy and the feed's own. */
  async function follow(followerId: string, followeeId: string) {
    await make.follow(followerId, followeeId);
    await deliver(createEvent('FollowCreated', followeeId, { followerId, followeeId }));
  }
  async function unfollow(followerId: string, followeeId: string) {
    await make.unfollow(followerId, followeeId);
    await deliver(createEvent('FollowRemoved', followeeId, { followerId, followeeId }));
  }
  /** A post as createPost writes it, then its PostCreated handled by the feed's consumer. */
  async function post(authorId: string): Promise<string> {
    const row = await make.post(authorId);
    await deliver(postCreated(row.id, authorId, row.created_at));
    return row.id;
  }
  const postCreated = (postId: string, authorId: string, createdAt: Date) =>
    createEvent('PostCreated', postId, {
      postId,
      authorId,
      caption: null,
      hashtags: [],
      mentionIds: [],
      mediaCount: 1,
      createdAt: createdAt.toISOString(),
    });
  const feedOf = (userId: string) =>
    new FeedService(repository, timelines, t.posts.createVisibleLoader(viewer(userId)), viewer(userId), silent, {
      timelineLength: TIMELINE_LENGTH,
    });
  /** Every post of the viewer's feed, page by page. */
  async function wholeFeed(userId: string, first = 50): Promise<string[]> {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await feedOf(userId).page({ first, after });
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) return seen;
      after = page.pageInfo.endCursor;
    }
  }
  const inTimeline = async (ownerId: string) =>
    ((await timelines.range(ownerId, null, 1000))?.entries ?? []).map((e) => e.postId);
  const deliveries = async (postId: string) =>
    (
      await t.prisma.outboxEvent.findMany({
        where: { type: 'FeedPostDelivered', aggregateId: postId },
        orderBy: { seq: 'asc' },
      })
    ).map((e) => (e.payload as { recipientIds: string[] }).recipientIds);

  it("fans a post out to the author's and followers' timelines with one FeedPostDelivered, once under redelivery", async () => {
    const [author, reader, other, blocked] = [
      await make.account(),
      await make.account(),
      await make.account(),
      await make.account(),
    ];
    for (const who of [author, reader, other, blocked]) await feedOf(who).page({ first: 1 });
    await follow(reader, author);
    await follow(blocked, author);
    await make.block(author, blocked);

    const row = await make.post(author);
    const event = postCreated(row.id, author, row.created_at);
    await deliver(event);
    await deliver(event);
    // The same post announced again under another event id (a producer retry) changes nothing either.
    await deliver(postCreated(row.id, author, row.created_at));

    expect(await inTimeline(author)).toEqual([row.id]);
    expect(await inTimeline(reader)).toEqual([row.id]);
    expect(await inTimeline(other)).toEqual([]);
    expect(await inTimeline(blocked)).toEqual([]);
    expect(await deliveries(row.id)).toEqual([[reader]]);
  });

  it('shows own and followed posts newest first across pages, with no duplicate or gap while posts arrive', async () => {
    const me = await make.account();
    const authors = [await make.account(), await make.account(), await make.account()];
    for (const a of authors) await follow(me, a);
    const stranger = await make.account();
    await post(stranger);
    const written: string[] = [];
    for (let i = 0; i < 12; i += 1) written.push(await post(i % 4 === 3 ? me : authors[i % 3]!));

    const first = await feedOf(me).page({ first: 5 });
    for (let i = 0; i < 3; i += 1) await post(authors[i]!);
    const rest: string[] = [];
    let after = first.pageInfo.endCursor;
    for (;;) {
      const page = await feedOf(me).page({ first: 5, after });
      rest.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect([...first.edges.map((e) => e.node.id), ...rest]).toEqual([...written].reverse());
  });

  it("merges a popular author's posts (no fan-out) into the feed at read time, still announcing them", async () => {
    const me = await make.account();
    const popular = await make.account();
    const ordinary = await make.account();
    await follow(me, ordinary);
    await follow(me, popular);
    const fans = [await make.account(), await make.account(), await make.account()];
    for (const fan of fans) await follow(fan, popular);
    await feedOf(me).page({ first: 1 });

    const older = await post(ordinary);
    const loud = await post(popular);
    const newer = await post(ordinary);
    expect(await inTimeline(me)).toEqual([newer, older]);
    expect(await inTimeline(popular)).toEqual([]);
    expect((await deliveries(loud)).flat().sort()).toEqual([me, ...fans].sort());
    expect(await wholeFeed(me)).toEqual([newer, loud, older]);
    expect(await wholeFeed(me, 1)).toEqual([newer, loud, older]);
  });

  it('rebuilds an evicted timeline from the database to the same feed', async () => {
    const me = await make.account();
    const author = await make.account();
    await follow(me, author);
    const posts = [await post(me), await post(author), await post(author)];
    const before = await wholeFeed(me, 2);
    expect(before).toEqual([...posts].reverse());
    await timelines.drop(me);
    // Posted while the timeline is missing: no fan-out reaches it, the rebuild reads it.
    const later = await post(author);
    expect(await inTimeline(me)).toEqual([]);
    expect(await wholeFeed(me, 2)).toEqual([later, ...before]);
    expect(await inTimeline(me)).toEqual([later, ...before]);
  });

  it('brings in the recent posts of a new followee, and takes them out on unfollow and on a block either way', async () => {
    const me = await make.account();
    const [a, b] = [await make.account(), await make.account()];
    const byA = [await post(a), await post(a)];
    const byB = await post(b);
    const mine = await post(me);
    await feedOf(me).page({ first: 1 });
    await follow(me, a);
    await follow(me, b);
    expect(await inTimeline(me)).toEqual([mine, byB, byA[1], byA[0]]);
    expect(await wholeFeed(me)).toEqual([mine, byB, byA[1], byA[0]]);

    await unfollow(me, a);
    expect(await inTimeline(me)).toEqual([mine, byB]);
    expect(await wholeFeed(me)).toEqual([mine, byB]);

    // b blocks me: the follows end (FollowRemoved comes too), and each leaves the other's timeline.
    await feedOf(b).page({ first: 1 });
    expect(await inTimeline(b)).toEqual([byB]);
    await make.block(b, me);
    await deliver(createEvent('UserBlocked', me, { blockerId: b, blockedId: me }));
    expect(await inTimeline(me)).toEqual([mine]);
    expect(await wholeFeed(me)).toEqual([mine]);
  });

  it('never shows a stale entry: a deleted post, a private account no longer followed, a block not yet applied', async () => {
    const me = await make.account();
    const [friend, secret, blocker] = [await make.account(), await make.privateAccount(), await make.account()];
    for (const who of [friend, secret, blocker]) await follow(me, who);
    const kept = await post(friend);
    const deleted = await post(friend);
    const hidden = await post(secret);
    const acrossBlock = await post(blocker);
    await feedOf(me).page({ first: 1 });
    expect(await wholeFeed(me)).toEqual([acrossBlock, hidden, deleted, kept]);

    // Only the other consumer group's copies changed so far: the timeline still lists all four.
    await t.posts.transaction((tx) => t.posts.deletePost(tx, deleted));
    await make.unfollow(me, secret);
    await make.block(blocker, me);
    expect(await inTimeline(me)).toEqual([acrossBlock, hidden, deleted, kept]);
    expect(await wholeFeed(me)).toEqual([kept]);
    expect(await wholeFeed(me, 1)).toEqual([kept]);
  });

  it("fans out to a follow the feed's consumer applied before the visibility copy did", async () => {
    const [me, author] = [await make.account(), await make.account()];
    await feedOf(me).page({ first: 1 });
    await deliver(createEvent('FollowCreated', author, { followerId: me, followeeId: author }));
    const row = await post(author);
    expect(await inTimeline(me)).toEqual([row]);
    expect(await wholeFeed(me)).toEqual([row]);
  });

  it('pages past the timeline cap from the database, complete and in order', async () => {
    const me = await make.account();
    const author = await make.account();
    await follow(me, author);
    const written: string[] = [];
    for (let i = 0; i < TIMELINE_LENGTH + 15; i += 1) written.push(await post(author));
    expect((await inTimeline(me)).length).toBeLessThanOrEqual(TIMELINE_LENGTH);
    expect(await wholeFeed(me, 7)).toEqual([...written].reverse());
  });

  it('reads a page in the same number of statements at 10 and 50 posts, warm and cold', async () => {
    const me = await make.account();
    const [a, b] = [await make.account(), await make.account()];
    await follow(me, a);
    await follow(me, b);
    for (let i = 0; i < 30; i += 1) {
      await post(a);
      await post(b);
    }
    // A timeline longer than a page of 50 (this file's timelines are short, to test the cap).
    const roomy: TimelineStore =
      kind === 'redis'
        ? new RedisTimelineStore(redisUrl(), 200, `test:${randomUUID()}:`)
        : new MemoryTimelineStore(200);
    const statements = async (first: number) => {
      const service = new FeedService(repository, roomy, t.posts.createVisibleLoader(viewer(me)), viewer(me), silent, {
        timelineLength: 200,
      });
      t.counter.reset();
      const page = await service.page({ first });
      expect(page.edges).toHaveLength(first);
      return t.counter.count;
    };
    const cold10 = await statements(10);
    await roomy.drop(me);
    const cold50 = await statements(50);
    const [warm10, warm50] = [await statements(10), await statements(50)];
    await roomy.close();
    expect([cold10, cold50, warm10, warm50]).toEqual([2, 2, 1, 1]);
  });
});
