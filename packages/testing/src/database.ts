import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * A test database of `domain` as it was before `migration`: every earlier migration applied. For
 * testing a data migration; `migrate()` then applies `migration` itself (not the ones after it, so
 * a later data migration does not change what an earlier one's test sees).
 */
export async function createTestDatabaseBefore(
  domain: string,
  migration: string,
): Promise<TestDatabase & { migrate(): Promise<void> }> {
  const database = await createTestDatabase();
  const migrationsUpTo = (include: (name: string) => boolean) => {
    const dir = mkdtempSync(join(tmpdir(), `${domain}-migrations-`));
    for (const name of readdirSync(migrationsDirFor(domain)).filter(include)) {
      cpSync(join(migrationsDirFor(domain), name), join(dir, name), { recursive: true });
    }
    return dir;
  };
  const applyUpTo = async (include: (name: string) => boolean) => {
    const dir = migrationsUpTo(include);
    try {
      await applyMigrations(database.url, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  await applyUpTo((name) => name < migration);
  return {
    ...database,
    async migrate() {
      await applyUpTo((name) => name <= migration);
    },
  };
}
