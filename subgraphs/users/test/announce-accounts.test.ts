import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '@shutter/events';
import { createTestDatabaseBefore, testPool } from '@shutter/testing';
import type pg from 'pg';

let db: Awaited<ReturnType<typeof createTestDatabaseBefore>>;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabaseBefore('users', '20261201020000_announce_accounts');
  pool = testPool(db.url);
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

it('announces every existing account with its current username and role, once, oldest first', async () => {
  const account = async (username: string, role: string, age: string) =>
    (
      await pool.query<{ id: string }>(
        `INSERT INTO users (id, username, email, password_hash, role, created_at, updated_at)
         VALUES (gen_random_uuid(), $1::text, $1::text || '@example.com', 'x', $2::"Role", now() - $3::interval, now())
         RETURNING id`,
        [username, role, age],
      )
    ).rows[0]!.id;
  const ada = await account('old_ada', 'USER', '3 days');
  const mod = await account('old_mod', 'MODERATOR', '2 days');
  const bob = await account('old_bob', 'USER', '1 day');

  await db.migrate();

  const { rows } = await pool.query(`SELECT topic, aggregate_id, type, version, payload FROM outbox ORDER BY seq`);
  const announced = (id: string, username: string, role: string) => ({
    topic: 'shutter.users',
    aggregate_id: id,
    type: 'UserUpdated',
    version: 1,
    payload: { userId: id, changed: ['username', 'role'], username, role },
  });
  expect(rows).toEqual([
    announced(ada, 'old_ada', 'USER'),
    announced(mod, 'old_mod', 'MODERATOR'),
    announced(bob, 'old_bob', 'USER'),
  ]);
  // Consumers validate payloads against the catalogue: these must pass.
  for (const row of rows) expect(EVENT_CATALOGUE.UserUpdated.payload.safeParse(row.payload).success).toBe(true);
});
