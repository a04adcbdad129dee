import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '@shutter/events';
import { createTestDatabaseBefore, testPool } from '@shutter/testing';
import type pg from 'pg';

let db: Awaited<ReturnType<typeof createTestDatabaseBefore>>;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabaseBefore('users', '20261130020000_announce_staff_roles');
  pool = testPool(db.url);
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

it('announces the role of every account that was staff before roles were copied, and of nobody else', async () => {
  const account = async (username: string, role: string) =>
    (
      await pool.query<{ id: string }>(
        `INSERT INTO users (id, username, email, password_hash, role, updated_at)
         VALUES (gen_random_uuid(), $1::text, $1::text || '@example.com', 'x', $2::"Role", now()) RETURNING id`,
        [username, role],
      )
    ).rows[0]!.id;
  const admin = await account('old_admin', 'ADMIN');
  const moderator = await account('old_moderator', 'MODERATOR');
  await account('old_user', 'USER');

  await db.migrate();

  const { rows } = await pool.query(
    `SELECT topic, aggregate_id, type, version, payload FROM outbox ORDER BY payload->>'username'`,
  );
  expect(rows).toEqual([
    {
      topic: 'shutter.users',
      aggregate_id: admin,
      type: 'UserUpdated',
      version: 1,
      payload: { userId: admin, changed: ['role'], username: 'old_admin', role: 'ADMIN' },
    },
    {
      topic: 'shutter.users',
      aggregate_id: moderator,
      type: 'UserUpdated',
      version: 1,
      payload: { userId: moderator, changed: ['role'], username: 'old_moderator', role: 'MODERATOR' },
    },
  ]);
  // Consumers validate payloads against the catalogue: these must pass.
  for (const row of rows) expect(EVENT_CATALOGUE.UserUpdated.payload.safeParse(row.payload).success).toBe(true);
});
