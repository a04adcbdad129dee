import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@shutter/testing';
import type { Direction, GraphRow } from '../src/repositories/follow.repository.js';
import { countersOffByRows, openFollowsDatabase, type FollowsDatabase } from './harness.js';

let t: FollowsDatabase;
beforeAll(async () => {
  t = await openFollowsDatabase();
});
afterAll(async () => {
  await t.close();
});

/** Inserts graph rows with chosen timestamps (seconds after a fixed instant), as the follows would have been made. */
async function insertRows(table: 'follows' | 'follow_requests' | 'blocks', rows: [string, string, number?][]) {
  const columns = {
    follows: 'follower_id, followee_id',
    follow_requests: 'requester_id, target_id',
    blocks: 'blocker_id, blocked_id',
  }[table];
  for (const [from, to, second = 0] of rows) {
    await t.sql.query(
      `INSERT INTO ${table} (${columns}, created_at) VALUES ($1, $2, '2026-01-01T00:00:00Z'::timestamptz + $3 * interval '1 second')`,
      [from, to, second],
    );
  }
}

describe('writes', () => {
  it('adds a follow, a request and a block once: adding again reports false and moves no counter', async () => {
    const [ada, bob] = await t.accounts(2);
    const addAll = () =>
      t.graph.transaction(async (tx) => [
        await t.graph.addFollow(tx, ada, bob),
        await t.graph.addRequest(tx, ada, bob),
        await t.graph.addBlock(tx, ada, bob),
      ]);

    expect(await addAll()).toEqual([true, true, true]);
    expect(await addAll()).toEqual([false, false, false]);

    expect(await t.count('follows WHERE follower_id = $1 AND followee_id = $2', [ada, bob])).toBe(1);
    expect(await t.count('follow_requests WHERE requester_id = $1 AND target_id = $2', [ada, bob])).toBe(1);
    expect(await t.count('blocks WHERE blocker_id = $1 AND blocked_id = $2', [ada, bob])).toBe(1);
    const { rows } = await t.sql.query(
      'SELECT user_id, follower_count, following_count FROM accounts WHERE user_id = ANY($1::uuid[])',
      [[ada, bob]],
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { user_id: ada, follower_count: 0, following_count: 1 },
        { user_id: bob, follower_count: 1, following_count: 0 },
      ]),
    );
  });

  it('removes a follow, a request and a block once: removing again reports false and keeps counters equal to rows', async () => {
    const [ada, bob] = await t.accounts(2);
    await t.graph.transaction(async (tx) => {
      await t.graph.addFollow(tx, ada, bob);
      await t.graph.addRequest(tx, ada, bob);
      await t.graph.addBlock(tx, ada, bob);
    });
    const removeAll = () =>
      t.graph.transaction(async (tx) => [
        await t.graph.removeFollow(tx, ada, bob),
        await t.graph.removeRequest(tx, ada, bob),
        await t.graph.removeBlock(tx, ada, bob),
      ]);

    expect(await removeAll()).toEqual([true, true, true]);
    // A second removal must not decrement again (the CHECK constraint would reject a negative counter).
    expect(await removeAll()).toEqual([false, false, false]);

    expect(await t.count('follows WHERE follower_id = $1 OR followee_id = $1', [ada])).toBe(0);
    expect(await t.count('follow_requests WHERE requester_id = $1', [ada])).toBe(0);
    expect(await t.count('blocks WHERE blocker_id = $1', [ada])).toBe(0);
    expect(
      await t.count('accounts WHERE user_id = ANY($1::uuid[]) AND follower_count = 0 AND following_count = 0', [
        [ada, bob],
      ]),
    ).toBe(2);
    expect(await countersOffByRows(t.sql, [ada, bob])).toEqual([]);
  });

  it('lockPair returns only the accounts of the pair that exist, with their privacy', async () => {
    const [open] = await t.accounts(1);
    const [closed] = await t.accounts(1, { isPrivate: true });
    const unknown = randomUUID();

    const both = await t.graph.transaction((tx) => t.graph.lockPair(tx, closed, open));
    const oneKnown = await t.graph.transaction((tx) => t.graph.lockPair(tx, open, unknown));
    const none = await t.graph.transaction((tx) => t.graph.lockPair(tx, unknown, randomUUID()));

    expect(both).toEqual(
      new Map([
        [open, { isPrivate: false }],
        [closed, { isPrivate: true }],
      ]),
    );
    expect(oneKnown).toEqual(new Map([[open, { isPrivate: false }]]));
    expect(none).toEqual(new Map());
  });

  it('lockPair holds the pair: a second transaction locking it (in the other order) waits and then sees the first one’s follow', async () => {
    const [ada, bob] = await t.accounts(2);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));

    const first = t.graph.transaction(async (tx) => {
      await t.graph.lockPair(tx, ada, bob);
      locked();
      await released;
      await t.graph.addFollow(tx, ada, bob);
    });
    await isLocked;
    const second = t.graph.transaction(async (tx) => {
      await t.graph.lockPair(tx, bob, ada);
      return t.graph.isFollowing(tx, ada, bob);
    });

    // The second transaction's SELECT … FOR UPDATE is waiting on the first one's row locks.
    await eventually(
      async () =>
        (await t.count(
          `pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'`,
          [t.db.name],
        )) === 1,
      () => 'the second lockPair never waited on a lock',
      10_000,
    );
    release();
    await first;
    expect(await second).toBe(true);
    expect(await countersOffByRows(t.sql, [ada, bob])).toEqual([]);
  });

  it('setPrivacy applies a newer profile version and ignores a stale or equal one', async () => {
    const userId = randomUUID();
    const apply = (isPrivate: boolean, version: number) =>
      t.graph.transaction((tx) => t.graph.setPrivacy(tx, userId, isPrivate, version));
    const state = async () =>
      (await t.sql.query('SELECT is_private, profile_version FROM accounts WHERE user_id = $1', [userId])).rows;

    // A ProfileUpdated ahead of UserRegistered creates the account; the late UserRegistered keeps it.
    await apply(true, 2);
    await t.graph.transaction((tx) => t.graph.createAccount(tx, userId));
    expect(await state()).toEqual([{ is_private: true, profile_version: 2 }]);

    await apply(false, 1);
    expect(await state()).toEqual([{ is_private: true, profile_version: 2 }]);
    await apply(false, 2);
    expect(await state()).toEqual([{ is_private: true, profile_version: 2 }]);

    await apply(false, 3);
    expect(await state()).toEqual([{ is_private: false, profile_version: 3 }]);
  });
});

