import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@shutter/testing';
import { closeLiveConnections, connectLive, listening, subscribe, type LiveSubscription } from '../support/live.js';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

/**
 * Calls (issue 13) through the gateway as clients make them: mutations over HTTP, signals pushed
 * over real WebSockets (graphql-ws) by the gateway's `callSignals`, history, refusals, and calls
 * nobody answers becoming MISSED, also across a restart of the whole stack.
 */
const RING_SECONDS = 10;
let graph: TestSupergraph;
beforeAll(async () => {
  graph = await startTestSupergraph({ CALL_RING_TIMEOUT_SECONDS: String(RING_SECONDS) });
});
afterAll(async () => {
  await closeLiveConnections();
  await graph?.close();
});

const user = (on = graph) => registerUser(on, {}, { settle: true });

type Errors = { message: string; extensions: { code: string; reason?: string } }[] | undefined;

async function run<T = Record<string, unknown>>(
  who: Session,
  query: string,
  variables: Record<string, unknown> = {},
  on = graph,
) {
  return on.request<T>(query, variables, { token: who.accessToken });
}
async function mutate<T = Record<string, unknown>>(
  who: Session,
  query: string,
  variables: Record<string, unknown> = {},
  on = graph,
) {
  const response = await run<T>(who, query, variables, on);
  expect(response.errors).toBeUndefined();
  return response.data!;
}
const refusal = (errors: Errors) => errors?.map((e) => [e.extensions.code, e.extensions.reason]);

const CALL_FIELDS = 'id status type durationSeconds caller { username } callee { username }';
interface CallView {
  id: string;
  status: string;
  type: string;
  durationSeconds: number | null;
  caller: { username: string };
  callee: { username: string };
}
const START = `mutation($c: ID!, $t: CallType!) { startCall(calleeId: $c, type: $t) { ${CALL_FIELDS} } }`;
const start = (who: Session, callee: Session, on = graph) =>
  mutate<{ startCall: CallView }>(who, START, { c: callee.user.id, t: 'VIDEO' }, on).then((d) => d.startCall);
const SIGNAL = `mutation($id: ID!, $k: String!, $p: String!) { sendCallSignal(callId: $id, kind: $k, payload: $p) }`;
const signal = (who: Session, callId: string, kind: string, payload: string) =>
  mutate(who, SIGNAL, { id: callId, k: kind, p: payload });
const HISTORY = `query { calls(first: 20) { edges { node { ${CALL_FIELDS} } } } }`;
const history = async (who: Session, on = graph) =>
  (await mutate<{ calls: { edges: { node: CallView }[] } }>(who, HISTORY, {}, on)).calls.edges.map((e) => e.node);

interface Pushed {
  callSignals: {
    id: string;
    kind: string;
    payload: string | null;
    from: { username: string };
    call: { id: string; status: string; durationSeconds: number | null; caller: { username: string } };
  };
}
const CALL_SIGNALS = `subscription { callSignals { id kind payload from { username }
  call { id status durationSeconds caller { username } } } }`;

/** Opens a socket for each user and subscribes them to their signals. */
async function listen(on: TestSupergraph, ...who: Session[]): Promise<LiveSubscription<Pushed>[]> {
  const held = on.stack.gateway.live!.stats().listeners;
  const subscriptions = who.map((w) => subscribe<Pushed>(connectLive(on.url, w.accessToken), CALL_SIGNALS));
  await listening(on, held + who.length);
  return subscriptions;
}
/** The pushes from the `from`-th on, as `kind payload`. */
const kinds = (s: LiveSubscription<Pushed>, from = 0) =>
  s.pushes.slice(from).map((p) => `${p.data!.callSignals.kind} ${p.data!.callSignals.payload ?? ''}`.trim());

