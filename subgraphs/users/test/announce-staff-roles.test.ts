import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '@shutter/events';
import { applyMigrations, migrationsDirFor } from '@shutter/runtime';
import { createTestDatabase, testPool, type TestDatabase } from '@shutter/testing';
import type pg from 'pg';

const MIGRATION = '20261130020000_announce_staff_roles';
let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = testPool(db.url);
  // The users database as it was before this migration: every earlier migration applied.
  const before = mkdtempSync(join(tmpdir(), 'users-migrations-'));
  for (const name of readdirSync(migrationsDirFor('users')).filter((n) => n < MIGRATION)) {
    cpSync(join(migrationsDirFor('users'), name), join(before, name), { recursive: true });
  }
  await applyMigrations(db.url, before);
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

  await applyMigrations(db.url, migrationsDirFor('users'));

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
