import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '@shutter/events';
import { createTestDatabaseBefore, testPool } from '@shutter/testing';
import type pg from 'pg';

// Two data migrations announce every block: for the users subgraph's copy (20261130040000), then for
// the copies of comments and likes (20261201030000).
describe.each(['20261130040000_announce_blocks', '20261201030000_announce_blocks_again'])('%s', (migration) => {
  let db: Awaited<ReturnType<typeof createTestDatabaseBefore>>;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabaseBefore('follows', migration);
    pool = testPool(db.url);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('announces every block that exists before the migration, once', async () => {
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
});
