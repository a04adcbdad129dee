import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '@shutter/runtime';
import { inSpan, SpanKind } from '@shutter/telemetry';
import { startInMemoryTracing, type InMemoryTracing } from '@shutter/telemetry/testing';
import { deliver } from './delivery.js';
import { parseEvent, type EventEnvelope } from './envelope.js';
import { fromStoredPayload, recordEvent } from './outbox.js';

const logger = createLogger({ service: 'spec', level: 'silent' });

/** A transaction that keeps the outbox row's payload column as stored (JSON text). */
function outboxTx() {
  const stored: string[] = [];
  return {
    stored,
    async $executeRaw(_strings: TemplateStringsArray, ...values: unknown[]) {
      stored.push(values[5] as string);
      return 1;
    },
  };
}

const postCreated = () => {
  const postId = randomUUID();
  return {
    postId,
    payload: {
      postId,
      authorId: randomUUID(),
      caption: 'hello',
      hashtags: [],
      mentionIds: [],
      mediaCount: 1,
      createdAt: new Date().toISOString(),
    },
  };
};

/** What the relay publishes for a stored row (its envelope), as a transport carries it. */
function published(event: EventEnvelope, storedPayload: string): string {
  const { payload: _payload, traceContext: _trace, ...rest } = event;
  return JSON.stringify({ ...rest, ...fromStoredPayload(JSON.parse(storedPayload)) });
}

const handled = async (value: string, handler: (event: EventEnvelope) => Promise<void>) =>
  deliver(
    { topic: 'shutter.posts', key: null, value },
    { group: 'posts-search', topics: ['shutter.posts'], handler, maxAttempts: 1 },
    async () => {
      throw new Error('dead-lettered');
    },
    logger,
  );

describe('events without tracing (the default)', () => {
  it('records and delivers events with no trace context', async () => {
    const tx = outboxTx();
    const { postId, payload } = postCreated();
    const event = await recordEvent(tx, 'PostCreated', postId, payload);
    expect(event.traceContext).toBeUndefined();
    expect(JSON.parse(tx.stored[0]!)).toEqual(payload);
    const seen: EventEnvelope[] = [];
    expect(await handled(published(event, tx.stored[0]!), async (e) => void seen.push(e))).toBe('handled');
    expect(seen[0]!.traceContext).toBeUndefined();
    expect(seen[0]!.payload).toEqual(payload);
  });
});

describe('events with tracing on', () => {
  let tracing: InMemoryTracing;
  beforeAll(() => {
    tracing = startInMemoryTracing();
  });
  afterAll(() => tracing.stop());

  it('carries the trace of the request that recorded an event to the span of each consumer', async () => {
    const tx = outboxTx();
    const { postId, payload } = postCreated();
    const { result: event, traceId } = await tracing.withRootSpan(() =>
      recordEvent(tx, 'PostCreated', postId, payload),
    );

    // Stored with the row, out of the payload's way, and back on the envelope the relay publishes.
    const stored = JSON.parse(tx.stored[0]!) as Record<string, unknown>;
    expect(stored.$traceContext).toEqual(event.traceContext);
    expect(event.traceContext!.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(fromStoredPayload(stored)).toEqual({ payload, traceContext: event.traceContext });

    let handlerSpans = 0;
    const outcome = await handled(published(event, tx.stored[0]!), async (e) => {
      expect(e.payload).toEqual(payload); // the consumer's payload has no trace key
      // Whatever the handler does (Elasticsearch, SQL) is a child of the consumer's span.
      await inSpan('index post', SpanKind.CLIENT, {}, async () => void (handlerSpans += 1));
    });
    expect(outcome).toBe('handled');
    expect(handlerSpans).toBe(1);

    const spans = tracing.spans();
    const create = spans.find((s) => s.name === 'create shutter.posts')!;
    const process = spans.find((s) => s.name === 'process shutter.posts')!;
    const index = spans.find((s) => s.name === 'index post')!;
    expect(create.kind).toBe(SpanKind.PRODUCER);
    expect(create.attributes).toMatchObject({ 'messaging.message.id': event.id, 'shutter.event.type': 'PostCreated' });
    expect(process.kind).toBe(SpanKind.CONSUMER);
    expect(process.attributes).toMatchObject({
      'messaging.consumer.group.name': 'posts-search',
      'messaging.destination.name': 'shutter.posts',
      'messaging.message.id': event.id,
    });
    for (const span of [create, process, index]) expect(span.spanContext().traceId).toBe(traceId);
    expect(process.parentSpanContext?.spanId).toBe(create.spanContext().spanId);
    expect(index.parentSpanContext?.spanId).toBe(process.spanContext().spanId);
  });

  it('marks a delivery that ends in the dead-letter topic as failed', async () => {
    const tx = outboxTx();
    const { postId, payload } = postCreated();
    const { result: event } = await tracing.withRootSpan(() => recordEvent(tx, 'PostCreated', postId, payload));
    const letters: string[] = [];
    const outcome = await deliver(
      { topic: 'shutter.posts', key: null, value: published(event, tx.stored[0]!) },
      {
        group: 'failing',
        topics: ['shutter.posts'],
        maxAttempts: 2,
        retryDelayMs: 1,
        handler: async () => {
          throw new Error('index unavailable');
        },
      },
      async (letter) => void letters.push(letter.error),
      logger,
    );
    expect(outcome).toBe('dead-lettered');
    const process = tracing.spans().find((s) => s.attributes['messaging.consumer.group.name'] === 'failing')!;
    expect(process.status).toMatchObject({ code: 2, message: 'index unavailable' });
    expect(process.attributes['shutter.delivery.attempts']).toBe(2);
    expect(process.events.map((e) => e.name)).toEqual(['retry', 'exception']);
  });

  it('delivers an event whose trace context is malformed, in a trace of its own', async () => {
    const { postId, payload } = postCreated();
    const raw = {
      id: randomUUID(),
      type: 'PostCreated',
      version: 1,
      aggregateId: postId,
      occurredAt: new Date().toISOString(),
      payload,
      traceContext: { 'Not A Header': 'x' },
    };
    expect(parseEvent(raw).traceContext).toBeUndefined();
    expect(parseEvent({ ...raw, traceContext: { traceparent: 'garbage' } }).traceContext).toEqual({
      traceparent: 'garbage',
    });
    const seen: EventEnvelope[] = [];
    expect(await handled(JSON.stringify(raw), async (e) => void seen.push(e))).toBe('handled');
    expect(seen).toHaveLength(1);
    const process = tracing.spans().find((s) => s.attributes['messaging.message.id'] === raw.id)!;
    expect(process.parentSpanContext).toBeUndefined();
  });
});
