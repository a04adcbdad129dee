import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { createPrismaClient, QueryCounter, readRows } from '@shutter/runtime';
import { createTestDatabase, type TestDatabase } from '@shutter/testing';
import type { Socket } from 'node:net';
import { Prisma, PrismaClient } from '../src/repositories/db.js';

// createPrismaClient is shared by every subgraph; it is tried here on a real generated client.
let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase('users');
});
afterEach(async () => {
  await db.drop();
});

/** This process's open sockets to the test database's PostgreSQL. */
function socketsTo(url: string): number {
  const port = Number(new URL(url).port || 5432);
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((handle) => (handle as Socket).remotePort === port && !(handle as Socket).destroyed).length;
}

it('$disconnect returns once the connections are closed, so PostgreSQL can stop right after without terminating any', async () => {
  const before = socketsTo(db.url);
  const prisma = createPrismaClient((options) => new PrismaClient(options), { databaseUrl: db.url, poolSize: 3 });
  await Promise.all([1, 2, 3].map(() => prisma.$queryRawUnsafe('SELECT pg_sleep(0.05)::text')));
  expect(socketsTo(db.url)).toBe(before + 3);
  await prisma.$disconnect();
  // The adapter's own end() returns with the three sockets still open.
  expect(socketsTo(db.url)).toBe(before);
});

it('readRows runs a statement on the client\'s pool, counted, prepared once per connection when asked', async () => {
  const counter = new QueryCounter();
  const prisma = createPrismaClient((options) => new PrismaClient(options), { databaseUrl: db.url, poolSize: 1, counter });
  try {
    const lookup = (n: number) => Prisma.sql`SELECT ${n}::int AS n, now() AS at, ARRAY['a', 'b'] AS tags`;
    const rows = await readRows<{ n: number; at: Date; tags: string[] }>(prisma, lookup(7), { prepared: true });
    expect(rows).toEqual([{ n: 7, at: expect.any(Date), tags: ['a', 'b'] }]);
    await readRows(prisma, lookup(8), { prepared: true });
    await readRows(prisma, Prisma.sql`SELECT ${1}::int AS unprepared`);
    expect(counter.count).toBe(3);
    // One connection (poolSize 1): the prepared statement is there once, under a name of its text.
    const prepared = await readRows<{ name: string; statement: string }>(
      prisma,
      Prisma.sql`SELECT name, statement FROM pg_prepared_statements`,
    );
    expect(prepared).toEqual([{ name: expect.stringMatching(/^shutter_[0-9a-f]{16}$/), statement: lookup(0).text }]);
    // Planned once: one generic plan from the first run on (Prisma's unnamed statements are not).
    const plans = await readRows<{ generic: number; custom: number }>(
      prisma,
      Prisma.sql`SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements`,
    );
    expect(plans).toEqual([{ generic: 2, custom: 0 }]);
    // Not on a transaction client: its reads belong to the transaction's connection.
    await prisma.$transaction(async (tx) => {
      expect(() => readRows(tx, lookup(1))).toThrow('readRows needs a client made by createPrismaClient');
    });
  } finally {
    await prisma.$disconnect();
  }
});
