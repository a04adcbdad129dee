import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { createPrismaClient } from '@shutter/runtime';
import { createTestDatabase, type TestDatabase } from '@shutter/testing';
import type { Socket } from 'node:net';
import { PrismaClient } from '../src/repositories/db.js';

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