describe('a call over WebSockets', () => {
  it('rings the callee, carries offer, answer and ICE candidates both ways in order, and ends with a duration for both', async () => {
    const [ada, bob, eve] = [await user(), await user(), await user()];
    const [adaHears, bobHears] = await listen(graph, ada, bob);

    const call = await start(ada, bob);
    expect(call).toMatchObject({ status: 'RINGING', caller: { username: ada.user.username } });
    const [incoming] = await bobHears!.next(1);
    expect(incoming!.data!.callSignals).toMatchObject({
      kind: 'incoming',
      from: { username: ada.user.username },
      call: { id: call.id, status: 'RINGING', caller: { username: ada.user.username } },
    });

    await signal(ada, call.id, 'offer', 'v=0 offer');
    for (const n of [1, 2, 3]) await signal(ada, call.id, 'ice-candidate', `{"candidate":"ada-${n}"}`);
    await bobHears!.next(5);
    expect(kinds(bobHears!)).toEqual([
      'incoming',
      'offer v=0 offer',
      'ice-candidate {"candidate":"ada-1"}',
      'ice-candidate {"candidate":"ada-2"}',
      'ice-candidate {"candidate":"ada-3"}',
    ]);

    const answered = await mutate<{ answerCall: CallView }>(
      bob,
      `mutation($id: ID!, $sdp: String!) { answerCall(callId: $id, sdpAnswer: $sdp) { ${CALL_FIELDS} } }`,
      { id: call.id, sdp: 'v=0 answer' },
    );
    expect(answered.answerCall.status).toBe('ACTIVE');
    for (const n of [1, 2]) await signal(bob, call.id, 'ice-candidate', `{"candidate":"bob-${n}"}`);
    await signal(bob, call.id, 'answer', 'v=0 renegotiated');
    await adaHears!.next(4);
    expect(kinds(adaHears!)).toEqual([
      'answered v=0 answer',
      'ice-candidate {"candidate":"bob-1"}',
      'ice-candidate {"candidate":"bob-2"}',
      'answer v=0 renegotiated',
    ]);
    expect(adaHears!.pushes[0]!.data!.callSignals.from.username).toBe(bob.user.username);

    // Long enough for a duration of at least one second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const ended = await mutate<{ endCall: CallView }>(
      bob,
      `mutation($id: ID!) { endCall(callId: $id) { ${CALL_FIELDS} } }`,
      {
        id: call.id,
      },
    );
    expect(ended.endCall.status).toBe('ENDED');
    expect(ended.endCall.durationSeconds).toBeGreaterThanOrEqual(1);
    const [, , , , ending] = await adaHears!.next(5);
    expect(ending!.data!.callSignals).toMatchObject({
      kind: 'ended',
      call: { status: 'ENDED', durationSeconds: ended.endCall.durationSeconds },
    });

    const entry = { ...ended.endCall, type: 'VIDEO' };
    expect((await history(ada)).filter((c) => c.id === call.id)).toEqual([entry]);
    expect((await history(bob)).filter((c) => c.id === call.id)).toEqual([entry]);
    expect((await history(eve)).filter((c) => c.id === call.id)).toEqual([]);
    // A signal is the recipient's only.
    const offerId = bobHears!.pushes[1]!.data!.callSignals.id;
    const read = (who: Session) =>
      mutate<{ callSignal: { kind: string } | null }>(who, `query($id: ID!) { callSignal(id: $id) { kind } }`, {
        id: offerId,
      });
    expect([await read(bob), await read(ada), await read(eve)]).toEqual([
      { callSignal: { kind: 'offer' } },
      { callSignal: null },
      { callSignal: null },
    ]);
    // Nothing more reached either side, and the signals never went to the wrong one.
    expect([adaHears!.pushes.length, bobHears!.pushes.length]).toEqual([5, 5]);
  });

  it('tells the callee when the caller cancels a ringing call', async () => {
    const [ada, bob] = [await user(), await user()];
    const [bobHears] = await listen(graph, bob);
    const call = await start(ada, bob);
    const cancelled = await mutate<{ endCall: CallView }>(
      ada,
      `mutation($id: ID!) { endCall(callId: $id) { status } }`,
      {
        id: call.id,
      },
    );
    expect(cancelled.endCall.status).toBe('CANCELLED');
    await bobHears!.next(2);
    expect(kinds(bobHears!)).toEqual(['incoming', 'cancelled']);
  });
});

