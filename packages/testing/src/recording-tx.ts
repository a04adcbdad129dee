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
