import client from 'prom-client';

/**
 * Every Prometheus metric of a Shutter process, in one registry (ADR 0019). One registry per
 * process, not per service: `npm start` runs the gateway and every subgraph in one process, and
 * their series are told apart by labels (`service`, `subgraph`, `loader`, `group`), so one scrape
 * of the process sees each service once and nothing collides.
 */
export const metricsRegistry = new client.Registry();

let processMetricsOn = false;

/** Node's own metrics (CPU, memory, event-loop lag, GC): once per process, whoever serves them. */
export function collectProcessMetrics(): void {
  if (processMetricsOn) return;
  processMetricsOn = true;
  client.collectDefaultMetrics({ register: metricsRegistry });
}

const registers = [metricsRegistry];

// Request latencies from a cached in-process answer (~1 ms) to a slow page (seconds).
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// Keys per DataLoader batch: a page is 20–100 items, a storm of entities a few hundred.
const BATCH_SIZES = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/** One label set of a `SeriesHistogram`: what a request path holds and observes into. */
export interface HistogramSeries {
  observe(value: number): void;
}

interface SeriesState extends HistogramSeries {
  readonly labels: Record<string, string>;
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

/**
 * A Prometheus histogram observed through series: `series(labels)` validates a label set once and
 * returns what counts into plain numbers. prom-client's own `observe` validates, hashes and copies
 * the labels on every call, ~0.44 µs (also through `labels(…)`), and the gateway observes three
 * histograms per request (ADR 0028's profile: 2.8 % of its CPU under `me`). Exposed by the same
 * registry in prom-client's format (it asks `getForPromString` for the text and `get` for JSON).
 */
export class SeriesHistogram<T extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  private readonly labelNames: readonly T[];
  private readonly bounds: readonly number[];
  private readonly series_ = new Map<string, SeriesState>();

  constructor(config: {
    name: string;
    help: string;
    labelNames: readonly T[];
    buckets: readonly number[];
    registers: client.Registry[];
  }) {
    this.name = config.name;
    this.help = config.help;
    this.labelNames = config.labelNames;
    this.bounds = [...config.buckets].sort((a, b) => a - b);
    for (const registry of config.registers) registry.registerMetric(this as unknown as client.Metric);
  }

  /** The series of this label set (every label named, nothing else), the same object every time. */
  series(labels: Record<T, string>): HistogramSeries {
    const values = this.labelNames.map((label) => labels[label]);
    const key = values.join('\u0000');
    let series = this.series_.get(key);
    if (!series) {
      const extra = Object.keys(labels).filter((label) => !this.labelNames.includes(label as T));
      if (extra.length || values.some((value) => typeof value !== 'string')) {
        throw new Error(
          `${this.name} takes the labels ${this.labelNames.join(', ')} (given: ${Object.keys(labels).join(', ')})`,
        );
      }
      const { bounds } = this;
      const state: SeriesState = {
        labels: Object.fromEntries(this.labelNames.map((label, i) => [label, values[i]!])),
        counts: new Float64Array(bounds.length),
        sum: 0,
        count: 0,
        observe(value) {
          if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
          let bucket = 0;
          while (bucket < bounds.length && value > bounds[bucket]!) bucket += 1;
          if (bucket < bounds.length) state.counts[bucket]! += 1;
          state.sum += value;
          state.count += 1;
        },
      };
      series = state;
      this.series_.set(key, series);
    }
    return series;
  }

  /** Zeroes every series (the objects callers hold stay valid). */
  reset(): void {
    for (const series of this.series_.values()) {
      series.counts.fill(0);
      series.sum = 0;
      series.count = 0;
    }
  }

  /** prom-client's histogram values: cumulative buckets (`le`), `_sum` and `_count` per series. */
  async getForPromString() {
    const values: {
      labels: Record<string, string | number>;
      sharedLabels: Record<string, string>;
      value: number;
      metricName: string;
    }[] = [];
    for (const series of this.series_.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += series.counts[i]!;
        values.push({
          labels: { le: bound },
          sharedLabels: series.labels,
          value: cumulative,
          metricName: `${this.name}_bucket`,
        });
      });
      values.push(
        { labels: { le: '+Inf' }, sharedLabels: series.labels, value: series.count, metricName: `${this.name}_bucket` },
        { labels: {}, sharedLabels: series.labels, value: series.sum, metricName: `${this.name}_sum` },
        { labels: {}, sharedLabels: series.labels, value: series.count, metricName: `${this.name}_count` },
      );
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** The same values with each series' labels merged in (prom-client's JSON form). */
  async get() {
    const metric = await this.getForPromString();
    return {
      ...metric,
      values: metric.values.map(({ labels, sharedLabels, ...rest }) => ({
        ...rest,
        labels: { ...labels, ...sharedLabels },
      })),
    };
  }
}

