import { randomUUID } from 'node:crypto';
import { createLogger } from '@shutter/runtime';
import { createTestDatabase, eventually, testPool, type TestDatabase } from '@shutter/testing';
import type pg from 'pg';
import {
  claimEvent,
  DEAD_LETTER_TOPIC,
  InProcessTransport,
  KafkaTransport,
  OutboxRelay,
  pgExecutor,
  recordEvent,
  type EventEnvelope,
  type EventTransport,
} from '../../src/index.js';

export { eventually };

export const logger = createLogger({ service: 'events-test', level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export function kafkaBrokers(): string[] {
  const brokers = process.env.TEST_KAFKA_BROKERS;
  if (!brokers) throw new Error('TEST_KAFKA_BROKERS is not set: the jest globalSetup should have started Kafka.');
  return brokers.split(',');
}

export type TransportName = 'in-process' | 'kafka';

export function makeTransport(name: TransportName, clientId = `test-${randomUUID().slice(0, 8)}`): EventTransport {
  return name === 'kafka'
    ? new KafkaTransport({ brokers: kafkaBrokers(), clientId, logger })
    : new InProcessTransport(logger);
}

/** A producing service's database (with the outbox) and its relay. */
export class Producer {
  private constructor(
    readonly db: TestDatabase,
    readonly pool: pg.Pool,
    readonly relay: OutboxRelay,
  ) {}

  static async start(transport: EventTransport): Promise<Producer> {
    // The outbox table exactly as every producing subgraph creates it.
    const db = await createTestDatabase('users');
    const relay = new OutboxRelay({ databaseUrl: db.url, transport, logger, pollIntervalMs: 200, maxBackoffMs: 1_000 });
    relay.start();
    return new Producer(db, testPool(db.url, 4), relay);
  }

  /** Commits a UserUpdated event for `aggregateId` whose username carries `label`. */
  async emit(aggregateId: string, label: string): Promise<EventEnvelope> {
    return this.transaction((tx) =>
      recordEvent(pgExecutor(tx), 'UserUpdated', aggregateId, {
        userId: aggregateId,
        changed: ['username'],
        username: label,
        role: 'USER',
      }),
    );
  }

  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async stop(): Promise<void> {
    await this.relay.stop();
    await this.pool.end();
    await this.db.drop();
  }
}

/** A consuming service's database: processed_events plus a table of applied side effects. */
export class ConsumerDb {
  private constructor(
    readonly db: TestDatabase,
    readonly pool: pg.Pool,
  ) {}

  /** Opens an existing consumer database (from another process). */
  static async connect(url: string): Promise<ConsumerDb> {
    return new ConsumerDb({ name: '', url, drop: async () => undefined }, testPool(url));
  }

  static async create(): Promise<ConsumerDb> {
    const db = await createTestDatabase();
    const pool = testPool(db.url, 4);
    await pool.query(`
      CREATE TABLE processed_events (consumer TEXT NOT NULL, event_id UUID NOT NULL,
        processed_at TIMESTAMPTZ(3) NOT NULL DEFAULT now(), PRIMARY KEY (consumer, event_id));
      CREATE TABLE counters (aggregate_id TEXT PRIMARY KEY, n INT NOT NULL);`);
    return new ConsumerDb(db, pool);
  }

  /** The idempotent side effect: count the event against its aggregate, once per event id. */
  async apply(consumer: string, event: EventEnvelope): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (await claimEvent(pgExecutor(client), consumer, event.id)) {
        await client.query(
          `INSERT INTO counters (aggregate_id, n) VALUES ($1, 1)
           ON CONFLICT (aggregate_id) DO UPDATE SET n = counters.n + 1`,
          [event.aggregateId],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async count(aggregateId: string): Promise<number> {
    const { rows } = await this.pool.query('SELECT n FROM counters WHERE aggregate_id = $1', [aggregateId]);
    return (rows[0]?.n as number | undefined) ?? 0;
  }

  async drop(): Promise<void> {
    await this.pool.end();
    await this.db.drop();
  }
}

/** Reads the dead-letter topic of either transport. */
export async function deadLetters(
  transport: EventTransport,
): Promise<{ value: string; headers: Record<string, string> }[]> {
  if (transport instanceof InProcessTransport) return [...transport.messages(DEAD_LETTER_TOPIC)];
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ clientId: 'dlq-reader', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `dlq-reader-${randomUUID()}` });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(DEAD_LETTER_TOPIC);
  await admin.disconnect();
  const total = offsets.reduce((sum, o) => sum + Number(o.high), 0);
  const letters: { value: string; headers: Record<string, string> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: DEAD_LETTER_TOPIC, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      letters.push({ value: message.value?.toString() ?? '', headers });
    },
  });
  await eventually(
    () => letters.length >= total,
    () => `read ${letters.length}/${total} dead letters`,
  );
  await consumer.disconnect();
  return letters;
}
