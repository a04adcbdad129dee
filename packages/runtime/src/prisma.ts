import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { inSpan, SpanKind } from '@shutter/telemetry';
import type pg from 'pg';
import { registerDatabasePool } from './metrics.js';
import { createClosablePool } from './pg-pool.js';
import { fastTypes } from './pg-timestamps.js';

/** Counts the SQL statements a Prisma client sends; tests use it to prove batching. */
export class QueryCounter {
  readonly statements: string[] = [];

  get count(): number {
    return this.statements.length;
  }

  record(sql: string): void {
    this.statements.push(sql);
  }

  reset(): void {
    this.statements.length = 0;
  }
}

interface QueryEvent {
  query: string;
}

interface PrismaLike {
  $on(event: 'query', callback: (event: QueryEvent) => void): void;
  $disconnect(): Promise<void>;
}

export interface PrismaClientOptions {
  databaseUrl: string;
  /** Connection pool size per process. */
  poolSize?: number;
  counter?: QueryCounter;
  /** Reports the pool's use as this service's (`shutter_db_pool_*`) while it is open. */
  service?: string;
}

/**
 * Builds a subgraph's generated PrismaClient on the `pg` driver adapter (Prisma 7 is Rust-free and
 * needs no engine download). The generated class differs per subgraph, so it is passed in.
 */
export interface PrismaConstructorOptions {
  adapter: PrismaPg;
  transactionOptions: { maxWait: number; timeout: number };
  log?: { emit: 'event'; level: 'query' }[];
}

// Prisma's defaults (2 s to get a connection, 5 s per transaction) fail requests under bursts that
// a pool of 10 serves fine a moment later; these wait longer before giving up.
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

export function createPrismaClient<T>(
  build: (options: PrismaConstructorOptions) => T,
  { databaseUrl, poolSize = 10, counter, service }: PrismaClientOptions,
): T {
  // Our pool, not one the adapter makes from a config: its counts are what the pool gauges read.
  // The adapter ends it when the client disconnects; $disconnect then waits for its connections.
  const { pool, closed } = createClosablePool({ connectionString: databaseUrl, max: poolSize });
  // Named statements (readRows' `prepared`) are planned once: without this, a prepared statement's
  // first five runs are planned anyway, and PostgreSQL may go on planning each run when its estimates
  // say so. Unnamed statements (all of Prisma's) are planned per run whatever this says. A SET on each
  // new connection rather than a startup option, which PgBouncer refuses unless configured to pass it.
  // The SET is queued before any query on the connection; a failure shows on the query after it.
  pool.on('connect', (connection) => {
    connection.query('SET plan_cache_mode = force_generic_plan').catch(() => undefined);
  });
  if (service) registerDatabasePool(service, pool);
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = counter
    ? build({ adapter, transactionOptions: TRANSACTION_OPTIONS, log: [{ emit: 'event', level: 'query' }] })
    : build({ adapter, transactionOptions: TRANSACTION_OPTIONS });
  const prisma = client as unknown as PrismaLike;
  if (counter) prisma.$on('query', (event) => counter.record(event.query));
  readers.set(client as object, { pool, ...(counter ? { counter } : {}) });
  const disconnect = prisma.$disconnect.bind(client);
  prisma.$disconnect = async () => {
    await disconnect();
    await closed();
  };
  return client;
}

/** A statement built with `Prisma.sql` (its `text` has $1… placeholders for its `values`). */
export interface SqlStatement {
  text: string;
  values: unknown[];
}

export interface ReadOptions {
  /**
   * A named prepared statement per connection: parsed and planned once (one generic plan, see
   * createPrismaClient). Only for statements whose best plan does not depend on the values (lookups
   * by key, one index range); a filter as skewed as `hashtags @> …` wants a plan per value.
   */
  prepared?: boolean;
}

const readers = new WeakMap<object, { pool: pg.Pool; counter?: QueryCounter }>();
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `shutter_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Runs a read-only statement on the pool of a client made by `createPrismaClient`, without Prisma's
 * query pipeline: for the few reads every feed page makes, where that pipeline (request handling,
 * result mapping, its tracing hooks) was ~0.3 ms of CPU per statement, 11 % of `npm start`'s CPU
 * under the feed load (issue 10, ADR 0024). Rows come as pg parses them: columns as named in the
 * SQL, timestamps as Dates, json parsed, arrays as arrays, int8 and numeric as strings (cast to int
 * what should be a number). Counted like Prisma's statements; a span per statement when tracing.
 */
export function readRows<Row>(client: object, statement: SqlStatement, options: ReadOptions = {}): Promise<Row[]> {
  const reader = readers.get(client);
  if (!reader) throw new Error('readRows needs a client made by createPrismaClient (not a transaction client)');
  reader.counter?.record(statement.text);
  const query: pg.QueryConfig = {
    text: statement.text,
    values: statement.values,
    ...(options.prepared ? { name: statementName(statement.text) } : {}),
    types: fastTypes,
  };
  return inSpan(
    'db_query',
    SpanKind.CLIENT,
    { 'db.system': 'postgresql', 'db.query.text': statement.text },
    async () => {
      const result = await reader.pool.query(query);
      return result.rows as Row[];
    },
  );
}

/** The transaction client of a generated PrismaClient: what repositories take to join a transaction. */
export type TransactionOf<P extends { $transaction: (...args: never[]) => unknown }> = Parameters<
  Parameters<P['$transaction']>[0]
>[0];

interface TransactionRunner {
  $transaction: (...args: never[]) => unknown;
}

/**
 * Base of every repository: the only classes that hold a Prisma client. Services run multi-step
 * writes through `transaction` and hand the `tx` it gives them back to repository methods, so a
 * change and the event announcing it commit together, without the service touching Prisma.
 */
export abstract class PrismaRepository<P extends TransactionRunner> {
  constructor(protected readonly prisma: P) {}

  /** A hot read straight on the client's pool (see `readRows`). */
  protected readRows<Row>(statement: SqlStatement, options?: ReadOptions): Promise<Row[]> {
    return readRows<Row>(this.prisma, statement, options);
  }

  transaction<R>(work: (tx: TransactionOf<P>) => Promise<R>): Promise<R> {
    const run = this.prisma.$transaction as unknown as (work: (tx: TransactionOf<P>) => Promise<R>) => Promise<R>;
    return run.call(this.prisma, work);
  }
}
