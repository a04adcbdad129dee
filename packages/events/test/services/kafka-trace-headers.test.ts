import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, expect, it } from '@jest/globals';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { KafkaTransport, type EventEnvelope } from '../../src/index.js';
import { eventually, kafkaBrokers, logger } from './support.js';

const namespace = `th${randomUUID().slice(0, 8)}`;
const transport = new KafkaTransport({ brokers: kafkaBrokers(), clientId: namespace, logger, namespace });
let reader: Consumer | undefined;
afterAll(async () => {
  await reader?.disconnect();
  await transport.close();
});

it('publishes an event’s trace context as Kafka headers too, next to the envelope that carries it', async () => {
  const userId = randomUUID();
  const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
  const event: EventEnvelope = {
    id: randomUUID(),
    type: 'UserUpdated',
    version: 1,
    aggregateId: userId,
    occurredAt: new Date().toISOString(),
    payload: { userId, changed: ['username'], username: 'traced', role: 'USER' },
    traceContext: { traceparent, tracestate: 'shutter=1' },
  };
  await transport.publish('shutter.users', [event]);

  // A plain Kafka client, as a tool outside Shutter would read the topic.
  reader = new Kafka({ clientId: `${namespace}-reader`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).consumer(
    {
      groupId: `${namespace}-reader`,
    },
  );
  await reader.connect();
  await reader.subscribe({ topic: `${namespace}.shutter.users`, fromBeginning: true });
  const received: { headers: Record<string, string>; value: EventEnvelope }[] = [];
  await reader.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      received.push({ headers, value: JSON.parse(message.value!.toString()) as EventEnvelope });
    },
  });
  await eventually(
    () => received.length > 0,
    () => 'the event was not read back',
  );
  expect(received[0]!.headers).toEqual({
    traceparent,
    tracestate: 'shutter=1',
    'event-type': 'UserUpdated',
    'event-version': '1',
  });
  expect(received[0]!.value.traceContext).toEqual({ traceparent, tracestate: 'shutter=1' });
});
