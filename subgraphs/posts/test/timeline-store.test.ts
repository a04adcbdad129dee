import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryTimelineStore } from '../src/timelines/memory-timeline-store.js';
import { RedisTimelineStore } from '../src/timelines/redis-timeline-store.js';
import type { TimelineEntry, TimelineStore } from '../src/timelines/timeline-store.js';

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: the jest globalSetup should have started Redis.');
  return url;
}

const CAP = 5;
const T0 = Date.parse('2026-11-30T12:00:00.000Z');
const AUTHOR = randomUUID();
/** Post n at T0 + n seconds, unless `at` says otherwise (ties share a time). */
const entry = (n: number, { at = T0 + n * 1000, authorId = AUTHOR } = {}): TimelineEntry => ({
  postId: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
  authorId,
  at,
});
const ids = (entries: TimelineEntry[] | undefined) => (entries ?? []).map((e) => Number(e.postId.slice(-12)));

describe.each(['memory', 'redis'] as const)('the %s timeline store', (kind) => {
  let store: TimelineStore;
  beforeAll(() => {
    store =
      kind === 'redis'
        ? new RedisTimelineStore(redisUrl(), CAP, `test:${randomUUID()}:`)
        : new MemoryTimelineStore(CAP);
  });
  afterAll(async () => {
    await store.close();
  });
  const owner = () => randomUUID();

  it('tells a missing timeline (null) from an empty one, and adds nothing to a missing one', async () => {
    const [missing, empty] = [owner(), owner()];
    await store.completeRebuild(empty, [], -Infinity);
    await store.add([missing, empty], [entry(1)]);
    expect(await store.range(missing, null, 10)).toBeNull();
    expect(await store.range(empty, null, 10)).toEqual({ entries: [entry(1)], truncated: false, floor: -Infinity });
    const emptied = owner();
    await store.completeRebuild(emptied, [entry(2)], -Infinity);
    await store.removePost([emptied], entry(2));
    expect(await store.range(emptied, null, 10)).toEqual({ entries: [], truncated: false, floor: -Infinity });
    await store.drop(emptied);
    expect(await store.range(emptied, null, 10)).toBeNull();
  });

  it('returns entries newest first, strictly after a cursor, ties broken by post id, and says when it stopped at the limit', async () => {
    const me = owner();
    const tied = T0 + 3_000;
    await store.completeRebuild(
      me,
      [entry(1), entry(13, { at: tied }), entry(12, { at: tied }), entry(11, { at: tied })],
      -Infinity,
    );
    await store.add([me], [entry(4)]);
    expect(ids((await store.range(me, null, 10))!.entries)).toEqual([4, 13, 12, 11, 1]);
    // After (tied, 12): the other tie below 12, then the older one.
    const after = await store.range(me, { at: tied, postId: entry(12).postId }, 10);
    expect(ids(after!.entries)).toEqual([11, 1]);
    expect(after!.truncated).toBe(false);
    const limited = await store.range(me, { at: T0 + 4_000, postId: entry(4).postId }, 2);
    expect(ids(limited!.entries)).toEqual([13, 12]);
    expect(limited!.truncated).toBe(true);
  });

  it('keeps the newest entries up to the cap, raising the floor to the newest time it dropped', async () => {
    const me = owner();
    await store.completeRebuild(me, [], -Infinity);
    await store.add(
      [me],
      [1, 2, 3, 4].map((n) => entry(n)),
    );
    await store.add(
      [me],
      [5, 6, 7].map((n) => entry(n)),
    );
    const slice = await store.range(me, null, 10);
    expect(ids(slice!.entries)).toEqual([7, 6, 5, 4, 3]);
    expect(slice!.floor).toBe(T0 + 2_000);
    // An entry at or below the floor is not taken: the timeline says nothing about that time.
    await store.add([me], [entry(0), entry(22, { at: T0 + 2_000 })]);
    expect(ids((await store.range(me, null, 10))!.entries)).toEqual([7, 6, 5, 4, 3]);
    // Adding the same entries again changes nothing (redelivery).
    await store.add([me], [entry(7), entry(6)]);
    expect(ids((await store.range(me, null, 10))!.entries)).toEqual([7, 6, 5, 4, 3]);
    // Nothing is listed at or below the floor, even after a cursor that points there.
    expect((await store.range(me, { at: T0 + 2_000, postId: entry(2).postId }, 10))!.entries).toEqual([]);
  });

  it('drops every entry at the newest dropped time when trimming (the floor is a time, not a key)', async () => {
    const me = owner();
    const tied = T0 + 2_000;
    // Seven entries, cap five: 1 and 21 are dropped, and 22 goes with 21's time.
    await store.completeRebuild(
      me,
      [entry(1), entry(21, { at: tied }), entry(22, { at: tied }), entry(3), entry(4), entry(5), entry(6)],
      -Infinity,
    );
    const slice = await store.range(me, null, 10);
    expect(ids(slice!.entries)).toEqual([6, 5, 4, 3]);
    expect(slice!.floor).toBe(tied);
  });

  it('sets the floor of a rebuild and keeps what fan-out added while it ran', async () => {
    const me = owner();
    await store.beginRebuild(me);
    expect(await store.range(me, null, 10)).toEqual({ entries: [], truncated: false, floor: Infinity });
    // A post fanned out during the rebuild is kept; one at or below the floor the rebuild sets is not.
    await store.add([me], [entry(9), entry(1)]);
    await store.completeRebuild(me, [entry(3), entry(2)], T0 + 1_000);
    const slice = await store.range(me, null, 10);
    expect(ids(slice!.entries)).toEqual([9, 3, 2]);
    expect(slice!.floor).toBe(T0 + 1_000);
  });

  it("removes one author's entries and leaves the others", async () => {
    const me = owner();
    const other = randomUUID();
    await store.completeRebuild(
      me,
      [entry(1), entry(2, { authorId: other }), entry(3), entry(4, { authorId: other })],
      -Infinity,
    );
    await store.removeAuthor(me, other);
    expect(ids((await store.range(me, null, 10))!.entries)).toEqual([3, 1]);
    await store.removeAuthor(owner(), other);
  });

  it('removes a post from many timelines at once', async () => {
    const owners = [owner(), owner(), owner()];
    for (const o of owners) await store.completeRebuild(o, [entry(1), entry(2)], -Infinity);
    await store.removePost(owners, entry(2));
    for (const o of owners) expect(ids((await store.range(o, null, 10))!.entries)).toEqual([1]);
  });
});

describe('the Redis timeline store', () => {
  it('fails fast while Redis is unreachable (the feed then reads the database)', async () => {
    const store = new RedisTimelineStore('redis://127.0.0.1:9', CAP);
    await expect(store.range(randomUUID(), null, 10)).rejects.toThrow(/Redis timelines unavailable/);
    await store.close();
  });
});
