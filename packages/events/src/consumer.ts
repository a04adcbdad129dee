import type { EventType } from './catalogue.js';
import type { EventEnvelope, TypedEnvelope } from './envelope.js';
import { claimEvent, type SqlExecutor } from './outbox.js';
import type { EventHandler } from './transport.js';

/** Work to do once the consumer's transaction committed (e.g. refreshing a cache entry). */
export type AfterCommit = () => Promise<void>;

export type EventHandlers<TX> = {
  [T in EventType]?: (tx: TX, event: TypedEnvelope<T>) => Promise<AfterCommit | void>;
};

interface TransactionRunner<TX> {
  $transaction<R>(work: (tx: TX) => Promise<R>): Promise<R>;
}

/**
 * An idempotent consumer: each event runs in one transaction with the record that `consumer`
 * applied it, so a redelivered event changes nothing. Event types without a handler are skipped.
 */
export function idempotentHandler<TX extends SqlExecutor>(
  db: TransactionRunner<TX>,
  consumer: string,
  handlers: EventHandlers<TX>,
): EventHandler {
  return async (event: EventEnvelope) => {
    const handle = handlers[event.type as EventType] as
      ((tx: TX, event: EventEnvelope) => Promise<AfterCommit | void>) | undefined;
    if (!handle) return;
    const after = await db.$transaction(async (tx) => {
      if (!(await claimEvent(tx, consumer, event.id))) return undefined;
      return handle(tx, event);
    });
    if (after) await after();
  };
}
