import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { domainError } from '@shutter/testing/unit';
import { openCallsDatabase, type CallsDatabase } from './harness.js';

let t: CallsDatabase;
beforeAll(async () => {
  t = await openCallsDatabase();
});
afterAll(async () => {
  await t.close();
});

/** Everything stored about these accounts: calls, busy rows, signals and events. */
const footprint = async (...userIds: string[]) => [
  await t.count('calls WHERE caller_id = ANY($1) OR callee_id = ANY($1)', [userIds]),
  await t.count('busy WHERE user_id = ANY($1)', [userIds]),
  await t.count('call_signals WHERE sender_id = ANY($1) OR recipient_id = ANY($1)', [userIds]),
  await t.count(`outbox WHERE payload->>'callerId' = ANY($1) OR payload->>'recipientId' = ANY($1)`, [userIds]),
];

describe('starting calls', () => {
  it('lets exactly one of five concurrent callers ring the same callee; the others are BUSY', async () => {
    const callee = await t.account();
    const callers = await Promise.all([1, 2, 3, 4, 5].map(() => t.account()));
    const outcomes = await Promise.allSettled(callers.map((c) => t.serviceFor(c).start(callee, 'AUDIO')));
    const rang = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as { code: string }).code] : []));
    expect([rang.length, refused]).toEqual([1, ['BUSY', 'BUSY', 'BUSY', 'BUSY']]);
    expect(await t.count('calls WHERE callee_id = $1', [callee])).toBe(1);
    expect(await t.count('busy WHERE user_id = ANY($1)', [[callee, ...callers]])).toBe(2);
  });

  it('lets only one of two accounts calling each other at once ring, without a deadlock', async () => {
    const [ada, bob] = [await t.account(), await t.account()];
    const outcomes = await Promise.allSettled([
      t.serviceFor(ada).start(bob, 'VIDEO'),
      t.serviceFor(bob).start(ada, 'VIDEO'),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await footprint(ada, bob)).toEqual([1, 2, 1, 2]);
  });

  it('stores nothing when a call is refused: yourself, an unknown account, a block either way, busy', async () => {
    const [ada, bob, cat, dan] = [await t.account(), await t.account(), await t.account(), await t.account()];
    await t.deliver('UserBlocked', bob, { blockerId: bob, blockedId: ada });
    await t.serviceFor(cat).start(dan, 'AUDIO');
    const before = await footprint(ada, bob);
    expect([
      (await domainError(t.serviceFor(ada).start(ada, 'AUDIO'))).code,
      (await domainError(t.serviceFor(ada).start(randomUUID(), 'AUDIO'))).code,
      (await domainError(t.serviceFor(ada).start(bob, 'AUDIO'))).code,
      (await domainError(t.serviceFor(bob).start(ada, 'AUDIO'))).code,
      (await domainError(t.serviceFor(ada).start(dan, 'AUDIO'))).code,
    ]).toEqual(['SELF_CALL', 'USER_NOT_FOUND', 'BLOCKED', 'BLOCKED', 'BUSY']);
    expect(await footprint(ada, bob)).toEqual(before);
    expect(before).toEqual([0, 0, 0, 0]);
  });

  it('frees both sides when a call ends, and rings again afterwards', async () => {
    const [ada, bob] = [await t.account(), await t.account()];
    const first = await t.serviceFor(ada).start(bob, 'AUDIO');
    await t.serviceFor(bob).answer(first.id, 'v=0 answer');
    const ended = await t.serviceFor(ada).end(first.id);
    expect([ended.status, typeof ended.answeredAt?.getTime()]).toEqual(['ENDED', 'number']);
    expect(await t.count('busy WHERE user_id = ANY($1)', [[ada, bob]])).toBe(0);
    expect((await t.serviceFor(bob).start(ada, 'VIDEO')).status).toBe('RINGING');
  });
});

