import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const here = dirname(fileURLToPath(import.meta.url));
/**
 * Repository root, resolved from this file so it works from any working directory: three levels up
 * from packages/runtime/src. In a service's production bundle (`npm run build`: dist/<service>/index.mjs)
 * this code runs from the bundle, whose folder carries the files read below at the same relative paths.
 */
export const repoRoot = here.endsWith(join('packages', 'runtime', 'src')) ? join(here, '..', '..', '..') : here;

export function migrationsDirFor(domain: string): string {
  return join(repoRoot, 'prisma', domain, 'migrations');
}

/** A subgraph's SDL: the subgraph serves it, composition and codegen read it. */
export function schemaPathFor(subgraph: string): string {
  return join(repoRoot, 'subgraphs', subgraph, 'src', 'schema', 'schema.graphql');
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

// Same table Prisma Migrate keeps, so `prisma migrate deploy` (where its engine exists, e.g. in
// the Docker images) sees these migrations as applied. See docs/adr/0002.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant works; it only has to be the same for every replica migrating one database.
const MIGRATION_LOCK_KEY = 72_707_370;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/**
 * Applies the pending SQL migrations of `migrationsDir` (Prisma's layout: one folder per migration
 * holding migration.sql, applied in name order). Each runs in its own transaction together with
 * its `_prisma_migrations` row, so a failed migration leaves no trace. An advisory lock makes
 * concurrent replicas wait for each other instead of racing. Returns the names it applied.
 */
export async function applyMigrations(databaseUrl: string, migrationsDir: string): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const migrations = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
      .map(async (name) => {
        const sql = await readFile(join(migrationsDir, name, 'migration.sql'), 'utf8');
        return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
      }),
  );

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r]));
    const done: string[] = [];
    for (const migration of migrations) {
      const row = applied.get(migration.name);
      if (row) {
        if (!row.finished_at) {
          throw new MigrationError(`Migration ${migration.name} failed earlier; resolve it before starting.`);
        }
        if (row.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} was changed after it was applied (checksum mismatch). ` +
              'Add a new migration instead of editing an applied one.',
          );
        }
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
      done.push(migration.name);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
