import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ApolloServer } from '@apollo/server';
import { pino } from 'pino';
import client from 'prom-client';
import { observeRequests } from './access-log.js';
import { createKeyLoader, createLoader } from './loaders.js';
import {
  metricsHandler,
  metricsOptions,
  METRICS_SERVED_ELSEWHERE,
  OperationNameLabels,
  operationMetricsPlugin,
  startMetricsServer,
} from './metrics-http.js';
import {
  metricsRegistry,
  registerConsumerLag,
  registerDatabasePool,
  registerOutbox,
  scrapeCached,
  SeriesHistogram,
  type PoolLike,
} from './metrics.js';

interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample of the registry, as a scrape would read it. */
const scrape = async (): Promise<MetricSample[]> =>
  (await metricsRegistry.getMetricsAsJSON()).flatMap((metric) =>
    metric.values.map((sample) => ({
      name: (sample as { metricName?: string }).metricName ?? metric.name,
      labels: Object.fromEntries(Object.entries(sample.labels).map(([key, value]) => [key, String(value)])),
      value: sample.value,
    })),
  );

const metricSum = (samples: MetricSample[], name: string, labels: Record<string, string>) =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
    .reduce((sum, s) => sum + s.value, 0);

const servers: http.Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(listener: http.RequestListener): Promise<string> {
  const server = http.createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe(OperationNameLabels.name, () => {
  it('labels unnamed operations (anonymous) and keeps the first names up to the cap, the rest (other)', () => {
    const names = new OperationNameLabels(2);
    expect(names.label(null)).toBe('(anonymous)');
    expect(names.label('')).toBe('(anonymous)');
    expect(names.label('Feed')).toBe('Feed');
    expect(names.label('Profile')).toBe('Profile');
    expect(names.label('Third')).toBe('(other)');
    // Names seen before the cap was reached keep their own label.
    expect(names.label('Feed')).toBe('Feed');
    expect(names.label('Third')).toBe('(other)');
  });
});

describe(operationMetricsPlugin.name, () => {
  const server = new ApolloServer({
    typeDefs: 'type Query { ok: String, broken: String }',
    resolvers: {
      Query: {
        ok: () => 'yes',
        broken: () => {
          throw new Error('no');
        },
      },
    },
    plugins: [operationMetricsPlugin('spec-plugin', new OperationNameLabels(1))],
  });
  const count = (samples: MetricSample[], operation: string, outcome: string) =>
    metricSum(samples, 'shutter_graphql_operation_duration_seconds_count', {
      service: 'spec-plugin',
      operation,
      outcome,
    });

  it('times each operation once, by its name when it resolved and by outcome', async () => {
    await server.start();
    await server.executeOperation({ query: 'query First { ok }' });
    await server.executeOperation({ query: 'query First { ok }' });
    await server.executeOperation({ query: 'query Second { ok }' });
    await server.executeOperation({ query: '{ broken }' });
    // Invalid: the name is only what the client claimed, never a label.
    await server.executeOperation({ query: 'query Claimed { nope }' });
    await server.executeOperation({ query: 'query Unparsed {' });
    const samples = await scrape();
    expect(count(samples, 'First', 'ok')).toBe(2);
    expect(count(samples, 'Second', 'ok')).toBe(0);
    expect(count(samples, '(other)', 'ok')).toBe(1);
    expect(count(samples, '(anonymous)', 'error')).toBe(1);
    expect(count(samples, '(invalid)', 'error')).toBe(2);
    expect(samples.some((s) => s.labels.operation === 'Claimed')).toBe(false);
    await server.stop();
  });
});

describe(SeriesHistogram.name, () => {
  it('exposes what prom-client’s Histogram exposes for the same observations', async () => {
    const config = { help: 'h', labelNames: ['service', 'outcome'] as const, buckets: [0.1, 0.5, 1] };
    const theirs = new client.Registry();
    const ours = new client.Registry();
    const reference = new client.Histogram({ ...config, name: 'spec_histogram', registers: [theirs] });
    const fast = new SeriesHistogram({ ...config, name: 'spec_histogram', registers: [ours] });
    const observations: [string, string, number][] = [
      ['a', 'ok', 0.05],
      ['a', 'ok', 0.5],
      ['a', 'error', 0.7],
      ['b', 'ok', 3],
      ['a', 'ok', 1],
    ];
    for (const [service, outcome, value] of observations) {
      reference.observe({ service, outcome }, value);
      fast.series({ service, outcome }).observe(value);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    // The JSON form too (without prom-client's exemplar slots, which Shutter does not use).
    const samples = async (registry: client.Registry) =>
      (await registry.getMetricsAsJSON()).map(({ values, ...metric }) => ({
        ...metric,
        values: values.map((sample) => ({
          labels: sample.labels,
          value: sample.value,
          metricName: (sample as { metricName?: string }).metricName,
        })),
      }));
    expect(await samples(ours)).toEqual(await samples(theirs));
    // The same series object for the same labels; reset zeroes it and it keeps counting.
    const series = fast.series({ outcome: 'ok', service: 'a' });
    expect(fast.series({ service: 'a', outcome: 'ok' })).toBe(series);
    ours.resetMetrics();
    series.observe(0.2);
    expect(await ours.metrics()).toContain('spec_histogram_count{service="a",outcome="ok"} 1');
    expect(() => fast.series({ service: 'a' } as never)).toThrow(/takes the labels service, outcome/);
    expect(() => fast.series({ service: 'c', outcome: 'ok', extra: 'x' } as never)).toThrow(/takes the labels/);
    expect(() => series.observe(Number.NaN)).toThrow(TypeError);
  });
});

describe(observeRequests.name, () => {
  it('times requests by service, a bounded route, method and status', async () => {
    const observe = observeRequests({ logger: pino({ level: 'silent' }), service: 'spec-http' });
    const url = await serve((req, res) => {
      observe(req, res);
      res.statusCode = req.url?.startsWith('/media') ? 404 : 200;
      res.end('ok');
    });
    await (await fetch(`${url}/graphql?query=x`)).text();
    await (await fetch(`${url}/graphql/`, { method: 'POST', body: '{}' })).text();
    await (await fetch(`${url}/media/9f1c2b/photo.jpg`)).text();
    const samples = await scrape();
    const count = (labels: Record<string, string>) =>
      metricSum(samples, 'shutter_http_request_duration_seconds_count', { service: 'spec-http', ...labels });
    expect(count({ route: '/graphql', method: 'GET', status: '200' })).toBe(1);
    expect(count({ route: '/graphql', method: 'POST', status: '200' })).toBe(1);
    expect(count({ route: 'other', method: 'GET', status: '404' })).toBe(1);
    // Ids in paths never become labels.
    expect(samples.some((s) => s.labels.route?.includes('9f1c2b'))).toBe(false);
  });
});

describe(createLoader.name, () => {
  it('observes the size of each batch under the loader’s name', async () => {
    const loader = createLoader<number, number>('spec.double', async (keys) => keys.map((k) => k * 2));
    expect(await Promise.all([loader.load(1), loader.load(2), loader.load(3)])).toEqual([2, 4, 6]);
    expect(await loader.load(4)).toBe(8);
    const byKey = createKeyLoader<string, { id: string }>(
      'spec.rows',
      async (ids) => ids.filter((id) => id !== 'missing').map((id) => ({ id })),
      (row) => row.id,
    );
    expect(await Promise.all([byKey.load('a'), byKey.load('missing')])).toEqual([{ id: 'a' }, null]);
    const samples = await scrape();
    expect(metricSum(samples, 'shutter_dataloader_batch_size_count', { loader: 'spec.double' })).toBe(2);
    expect(metricSum(samples, 'shutter_dataloader_batch_size_sum', { loader: 'spec.double' })).toBe(4);
    // Two batches, of 3 keys and of 1: only the first reaches the "≤ 5" bucket without the "≤ 2" one.
    expect(metricSum(samples, 'shutter_dataloader_batch_size_bucket', { loader: 'spec.double', le: '2' })).toBe(1);
    expect(metricSum(samples, 'shutter_dataloader_batch_size_bucket', { loader: 'spec.double', le: '5' })).toBe(2);
    expect(metricSum(samples, 'shutter_dataloader_batch_size_sum', { loader: 'spec.rows' })).toBe(2);
  });
});

describe('gauges read at scrape time', () => {
  it('reports each service’s database pools, summed, until a pool ends', async () => {
    const pool = (total: number, idle: number, waiting: number, max = 10) =>
      ({ totalCount: total, idleCount: idle, waitingCount: waiting, options: { max }, ended: false }) as {
        -readonly [K in keyof PoolLike]: PoolLike[K];
      };
    const a = pool(4, 1, 2);
    const b = pool(3, 3, 0, 5);
    const unregister = registerDatabasePool('spec-db', a);
    registerDatabasePool('spec-db', b);
    let samples = await scrape();
    expect(metricSum(samples, 'shutter_db_pool_connections', { service: 'spec-db', state: 'busy' })).toBe(3);
    expect(metricSum(samples, 'shutter_db_pool_connections', { service: 'spec-db', state: 'idle' })).toBe(4);
    expect(metricSum(samples, 'shutter_db_pool_waiting_requests', { service: 'spec-db' })).toBe(2);
    expect(metricSum(samples, 'shutter_db_pool_max_connections', { service: 'spec-db' })).toBe(15);
    b.ended = true;
    unregister();
    samples = await scrape();
    expect(samples.filter((s) => s.labels.service === 'spec-db')).toEqual([]);
  });

  it('reports outbox backlogs and consumer lag from their sources, leaving out a source that fails', async () => {
    const offOutbox = registerOutbox('spec-outbox', async () => ({ pending: 7, oldestAgeSeconds: 12.5 }));
    const offBroken = registerOutbox('spec-broken', async () => {
      throw new Error('database down');
    });
    const offLag = registerConsumerLag(async () => [
      { group: 'spec-group', topic: 'shutter.users', messages: 3 },
      { group: 'spec-group', topic: 'shutter.posts', messages: 0 },
    ]);
    const samples = await scrape();
    expect(metricSum(samples, 'shutter_outbox_pending_events', { service: 'spec-outbox' })).toBe(7);
    expect(metricSum(samples, 'shutter_outbox_oldest_pending_age_seconds', { service: 'spec-outbox' })).toBe(12.5);
    expect(samples.filter((s) => s.labels.service === 'spec-broken')).toEqual([]);
    expect(
      metricSum(samples, 'shutter_events_consumer_lag_messages', { group: 'spec-group', topic: 'shutter.users' }),
    ).toBe(3);
    offOutbox();
    offBroken();
    offLag();
    expect((await scrape()).filter((s) => s.labels.group === 'spec-group')).toEqual([]);
  });
});

describe(scrapeCached.name, () => {
  it('reads once within its time to live, again after a failure, and gives up on a source that does not answer', async () => {
    let reads = 0;
    const read = scrapeCached(async () => ++reads, { ttlMs: 60_000 });
    expect([await read(), await read()]).toEqual([1, 1]);

    let fail = true;
    const flaky = scrapeCached(
      async () => {
        if (fail) throw new Error('down');
        return 'up';
      },
      { ttlMs: 60_000 },
    );
    await expect(flaky()).rejects.toThrow('down');
    fail = false;
    expect(await flaky()).toBe('up');

    const silent = scrapeCached(() => new Promise<never>(() => undefined), { timeoutMs: 10 });
    await expect(silent()).rejects.toThrow(/no answer/);
  });
});

describe(metricsOptions.name, () => {
  const options = (port: number | undefined, token: string | undefined, production: boolean, publicPort: boolean) =>
    metricsOptions({ port, token, production, publicPort });

  it('serves metrics on the service port unless METRICS_PORT moves them, and not on a public port in production without a token', () => {
    expect(options(undefined, undefined, false, true)).toEqual({ onServicePort: true, port: null, token: null });
    expect(options(undefined, undefined, true, true).onServicePort).toBe(false);
    expect(options(undefined, 'a-token-of-16-chars', true, true).onServicePort).toBe(true);
    expect(options(undefined, undefined, true, false).onServicePort).toBe(true);
    expect(options(9464, undefined, true, true)).toEqual({ onServicePort: false, port: 9464, token: null });
    expect(options(9464, undefined, false, false).onServicePort).toBe(false);
    expect(METRICS_SERVED_ELSEWHERE.onServicePort).toBe(false);
  });
});

describe(metricsHandler.name, () => {
  it('answers with the registry in Prometheus’s format, and with a token only to a request bearing it', async () => {
    const open = await serve(metricsHandler(null));
    const answer = await fetch(open);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await answer.text();
    // Node's process metrics, once.
    expect(text.match(/^process_cpu_user_seconds_total /gm)).toHaveLength(1);
    expect(text).toMatch(/^# TYPE shutter_graphql_operation_duration_seconds histogram$/m);

    const guarded = await serve(metricsHandler('sixteen-chars-ok'));
    expect((await fetch(guarded)).status).toBe(401);
    expect((await fetch(guarded, { headers: { authorization: 'Bearer wrong-token-xxxx' } })).status).toBe(401);
    expect((await fetch(guarded, { headers: { authorization: 'Bearer sixteen-chars-ok' } })).status).toBe(200);
  });

  it('serves /metrics alone on a port of its own', async () => {
    const server = await startMetricsServer({ port: 0, host: '127.0.0.1', token: null });
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
      const other = await fetch(`${server.url}/graphql`);
      expect(other.status).toBe(404);
      expect(await other.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    } finally {
      await server.close();
    }
  });
});
