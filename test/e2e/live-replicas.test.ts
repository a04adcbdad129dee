import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { eventually } from '@shutter/testing';
import { closeLiveConnections, connectLive, listening, subscribe } from '../support/live.js';
import { createPost } from '../support/posts.js';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

/**
 * Two replicas of the whole supergraph (every subgraph and the gateway) on real Kafka and Redis:
 * a subscriber on one gateway hears what is done through the other (issue 12). The subgraphs'
 * consumer groups are shared by the replicas, as in a deployment; each gateway has its own live group.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the e2e globalSetup should have started the service.`);
  return value;
}

let first: TestSupergraph;
let second: TestSupergraph;
beforeAll(async () => {
  first = await startTestSupergraph({
    KAFKA_BROKERS: required('TEST_KAFKA_BROKERS'),
    // Topics and groups of this file only, on the shared test cluster.
    KAFKA_NAMESPACE: `live-${randomUUID().slice(0, 8)}`,
    REDIS_URL: required('TEST_REDIS_URL'),
  });
  second = await startTestSupergraph({}, { replicaOf: first });
}, 120_000);
afterAll(async () => {
  await closeLiveConnections();
  await second?.close();
  await first?.close();
});

async function mutate(graph: TestSupergraph, who: Session, query: string, variables: Record<string, unknown>) {
  const response = await graph.request(query, variables, { token: who.accessToken });
  expect(response.errors).toBeUndefined();
}

it('pushes to a subscriber on one gateway what was done through the other', async () => {
  const author = await registerUser(first, {}, { settle: true });
  const reader = await registerUser(first, {}, { settle: true });
  const commenter = await registerUser(second, {}, { settle: true });
  await second.settle();
  const postId = await createPost(second, author, 'across replicas');

  const held = first.stack.gateway.live!.stats().listeners;
  const socket = connectLive(first.url, reader.accessToken);
  const comments = subscribe<{ commentAdded: { body: string; author: { username: string } } }>(
    socket,
    `subscription($p: ID!) { commentAdded(postId: $p) { body author { username } } }`,
    { p: postId },
  );
  const updates = subscribe<{ postUpdated: { likeCount: number; commentCount: number } }>(
    socket,
    `subscription($p: ID!) { postUpdated(postId: $p) { likeCount commentCount } }`,
    { p: postId },
  );
  await listening(first, held + 2);

  await mutate(
    second,
    commenter,
    `mutation($p: ID!) { addComment(postId: $p, body: "hello from the other side") { id } }`,
    {
      p: postId,
    },
  );
  const [comment] = await comments.next(1);
  expect(comment!.data!.commentAdded).toEqual({
    body: 'hello from the other side',
    author: { username: commenter.user.username },
  });
  await updates.next(1);
  await mutate(second, commenter, `mutation($p: ID!) { likePost(postId: $p) { id } }`, { p: postId });
  const pushes = await updates.next(2);
  expect(pushes.map((p) => p.data!.postUpdated)).toEqual([
    { likeCount: 0, commentCount: 1 },
    { likeCount: 1, commentCount: 1 },
  ]);
  // The other gateway holds no subscription: it was never asked.
  expect(second.stack.gateway.live!.stats().listeners).toBe(0);
});

it('pushes a new post into a follower’s feed and a notification to its author across gateways', async () => {
  const author = await registerUser(first, {}, { settle: true });
  const follower = await registerUser(first, {}, { settle: true });
  await mutate(second, follower, `mutation($u: ID!) { follow(userId: $u) { id } }`, { u: author.user.id });
  await second.settle();
  const before = first.stack.gateway.live!.stats().listeners;
  const feed = subscribe<{ feedPostAdded: { caption: string; author: { username: string } } }>(
    connectLive(first.url, follower.accessToken),
    `subscription { feedPostAdded { caption author { username } } }`,
  );
  const notifications = subscribe<{ notificationReceived: { kind: string; actor: { username: string } } }>(
    connectLive(first.url, author.accessToken),
    `subscription { notificationReceived { kind actor { username } } }`,
  );
  await listening(first, before + 2);

  const postId = await createPost(second, author, 'posted through the other gateway');
  const [post] = await feed.next(1);
  expect(post!.data!.feedPostAdded).toEqual({
    caption: 'posted through the other gateway',
    author: { username: author.user.username },
  });
  await mutate(second, follower, `mutation($p: ID!) { likePost(postId: $p) { id } }`, { p: postId });
  // The follow's own notification may arrive too (on Kafka its consumer may run after we subscribed).
  const kindOf = (p: (typeof notifications.pushes)[number]) => p.data!.notificationReceived.kind;
  await eventually(
    () => notifications.pushes.some((p) => kindOf(p) === 'like'),
    () => `pushes: ${JSON.stringify(notifications.pushes)}`,
    15_000,
  );
  expect(notifications.pushes.find((p) => kindOf(p) === 'like')!.data!.notificationReceived).toEqual({
    kind: 'like',
    actor: { username: follower.user.username },
  });
  expect(notifications.pushes.map(kindOf).every((kind) => kind === 'like' || kind === 'follow')).toBe(true);
});

it('carries a call’s signals between a caller on one gateway and a callee on the other', async () => {
  const caller = await registerUser(first, {}, { settle: true });
  const callee = await registerUser(second, {}, { settle: true });
  type Pushed = { callSignals: { kind: string; payload: string | null; from: { username: string } } };
  const CALL_SIGNALS = `subscription { callSignals { kind payload from { username } } }`;
  const [onFirst, onSecond] = [
    first.stack.gateway.live!.stats().listeners,
    second.stack.gateway.live!.stats().listeners,
  ];
  const callerHears = subscribe<Pushed>(connectLive(first.url, caller.accessToken), CALL_SIGNALS);
  const calleeHears = subscribe<Pushed>(connectLive(second.url, callee.accessToken), CALL_SIGNALS);
  await listening(first, onFirst + 1);
  await listening(second, onSecond + 1);

  // On Kafka the calls subgraph learns of the new accounts from its own consumer: retried until it has.
  let callId = '';
  await eventually(
    async () => {
      const response = await first.request<{ startCall: { id: string } }>(
        `mutation($c: ID!) { startCall(calleeId: $c, type: AUDIO) { id } }`,
        { c: callee.user.id },
        { token: caller.accessToken },
      );
      callId = response.data?.startCall.id ?? '';
      return callId !== '';
    },
    () => 'the calls subgraph never knew the callee',
    15_000,
  );
  const send = (graph: TestSupergraph, who: Session, kind: string, payload: string) =>
    mutate(
      graph,
      who,
      `mutation($id: ID!, $k: String!, $p: String!) { sendCallSignal(callId: $id, kind: $k, payload: $p) }`,
      {
        id: callId,
        k: kind,
        p: payload,
      },
    );
  await send(first, caller, 'offer', 'v=0 offer');
  await send(first, caller, 'ice-candidate', 'c1');
  await mutate(second, callee, `mutation($id: ID!) { answerCall(callId: $id, sdpAnswer: "v=0 answer") { id } }`, {
    id: callId,
  });
  await send(second, callee, 'ice-candidate', 'c2');
  await mutate(first, caller, `mutation($id: ID!) { endCall(callId: $id) { id } }`, { id: callId });

  const seen = (s: typeof callerHears) =>
    s.pushes.map((p) => [p.data!.callSignals.kind, p.data!.callSignals.payload, p.data!.callSignals.from.username]);
  await calleeHears.next(4);
  await callerHears.next(2);
  expect(seen(calleeHears)).toEqual([
    ['incoming', null, caller.user.username],
    ['offer', 'v=0 offer', caller.user.username],
    ['ice-candidate', 'c1', caller.user.username],
    ['ended', null, caller.user.username],
  ]);
  expect(seen(callerHears)).toEqual([
    ['answered', 'v=0 answer', callee.user.username],
    ['ice-candidate', 'c2', callee.user.username],
  ]);
});