describe('refusals', () => {
  /** What the calls database holds about these accounts: calls, signals, busy rows. */
  const stored = async (...who: Session[]) => {
    const ids = who.map((w) => w.user.id);
    const count = async (query: string) => (await graph.sql('calls', query, [ids])).rows[0].n as number;
    return [
      await count('SELECT count(*)::int AS n FROM calls WHERE caller_id = ANY($1) OR callee_id = ANY($1)'),
      await count('SELECT count(*)::int AS n FROM call_signals WHERE sender_id = ANY($1) OR recipient_id = ANY($1)'),
      await count('SELECT count(*)::int AS n FROM busy WHERE user_id = ANY($1)'),
    ];
  };

  it('refuses a call to yourself, across a block either way, and while either side is busy, storing nothing', async () => {
    const [ada, bob, cat, dan] = [await user(), await user(), await user(), await user()];
    await mutate(cat, `mutation($id: ID!) { block(userId: $id) { id } }`, { id: dan.user.id });
    await graph.settle();
    await start(ada, bob);
    const before = await stored(ada, bob, cat, dan);
    const attempt = async (who: Session, callee: Session) =>
      refusal((await run(who, START, { c: callee.user.id, t: 'AUDIO' })).errors as Errors);
    expect([
      await attempt(cat, cat),
      await attempt(dan, cat),
      await attempt(cat, dan),
      await attempt(cat, bob),
      await attempt(bob, cat),
    ]).toEqual([
      [['BAD_USER_INPUT', 'SELF_CALL']],
      [['FORBIDDEN', 'BLOCKED']],
      [['FORBIDDEN', 'BLOCKED']],
      [['CONFLICT', 'BUSY']],
      [['CONFLICT', 'BUSY']],
    ]);
    expect(await stored(ada, bob, cat, dan)).toEqual(before);
    expect(before).toEqual([1, 1, 2]);
  });

  it('refuses oversized payloads, unknown kinds and a third account’s signals or hang-ups, storing nothing', async () => {
    const [ada, bob, eve] = [await user(), await user(), await user()];
    const call = await start(ada, bob);
    const before = await stored(ada, bob, eve);
    const send = async (who: Session, kind: string, payload: string) =>
      refusal((await run(who, SIGNAL, { id: call.id, k: kind, p: payload })).errors as Errors);
    expect([
      await send(ada, 'offer', 'x'.repeat(64 * 1024 + 1)),
      await send(ada, 'hangup', 'x'),
      await send(eve, 'offer', 'v=0'),
      refusal((await run(eve, `mutation($id: ID!) { endCall(callId: $id) { id } }`, { id: call.id })).errors as Errors),
      refusal(
        (await run(ada, `mutation($id: ID!) { answerCall(callId: $id, sdpAnswer: "x") { id } }`, { id: call.id }))
          .errors as Errors,
      ),
    ]).toEqual([
      [['BAD_USER_INPUT', 'INVALID_INPUT']],
      [['BAD_USER_INPUT', 'INVALID_INPUT']],
      [['NOT_FOUND', 'CALL_NOT_FOUND']],
      [['NOT_FOUND', 'CALL_NOT_FOUND']],
      [['FORBIDDEN', 'NOT_CALLEE']],
    ]);
    expect(await stored(ada, bob, eve)).toEqual(before);
    // A signal on an ended call is refused too.
    await mutate(bob, `mutation($id: ID!) { declineCall(callId: $id) { id } }`, { id: call.id });
    expect(await send(ada, 'offer', 'v=0')).toEqual([['CONFLICT', 'CALL_ENDED']]);
  });

  it('answers UNAUTHENTICATED without a token', async () => {
    const response = await graph.request(`query { iceServers { urls } }`);
    expect(refusal(response.errors as Errors)?.[0]?.[0]).toBe('UNAUTHENTICATED');
  });
});

describe('missed calls', () => {
  const MISSED_CALLS = `query { notifications(first: 10) { edges { node { kind actor { username } } } } }`;

  it('marks a call nobody answers MISSED after the ring timeout, tells both sides, and notifies the callee', async () => {
    const [ada, bob] = [await user(), await user()];
    const [adaHears, bobHears] = await listen(graph, ada, bob);
    const call = await start(ada, bob);
    await bobHears!.next(2);
    await adaHears!.next(1);
    expect([kinds(bobHears!), kinds(adaHears!)]).toEqual([['incoming', 'missed'], ['missed']]);
    expect(bobHears!.pushes[1]!.data!.callSignals.call).toMatchObject({ id: call.id, status: 'MISSED' });
    expect((await history(bob)).map((c) => [c.id, c.status])).toEqual([[call.id, 'MISSED']]);
    await graph.settle();
    await eventually(
      async () =>
        (await mutate<{ notifications: { edges: unknown[] } }>(bob, MISSED_CALLS)).notifications.edges.length > 0,
      () => 'no notification of the missed call',
    );
    expect((await mutate(bob, MISSED_CALLS)).notifications).toEqual({
      edges: [{ node: { kind: 'missed_call', actor: { username: ada.user.username } } }],
    });
  }, 40_000);

  it('still marks a ringing call MISSED when the stack that started it was stopped and started again', async () => {
    const first = await startTestSupergraph({ CALL_RING_TIMEOUT_SECONDS: '3' });
    let restarted: TestSupergraph | undefined;
    try {
      const [ada, bob] = [await user(first), await user(first)];
      const call = await start(ada, bob, first);
      await first.stop();
      const status = async (on: TestSupergraph) =>
        (await on.sql('calls', 'SELECT status::text FROM calls WHERE id = $1', [call.id])).rows[0].status as string;
      // Stopped before its deadline: nothing but the stored deadline remembers it.
      expect(await status(first)).toBe('RINGING');
      restarted = await startTestSupergraph({}, { replicaOf: first });
      await eventually(
        async () => (await status(restarted!)) === 'MISSED',
        () => 'the call was never marked missed',
        20_000,
      );
      expect((await history(bob, restarted)).map((c) => [c.id, c.status])).toEqual([[call.id, 'MISSED']]);
      await restarted.settle();
      await eventually(
        async () =>
          (await mutate<{ notifications: { edges: unknown[] } }>(bob, MISSED_CALLS, {}, restarted)).notifications.edges
            .length > 0,
        () => 'no notification of the missed call after the restart',
      );
    } finally {
      await restarted?.close();
      await first.close();
    }
  }, 120_000);
});

describe('iceServers', () => {
  it('gives the signed-in user STUN servers', async () => {
    const ada = await user();
    expect(await mutate(ada, `query { iceServers { urls username credential } }`)).toEqual({
      iceServers: [{ urls: ['stun:stun.l.google.com:19302'], username: null, credential: null }],
    });
  });
});
