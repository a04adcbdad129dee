import { randomBytes } from 'node:crypto';
import { applyMigrations, dropDatabase, ensureDatabase, migrationsDirFor, withDatabase } from '@shutter/runtime';
import pg from 'pg';

export function testPostgresUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url)
    throw new Error('TEST_POSTGRES_URL is not set: run tests through jest (its globalSetup starts PostgreSQL).');
  return url;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file, with the domain's migrations applied when `domain` is given. */
export async function createTestDatabase(domain?: string): Promise<TestDatabase> {
  const admin = testPostgresUrl();
  const name = `test_${domain ?? 'scratch'}_${randomBytes(5).toString('hex')}`;
  await ensureDatabase(admin, name);
  const url = withDatabase(admin, name);
  if (domain) await applyMigrations(url, migrationsDirFor(domain));
  return { name, url, drop: () => dropDatabase(admin, name) };
}

/**
 * A pg pool for checking a test database. Dropping a test database terminates its connections
 * (57P01); an idle pooled client then emits an error that would otherwise crash the test run.
 */
export function testPool(url: string, max = 2): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', (error: Error & { code?: string }) => {
    if (error.code !== '57P01') throw error;
  });
  return pool;
}
