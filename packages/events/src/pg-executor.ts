import type { SqlExecutor } from './outbox.js';

interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
}

/** Lets code on plain `pg` (scripts, tests) write to the outbox like a Prisma transaction does. */
export function pgExecutor(client: Queryable): SqlExecutor {
  return {
    async $executeRaw(strings: TemplateStringsArray, ...values: unknown[]) {
      const text = strings.reduce((sql, part, i) => `${sql}$${i}${part}`);
      const result = await client.query(text, values);
      return result.rowCount ?? 0;
    },
  };
}
