import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createEvent, idempotentHandler, type EventEnvelope } from '@shutter/events';
import { DomainError } from '@shutter/runtime';
import { seededRandom } from '@shutter/testing';
import { FollowError } from '../src/errors.js';
import type { FollowService } from '../src/services/follow.service.js';
import { countersOffByRows, openFollowsDatabase, type FollowsDatabase } from './harness.js';

let t: FollowsDatabase;
beforeAll(async () => {
  t = await openFollowsDatabase();
});
afterAll(async () => {
  await t.close();
});

const outboxOf = async (ids: readonly string[]) =>
  (
    await t.sql.query<{ type: string; aggregate_id: string; payload: Record<string, string> }>(
      'SELECT type, aggregate_id, payload FROM outbox WHERE aggregate_id = ANY($1) ORDER BY seq',
      [ids],
    )
  ).rows;

/** Pairs where a follow or a request survives a block between the two (empty when blocks are enforced). */
const rowsAcrossBlocks = async (ids: readonly string[]) =>
  t.count(
    `blocks b WHERE b.blocker_id = ANY($1::uuid[]) AND (
       EXISTS (SELECT 1 FROM follows f WHERE (f.follower_id, f.followee_id) IN ((b.blocker_id, b.blocked_id), (b.blocked_id, b.blocker_id)))
       OR EXISTS (SELECT 1 FROM follow_requests r WHERE (r.requester_id, r.target_id) IN ((b.blocker_id, b.blocked_id), (b.blocked_id, b.blocker_id))))`,
    [ids],
  );

/** Follows whose FollowCreated minus FollowRemoved events in the outbox differ from the row existing (0 or 1). */
const eventsOffByRows = async (ids: readonly string[]) =>
  t.count(
    `(SELECT e.follower, e.followee, e.net, (f.follower_id IS NOT NULL)::int AS present
        FROM (SELECT payload->>'followerId' AS follower, payload->>'followeeId' AS followee,
                     sum(CASE type WHEN 'FollowCreated' THEN 1 ELSE -1 END) AS net
                FROM outbox WHERE type IN ('FollowCreated', 'FollowRemoved') AND aggregate_id = ANY($1) GROUP BY 1, 2) e
        FULL JOIN (SELECT * FROM follows WHERE followee_id = ANY($1::uuid[])) f
          ON f.follower_id::text = e.follower AND f.followee_id::text = e.followee) x
     WHERE coalesce(x.net, 0) <> x.present`,
    [ids],
  );

it('keeps counters equal to the follows rows, and one event per change, through random sequential and concurrent follows, unfollows, approvals and blocks', async () => {
  const users = [...(await t.accounts(5)), ...(await t.accounts(2, { isPrivate: true }))];
  const random = seededRandom();
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const actions = ['follow', 'follow', 'follow', 'unfollow', 'approve', 'reject', 'block', 'unblock'] as const;
  const expected = new Set<string>([FollowError.BLOCKED, FollowError.NO_PENDING_REQUEST]);
  const step = async () => {
    const viewer = pick(users);
    const target = pick(users.filter((id) => id !== viewer));
    const action = pick(actions);
    try {
      await t.serviceFor(viewer)[action](target);
    } catch (error) {
      if (!(error instanceof DomainError && expected.has(error.code))) throw error;
    }
  };

  for (let i = 0; i < 30; i++) await step();
  expect(await countersOffByRows(t.sql, users)).toEqual([]);
  for (let round = 0; round < 2; round++) {
    await Promise.all(Array.from({ length: 15 }, step));
    expect(await countersOffByRows(t.sql, users)).toEqual([]);
  }

  expect(await t.count('follows WHERE follower_id = ANY($1::uuid[])', [users])).toBeGreaterThan(0);
  expect(await rowsAcrossBlocks(users)).toBe(0);
  expect(await eventsOffByRows(users)).toBe(0);
});