describe('loaders answer N keys with one SQL statement, in key order', () => {
  it('accounts: the account row for each id, null for an unknown id', async () => {
    const [a, b, c] = await t.accounts(3);
    const [p] = await t.accounts(1, { isPrivate: true });
    const ids = [c, randomUUID(), p, a, randomUUID(), b];
    const loader = t.graph.createAccountLoader();

    t.counter.reset();
    const rows = await Promise.all(ids.map((id) => loader.load(id)));

    expect(t.counter.count).toBe(1);
    expect(rows.map((row) => row?.userId ?? null)).toEqual([c, null, p, a, null, b]);
    expect(rows.map((row) => row?.isPrivate ?? null)).toEqual([false, null, true, false, null, false]);
    // Read straight on the pool (readRows), yet the same Account that Prisma reads, to the types.
    expect(rows[0]).toEqual(await t.prisma.account.findUnique({ where: { userId: c } }));
  });

  it('follows: whether the viewer follows each id, ignoring other people’s follows and follows back', async () => {
    const [viewer, other, t1, t2, t3, t4] = await t.accounts(6);
    await insertRows('follows', [
      [viewer, t1],
      [viewer, t3],
      [other, t2],
      [t4, viewer],
    ]);
    const loader = t.graph.createViewerLoaders(viewer).follows;

    t.counter.reset();
    const result = await Promise.all([t3, t2, t1, t4, randomUUID()].map((id) => loader.load(id)));

    expect(t.counter.count).toBe(1);
    expect(result).toEqual([true, false, true, false, false]);
  });

  it('requested: whether the viewer has a pending request to each id, ignoring others’ and incoming requests', async () => {
    const [viewer, other, r1, r2, r3] = await t.accounts(5);
    await insertRows('follow_requests', [
      [viewer, r2],
      [other, r1],
      [r3, viewer],
    ]);
    const loader = t.graph.createViewerLoaders(viewer).requested;

    t.counter.reset();
    const result = await Promise.all([r1, r2, r3, randomUUID()].map((id) => loader.load(id)));

    expect(t.counter.count).toBe(1);
    expect(result).toEqual([false, true, false, false]);
  });

  it('blocks: which side blocked for each id, both directions, ignoring blocks between other people', async () => {
    const [viewer, other, x1, x2, x3, x4, x5] = await t.accounts(7);
    await insertRows('blocks', [
      [viewer, x1],
      [x2, viewer],
      [viewer, x3],
      [x3, viewer],
      [other, x4],
      [x4, other],
    ]);
    const loader = t.graph.createViewerLoaders(viewer).blocks;

    t.counter.reset();
    const result = await Promise.all([x1, x2, x3, x4, x5].map((id) => loader.load(id)));

    expect(t.counter.count).toBe(1);
    expect(result).toEqual([
      { viewer: true, them: false },
      { viewer: false, them: true },
      { viewer: true, them: true },
      { viewer: false, them: false },
      { viewer: false, them: false },
    ]);
  });
  it('answers accounts, follows, requests and blocks of a whole batch in one statement, malformed ids included', async () => {
    const [viewer, followed, requested, blocker] = await t.accounts(4);
    const [hidden] = await t.accounts(1, { isPrivate: true });
    await insertRows('follows', [[viewer, followed]]);
    await insertRows('follow_requests', [[viewer, requested]]);
    await insertRows('blocks', [[blocker, viewer]]);
    const loaders = t.graph.createViewerLoaders(viewer);
    const ids = [followed, requested, blocker, hidden, randomUUID(), 'not-a-uuid'];

    t.counter.reset();
    const [accounts, follows, requests, blocks] = await Promise.all([
      Promise.all(ids.map((id) => loaders.accounts.load(id))),
      Promise.all(ids.map((id) => loaders.follows.load(id))),
      Promise.all(ids.map((id) => loaders.requested.load(id))),
      Promise.all(ids.map((id) => loaders.blocks.load(id))),
    ]);

    expect(t.counter.count).toBe(1);
    const plain = t.graph.createAccountLoader();
    expect(accounts).toEqual(await Promise.all(ids.slice(0, 5).map((id) => plain.load(id))).then((a) => [...a, null]));
    expect(accounts.map((a) => a?.isPrivate ?? null)).toEqual([false, false, false, true, null, null]);
    expect(follows).toEqual([true, false, false, false, false, false]);
    expect(requests).toEqual([false, true, false, false, false, false]);
    expect(blocks.map((b) => b.them)).toEqual([false, false, true, false, false, false]);
    expect(blocks.every((b) => !b.viewer)).toBe(true);
  });
});

