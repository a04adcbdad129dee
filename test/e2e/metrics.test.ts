import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_LIMITS, startGateway, type RunningGateway } from '@shutter/gateway';
import {
  createLogger,
  generateSigningKeyPair,
  metricsOptions,
  parsePublicJwks,
  repoRoot,
  type MetricsOptions,
} from '@shutter/runtime';
import { metricSum, samplesOf, scrapeMetrics, type MetricSample } from '@shutter/testing';
import { DOMAINS } from '../../scripts/stack.js';
import { createPost } from '../support/posts.js';
import { registerUser, startTestSupergraph, type TestSupergraph } from '../support/supergraph.js';

/** Every subgraph's part of one page: profile, counts, feed, a post's likes and comments, notifications, calls. */
const DASHBOARD = /* GraphQL */ `
  query Dashboard($postId: ID!) {
    me {
      username
      displayName
      followerCount
    }
    feed(first: 5) {
      edges {
        node {
          id
          likeCount
          commentCount
          author {
            username
          }
        }
      }
    }
    post(id: $postId) {
      viewerHasLiked
    }
    unreadNotificationCount
    calls(first: 5) {
      edges {
        node {
          id
        }
      }
    }
  }
`;

describe('/metrics of the supergraph in one process (npm start)', () => {
  let graph: TestSupergraph;
  let samples: MetricSample[];
  beforeAll(async () => {
    graph = await startTestSupergraph();
    const ada = await registerUser(graph, {}, { settle: true });
    const postId = await createPost(graph, ada, 'metrics #observability');
    await graph.settle();
    for (let i = 0; i < 3; i += 1) {
      const page = await graph.request(DASHBOARD, { postId }, { token: ada.accessToken });
      expect(page.errors).toBeUndefined();
    }
    await graph.request(`{ me { id } }`, {}, { token: ada.accessToken });
    await graph.request(`query Broken { nope }`);
    samples = await scrapeMetrics(`${graph.stack.gateway.url}/metrics`);
  });
  afterAll(async () => {
    await graph.close();
  });

  it('times the gateway’s requests and operations by operation name and outcome', () => {
    const operations = (operation: string, outcome: string) =>
      metricSum(samples, 'shutter_graphql_operation_duration_seconds_count', {
        service: 'gateway',
        operation,
        outcome,
      });
    expect(operations('Dashboard', 'ok')).toBe(3);
    expect(operations('Register', 'ok')).toBe(1);
    expect(operations('(anonymous)', 'ok')).toBeGreaterThanOrEqual(1);
    // A name in a document that does not validate is no label.
    expect(operations('(invalid)', 'error')).toBe(1);
    expect(samples.some((s) => s.labels.operation === 'Broken')).toBe(false);
    expect(
      metricSum(samples, 'shutter_http_request_duration_seconds_count', {
        service: 'gateway',
        route: '/graphql',
        method: 'POST',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(5);
  });

  it('times the gateway’s fetches of every subgraph, in process', () => {
    for (const subgraph of DOMAINS) {
      expect(
        `${subgraph}: ${metricSum(samples, 'shutter_gateway_subgraph_fetch_duration_seconds_count', { subgraph, outcome: 'ok' }) > 0}`,
      ).toBe(`${subgraph}: true`);
    }
  });

  it('tells each subgraph’s operations apart by the service label', () => {
    for (const service of DOMAINS) {
      const count = metricSum(samples, 'shutter_graphql_operation_duration_seconds_count', { service });
      expect(`${service}: ${count > 0}`).toBe(`${service}: true`);
    }
    // The gateway names a subgraph's operations after the client's (Dashboard__posts__1, …).
    expect(
      samplesOf(samples, 'shutter_graphql_operation_duration_seconds_count', { service: 'posts' }).some((s) =>
        s.labels.operation!.startsWith('Dashboard__posts__'),
      ),
    ).toBe(true);
  });

  it('observes DataLoader batch sizes per loader', () => {
    for (const loader of ['users.byId', 'follows.viewerRelations', 'likes.summaries', 'comments.countByPost']) {
      const batches = metricSum(samples, 'shutter_dataloader_batch_size_count', { loader });
      expect(`${loader}: ${batches > 0}`).toBe(`${loader}: true`);
    }
  });

  it('reports every subgraph’s database pool, outbox backlog, and the consumer groups’ lag', () => {
    for (const service of DOMAINS) {
      expect(metricSum(samples, 'shutter_db_pool_max_connections', { service })).toBe(10);
      // The pool the gauges read is the pool Prisma uses: it has opened connections.
      expect(`${service}: ${metricSum(samples, 'shutter_db_pool_connections', { service }) > 0}`).toBe(
        `${service}: true`,
      );
      expect(samplesOf(samples, 'shutter_outbox_pending_events', { service })).toHaveLength(1);
      expect(samplesOf(samples, 'shutter_outbox_oldest_pending_age_seconds', { service })).toHaveLength(1);
    }
    expect(samplesOf(samples, 'shutter_events_consumer_lag_messages').length).toBeGreaterThan(0);
    expect(metricSum(samples, 'shutter_events_consumed_total')).toBeGreaterThan(0);
  });

  it('counts the profile cache’s hits and misses', () => {
    const lookups = metricSum(samples, 'shutter_cache_lookups_total', { cache: 'profiles' });
    expect(lookups).toBeGreaterThan(0);
    expect(metricSum(samples, 'shutter_cache_lookups_total', { cache: 'profiles', result: 'hit' })).toBeGreaterThan(0);
  });

  it('has Node’s process metrics once, and no /metrics on the subgraphs’ own ports', async () => {
    expect(samplesOf(samples, 'process_cpu_user_seconds_total')).toHaveLength(1);
    const users = await fetch(`${graph.stack.subgraphs.users.url}/metrics`);
    expect(users.status).toBe(404);
  });
});

describe('/metrics on the gateway’s public port', () => {
  const gateways: RunningGateway[] = [];
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.close()));
  });

  /** A gateway alone (its subgraphs unreachable), in production. */
  async function productionGateway(metrics?: MetricsOptions): Promise<RunningGateway> {
    const gateway = await startGateway({
      supergraphSdl: readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8'),
      subgraphUrls: Object.fromEntries(DOMAINS.map((name) => [name, 'http://127.0.0.1:9/graphql'])),
      identitySecret: 's'.repeat(32),
      publicKeys: parsePublicJwks(generateSigningKeyPair('k').publicJwks),
      logger: createLogger({ service: 'gateway', level: 'silent' }),
      production: true,
      limits: DEFAULT_LIMITS,
      rateLimits: null,
      port: 0,
      ...(metrics ? { metrics } : {}),
    });
    gateways.push(gateway);
    return gateway;
  }

  it('is not served in production without METRICS_TOKEN', async () => {
    const gateway = await productionGateway();
    expect((await fetch(`${gateway.url}/metrics`)).status).toBe(404);
  });

  it('is served with METRICS_TOKEN to a scraper bearing it, and counts failed subgraph fetches', async () => {
    const token = 'scrape-token-0123456789';
    const gateway = await productionGateway(
      metricsOptions({ port: undefined, token, production: true, publicPort: true }),
    );
    expect((await fetch(`${gateway.url}/metrics`)).status).toBe(401);
    const me = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Me { me { id } }' }),
    });
    // A GraphQL error for the unreachable subgraph, not a failed request.
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ errors: [expect.objectContaining({ message: expect.any(String) })] });
    const samples = await scrapeMetrics(`${gateway.url}/metrics`, { authorization: `Bearer ${token}` });
    expect(
      metricSum(samples, 'shutter_gateway_subgraph_fetch_duration_seconds_count', {
        subgraph: 'users',
        outcome: 'failed',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      metricSum(samples, 'shutter_graphql_operation_duration_seconds_count', {
        service: 'gateway',
        operation: 'Me',
        outcome: 'error',
      }),
    ).toBeGreaterThanOrEqual(1);
  });
});
