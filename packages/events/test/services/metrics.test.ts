import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { metricsText } from '@shutter/runtime';
import { metricSum, parseMetrics } from '@shutter/testing';
import { InProcessTransport, KafkaTransport, type EventEnvelope, type EventTransport } from '../../src/index.js';
import { eventually, kafkaBrokers, logger, type TransportName } from './support.js';

const event = (label: string): EventEnvelope => {
  const userId = randomUUID();
  return {
    id: randomUUID(),
    type: 'UserUpdated',
    version: 1,
    aggregateId: userId,
    occurredAt: new Date().toISOString(),
    payload: { userId, changed: ['username'], username: label, role: 'USER' },
  };
};

/** The metric as a scrape of this process reads it (gauges are read from the transport then). */
async function scraped(name: string, labels: Record<string, string>): Promise<number> {
  return metricSum(parseMetrics((await metricsText()).body), name, labels);
}

/**
 * Consumer lag, consumed events and dead letters as `/metrics` reports them, against the
 * in-process log and the real Kafka broker of the test run (its own namespace: empty topics).
 */
describe.each<TransportName>(['in-process', 'kafka'])('metrics of the %s transport', (name) => {
  let transport: EventTransport;
  beforeAll(() => {
    transport =
      name === 'kafka'
        ? new KafkaTransport({
            brokers: kafkaBrokers(),
            clientId: 'metrics-test',
            logger,
            namespace: `m${randomUUID().slice(0, 8)}`,
          })
        : new InProcessTransport(logger);
  });
  afterAll(async () => {
    await transport.close();
  });

  it('reports a group’s lag while it is behind and none once it caught up, and counts what it consumed', async () => {
    const group = `lagging-${randomUUID().slice(0, 8)}`;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let handled = 0;
    await transport.subscribe({
      group,
      topics: ['shutter.users'],
      handler: async () => {
        await held;
        handled += 1;
      },
    });
    // In process, publish resolves once the group has handled the events: not awaited while it is held.
    const published = transport.publish('shutter.users', [event('a'), event('b'), event('c')]);
    if (name === 'kafka') await published;
    const lag = () => scraped('shutter_events_consumer_lag_messages', { group, topic: 'shutter.users' });
    const seen: number[] = [];
    await eventually(
      async () => (seen.push(await lag()), seen.at(-1) === 3),
      () => `lag ${seen.join(', ')}, expected 3 while the handler is held`,
    );

    release();
    await published;
    await eventually(
      async () => (seen.push(await lag()), handled === 3 && seen.at(-1) === 0),
      () => `handled ${handled}, lag ${seen.join(', ')}, expected 0 once caught up`,
    );
    expect(await scraped('shutter_events_consumed_total', { group, topic: 'shutter.users' })).toBe(3);
  });

  it('counts each dead-lettered event by group and topic', async () => {
    const group = `failing-${randomUUID().slice(0, 8)}`;
    const poison = [event('poison-1'), event('poison-2')];
    const fine = event('fine');
    const failing = new Set(poison.map((e) => e.id));
    let fineHandled = false;
    await transport.subscribe({
      group,
      topics: ['shutter.users'],
      maxAttempts: 2,
      retryDelayMs: 10,
      // The group starts at the beginning of the topic: whatever other tests published is handled fine.
      handler: async (e) => {
        if (failing.has(e.id)) throw new Error('this handler fails on poison');
        if (e.id === fine.id) fineHandled = true;
      },
    });
    await transport.publish('shutter.users', [poison[0]!, fine, poison[1]!]);
    const letters = () => scraped('shutter_events_dead_letters_total', { group, topic: 'shutter.users' });
    await eventually(
      async () => fineHandled && (await letters()) === 2,
      () => `fine event handled: ${fineHandled}; dead letters counted for ${group}: not 2`,
    );
    expect(await scraped('shutter_events_consumed_total', { group, topic: 'shutter.users' })).toBeGreaterThanOrEqual(1);
  });
});
