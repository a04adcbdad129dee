import { randomUUID } from 'node:crypto';
import { createPrismaClient, QueryCounter } from '@shutter/runtime';
import { createTestDatabase, testPool, type TestDatabase } from '@shutter/testing';
import type pg from 'pg';
import { PrismaClient } from '../src/repositories/db.js';

/** A fresh profiles database for one test file: the Prisma client repositories use, its statement counter, and a pg pool for checks. */
export interface ProfilesDatabase {
  db: TestDatabase;
  prisma: PrismaClient;
  counter: QueryCounter;
  /** Reads the tables directly, outside Prisma (its statements are not counted). */
  pool: pg.Pool;
  close(): Promise<void>;
}

export async function openProfilesDatabase(): Promise<ProfilesDatabase> {
  const db = await createTestDatabase('profiles');
  const counter = new QueryCounter();
  const prisma = createPrismaClient((options) => new PrismaClient(options), { databaseUrl: db.url, counter });
  const pool = testPool(db.url);
  return {
    db,
    prisma,
    counter,
    pool,
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
      await db.drop();
    },
  };
}

/** A username unique to one test that fits the column (30 characters). */
export const uniqueUsername = (prefix = 'u') => `${prefix}_${randomUUID().slice(0, 8)}`;

export interface OutboxRow {
  type: string;
  aggregate_id: string;
  topic: string;
  version: number;
  payload: Record<string, unknown>;
}

/** The outbox rows announcing changes to one aggregate, oldest first. */
export async function outboxOf(pool: pg.Pool, aggregateId: string): Promise<OutboxRow[]> {
  const { rows } = await pool.query<OutboxRow>(
    `SELECT type, aggregate_id, topic, version, payload FROM outbox WHERE aggregate_id = $1 ORDER BY seq`,
    [aggregateId],
  );
  return rows;
}

/** How many times `consumer` recorded applying the event (0 or 1). */
export async function processedCount(pool: pg.Pool, consumer: string, eventId: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM processed_events WHERE consumer = $1 AND event_id = $2`,
    [consumer, eventId],
  );
  return rows[0]!.n;
}

/** Rows of the profiles table for a user (0 or 1). */
export async function profileRowCount(pool: pg.Pool, userId: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM profiles WHERE user_id = $1`, [
    userId,
  ]);
  return rows[0]!.n;
}
