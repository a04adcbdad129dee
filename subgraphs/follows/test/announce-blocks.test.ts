import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '@shutter/events';
import { createTestDatabaseBefore, testPool } from '@shutter/testing';
import type pg from 'pg';

let db: Awaited<ReturnType<typeof createTestDatabaseBefore>>;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabaseBefore('follows', '20261130040000_announce_blocks');
  pool = testPool(db.url);
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

it('announces every block that exists before the users subgraph kept a copy of blocks, once', async () => {
  const [ada, bob, cy] = [randomUUID(), randomUUID(), randomUUID()];
  await pool.query(
    `INSERT INTO blocks (blocker_id, blocked_id, created_at)
     VALUES ($1, $2, now() - interval '2 days'), ($3, $1, now() - interval '1 day')`,
    [ada, bob, cy],
  );

  await db.migrate();

  const { rows } = await pool.query(`SELECT topic, aggregate_id, type, version, payload FROM outbox ORDER BY seq`);
  expect(rows).toEqual([
    {
      topic: 'shutter.follows',
      aggregate_id: bob,
      type: 'UserBlocked',
      version: 1,
      payload: { blockerId: ada, blockedId: bob },
    },
    {
      topic: 'shutter.follows',
      aggregate_id: ada,
      type: 'UserBlocked',
      version: 1,
      payload: { blockerId: cy, blockedId: ada },
    },
  ]);
  for (const row of rows) expect(EVENT_CATALOGUE.UserBlocked.payload.safeParse(row.payload).success).toBe(true);
});
