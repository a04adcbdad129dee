import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from '@jest/globals';
import { KafkaTransport, type EventEnvelope, type EventTransport, type Subscription } from '../../src/index.js';
import { eventually, kafkaBrokers, logger } from './support.js';

const transports: EventTransport[] = [];
const subscriptions: Subscription[] = [];
afterAll(async () => {
  for (const s of subscriptions) await s.stop();
  for (const t of transports) await t.close();
});

function transportIn(namespace: string): EventTransport {
  const transport = new KafkaTransport({ brokers: kafkaBrokers(), clientId: `ns-${namespace}`, logger, namespace });
  transports.push(transport);
  return transport;
}

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

it('keeps namespaces apart on one cluster: the same group and topic in another namespace hear nothing of it', async () => {
  const [a, b] = [transportIn(`a${randomUUID().slice(0, 8)}`), transportIn(`b${randomUUID().slice(0, 8)}`)];
  const heard: Record<'a' | 'b', EventEnvelope[]> = { a: [], b: [] };
  for (const [name, transport] of [['a', a], ['b', b]] as const) {
    subscriptions.push(
      await transport.subscribe({
        group: 'same-group',
        topics: ['shutter.users'],
        handler: async (e, info) => {
          // Handlers see the catalogue's topic names, whatever the namespace.
          expect(info.topic).toBe('shutter.users');
          heard[name].push(e);
        },
      }),
    );
  }
  const inA = event('in-a');
  const inB = event('in-b');
  await a.publish('shutter.users', [inA]);
  await b.publish('shutter.users', [inB]);
  await eventually(
    () => heard.a.length > 0 && heard.b.length > 0,
    () => `a heard ${heard.a.length}, b heard ${heard.b.length}`,
  );
  expect(heard.a.map((e) => e.id)).toEqual([inA.id]);
  expect(heard.b.map((e) => e.id)).toEqual([inB.id]);
});