it('blocking removes the follows both ways and the pending requests, moves the counters and records each change once', async () => {
  const [ada, bob] = await t.accounts(2);
  const [cat] = await t.accounts(1, { isPrivate: true });
  await t.serviceFor(ada).follow(bob);
  await t.serviceFor(bob).follow(ada);
  await t.serviceFor(ada).follow(cat);
  await t.serviceFor(cat).follow(ada);

  await t.serviceFor(ada).block(bob);
  await t.serviceFor(cat).block(ada);
  await t.serviceFor(ada).block(bob);

  expect(await t.count('follows WHERE follower_id = ANY($1::uuid[])', [[ada, bob, cat]])).toBe(0);
  expect(await t.count('follow_requests WHERE requester_id = ANY($1::uuid[])', [[ada, bob, cat]])).toBe(0);
  expect(await countersOffByRows(t.sql, [ada, bob, cat])).toEqual([]);
  expect((await outboxOf([ada, bob, cat])).map((e) => e.type)).toEqual([
    'FollowCreated',
    'FollowCreated',
    'FollowRequested',
    'FollowCreated',
    'FollowRemoved',
    'FollowRemoved',
    'UserBlocked',
    'FollowRemoved',
    'UserBlocked',
  ]);
});

it('a follow refused as BLOCKED commits nothing: no follow, no request, no outbox row', async () => {
  const [ada] = await t.accounts(1);
  const [bob] = await t.accounts(1, { isPrivate: true });
  await t.serviceFor(bob).block(ada);
  const outboxBefore = await t.count('outbox');

  await expect(t.serviceFor(ada).follow(bob)).rejects.toMatchObject({ code: FollowError.BLOCKED });
  await expect(t.serviceFor(bob).follow(ada)).rejects.toMatchObject({ code: FollowError.BLOCKED });

  expect(await t.count('outbox')).toBe(outboxBefore);
  expect(await t.count('follows WHERE follower_id = ANY($1::uuid[])', [[ada, bob]])).toBe(0);
  expect(await t.count('follow_requests WHERE requester_id = ANY($1::uuid[])', [[ada, bob]])).toBe(0);
  expect(await countersOffByRows(t.sql, [ada, bob])).toEqual([]);
});

it('following an unknown user is USER_NOT_FOUND and rolls back the viewer’s own account row with it', async () => {
  const viewer = randomUUID(); // their UserRegistered has not arrived yet
  const outboxBefore = await t.count('outbox');

  await expect(t.serviceFor(viewer).follow(randomUUID())).rejects.toMatchObject({ code: FollowError.USER_NOT_FOUND });
  expect(await t.count('accounts WHERE user_id = $1', [viewer])).toBe(0);
  expect(await t.count('outbox')).toBe(outboxBefore);

  const [target] = await t.accounts(1);
  await t.serviceFor(viewer).follow(target.toUpperCase());
  expect(await t.count('accounts WHERE user_id = $1 AND following_count = 1', [viewer])).toBe(1);
  expect(await countersOffByRows(t.sql, [viewer, target])).toEqual([]);
});

it('a request to a private account is recorded once, and approving it turns it into one follow and one event', async () => {
  const [ada] = await t.accounts(1);
  const [cat] = await t.accounts(1, { isPrivate: true });

  await t.serviceFor(ada).follow(cat);
  await t.serviceFor(ada).follow(cat);
  expect(await t.count('follow_requests WHERE requester_id = $1 AND target_id = $2', [ada, cat])).toBe(1);
  expect(await t.count('follows WHERE follower_id = $1', [ada])).toBe(0);

  await t.serviceFor(cat).approve(ada);
  await expect(t.serviceFor(cat).approve(ada)).rejects.toMatchObject({ code: FollowError.NO_PENDING_REQUEST });
  await t.serviceFor(ada).follow(cat);

  expect(await t.count('follow_requests WHERE requester_id = $1', [ada])).toBe(0);
  expect(await t.count('follows WHERE follower_id = $1 AND followee_id = $2', [ada, cat])).toBe(1);
  expect(await countersOffByRows(t.sql, [ada, cat])).toEqual([]);
  expect(await outboxOf([cat])).toEqual([
    { type: 'FollowRequested', aggregate_id: cat, payload: { requesterId: ada, targetId: cat } },
    { type: 'FollowCreated', aggregate_id: cat, payload: { followerId: ada, followeeId: cat, viaRequest: true } },
  ]);
});