export const httpRequestDuration = new SeriesHistogram({
  name: 'shutter_http_request_duration_seconds',
  help: 'HTTP requests served, by service, route (/graphql, /health, /ready, /metrics, other), method and status ("aborted": the client left first).',
  labelNames: ['service', 'route', 'method', 'status'] as const,
  buckets: SECONDS,
  registers,
});

export const graphqlOperationDuration = new SeriesHistogram({
  name: 'shutter_graphql_operation_duration_seconds',
  help: 'GraphQL operations, by service, operation name (bounded: "(anonymous)", "(invalid)" before a valid operation, "(other)" past the cap) and outcome (ok, error: any error in the response).',
  labelNames: ['service', 'operation', 'outcome'] as const,
  buckets: SECONDS,
  registers,
});

export const subgraphFetchDuration = new SeriesHistogram({
  name: 'shutter_gateway_subgraph_fetch_duration_seconds',
  help: 'Subgraph fetches of the gateway (in process or over HTTP), by subgraph and outcome (ok; graphql_error: answered with errors; failed: no answer, e.g. refused, non-2xx).',
  labelNames: ['subgraph', 'outcome'] as const,
  buckets: SECONDS,
  registers,
});

export const dataLoaderBatchSize = new SeriesHistogram({
  name: 'shutter_dataloader_batch_size',
  help: 'Keys per DataLoader batch (one SQL statement or peer call each), by loader (<subgraph>.<what>).',
  labelNames: ['loader'] as const,
  buckets: BATCH_SIZES,
  registers,
});

export const cacheLookups = new client.Counter({
  name: 'shutter_cache_lookups_total',
  help: 'Keys looked up in a versioned cache, by cache and result (hit, miss, error: the cache was unreachable and the caller fell back).',
  labelNames: ['cache', 'result'] as const,
  registers,
});

export const eventsConsumed = new client.Counter({
  name: 'shutter_events_consumed_total',
  help: 'Events a consumer group handled, by group and topic.',
  labelNames: ['group', 'topic'] as const,
  registers,
});

export const eventsDeadLettered = new client.Counter({
  name: 'shutter_events_dead_letters_total',
  help: 'Events a consumer group gave up on and sent to the dead-letter topic (unparseable, or failing every attempt), by group and topic.',
  labelNames: ['group', 'topic'] as const,
  registers,
});

/**
 * What a scrape reads from a source: cached for `ttlMs` (several scrapers, or a fast scrape
 * interval, cost one read), bounded by `timeoutMs` (a database or broker that does not answer
 * leaves its series out instead of holding the scrape).
 */
