// Helpers for unit specs: nothing here opens a connection or loads a driver, so a spec stays fast.
export { seededRandom } from './random.js';
export * from './metrics.js';

export interface RecordedEvent {
  type: string;
  aggregateId: string;
  payload: unknown;
}

/**
 * A stand-in for a transaction in unit specs: it keeps the events a service records with
 * `recordEvent(tx, …)` (the outbox insert's values, decoded), so a spec can assert what a change
 * announces without a database.
 */
export function recordingTx(): {
  $executeRaw(strings: TemplateStringsArray, ...values: unknown[]): Promise<number>;
  events: RecordedEvent[];
} {
  const events: RecordedEvent[] = [];
  return {
    events,
    async $executeRaw(strings: TemplateStringsArray, ...values: unknown[]) {
      if (!strings.join('?').includes('INSERT INTO "outbox"'))
        throw new Error(`unexpected SQL in a unit spec: ${strings.join('?')}`);
      // recordEvent's values: id, topic, aggregate id, type, version, payload JSON, occurred at.
      events.push({
        aggregateId: values[2] as string,
        type: values[3] as string,
        payload: JSON.parse(values[5] as string),
      });
      return 1;
    },
  };
}

export interface RefusedWith {
  code: string;
  message: string;
  field?: string;
}

/**
 * What a call that must break a domain rule fails with: its code, message and field. Any other
 * outcome (success, another error) fails the spec with what happened instead.
 */
export async function domainError(call: Promise<unknown>): Promise<RefusedWith> {
  const outcome = await call.then(
    () => new Error('expected a DomainError, but the call succeeded'),
    (error: unknown) => error,
  );
  // By name, not instanceof: specs need not load @shutter/runtime's barrel for this.
  if (!(outcome instanceof Error) || outcome.name !== 'DomainError') throw outcome;
  const { code, field } = outcome as Error & { code: string; field?: string };
  return { code, message: outcome.message, ...(field ? { field } : {}) };
}
