import { createClosablePool, type Logger } from '@shutter/runtime';
import pg from 'pg';
import type { EventEnvelope } from './envelope.js';
import { fromStoredPayload } from './outbox.js';
import type { EventTransport } from './transport.js';

export interface OutboxRelayOptions {
  databaseUrl: string;
  transport: EventTransport;
  logger: Logger;
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives (ms). */
  pollIntervalMs?: number;
  /** How often a standby replica tries to become the relay (ms). */
  standbyIntervalMs?: number;
  maxBackoffMs?: number;
  /** Published rows are deleted after this long. */
  retentionMs?: number;
}

interface OutboxRow {
  seq: string;
  id: string;
  topic: string;
  aggregate_id: string;
  type: string;
  version: number;
  payload: unknown;
  occurred_at: Date;
}

// Advisory locks are per database, and each subgraph has its own: one constant serves all.
const RELAY_LOCK_KEY = 727_073_701;

/**
 * Publishes a subgraph's outbox in commit-sequence order and marks rows published once the
 * transport accepted them. Exactly one replica relays at a time (a session advisory lock held on a
 * dedicated connection; the others stand by and take over when it goes away), which keeps the
 * order per aggregate. A publish failure keeps the rows pending and backs off, so a broker outage
 * delays events and loses none; a crash after publishing and before marking republishes, which
 * idempotent consumers absorb.
 */
export class OutboxRelay {
  private readonly pool: pg.Pool;
  private readonly closePool: () => Promise<void>;
  private control: pg.Client | null = null;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** A NOTIFY that came while we were busy: the next idle returns at once instead of waiting. */
  private woken = false;
  private lastCleanup = 0;
  private readonly options: Required<Omit<OutboxRelayOptions, 'transport' | 'logger' | 'databaseUrl'>>;

  constructor(private readonly config: OutboxRelayOptions) {
    const { pool, close } = createClosablePool({ connectionString: config.databaseUrl, max: 2 });
    this.pool = pool;
    this.closePool = close;
    this.pool.on('error', (error) => config.logger.warn({ err: error }, 'outbox pool connection error'));
    this.options = {
      batchSize: config.batchSize ?? 200,
      pollIntervalMs: config.pollIntervalMs ?? 1_000,
      standbyIntervalMs: config.standbyIntervalMs ?? 2_000,
      maxBackoffMs: config.maxBackoffMs ?? 5_000,
      retentionMs: config.retentionMs ?? 7 * 24 * 3_600_000,
    };
  }

  start(): void {
    this.loop ??= this.run();
  }

  private stopping: Promise<void> | null = null;

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.stopped = true;
    this.notify();
    await this.loop;
    await this.releaseControl();
    await this.closePool();
  }

  /** Number of events not yet published. */
  async pending(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM "outbox" WHERE "published_at" IS NULL',
    );
    return rows[0]!.n;
  }

  /**
   * Events not yet published and how long the oldest has waited (metrics: the relay's backlog and
   * lag). Any replica may ask, relaying or not: it is the database's state, not this relay's.
   */
  async backlog(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    // The oldest by seq comes from the pending index at once; only the count reads every pending row.
    const { rows } = await this.pool.query<{ pending: number; age: number | null }>(
      `SELECT (SELECT count(*)::int FROM "outbox" WHERE "published_at" IS NULL) AS pending,
              extract(epoch FROM now() - (SELECT "occurred_at" FROM "outbox" WHERE "published_at" IS NULL
                                           ORDER BY "seq" LIMIT 1))::float8 AS age`,
    );
    return { pending: rows[0]!.pending, oldestAgeSeconds: Math.max(0, rows[0]!.age ?? 0) };
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (!this.stopped) {
      try {
        if (!(await this.isLeader())) {
          await this.idle(this.options.standbyIntervalMs);
          continue;
        }
        const published = await this.publishBatch();
        backoff = 100;
        if (published === 0) {
          await this.cleanup();
          await this.idle(this.options.pollIntervalMs);
        }
      } catch (error) {
        this.config.logger.warn({ err: error, retryInMs: backoff }, 'outbox relay could not publish; will retry');
        await this.idle(backoff);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs);
      }
    }
  }

  private async publishBatch(): Promise<number> {
    const { rows } = await this.pool.query<OutboxRow>(
      `SELECT "seq", "id", "topic", "aggregate_id", "type", "version", "payload", "occurred_at"
         FROM "outbox" WHERE "published_at" IS NULL ORDER BY "seq" LIMIT $1`,
      [this.options.batchSize],
    );
    if (rows.length === 0) return 0;
    // Consecutive runs per topic keep the global order; an aggregate lives on one topic.
    let start = 0;
    while (start < rows.length) {
      let end = start;
      while (end < rows.length && rows[end]!.topic === rows[start]!.topic) end += 1;
      const run = rows.slice(start, end);
      try {
        await this.config.transport.publish(run[0]!.topic, run.map(toEnvelope));
      } catch (error) {
        await this.pool
          .query('UPDATE "outbox" SET "attempts" = "attempts" + 1, "last_error" = $2 WHERE "seq" = $1', [
            run[0]!.seq,
            (error as Error).message?.slice(0, 1000) ?? String(error),
          ])
          .catch(() => undefined);
        throw error;
      }
      await this.pool.query('UPDATE "outbox" SET "published_at" = now() WHERE "seq" = ANY($1::bigint[])', [
        run.map((r) => r.seq),
      ]);
      start = end;
    }
    return rows.length;
  }

  /** Holds (or tries to take) the relay lock on a dedicated connection that also LISTENs for new rows. */
  private async isLeader(): Promise<boolean> {
    if (this.control) return true;
    const client = new pg.Client({ connectionString: this.config.databaseUrl });
    client.on('error', (error) => {
      this.config.logger.warn({ err: error }, 'outbox relay lost its control connection');
      if (this.control === client) this.control = null;
      this.notify();
    });
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      RELAY_LOCK_KEY,
    ]);
    if (!rows[0]!.locked) {
      await client.end();
      return false;
    }
    client.on('notification', () => this.notify());
    await client.query('LISTEN outbox');
    this.control = client;
    this.config.logger.info('outbox relay active on this replica');
    return true;
  }

  private async releaseControl(): Promise<void> {
    const client = this.control;
    this.control = null;
    await client?.end().catch(() => undefined);
  }

  private notify(): void {
    if (this.wake) this.wake();
    else this.woken = true;
  }

  private idle(ms: number): Promise<void> {
    if (this.stopped || this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < 600_000) return;
    this.lastCleanup = Date.now();
    await this.pool.query(`DELETE FROM "outbox" WHERE "published_at" < now() - make_interval(secs => $1)`, [
      this.options.retentionMs / 1000,
    ]);
  }
}

function toEnvelope(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    aggregateId: row.aggregate_id,
    occurredAt: row.occurred_at.toISOString(),
    ...fromStoredPayload(row.payload),
  };
}