export function scrapeCached<T>(read: () => Promise<T>, { ttlMs = 5_000, timeoutMs = 3_000 } = {}): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | null = null;
  return () => {
    const now = Date.now();
    if (cached && now - cached.at < ttlMs) return cached.value;
    let timer: NodeJS.Timeout | undefined;
    const value = Promise.race([
      read(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    // A failure is not kept: the next scrape tries again.
    value.catch(() => {
      if (cached?.value === value) cached = null;
    });
    cached = { at: now, value };
    return value;
  };
}

/** Adds a source to a set and returns what removes it again. */
function register<T>(set: Set<T>, source: T): () => void {
  set.add(source);
  return () => {
    set.delete(source);
  };
}

// ---- Database pools: read from the pg.Pool at scrape time --------------------------------------

/** What the gauges read of a `pg.Pool`. */
export interface PoolLike {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly options: { max?: number };
  readonly ended: boolean;
}

const pools = new Set<{ service: string; pool: PoolLike }>();

/** Reports a service's pool until it ends (an ended pool drops out at the next scrape). */
export function registerDatabasePool(service: string, pool: PoolLike): () => void {
  return register(pools, { service, pool });
}

/** Sums over the live pools of each service (two replicas in one process have a pool each). */
function perService(read: (pool: PoolLike) => number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const source of pools) {
    if (source.pool.ended) {
      pools.delete(source);
      continue;
    }
    sums.set(source.service, (sums.get(source.service) ?? 0) + read(source.pool));
  }
  return sums;
}

new client.Gauge({
  name: 'shutter_db_pool_connections',
  help: 'Connections of the service’s database pool, by state (busy: lent to a query or transaction; idle).',
  labelNames: ['service', 'state'] as const,
  registers,
  collect() {
    this.reset();
    for (const [service, idle] of perService((p) => p.idleCount)) this.set({ service, state: 'idle' }, idle);
    for (const [service, busy] of perService((p) => p.totalCount - p.idleCount))
      this.set({ service, state: 'busy' }, busy);
  },
});

new client.Gauge({
  name: 'shutter_db_pool_max_connections',
  help: 'Size of the service’s database pool (DATABASE_POOL_SIZE).',
  labelNames: ['service'] as const,
  registers,
  collect() {
    this.reset();
    for (const [service, max] of perService((p) => p.options.max ?? 10)) this.set({ service }, max);
  },
});

new client.Gauge({
  name: 'shutter_db_pool_waiting_requests',
  help: 'Queries and transactions waiting for a connection of the service’s database pool (above 0: the pool is the bottleneck).',
  labelNames: ['service'] as const,
  registers,
  collect() {
    this.reset();
    for (const [service, waiting] of perService((p) => p.waitingCount)) this.set({ service }, waiting);
  },
});

// ---- Outbox: unpublished rows, read from the database at scrape time ---------------------------

export interface OutboxBacklog {
  /** Rows not yet published. */
  pending: number;
  /** Age of the oldest of them; 0 when none. */
  oldestAgeSeconds: number;
}

const outboxes = new Set<{ service: string; read: () => Promise<OutboxBacklog> }>();

/** Reports a service's outbox backlog (read at most every few seconds, see scrapeCached). */
export function registerOutbox(service: string, read: () => Promise<OutboxBacklog>): () => void {
  return register(outboxes, { service, read: scrapeCached(read) });
}

/** Largest over sources per service: replicas read the same outbox (one database per subgraph). */
async function backlogs(): Promise<Map<string, OutboxBacklog>> {
  const sources = [...outboxes];
  const results = await Promise.allSettled(sources.map((source) => source.read()));
  const merged = new Map<string, OutboxBacklog>();
  results.forEach((result, i) => {
    if (result.status !== 'fulfilled') return;
    const { service } = sources[i]!;
    const seen = merged.get(service);
    merged.set(service, {
      pending: Math.max(seen?.pending ?? 0, result.value.pending),
      oldestAgeSeconds: Math.max(seen?.oldestAgeSeconds ?? 0, result.value.oldestAgeSeconds),
    });
  });
  return merged;
}

new client.Gauge({
  name: 'shutter_outbox_pending_events',
  help: 'Events in the service’s outbox not yet published (the relay’s backlog).',
  labelNames: ['service'] as const,
  registers,
  async collect() {
    const merged = await backlogs();
    this.reset();
    for (const [service, backlog] of merged) this.set({ service }, backlog.pending);
  },
});

new client.Gauge({
  name: 'shutter_outbox_oldest_pending_age_seconds',
  help: 'Age of the oldest unpublished event in the service’s outbox (the relay’s lag; 0 when none is pending).',
  labelNames: ['service'] as const,
  registers,
  async collect() {
    const merged = await backlogs();
    this.reset();
    for (const [service, backlog] of merged) this.set({ service }, backlog.oldestAgeSeconds);
  },
});

// ---- Consumer lag: from the event transport at scrape time ------------------------------------

export interface ConsumerLag {
  group: string;
  topic: string;
  /** Messages on the topic the group has not consumed yet. */
  messages: number;
}

const lagSources = new Set<() => Promise<ConsumerLag[]>>();

/** Reports the lag of a transport's consumer groups (read at most every few seconds). */
export function registerConsumerLag(read: () => Promise<ConsumerLag[]>): () => void {
  return register(lagSources, scrapeCached(read));
}

new client.Gauge({
  name: 'shutter_events_consumer_lag_messages',
  help: 'Messages a consumer group has yet to consume, by group and topic (Kafka: end offsets minus committed offsets).',
  labelNames: ['group', 'topic'] as const,
  registers,
  async collect() {
    const results = await Promise.allSettled([...lagSources].map((read) => read()));
    const lags = new Map<string, ConsumerLag>();
    for (const result of results) {
      if (result.status !== 'fulfilled') continue;
      // Members of one group in one process report the same lag: keep one.
      for (const lag of result.value) {
        const key = `${lag.group}\u0000${lag.topic}`;
        if ((lags.get(key)?.messages ?? -1) < lag.messages) lags.set(key, lag);
      }
    }
    this.reset();
    for (const { group, topic, messages } of lags.values()) this.set({ group, topic }, messages);
  },
});

/** The registry in Prometheus's text format, and its content type. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}
