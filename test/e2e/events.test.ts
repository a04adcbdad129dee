import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '@shutter/runtime';
import { KafkaTransport, type EventEnvelope, type EventTransport, type Subscription } from '@shutter/events';
import { codes, eventually, PrivateBroker } from '@shutter/testing';
import {
  newUserInput,
  REGISTER,
  registerUser,
  startTestSupergraph,
  type TestSupergraph,
} from '../support/supergraph.js';

const logger = createLogger({ service: 'events-e2e', level: 'silent' });

/** Listens to the users topic the way another subgraph would. */
async function listen(transport: EventTransport): Promise<{ events: EventEnvelope[]; subscription: Subscription }> {
  const events: EventEnvelope[] = [];
  const subscription = await transport.subscribe({
    group: `listener-${randomUUID()}`,
    topics: ['shutter.users'],
    handler: async (event) => {
      events.push(event);
    },
  });
  return { events, subscription };
}

describe('users events on the embedded in-process transport', () => {
  let graph: TestSupergraph;
  let listener: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    graph = await startTestSupergraph();
    listener = await listen(graph.stack.events);
  });
  afterAll(async () => {
    await listener.subscription.stop();
    await graph.close();
  });

  it('announces a registration with UserRegistered', async () => {
    const alice = await registerUser(graph);
    await eventually(
      () => listener.events.some((e) => e.aggregateId === alice.user.id),
      () => 'no UserRegistered',
    );
    const event = listener.events.find((e) => e.aggregateId === alice.user.id)!;
    expect(event).toMatchObject({
      type: 'UserRegistered',
      version: 1,
      payload: { userId: alice.user.id, username: alice.user.username, role: 'USER' },
    });
    expect(JSON.stringify(event.payload)).not.toContain('@'); // no email in a broadcast event
  });

  it('announces a role change with UserUpdated', async () => {
    const admin = await signInAsAdmin(graph);
    const bob = await registerUser(graph);
    const changed = await graph.request(
      `mutation($id: ID!) { setUserRole(userId: $id, role: MODERATOR) { role } }`,
      { id: bob.user.id },
      { token: admin },
    );
    expect(changed.errors).toBeUndefined();
    await eventually(
      () => listener.events.some((e) => e.aggregateId === bob.user.id && e.type === 'UserUpdated'),
      () => 'no UserUpdated',
    );
    const types = listener.events.filter((e) => e.aggregateId === bob.user.id).map((e) => e.type);
    expect(types).toEqual(['UserRegistered', 'UserUpdated']);
    expect(listener.events.find((e) => e.type === 'UserUpdated' && e.aggregateId === bob.user.id)!.payload).toEqual({
      userId: bob.user.id,
      changed: ['role'],
      username: bob.user.username,
      role: 'MODERATOR',
    });
  });

  it('announces nothing for a refused registration', async () => {
    const before = await graph.usersSql('SELECT count(*)::int AS n FROM outbox');
    const alice = await registerUser(graph);
    const refused = await graph.request(REGISTER, { input: newUserInput({ email: alice.user.email! }) });
    expect(codes(refused)).toEqual(['CONFLICT']);
    const after = await graph.usersSql('SELECT count(*)::int AS n FROM outbox');
    expect(after.rows[0].n).toBe(before.rows[0].n + 1);
  });
});

/** Promotes a fresh user to ADMIN directly in the database (what an operator would do) and signs in. */
async function signInAsAdmin(graph: TestSupergraph): Promise<string> {
  const user = await registerUser(graph);
  await graph.usersSql(`UPDATE users SET role = 'ADMIN' WHERE id = $1`, [user.user.id]);
  const login = await graph.request<{ login: { accessToken: string } }>(
    `mutation($id: String!, $pw: String!) { login(usernameOrEmail: $id, password: $pw) { accessToken } }`,
    { id: user.user.username, pw: user.password },
  );
  return login.data!.login.accessToken;
}

describe('users events on Kafka when the broker fails', () => {
  let broker: PrivateBroker;
  let graph: TestSupergraph;
  let transport: KafkaTransport;
  beforeAll(async () => {
    // This file stops and restarts its broker, so it has one of its own.
    broker = await PrivateBroker.start();
    graph = await startTestSupergraph({ KAFKA_BROKERS: broker.brokers.join(',') });
    transport = new KafkaTransport({ brokers: broker.brokers, clientId: 'listener', logger });
  }, 180_000);
  afterAll(async () => {
    await transport?.close();
    await graph?.close();
    await broker?.destroy();
  }, 60_000);

  it('answers a registration normally while the broker is down and delivers the event once it is back', async () => {
    await broker.command('stop');
    const started = Date.now();
    const alice = await registerUser(graph);
    expect(Date.now() - started).toBeLessThan(3_000);
    await broker.command('start');

    const listener = await listen(transport);
    await eventually(
      () => listener.events.some((e) => e.aggregateId === alice.user.id),
      () => 'UserRegistered from the outage never arrived',
      120_000,
    );
    await listener.subscription.stop();
  }, 240_000);

  it('loses no event when the broker restarts while users register, with no service restarted', async () => {
    const listener = await listen(transport);
    const ids: string[] = [];
    const registering = (async () => {
      for (let i = 0; i < 30; i += 1) {
        ids.push((await registerUser(graph)).user.id);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await eventually(
      () => listener.events.length > 0,
      () => 'nothing arrived before the restart',
      60_000,
    );
    await broker.command('restart');
    await registering;
    const seen = () => new Set(listener.events.map((e) => e.aggregateId));
    await eventually(
      () => ids.every((id) => seen().has(id)),
      () => `${ids.filter((id) => seen().has(id)).length}/30 arrived`,
      120_000,
    );
    await listener.subscription.stop();
  }, 240_000);
});
