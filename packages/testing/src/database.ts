import { randomBytes } from 'node:crypto';
import { applyMigrations, dropDatabase, ensureDatabase, migrationsDirFor, withDatabase } from '@shutter/runtime';

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