describe('missed calls', () => {
  it('marks overdue calls missed exactly once with four sweepers at once, telling both sides', async () => {
    const pairs = await Promise.all(
      Array.from({ length: 12 }, async () => [await t.account(), await t.account()] as const),
    );
    const calls = await Promise.all(pairs.map(([a, b]) => t.serviceFor(a).start(b, 'AUDIO')));
    await Promise.all(calls.map((c) => t.overdue(c.id)));
    const sweepers = await Promise.all([1, 2, 3, 4].map(() => t.sweeper()));
    const swept = await Promise.all(sweepers.map((s) => s.sweep()));
    const ids = calls.map((c) => c.id);
    expect(swept.reduce((a, b) => a + b, 0)).toBe(12);
    expect(await t.count(`calls WHERE id = ANY($1) AND status = 'MISSED' AND ended_at = ring_deadline`, [ids])).toBe(
      12,
    );
    expect(await t.count(`outbox WHERE type = 'CallEnded' AND aggregate_id = ANY($1)`, [ids])).toBe(12);
    expect(await t.count(`call_signals WHERE kind = 'missed' AND call_id = ANY($1)`, [ids])).toBe(24);
    expect(await t.count('busy WHERE call_id = ANY($1)', [ids])).toBe(0);
    expect(await Promise.all(sweepers.map((s) => s.sweep()))).toEqual([0, 0, 0, 0]);
  });

  it('refuses to answer a call past its deadline, writing it missed once (the sweep finds nothing after)', async () => {
    const [ada, bob] = [await t.account(), await t.account()];
    const call = await t.serviceFor(ada).start(bob, 'AUDIO');
    await t.overdue(call.id);
    const history = await t.serviceFor(bob).list({ first: 1 });
    expect(history.edges[0]!.node.status).toBe('MISSED');
    expect((await domainError(t.serviceFor(bob).answer(call.id, 'v=0'))).code).toBe('CALL_ENDED');
    expect((await domainError(t.serviceFor(ada).end(call.id))).code).toBe('CALL_ENDED');
    expect(await t.count(`outbox WHERE type = 'CallEnded' AND aggregate_id = $1`, [call.id])).toBe(1);
    expect(await t.count(`busy WHERE call_id = $1`, [call.id])).toBe(0);
    // A new call between them rings: nobody is busy in a missed call.
    expect((await t.serviceFor(bob).start(ada, 'AUDIO')).status).toBe('RINGING');
  });

  it('frees an account held by an overdue call when it starts a new one before any sweep', async () => {
    const [ada, bob, cat] = [await t.account(), await t.account(), await t.account()];
    const stale = await t.serviceFor(ada).start(bob, 'AUDIO');
    await t.overdue(stale.id);
    expect((await t.serviceFor(cat).start(bob, 'AUDIO')).status).toBe('RINGING');
    expect(await t.count(`calls WHERE id = $1 AND status = 'MISSED'`, [stale.id])).toBe(1);
  });

  it('deletes the signals of calls that ended a while ago, keeping the history', async () => {
    const [ada, bob] = [await t.account(), await t.account()];
    const call = await t.serviceFor(ada).start(bob, 'AUDIO');
    await t.serviceFor(ada).end(call.id);
    await t.sql.query(`UPDATE calls SET ended_at = now() - interval '1 hour' WHERE id = $1`, [call.id]);
    await (await t.sweeper()).sweep();
    expect([
      await t.count('call_signals WHERE call_id = $1', [call.id]),
      await t.count('calls WHERE id = $1', [call.id]),
    ]).toEqual([0, 1]);
  });
});

describe('signals', () => {
  it('stores a signal for the other side only, and shows it to nobody else', async () => {
    const [ada, bob, eve] = [await t.account(), await t.account(), await t.account()];
    const call = await t.serviceFor(ada).start(bob, 'VIDEO');
    await t.serviceFor(ada).send(call.id, 'offer', 'v=0 offer');
    const { rows } = await t.sql.query(
      `SELECT id, kind, recipient_id FROM call_signals WHERE call_id = $1 ORDER BY created_at, kind`,
      [call.id],
    );
    const offer = rows.find((r) => r.kind === 'offer')!;
    expect(offer.recipient_id).toBe(bob);
    expect((await t.serviceFor(bob).signal(offer.id))?.payload).toBe('v=0 offer');
    expect([await t.serviceFor(ada).signal(offer.id), await t.serviceFor(eve).signal(offer.id)]).toEqual([null, null]);
  });

  it('refuses a third account’s signal as NOT_FOUND and an oversized one as INVALID_INPUT, storing nothing', async () => {
    const [ada, bob, eve] = [await t.account(), await t.account(), await t.account()];
    const call = await t.serviceFor(ada).start(bob, 'VIDEO');
    const before = await t.count('call_signals WHERE call_id = $1', [call.id]);
    expect((await domainError(t.serviceFor(eve).send(call.id, 'offer', 'x'))).code).toBe('CALL_NOT_FOUND');
    expect(await domainError(t.serviceFor(ada).send(call.id, 'offer', 'x'.repeat(1025)))).toEqual({
      code: 'INVALID_INPUT',
      field: 'payload',
      message: 'payload: at most 1024 bytes (got 1025)',
    });
    expect((await domainError(t.serviceFor(ada).send(call.id, 'hangup', 'x'))).code).toBe('INVALID_INPUT');
    expect(await t.count('call_signals WHERE call_id = $1', [call.id])).toBe(before);
  });
});

describe('history', () => {
  it('reads a page of calls in one statement, at 10 and at 50', async () => {
    const me = await t.account();
    const others = Array.from({ length: 60 }, () => randomUUID());
    // Half made, half received, finished, started a second apart.
    await t.sql.query(
      `INSERT INTO calls (id, caller_id, callee_id, type, status, started_at, ring_deadline, ended_at)
       SELECT gen_random_uuid(), CASE WHEN n % 2 = 0 THEN $1::uuid ELSE o END, CASE WHEN n % 2 = 0 THEN o ELSE $1::uuid END,
              'AUDIO', 'DECLINED', now() - n * interval '1 second', now(), now()
         FROM unnest($2::uuid[]) WITH ORDINALITY AS k(o, n)`,
      [me, others],
    );
    const statements = [];
    for (const first of [10, 50]) {
      t.counter.reset();
      const page = await t.serviceFor(me).list({ first });
      expect(page.edges).toHaveLength(first);
      statements.push(t.counter.statements.length);
    }
    expect(statements).toEqual([1, 1]);
    const all = await t.serviceFor(me).list({ first: 100 });
    const next = await t
      .serviceFor(me)
      .list({ first: 30, after: (await t.serviceFor(me).list({ first: 30 })).pageInfo.endCursor });
    expect(next.edges.map((e) => e.node.id)).toEqual(all.edges.slice(30, 60).map((e) => e.node.id));
  });
});
