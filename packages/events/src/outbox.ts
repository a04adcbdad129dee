import type { EventType } from './catalogue.js';
import { createEvent, type TypedEnvelope } from './envelope.js';
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
  const { topic, ...event } = createEvent(type, aggregateId, payload);
  await tx.$executeRaw`
    INSERT INTO "outbox" ("id", "topic", "aggregate_id", "type", "version", "payload", "occurred_at")
    VALUES (${event.id}::uuid, ${topic}, ${aggregateId}, ${type}, ${event.version},
            ${JSON.stringify(event.payload)}::jsonb, ${event.occurredAt}::timestamptz)`;
  return event;
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
