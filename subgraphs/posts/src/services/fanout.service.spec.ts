import { describe, expect, it } from '@jest/globals';
import { recordingTx } from '@shutter/testing/unit';
import type { FeedRepository, Tx } from '../repositories/feed.repository.js';
import { MemoryTimelineStore } from '../timelines/memory-timeline-store.js';
import type { TimelineEntry } from '../timelines/timeline-store.js';
import { DELIVERY_CHUNK, FanoutService } from './fanout.service.js';

const AUTHOR = '00000000-0000-4000-8000-00000000000a';
const POST = '00000000-0000-4000-9000-000000000001';
const AT = Date.parse('2026-11-30T12:00:00.000Z');
const follower = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;

/** The feed's follow graph and posts in memory, with the repository's fan-out contract. */
class FakeFeed {
  followers: string[] = [];
  decided = new Map<string, boolean>();
  readonly pages: (string | null)[] = [];

  async decideFanout(_tx: Tx, postId: string, maxFollowers: number) {
    if (this.decided.has(postId)) return null;
    const fanout = this.followers.length <= maxFollowers;
    this.decided.set(postId, fanout);
    return { postId, authorId: AUTHOR, at: AT, fanout };
  }

  async followersPage(_tx: Tx, _authorId: string, afterId: string | null, limit: number) {
    this.pages.push(afterId);
    return this.followers.filter((id) => afterId === null || id > afterId).slice(0, limit);
  }
}

async function setup(followers: number, maxFollowers: number) {
  const feed = new FakeFeed();
  feed.followers = Array.from({ length: followers }, (_, i) => follower(i + 1));
  const timelines = new MemoryTimelineStore(800, 10_000);
  for (const owner of [AUTHOR, ...feed.followers]) await timelines.completeRebuild(owner, [], -Infinity);
  const service = new FanoutService(feed as unknown as FeedRepository, timelines, {
    maxFollowers,
    timelineLength: 800,
  });
  const tx = recordingTx();
  const holds = async (owner: string) =>
    ((await timelines.range(owner, null, 10))?.entries ?? []).map((e: TimelineEntry) => e.postId);
  return { feed, timelines, service, tx, holds };
}

describe(FanoutService.name, () => {
  it('adds a post to the author and every follower, and announces the followers in chunks of at most 1000', async () => {
    const { service, tx, holds } = await setup(2 * DELIVERY_CHUNK + 1, 5_000);
    await service.postCreated(tx as unknown as Tx, POST);

    expect(await holds(AUTHOR)).toEqual([POST]);
    expect(await holds(follower(1))).toEqual([POST]);
    expect(await holds(follower(2 * DELIVERY_CHUNK + 1))).toEqual([POST]);
    expect(
      tx.events.map((e) => [e.type, e.aggregateId, (e.payload as { recipientIds: string[] }).recipientIds.length]),
    ).toEqual([
      ['FeedPostDelivered', POST, 1000],
      ['FeedPostDelivered', POST, 1000],
      ['FeedPostDelivered', POST, 1],
    ]);
    const recipients = tx.events.flatMap((e) => (e.payload as { recipientIds: string[] }).recipientIds);
    expect(new Set(recipients).size).toBe(2 * DELIVERY_CHUNK + 1);
    expect(tx.events[0]!.payload).toMatchObject({ postId: POST, authorId: AUTHOR });
  });

  it('writes no timeline for an author above the threshold, but still announces to the followers', async () => {
    const { service, tx, holds } = await setup(3, 2);
    await service.postCreated(tx as unknown as Tx, POST);
    expect(await holds(AUTHOR)).toEqual([]);
    expect(await holds(follower(1))).toEqual([]);
    expect(tx.events).toHaveLength(1);
    expect(tx.events[0]!.payload).toEqual({ postId: POST, authorId: AUTHOR, recipientIds: [1, 2, 3].map(follower) });
  });

  it('does nothing for a post decided before (a redelivery, or a post older than the feed)', async () => {
    const { feed, service, tx } = await setup(2, 10);
    feed.decided.set(POST, true);
    await service.postCreated(tx as unknown as Tx, POST);
    expect(tx.events).toEqual([]);
    expect(feed.pages).toEqual([]);
  });

  it('announces nothing when the author has no follower', async () => {
    const { service, tx, holds } = await setup(0, 10);
    await service.postCreated(tx as unknown as Tx, POST);
    expect(await holds(AUTHOR)).toEqual([POST]);
    expect(tx.events).toEqual([]);
  });
});
