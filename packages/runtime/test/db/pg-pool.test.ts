import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { createTestDatabase, testPool, type TestDatabase } from '@shutter/testing';
import type pg from 'pg';
import { createClosablePool } from '../../src/pg-pool.js';

let db: TestDatabase;
let observer: pg.Pool;
beforeEach(async () => {
  db = await createTestDatabase();
  observer = testPool(db.url, 1);
});
afterEach(async () => {
  await observer.end();
  await db.drop();
});

/** Backends PostgreSQL still has for connections named `name`. */
async function backends(name: string): Promise<number> {
  const { rows } = await observer.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
    [name],
  );
  return rows[0]!.n;
}

/** Opens `n` connections and counts, from then on, how many of them have closed. */
async function openConnections(pool: pg.Pool, n: number): Promise<{ closed: number }> {
  const seen = { closed: 0 };
  pool.on('connect', (client) => client.once('end', () => (seen.closed += 1)));
  await Promise.all(Array.from({ length: n }, () => pool.query('SELECT pg_sleep(0.05)')));
  return seen;
}

it('closes only once PostgreSQL has let every connection go, so stopping PostgreSQL next terminates nothing', async () => {
  const { pool, close } = createClosablePool({ connectionString: db.url, application_name: 'closable', max: 3 });
  const seen = await openConnections(pool, 3);
  expect(await backends('closable')).toBe(3);
  await close();
  // pg's own end() would have returned with all three sockets still open (closed: 0).
  expect(seen.closed).toBe(3);
  expect(await backends('closable')).toBe(0);
  // Idempotent: a second close (two shutdown paths) returns at once.
  await close();
});

it('waits for the connections of a pool someone else ended (a Prisma adapter disposing it)', async () => {
  const { pool, closed } = createClosablePool({ connectionString: db.url, application_name: 'ended', max: 2 });
  const seen = await openConnections(pool, 2);
  const ending = pool.end();
  await closed();
  expect(seen.closed).toBe(2);
  await ending;
  expect(await backends('ended')).toBe(0);
});