describe('page', () => {
  /** Walks every page of `limit` rows from the repository, following the last row's keys. */
  async function walk(direction: Direction, owner: string, viewer: string | null, limit: number) {
    const pages: GraphRow[][] = [];
    let after: [string, string] | null = null;
    for (;;) {
      const rows: GraphRow[] = await t.graph.page(direction, owner, viewer, limit, after);
      if (rows.length === 0) return pages;
      pages.push(rows);
      const last = rows.at(-1)!;
      after = [last.created_at.toISOString(), last.id];
      if (pages.length > 10) throw new Error('pagination does not end');
    }
  }

  const byNewestThenId = (rows: { id: string; second: number }[]) =>
    [...rows].sort((x, y) => y.second - x.second || (x.id < y.id ? 1 : -1)).map((row) => row.id);

  it.each<Direction>(['followers', 'following', 'requests'])(
    'pages %s newest first with ties broken by id, each row exactly once across cursors',
    async (direction) => {
      const [owner, stranger] = await t.accounts(2);
      const others = await t.accounts(5);
      const seconds = [30, 20, 20, 20, 10];
      const mine = others.map((id, i) => ({ id, second: seconds[i]! }));
      const pair = (other: string, second: number, of = owner): [string, string, number] =>
        direction === 'following' ? [of, other, second] : [other, of, second];
      const table = direction === 'requests' ? 'follow_requests' : 'follows';
      await insertRows(table, [
        ...mine.map((row) => pair(row.id, row.second)),
        // Rows of the opposite direction and of another owner, at the same instants, belong to no page here.
        ...mine.map(
          (row) =>
            (direction === 'following' ? [row.id, owner, row.second] : [owner, row.id, row.second]) as [
              string,
              string,
              number,
            ],
        ),
        ...mine.map((row) => pair(row.id, row.second, stranger)),
      ]);

      const pages = await walk(direction, owner, null, 2);

      expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
      expect(pages.flat().map((row) => row.id)).toEqual(byNewestThenId(mine));
      expect(pages.flat().map((row) => row.created_at.toISOString())).toEqual(
        [30, 20, 20, 20, 10].map((s) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString()),
      );
    },
  );

  it('leaves out anyone in a block with the viewer, either way, and no one for an anonymous viewer', async () => {
    const [owner, viewer, blockedByViewer, blockerOfViewer, blockedByOther, free] = await t.accounts(6);
    await insertRows('follows', [
      [blockedByViewer, owner, 4],
      [blockerOfViewer, owner, 3],
      [blockedByOther, owner, 2],
      [free, owner, 1],
      [owner, blockedByViewer, 2],
      [owner, free, 1],
    ]);
    await insertRows('blocks', [
      [viewer, blockedByViewer],
      [blockerOfViewer, viewer],
      [owner, blockedByOther],
    ]);

    const ids = async (direction: Direction, who: string | null) =>
      (await walk(direction, owner, who, 10)).flat().map((row) => row.id);

    expect(await ids('followers', null)).toEqual([blockedByViewer, blockerOfViewer, blockedByOther, free]);
    expect(await ids('followers', viewer)).toEqual([blockedByOther, free]);
    expect(await ids('following', null)).toEqual([blockedByViewer, free]);
    expect(await ids('following', viewer)).toEqual([free]);
  });
});
