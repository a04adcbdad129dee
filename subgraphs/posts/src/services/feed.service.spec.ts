import { describe, expect, it } from '@jest/globals';
import type { Logger, Viewer } from '@shutter/runtime';
import { domainError } from '@shutter/testing/unit';
import DataLoader from 'dataloader';
import type { Cover } from '../repositories/feed.repository.js';
import type { PageAfter, PostRow } from '../repositories/post.repository.js';
import { MemoryTimelineStore } from '../timelines/memory-timeline-store.js';
import type { TimelineEntry, TimelineStore } from '../timelines/timeline-store.js';
import { FeedService, type FeedReads } from './feed.service.js';

const VIEWER = '00000000-0000-4000-8000-00000000000a';
const AUTHOR = '00000000-0000-4000-8000-00000000000b';
const T0 = Date.parse('2026-11-30T12:00:00.000Z');

const postId = (n: number) => `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;
/** Post n was written n seconds after T0: a higher n is newer. */
const entry = (n: number): TimelineEntry => ({ postId: postId(n), authorId: AUTHOR, at: T0 + n * 1000 });
const row = (e: TimelineEntry): PostRow => ({
  id: e.postId,
  author_id: e.authorId,
  caption: null,
  hashtags: [],
  mention_ids: [],
  created_at: new Date(e.at),
  updated_at: new Date(e.at),
});
const cursorOf = (n: number) =>
  Buffer.from(JSON.stringify([new Date(T0 + n * 1000).toISOString(), postId(n)])).toString('base64url');

/**
 * The feed's SQL over an in-memory set of posts the viewer may see (`visible`), recording its calls:
 * timelinePage keeps candidates (and nothing merged: no popular authors here) as the SQL does.
 */
class FakeFeed implements FeedReads {
  readonly calls: { method: string; ids?: string[]; after: PageAfter; cover?: Cover; limit: number }[] = [];
  constructor(
    readonly visible: TimelineEntry[],
    readonly all: TimelineEntry[] = visible,
  ) {}

  private newestFirst(list: TimelineEntry[], after: PageAfter) {
    const sorted = [...list].sort((a, b) => b.at - a.at);
    return after ? sorted.filter((e) => e.at < Date.parse(after[0])) : sorted;
  }

  async timelinePage(_viewer: Viewer, ids: string[], after: PageAfter, cover: Cover, limit: number) {
    this.calls.push({ method: 'timelinePage', ids, after, cover, limit });
    const low = !cover ? -Infinity : 'from' in cover ? Date.parse(cover.from[0]) - 1 : Date.parse(cover.above);
    return this.newestFirst(this.visible, after)
      .filter((e) => ids.includes(e.postId) && e.at > low)
      .slice(0, limit)
      .map(row);
  }

  async databasePage(_viewer: Viewer, after: PageAfter, limit: number) {
    this.calls.push({ method: 'databasePage', after, limit });
    return this.newestFirst(this.visible, after).slice(0, limit).map(row);
  }

  async timelineSeed(_ownerId: string, limit: number) {
    this.calls.push({ method: 'timelineSeed', after: null, limit });
    return this.newestFirst(this.all, null).slice(0, limit);
  }
}

const silent = { warn: () => undefined } as unknown as Logger;
const viewer = (userId: string | null): Viewer => ({ userId, role: userId ? 'USER' : null, requestId: 'spec' });

function feedOf(feed: FakeFeed, store: TimelineStore = new MemoryTimelineStore(800), timelineLength = 800) {
  const visible = new DataLoader<string, PostRow | null>(async (ids) => ids.map(() => null));
  return new FeedService(feed, store, visible, viewer(VIEWER), silent, { timelineLength });
}
const ids = (connection: { edges: { node: PostRow }[] }) => connection.edges.map((e) => e.node.id);
const range = (from: number, to: number) =>
  Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => (from > to ? from - i : from + i));

describe(FeedService.name, () => {
  it('refuses an anonymous viewer with SIGN_IN_REQUIRED and reads nothing', async () => {
    const feed = new FakeFeed([]);
    const service = new FeedService(
      feed,
      new MemoryTimelineStore(800),
      new DataLoader(async (keys) => keys.map(() => null)),
      viewer(null),
      silent,
      { timelineLength: 800 },
    );
    expect((await domainError(service.page({ first: 5 }))).code).toBe('SIGN_IN_REQUIRED');
    expect(feed.calls).toEqual([]);
  });

  it('refuses first outside 1..100 and a cursor it did not issue, naming the argument', async () => {
    const service = feedOf(new FakeFeed([]));
    expect(await domainError(service.page({ first: 0 }))).toMatchObject({ code: 'INVALID_INPUT', field: 'first' });
    expect(await domainError(service.page({ first: 101 }))).toMatchObject({ code: 'INVALID_INPUT', field: 'first' });
    expect(await domainError(service.page({ after: 'bm9wZQ' }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'after',
    });
  });

  it('rebuilds a missing timeline from the database, then answers from it with one statement per page', async () => {
    const feed = new FakeFeed(range(1, 15).map(entry));
    const store = new MemoryTimelineStore(800);
    const service = feedOf(feed, store);

    const first = await service.page({ first: 10 });
    expect(ids(first)).toEqual(range(15, 6).map(postId));
    expect(first.pageInfo.hasNextPage).toBe(true);
    // The seed was short of the cap and the slice held all of it: no bound below applies.
    expect(feed.calls.map((c) => c.method)).toEqual(['timelineSeed', 'timelinePage']);
    expect(feed.calls[1]).toMatchObject({ cover: null, limit: 11 });
    expect((await store.range(VIEWER, null, 100))?.entries).toHaveLength(15);

    feed.calls.length = 0;
    const second = await service.page({ first: 10, after: first.pageInfo.endCursor });
    expect(ids(second)).toEqual(range(5, 1).map(postId));
    expect(second.pageInfo.hasNextPage).toBe(false);
    // Candidates after the cursor only.
    expect(feed.calls).toMatchObject([{ method: 'timelinePage', ids: range(5, 1).map(postId), cover: null }]);
  });

  it('bounds a page by the last candidate when the timeline has more than it read', async () => {
    const feed = new FakeFeed(range(1, 50).map(entry));
    const service = feedOf(feed);
    await service.page({ first: 5 });
    const call = feed.calls.find((c) => c.method === 'timelinePage')!;
    expect(call.ids).toHaveLength(12);
    expect(call.cover).toEqual({ from: [new Date(T0 + 39_000).toISOString(), postId(39)] });
  });

  it('reads a page older than the timeline covers from the database (paging past the cap)', async () => {
    const feed = new FakeFeed(range(1, 30).map(entry));
    const service = feedOf(feed, new MemoryTimelineStore(10), 10);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await service.page({ first: 4, after });
      seen.push(...ids(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(range(30, 1).map(postId));
    expect(feed.calls.some((c) => c.method === 'databasePage')).toBe(true);
    // Once past the floor, straight to the database: no timeline statement is spent first.
    const deep = feed.calls.findIndex((c) => c.method === 'databasePage');
    expect(feed.calls.slice(deep).map((c) => c.method)).toEqual(feed.calls.slice(deep).map(() => 'databasePage'));
    expect(feed.calls.slice(deep).length).toBeGreaterThan(3);
  });

  it('falls back to the database when stale entries leave a page short above the floor', async () => {
    // The timeline holds 1..30 (seeded from all), but only every third post is still visible.
    const all = range(1, 30).map(entry);
    const feed = new FakeFeed(
      all.filter((_, i) => i % 3 === 0),
      all,
    );
    const service = feedOf(feed, new MemoryTimelineStore(20), 20);
    const page = await service.page({ first: 5 });
    expect(ids(page)).toEqual([28, 25, 22, 19, 16].map(postId));
    expect(feed.calls.map((c) => c.method)).toEqual(['timelineSeed', 'timelinePage', 'databasePage']);
  });

  it('reads the database when the timeline store fails, and serves the same page', async () => {
    const feed = new FakeFeed(range(1, 8).map(entry));
    const broken = new MemoryTimelineStore(800);
    broken.range = async () => {
      throw new Error('Redis timelines unavailable: not connected');
    };
    const page = await feedOf(feed, broken).page({ first: 5 });
    expect(ids(page)).toEqual(range(8, 4).map(postId));
    expect(feed.calls.map((c) => c.method)).toEqual(['databasePage']);
  });

  it('continues after the cursor with no duplicate or gap while newer posts arrive', async () => {
    const posts = range(1, 12).map(entry);
    const feed = new FakeFeed(posts);
    const store = new MemoryTimelineStore(800);
    const service = feedOf(feed, store);
    const first = await service.page({ first: 6 });
    // Three newer posts are fanned out between the pages.
    const newer = range(13, 15).map(entry);
    feed.visible.push(...newer);
    await store.add([VIEWER], newer);
    const second = await service.page({ first: 6, after: first.pageInfo.endCursor });
    expect([...ids(first), ...ids(second)]).toEqual(range(12, 1).map(postId));
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(ids(await service.page({ first: 3 }))).toEqual(range(15, 13).map(postId));
    expect(second.edges.at(-1)!.cursor).toBe(cursorOf(1));
  });
});
