import { eventTraceContext } from '@shutter/telemetry';
import type { EventType } from './catalogue.js';
import { createEvent, type EventEnvelope, type TypedEnvelope } from './envelope.js';
import type { EventPayload } from './catalogue.js';

/** What the outbox needs from a Prisma transaction client (any subgraph's). */
export interface SqlExecutor {
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<number>;
}

/**
 * Records an event in the outbox inside the caller's transaction: it is published if and only if
 * the state change it announces commits. Every producing subgraph has the same `outbox` table
 * (see prisma/users/migrations) and runs an OutboxRelay on it.
 */
export async function recordEvent<T extends EventType>(
  tx: SqlExecutor,
  type: T,
  aggregateId: string,
  payload: EventPayload<T>,
): Promise<TypedEnvelope<T>> {
  const { topic, ...created } = createEvent(type, aggregateId, payload);
  const traceContext = eventTraceContext({ id: created.id, type, topic });
  const event = traceContext ? { ...created, traceContext } : created;
  await tx.$executeRaw`
    INSERT INTO "outbox" ("id", "topic", "aggregate_id", "type", "version", "payload", "occurred_at")
    VALUES (${event.id}::uuid, ${topic}, ${aggregateId}, ${type}, ${event.version},
            ${JSON.stringify(storedPayload(event))}::jsonb, ${event.occurredAt}::timestamptz)`;
  return event;
}

/**
 * The outbox has no column for the trace context (it would take a migration of every producing
 * database); it rides in the stored payload under a key no payload has, and the relay takes it out
 * again (`fromStoredPayload`). Consumers never see it there.
 */
const TRACE_CONTEXT_KEY = '$traceContext';

function storedPayload(event: Pick<EventEnvelope, 'payload' | 'traceContext'>): unknown {
  return event.traceContext ? { ...(event.payload as object), [TRACE_CONTEXT_KEY]: event.traceContext } : event.payload;
}

/** An outbox row's payload column as the event's payload and trace context. */
export function fromStoredPayload(stored: unknown): Pick<EventEnvelope, 'payload' | 'traceContext'> {
  if (typeof stored !== 'object' || stored === null || !(TRACE_CONTEXT_KEY in stored)) return { payload: stored };
  const { [TRACE_CONTEXT_KEY]: traceContext, ...payload } = stored as Record<string, unknown>;
  return { payload, traceContext: traceContext as EventEnvelope['traceContext'] };
}

/**
 * Records that this consumer applied the event, in the transaction of its side effect. Returns
 * false when it was applied before (a redelivery): the caller then does nothing.
 */
export async function claimEvent(tx: SqlExecutor, consumer: string, eventId: string): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO "processed_events" ("consumer", "event_id") VALUES (${consumer}, ${eventId}::uuid)
    ON CONFLICT DO NOTHING`;
  return inserted === 1;
}