it('lists followers, following and requests through the service’s cursors, newest first, each user once', async () => {
  const [owner] = await t.accounts(1, { isPrivate: true });
  const fans = await t.accounts(5);
  const idols = await t.accounts(3);
  for (const fan of fans.slice(0, 3)) {
    await t.serviceFor(fan).follow(owner);
    await t.serviceFor(owner).approve(fan);
  }
  for (const fan of fans.slice(3)) await t.serviceFor(fan).follow(owner);
  for (const idol of idols) await t.serviceFor(owner).follow(idol);

  const walk = async (fetchPage: (after: string | null) => ReturnType<FollowService['requests']>) => {
    const ids: string[] = [];
    const hasNext: boolean[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<FollowService['requests']>> = await fetchPage(after);
      ids.push(...page.edges.map((edge) => edge.node.id));
      hasNext.push(page.pageInfo.hasNextPage);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after && hasNext.length < 10);
    return { ids, hasNext };
  };
  const newestFirst = async (sql: string) =>
    (await t.sql.query<{ id: string }>(sql, [owner])).rows.map((row) => row.id);

  const self = t.serviceFor(owner);
  const followers = await walk((after) => self.list('followers', owner, { first: 2, after }));
  const following = await walk((after) => self.list('following', owner, { first: 2, after }));
  const requests = await walk((after) => self.requests({ first: 1, after }));

  expect(followers).toEqual({
    ids: await newestFirst(
      'SELECT follower_id AS id FROM follows WHERE followee_id = $1 ORDER BY created_at DESC, follower_id DESC',
    ),
    hasNext: [true, false],
  });
  expect(new Set(followers.ids)).toEqual(new Set(fans.slice(0, 3)));
  expect(following.ids).toEqual(
    await newestFirst(
      'SELECT followee_id AS id FROM follows WHERE follower_id = $1 ORDER BY created_at DESC, followee_id DESC',
    ),
  );
  expect(new Set(following.ids)).toEqual(new Set(idols));
  expect(requests).toEqual({
    ids: await newestFirst(
      'SELECT requester_id AS id FROM follow_requests WHERE target_id = $1 ORDER BY created_at DESC, requester_id DESC',
    ),
    hasNext: [true, false],
  });
  expect(new Set(requests.ids)).toEqual(new Set(fans.slice(3)));
  // A private account's graph is hidden from a stranger.
  expect((await t.serviceFor(fans[4]!).list('followers', owner, { first: 10 })).edges).toEqual([]);
});

it('applies UserRegistered and ProfileUpdated through the idempotent consumer: a redelivered event writes nothing, a stale one changes nothing', async () => {
  // The handler subgraph.ts declares for the `follows` consumer group.
  const handler = idempotentHandler(t.prisma, 'follows.accounts', {
    UserRegistered: (tx, event) => t.graph.createAccount(tx, event.payload.userId),
    ProfileUpdated: (tx, event) =>
      t.graph.setPrivacy(tx, event.payload.userId, event.payload.isPrivate, event.payload.version),
  });
  const handle = (event: EventEnvelope & { topic: string }, attempt = 1) =>
    handler(event, { topic: event.topic, attempt });
  const userId = randomUUID();
  const profile = (isPrivate: boolean, version: number) =>
    createEvent('ProfileUpdated', userId, {
      userId,
      username: 'cat',
      displayName: null,
      bio: null,
      avatarUrl: null,
      website: null,
      isPrivate,
      version,
    });
  const state = async () =>
    (await t.sql.query('SELECT is_private, profile_version FROM accounts WHERE user_id = $1', [userId])).rows;
  const registered = createEvent('UserRegistered', userId, {
    userId,
    username: 'cat',
    role: 'USER',
    createdAt: new Date().toISOString(),
  });
  const madePrivate = profile(true, 2);

  await handle(madePrivate);
  await handle(registered);
  expect(await state()).toEqual([{ is_private: true, profile_version: 2 }]);

  t.counter.reset();
  await handle(madePrivate, 2);
  await handle(registered, 2);
  expect(t.counter.statements.filter((s) => s.includes('processed_events'))).toHaveLength(2);
  expect(t.counter.statements.filter((s) => s.includes('accounts'))).toEqual([]);

  await handle(profile(false, 1));
  expect(await state()).toEqual([{ is_private: true, profile_version: 2 }]);
  expect(
    await t.count(`processed_events WHERE consumer = 'follows.accounts' AND event_id = ANY($1::uuid[])`, [
      [madePrivate.id, registered.id],
    ]),
  ).toBe(2);

  // The consumer's account is what the follow rules see: following it asks for approval.
  const [ada] = await t.accounts(1);
  await t.serviceFor(ada).follow(userId);
  expect(await t.count('follow_requests WHERE requester_id = $1 AND target_id = $2', [ada, userId])).toBe(1);
});
