import type { Logger } from '@shutter/runtime';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { createClient } from 'redis';
import { failFastRedisOptions, REDIS_COMMAND_TIMEOUT_MS } from '@shutter/cache';
import { LIMITED_MUTATIONS, type Rate, type RateLimitConfig } from './rate-limit-config.js';
import type { Charge } from './rate-limit-plan.js';

/**
 * Longest a request waits for Redis before its points are counted in this process's memory
 * instead; a healthy Redis answers in well under a millisecond. The profile cache's deadline too.
 */
const REDIS_TIMEOUT_MS = REDIS_COMMAND_TIMEOUT_MS;
const KEY_PREFIX = 'shutter:rl';

export interface Refusal {
  /** Whole seconds until every refusing limit has room again (at least 1). */
  retryAfterSeconds: number;
  /** Which limits refused, e.g. `login:account` (for logs; never sent to the client). */
  limits: string[];
}

export interface RateLimiter {
  readonly store: 'memory' | 'redis';
  /** Spends every charge; a refusal when any limit is exhausted (the points are spent anyway). */
  charge(charges: readonly Charge[]): Promise<Refusal | null>;
  close(): Promise<void>;
}

function connect(url: string) {
  // Commands fail at once while Redis is unreachable (the limiter then falls back), and the client
  // never stops reconnecting: the shared counters come back with Redis.
  return createClient(failFastRedisOptions(url));
}
type Client = ReturnType<typeof connect>;

/**
 * The Redis connection behind every limiter. It reports itself not ready while Redis is known to
 * be unreachable (a connection error, or a command that got no reply within the deadline, since
 * the last successful connect), so the limiters go to their memory insurance at once instead of
 * each request waiting. A command without a reply on a connected socket (a frozen Redis, a
 * half-open connection) replaces the connection, as the profile cache does. One log line marks
 * the start of an outage and one its end.
 */
class SharedCounters {
  private client: Client;
  private down = false;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {
    this.client = this.open();
  }

  // What RateLimiterRedis calls (node-redis's API, `useRedisPackage`), each command under the deadline.

  /** Not while Redis is known to be unreachable: the limiters then use their insurance at once. */
  get isReady(): boolean {
    return !this.closed && !this.down && this.client.isReady;
  }

  eval(script: string, options: { keys: string[]; arguments: string[] }) {
    return this.call((client) => client.eval(script, options));
  }

  del(key: string) {
    return this.call((client) => client.del(key));
  }

  multi() {
    return this.client.multi();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.client.isOpen) this.client.destroy();
  }

  private open(): Client {
    const client = connect(this.url);
    // Errors surface on the commands; an 'error' event without a listener would crash the process.
    client.on('error', (error: unknown) => {
      if (client === this.client) this.markDown(error);
    });
    client.on('ready', () => {
      if (client !== this.client || !this.down) return;
      this.down = false;
      this.logger.info('Redis answers again: rate limits are shared between gateway replicas again');
    });
    // Connects in the background, retrying for ever.
    client.connect().catch(() => undefined);
    return client;
  }

  private markDown(reason: unknown): void {
    if (this.down || this.closed) return;
    this.down = true;
    this.logger.warn(
      { err: reason },
      'Redis is unreachable: rate limits are counted in this gateway replica’s memory until it answers',
    );
  }

  private async call<R>(command: (client: Client) => Promise<R>): Promise<R> {
    const client = this.client;
    const reply = command(client);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`Redis gave no reply within ${REDIS_TIMEOUT_MS} ms`);
        reject(error);
        reply.catch(() => undefined);
        if (this.closed || client !== this.client) return;
        this.markDown(error);
        // Replies may never come, and later commands would queue behind them: start afresh.
        this.client = this.open();
        client.destroy();
      }, REDIS_TIMEOUT_MS);
    });
    try {
      return await Promise.race([reply, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The limiters, one per limit name (`login:account`, …, `cost`). With a Redis URL every replica
 * counts in Redis (shared counters); if Redis is unreachable or does not answer, each limiter
 * falls back to its insurance, the same limit counted in this process's memory: limits still hold
 * (per replica) during an outage, and the API neither goes down nor waits for Redis.
 */
export function createRateLimiter(
  config: RateLimitConfig,
  options: { redisUrl?: string; logger: Logger },
): RateLimiter {
  const rates = new Map<string, Rate>();
  for (const mutation of LIMITED_MUTATIONS) {
    const { perAccount, perAddress } = config.mutations[mutation];
    if (perAccount) rates.set(`${mutation}:account`, perAccount);
    if (perAddress) rates.set(`${mutation}:address`, perAddress);
  }
  if (config.costPerViewer) rates.set('cost', config.costPerViewer);

  const { redisUrl, logger } = options;
  const shared = redisUrl ? new SharedCounters(redisUrl, logger) : undefined;

  const limiters = new Map<string, RateLimiterAbstract>(
    [...rates].map(([name, rate]) => {
      const common = { keyPrefix: `${KEY_PREFIX}:${name}`, points: rate.points, duration: rate.durationSeconds };
      const memory = new RateLimiterMemory(common);
      if (!shared) return [name, memory];
      const redis = new RateLimiterRedis({
        ...common,
        storeClient: shared,
        useRedisPackage: true,
        // Not ready (down, or no reply lately): straight to the insurance, no waiting.
        rejectIfRedisNotReady: true,
        insuranceLimiter: memory,
      });
      return [name, redis];
    }),
  );

  return {
    store: shared ? 'redis' : 'memory',
    async charge(charges) {
      const results = await Promise.allSettled(
        charges.map(async (charge) => {
          const limiter = limiters.get(charge.limit);
          if (limiter) await limiter.consume(charge.key, charge.points);
        }),
      );
      let msBeforeNext = 0;
      const limits: string[] = [];
      results.forEach((result, i) => {
        if (result.status === 'fulfilled') return;
        if (result.reason instanceof RateLimiterRes) {
          msBeforeNext = Math.max(msBeforeNext, result.reason.msBeforeNext);
          limits.push(charges[i]!.limit);
        } else {
          // Both the store and its insurance failed: a bug, not an attack. Serving beats refusing everyone.
          logger.error({ err: result.reason, limit: charges[i]!.limit }, 'rate limiter failed; request let through');
        }
      });
      if (limits.length === 0) return null;
      return { retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)), limits };
    },
    async close() {
      await shared?.close();
    },
  };
}
