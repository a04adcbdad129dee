import { PrismaPg } from '@prisma/adapter-pg';
import { registerDatabasePool } from './metrics.js';
import { createClosablePool } from './pg-pool.js';

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
  if (service) registerDatabasePool(service, pool);
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = counter
    ? build({ adapter, transactionOptions: TRANSACTION_OPTIONS, log: [{ emit: 'event', level: 'query' }] })
    : build({ adapter, transactionOptions: TRANSACTION_OPTIONS });
  const prisma = client as unknown as PrismaLike;
  if (counter) prisma.$on('query', (event) => counter.record(event.query));
  const disconnect = prisma.$disconnect.bind(client);
  prisma.$disconnect = async () => {
    await disconnect();
    await closed();
  };
  return client;
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

  transaction<R>(work: (tx: TransactionOf<P>) => Promise<R>): Promise<R> {
    const run = this.prisma.$transaction as unknown as (work: (tx: TransactionOf<P>) => Promise<R>) => Promise<R>;
    return run.call(this.prisma, work);
  }
}
