import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { getDMMF } from '@prisma/get-dmmf';
import { applyMigrations, migrationsDirFor, repoRoot } from '@shutter/runtime';
import { createTestDatabase } from '@shutter/testing';
import pg from 'pg';

const domains = readdirSync(join(repoRoot, 'prisma')).filter((d) =>
  existsSync(join(repoRoot, 'prisma', d, 'schema.prisma')),
);

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: string;
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType?: readonly unknown[] | null;
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

interface Column {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}

/** The PostgreSQL type Prisma Migrate would create for a field. */
function expectedType(field: { type: string; kind: string; nativeType?: readonly unknown[] | null }): string {
  if (field.kind === 'enum') return field.type;
  const native = field.nativeType as [string, string[]] | null | undefined;
  if (native) {
    const [name, args] = native;
    const map: Record<string, string> = {
      Uuid: 'uuid',
      VarChar: 'character varying',
      Char: 'character',
      Timestamptz: 'timestamp with time zone',
      Timestamp: 'timestamp without time zone',
      Text: 'text',
      Integer: 'integer',
      BigInt: 'bigint',
      SmallInt: 'smallint',
      Boolean: 'boolean',
      JsonB: 'jsonb',
    };
    const base = map[name];
    if (!base) throw new Error(`extend expectedType() for native type ${name}`);
    return args.length > 0 && (name === 'VarChar' || name === 'Char') ? `${base}(${args[0]})` : base;
  }
  const scalars: Record<string, string> = {
    String: 'text',
    Int: 'integer',
    BigInt: 'bigint',
    Boolean: 'boolean',
    DateTime: 'timestamp without time zone',
    Float: 'double precision',
    Json: 'jsonb',
    Decimal: 'numeric',
    Bytes: 'bytea',
  };
  return scalars[field.type]!;
}

describe.each(domains)('the %s migrations', (domain) => {
  it('create exactly the tables and columns the Prisma schema declares', async () => {
    const dmmf = (await getDMMF({
      datamodel: readFileSync(join(repoRoot, 'prisma', domain, 'schema.prisma'), 'utf8'),
    })) as unknown as { datamodel: { models: DmmfModel[] } };
    const expected: Column[] = dmmf.datamodel.models.flatMap((model) =>
      model.fields
        .filter((f) => f.kind !== 'object')
        .map((f) => ({
          table: model.dbName ?? model.name,
          column: f.dbName ?? f.name,
          type: f.isList ? `${expectedType(f)}[]` : expectedType(f),
          // Prisma Migrate creates scalar lists as nullable array columns.
          nullable: f.isList ? true : !f.isRequired,
        })),
    );

    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    try {
      await applyMigrations(db.url, migrationsDirFor(domain));
      await client.connect();
      const { rows } = await client.query<{
        table: string;
        column: string;
        type: string;
        nullable: boolean;
        udt: string;
      }>(
        `SELECT c.table_name AS table, c.column_name AS column, c.is_nullable = 'YES' AS nullable, c.udt_name AS udt,
                CASE WHEN c.data_type = 'USER-DEFINED' THEN c.udt_name
                     WHEN c.data_type IN ('character varying', 'character') THEN c.data_type || '(' || c.character_maximum_length || ')'
                     WHEN c.data_type = 'ARRAY' THEN substring(c.udt_name from 2) || '[]'
                     ELSE c.data_type END AS type
           FROM information_schema.columns c
          WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations'`,
      );
      const actual = rows.map(({ table, column, type, nullable }) => ({ table, column, type, nullable }));
      const sort = (cols: Column[]) =>
        [...cols].sort((a, b) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`));
      expect(sort(actual)).toEqual(sort(expected));

      const applied = await client.query('SELECT migration_name, finished_at FROM "_prisma_migrations"');
      expect(applied.rows.every((r) => r.finished_at !== null)).toBe(true);
      expect(applied.rowCount).toBe(
        readdirSync(migrationsDirFor(domain), { withFileTypes: true }).filter((e) => e.isDirectory()).length,
      );
      // Applying again is a no-op.
      expect(await applyMigrations(db.url, migrationsDirFor(domain))).toEqual([]);
    } finally {
      await client.end();
      await db.drop();
    }
  });
});
