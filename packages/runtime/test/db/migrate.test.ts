import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@shutter/testing';
import pg from 'pg';
import { applyMigrations, MigrationError } from '../../src/migrate.js';

const folders: string[] = [];
function migrationsFolder(migrations: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shutter-migrations-'));
  folders.push(dir);
  for (const [name, sql] of Object.entries(migrations)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

async function tables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  await client.end();
  return rows.map((r) => r.table_name as string);
}

describe(applyMigrations.name, () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.drop();
    for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('applies migrations in name order and records them like Prisma Migrate', async () => {
    const dir = migrationsFolder({
      '2_second': 'ALTER TABLE a ADD COLUMN b int;',
      '1_first': 'CREATE TABLE a (id int);',
    });
    expect(await applyMigrations(db.url, dir)).toEqual(['1_first', '2_second']);
    expect(await tables(db.url)).toEqual(['_prisma_migrations', 'a']);
    expect(await applyMigrations(db.url, dir)).toEqual([]);
  });

  it('leaves no trace of a migration that fails half-way', async () => {
    const dir = migrationsFolder({ '1_broken': 'CREATE TABLE ok (id int); SELECT * FROM missing_table;' });
    await expect(applyMigrations(db.url, dir)).rejects.toThrow(/1_broken failed/);
    expect(await tables(db.url)).toEqual(['_prisma_migrations']);
  });

  it('refuses to start when an applied migration was edited', async () => {
    const dir = migrationsFolder({ '1_first': 'CREATE TABLE a (id int);' });
    await applyMigrations(db.url, dir);
    writeFileSync(join(dir, '1_first', 'migration.sql'), 'CREATE TABLE a (id bigint);');
    await expect(applyMigrations(db.url, dir)).rejects.toBeInstanceOf(MigrationError);
  });

  it('lets concurrent replicas migrate one database safely', async () => {
    const dir = migrationsFolder({ '1_first': 'CREATE TABLE a (id int);' });
    const results = await Promise.all([applyMigrations(db.url, dir), applyMigrations(db.url, dir)]);
    expect(results.flat()).toEqual(['1_first']);
  });
});
