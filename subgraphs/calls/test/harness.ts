import { randomUUID } from 'node:crypto';
import { createEvent, type EventPayload, type EventType } from '@shutter/events';
import { createLogger, createPrismaClient, QueryCounter } from '@shutter/runtime';
import { createTestDatabase, testPool, type TestDatabase } from '@shutter/testing';
import { createContextFactory } from '../src/context.js';
import { copiesConsumer } from '../src/events/copies-events.js';
import { CallRepository } from '../src/repositories/call.repository.js';
import { CopiesRepository } from '../src/repositories/copies.repository.js';
import { PrismaClient } from '../src/repositories/db.js';
import { CallWriter } from '../src/services/call-writer.js';
import type { CallService, CallSettings } from '../src/services/call.service.js';
import { MissedCallSweeper } from '../src/services/missed-call.sweeper.js';

/**
 * One fresh calls database per test file: the real repositories on a counted Prisma client, the
 * real event consumer for the copies, and sweepers on clients of their own (as replicas would be).
 */
export interface CallsDatabase {
  db: TestDatabase;
  counter: QueryCounter;
  sql: ReturnType<typeof testPool>;
  settings: CallSettings;
  /** The service as a request of `userId` gets it (src/context.ts; null: anonymous). */
  serviceFor(userId: string | null): CallService;
  deliver<T extends EventType>(type: T, aggregateId: string, payload: EventPayload<T>): Promise<void>;
  /** An account, as UserRegistered leaves it. */
  account(): Promise<string>;
  /** A sweeper on a database client of its own (another replica). */
  sweeper(): Promise<MissedCallSweeper>;
  /** Moves a call's ring deadline into the past. */
  overdue(callId: string): Promise<void>;
  count(query: string, params?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

const logger = createLogger({ service: 'calls-test', level: 'silent' });

export async function openCallsDatabase(): Promise<CallsDatabase> {
  const db = await createTestDatabase('calls');
  const counter = new QueryCounter();
  const prisma = createPrismaClient((options) => new PrismaClient(options), { databaseUrl: db.url, counter });
  const sql = testPool(db.url);
  const repository = new CallRepository(prisma);
  const settings: CallSettings = {
    ringTimeoutSeconds: 30,
    signalMaxBytes: 1024,
    ice: { stunUrls: [], turnUrls: [], turnSecret: null, turnTtlSeconds: 3600 },
  };
  const createContext = createContextFactory(repository, new CallWriter(repository), settings);
  const consumer = copiesConsumer(new CopiesRepository(prisma));
  const others: PrismaClient[] = [];
  const deliver: CallsDatabase['deliver'] = async (type, aggregateId, payload) => {
    const { topic, ...event } = createEvent(type, aggregateId, payload);
    await consumer.handler(event, { topic, attempt: 1 });
  };
  return {
    db,
    counter,
    sql,
    settings,
    serviceFor: (userId) =>
      createContext({
        viewer: { userId, role: userId ? 'USER' : null, requestId: 'medium' },
        identityToken: () => 'medium-identity',
        logger,
      }).calls,
    deliver,
    account: async () => {
      const userId = randomUUID();
      await deliver('UserRegistered', userId, {
        userId,
        username: `user_${userId.slice(0, 8)}`,
        role: 'USER',
        createdAt: new Date().toISOString(),
      });
      return userId;
    },
    sweeper: async () => {
      const client = createPrismaClient((options) => new PrismaClient(options), { databaseUrl: db.url, poolSize: 2 });
      others.push(client);
      const calls = new CallRepository(client);
      return new MissedCallSweeper(calls, new CallWriter(calls), logger);
    },
    overdue: async (callId) => {
      await sql.query(`UPDATE calls SET ring_deadline = now() - interval '1 second' WHERE id = $1`, [callId]);
    },
    count: async (query, params = []) => {
      const { rows } = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${query}`, params);
      return Number(rows[0]!.n);
    },
    close: async () => {
      await Promise.all([prisma, ...others].map((client) => client.$disconnect()));
      await sql.end();
      await db.drop();
    },
  };
}
