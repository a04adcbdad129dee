import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventEnvelope, EventTransport, Subscription } from '../../src/index.js';
import { ConsumerDb, deadLetters, eventually, makeTransport, Producer, type TransportName } from './support.js';

/**
 * The guarantees every event transport gives, run against the in-process default and against
 * the real Kafka broker the test run started.
 */
describe.each<TransportName>(['in-process', 'kafka'])('the %s transport', (name) => {
  let transport: EventTransport;
  let producer: Producer;
  let consumerDb: ConsumerDb;
  const subscriptions: Subscription[] = [];

  beforeAll(async () => {
    transport = makeTransport(name);
    producer = await Producer.start(transport);
    consumerDb = await ConsumerDb.create();
  });
  afterAll(async () => {
    for (const s of subscriptions) await s.stop();
    await producer.stop();
    await transport.close();
    await consumerDb.drop();
  });

  /** Subscribes a fresh group that records events of the given aggregates only. */
  async function collect(
    aggregates: Set<string>,
    group = `g-${randomUUID()}`,
    onEvent?: (e: EventEnvelope) => Promise<void>,
    startAt?: 'beginning' | 'end',
  ) {
    const received: EventEnvelope[] = [];
    const subscription = await transport.subscribe({
      group,
      topics: ['shutter.users'],
      retryDelayMs: 20,
      maxAttempts: 3,
      ...(startAt ? { startAt } : {}),
      handler: async (event) => {
        if (!aggregates.has(event.aggregateId)) return;
        await onEvent?.(event);
        received.push(event);
      },
    });
    subscriptions.push(subscription);
    return { received, subscription, group };
  }

  it('delivers the events of one aggregate in the order they were committed', async () => {
    const aggregates = [randomUUID(), randomUUID(), randomUUID()];
    const { received } = await collect(new Set(aggregates));
    for (let i = 0; i < 15; i += 1) {
      await Promise.all(aggregates.map((a) => producer.emit(a, `step-${i}`)));
    }
    await eventually(
      () => received.length === 45,
      () => `received ${received.length}/45`,
    );
    for (const aggregate of aggregates) {
      const labels = received
        .filter((e) => e.aggregateId === aggregate)
        .map((e) => (e.payload as { username: string }).username);
      expect(labels).toEqual(Array.from({ length: 15 }, (_, i) => `step-${i}`));
    }
  });

  it('never publishes an event whose transaction rolled back', async () => {
    const aggregate = randomUUID();
    const { received } = await collect(new Set([aggregate]));
    let rolledBack: EventEnvelope | undefined;
    await expect(
      producer.transaction(async (tx) => {
        const { recordEvent, pgExecutor } = await import('../../src/index.js');
        rolledBack = await recordEvent(pgExecutor(tx), 'UserUpdated', aggregate, {
          userId: aggregate,
          changed: ['role'],
          username: 'ghost',
          role: 'ADMIN',
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const marker = await producer.emit(aggregate, 'after-rollback');
    await eventually(
      () => received.some((e) => e.id === marker.id),
      () => 'marker not received',
    );
    expect(received.map((e) => e.id)).toEqual([marker.id]);
    expect(rolledBack).toBeDefined();
  });

  it('gives a consumer that was down everything it missed when it comes back', async () => {
    const aggregate = randomUUID();
    const first = await collect(new Set([aggregate]));
    await producer.emit(aggregate, 'before-outage');
    await eventually(
      () => first.received.length === 1,
      () => 'first event not received',
    );
    await first.subscription.stop();

    const missed = [];
    for (let i = 0; i < 5; i += 1) missed.push(await producer.emit(aggregate, `missed-${i}`));
    await eventually(
      async () => (await producer.relay.pending()) === 0,
      () => 'outbox not drained',
    );

    const again = await collect(new Set([aggregate]), first.group);
    await eventually(
      () => again.received.length >= 5,
      () => `received ${again.received.length}/5 after restart`,
    );
    expect(again.received.map((e) => e.id)).toEqual(missed.map((e) => e.id));
  });

  it('starts a new group at the end when asked: it hears only what comes after it joined', async () => {
    const aggregate = randomUUID();
    const before = await producer.emit(aggregate, 'before-joining');
    await eventually(
      async () => (await producer.relay.pending()) === 0,
      () => 'outbox not drained',
    );
    const { received } = await collect(new Set([aggregate]), undefined, undefined, 'end');
    // A Kafka group takes its position when partitions are assigned, a moment after subscribe():
    // announce markers until one arrives, then the event that must be heard.
    await eventually(
      async () => {
        if (received.length > 0) return true;
        await producer.emit(aggregate, 'marker');
        await new Promise((r) => setTimeout(r, 500));
        return received.length > 0;
      },
      () => 'no marker reached the group that started at the end',
    );
    const after = await producer.emit(aggregate, 'after-joining');
    await eventually(
      () => received.some((e) => e.id === after.id),
      () => 'the event after joining was not received',
    );
    expect(received.some((e) => e.id === before.id)).toBe(false);
  });

  it('applies each event once when it is delivered again', async () => {
    const aggregate = randomUUID();
    const consumer = `counter-${randomUUID()}`;
    const first = await collect(new Set([aggregate]), undefined, (e) => consumerDb.apply(consumer, e));
    for (let i = 0; i < 5; i += 1) await producer.emit(aggregate, `n-${i}`);
    await eventually(
      () => first.received.length === 5,
      () => 'events not received',
    );
    expect(await consumerDb.count(aggregate)).toBe(5);

    // A second group replays the whole topic into the same consumer: a full redelivery.
    const replay = await collect(new Set([aggregate]), undefined, (e) => consumerDb.apply(consumer, e));
    await eventually(
      () => replay.received.length === 5,
      () => 'replay not received',
    );
    expect(await consumerDb.count(aggregate)).toBe(5);
  });

  it('dead-letters a poison message and keeps later messages flowing', async () => {
    const aggregate = randomUUID();
    const poisonAggregate = randomUUID();
    const failing = await producer.emit(poisonAggregate, 'handler-always-fails');
    const { received } = await collect(new Set([aggregate, poisonAggregate]), undefined, async (event) => {
      if (event.id === failing.id) throw new Error('cannot handle this one');
    });
    // And a message no consumer can even parse, published straight to the topic.
    await transport.publish('shutter.users', [
      {
        id: randomUUID(),
        type: 'UserUpdated',
        version: 1,
        aggregateId: poisonAggregate,
        occurredAt: new Date().toISOString(),
        payload: { nonsense: true },
      },
    ]);
    const later = await producer.emit(aggregate, 'after-poison');
    await eventually(
      () => received.some((e) => e.id === later.id),
      () => 'later message did not flow',
    );
    expect(received.some((e) => e.id === failing.id)).toBe(false);

    await eventually(
      async () => {
        const letters = await deadLetters(transport);
        return letters.filter((l) => l.value.includes(poisonAggregate)).length >= 2;
      },
      () => 'poison messages not in the dead-letter topic',
    );
    const letters = (await deadLetters(transport)).filter((l) => l.value.includes(poisonAggregate));
    expect(letters.map((l) => l.headers.error)).toEqual(
      expect.arrayContaining(['cannot handle this one', expect.stringMatching(/payload is invalid/)]),
    );
  });
});
