import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EVENT_CATALOGUE, type EventPayload, type EventType } from './catalogue.js';

export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  aggregateId: z.string().min(1),
  occurredAt: z.iso.datetime(),
  payload: z.unknown(),
  /**
   * Where the change was made in a trace (W3C `traceparent`, `tracestate`), when the producer traces:
   * consumers continue that trace. Optional, and dropped rather than refused when malformed: an
   * event is never poison for its tracing.
   */
  traceContext: z
    .record(z.string().regex(/^[a-z0-9_-]{1,64}$/), z.string().max(8_192))
    .refine((fields) => Object.keys(fields).length <= 8)
    .optional()
    .catch(undefined),
});

/** The wire form of every event: the same on Kafka, in-process and in the outbox. */
export type EventEnvelope = z.infer<typeof envelopeSchema>;

export type TypedEnvelope<T extends EventType> = Omit<EventEnvelope, 'type' | 'payload'> & {
  type: T;
  payload: EventPayload<T>;
};

export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

/** Builds a validated envelope for a catalogued event. */
export function createEvent<T extends EventType>(
  type: T,
  aggregateId: string,
  payload: EventPayload<T>,
): TypedEnvelope<T> & { topic: string } {
  const definition = EVENT_CATALOGUE[type];
  const parsed = definition.payload.safeParse(payload);
  if (!parsed.success) throw new InvalidEventError(`${type} payload is invalid: ${parsed.error.message}`);
  return {
    id: randomUUID(),
    type,
    version: definition.version,
    aggregateId,
    occurredAt: new Date().toISOString(),
    payload: parsed.data as EventPayload<T>,
    topic: definition.topic,
  };
}

/**
 * Validates an envelope received from a transport against the catalogue. Throws
 * InvalidEventError for anything malformed, unknown or of an unsupported version, which the
 * consumer machinery treats as poison (dead-lettered, never retried forever).
 */
export function parseEvent(raw: unknown): EventEnvelope {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) throw new InvalidEventError(`malformed event envelope: ${envelope.error.message}`);
  const definition = EVENT_CATALOGUE[envelope.data.type as EventType];
  if (!definition) return envelope.data; // unknown types are passed on; handlers pick what they know
  if (envelope.data.version !== definition.version) {
    throw new InvalidEventError(`${envelope.data.type} v${envelope.data.version} is not supported`);
  }
  const payload = definition.payload.safeParse(envelope.data.payload);
  if (!payload.success)
    throw new InvalidEventError(`${envelope.data.type} payload is invalid: ${payload.error.message}`);
  return { ...envelope.data, payload: payload.data };
}

export function isEvent<T extends EventType>(event: EventEnvelope, type: T): event is TypedEnvelope<T> {
  return event.type === type;
}
