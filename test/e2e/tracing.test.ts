import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { gatewayDirectAnswers } from '@shutter/gateway';
import { parseEnv } from '@shutter/runtime';
import { startTracing, telemetryEnvShape, tracingSettingsFrom, type Tracing } from '@shutter/telemetry';
import { eventually, s3TestEnv } from '@shutter/testing';
import { z } from 'zod';
import type { SubgraphCalls } from '../../scripts/stack.js';
import { startOtlpCollector, SpanKind, type CollectedSpan, type OtlpCollector } from '../support/otlp-collector.js';
import { png } from '../support/media.js';
import { upload } from '../support/posts.js';
import { registerUser, startTestSupergraph, type TestSupergraph } from '../support/supergraph.js';

/**
 * Issue 14's traces: createPost through the gateway, with tracing turned on by the standard OTEL_*
 * variables and exported over OTLP/HTTP to a collector in this test, shows one trace from the gateway
 * through the posts subgraph, its database, S3 and the outbox to the consumers that index the post in
 * Elasticsearch and put it in the author's Redis timeline, across real Kafka. Both ways the gateway
 * calls subgraphs: in process (`npm start`) and over HTTP (a split deployment).
 *
 * The OpenTelemetry SDK is global to the process: this file starts it once, before any supergraph
 * (Prisma clients pick tracing up when they are built), and stops it last, after the final export.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the e2e globalSetup should have started the service.`);
  return value;
}

let collector: OtlpCollector;
let tracing: Tracing | null;
beforeAll(async () => {
  collector = await startOtlpCollector();
  // What an operator sets (jest gives each test file its own copy of process.env).
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
  process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/json';
  process.env.OTEL_BSP_SCHEDULE_DELAY = '100';
  tracing = await startTracing(tracingSettingsFrom(parseEnv(z.object(telemetryEnvShape))), 'shutter');
});
afterAll(async () => {
  await tracing?.shutdown();
  await collector?.close();
});

/** A client that sends its own W3C traceparent (node:http: no instrumentation of the test's own call). */
function postAsTracingClient(
  url: string,
  body: object,
  headers: Record<string, string>,
): Promise<{ status: number; body: { data?: { createPost?: { id: string } }; errors?: unknown } }> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const request = http.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    request.on('error', reject);
    request.end(text);
  });
}

describe.each(['in-process', 'http'] as const)('a traced createPost, subgraphs called %s', (calls: SubgraphCalls) => {
  let graph: TestSupergraph;
  beforeAll(async () => {
    graph = await startTestSupergraph(
      {
        KAFKA_BROKERS: required('TEST_KAFKA_BROKERS'),
        KAFKA_NAMESPACE: `traces-${randomUUID().slice(0, 8)}`,
        REDIS_URL: required('TEST_REDIS_URL'),
        ELASTICSEARCH_URL: required('TEST_ELASTICSEARCH_URL'),
        ELASTICSEARCH_INDEX_PREFIX: `tr${Date.now().toString(36)}`,
        ...s3TestEnv('traces'),
      },
      { subgraphCalls: calls },
    );
  }, 120_000);
  afterAll(async () => {
    await graph?.close();
  });

  it('is one trace from the gateway through posts, its database, S3 and Kafka to the search index and the feed', async () => {
    const author = await registerUser(graph, {}, { settle: true });
    const { target } = await upload(graph, author, png(8, 6));
    const clientTrace = randomBytes(16).toString('hex');
    const clientSpan = randomBytes(8).toString('hex');
    const created = await postAsTracingClient(
      graph.url,
      {
        query: `mutation TracedPost($input: CreatePostInput!) { createPost(input: $input) { id } }`,
        variables: { input: { caption: 'traced #otel', uploadIds: [target.uploadId] } },
      },
      { authorization: `Bearer ${author.accessToken}`, traceparent: `00-${clientTrace}-${clientSpan}-01` },
    );
    expect(created.body.errors).toBeUndefined();
    const postId = created.body.data!.createPost!.id;

    // The consumers' spans come last: the post indexed in Elasticsearch, the author's timeline in Redis.
    const indexed = () =>
      collector.spans.find((s) => s.name === 'index' && s.attributes['db.operation.parameter.id'] === postId);
    await eventually(
      () => !!indexed(),
      () => `no span indexing post ${postId} among ${collector.spans.length} spans`,
    );
    const index = indexed()!;
    const traceId = index.traceId;
    const inTrace = () => collector.spans.filter((s) => s.traceId === traceId);
    await eventually(
      () => inTrace().some((s) => s.attributes['messaging.consumer.group.name'] === 'posts-feed'),
      () => `no posts-feed consumer span in trace ${traceId}`,
    );
    const spans = inTrace();
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    /** A span and its ancestors up to the trace's root, root first. */
    const path = (span: CollectedSpan): CollectedSpan[] => {
      const parent = byId.get(span.parentSpanId);
      return parent ? [...path(parent), span] : [span];
    };
    const name = (s: CollectedSpan) =>
      s.attributes['shutter.service'] ? `${s.name} (${s.attributes['shutter.service']})` : s.name;
    const one = (what: string, predicate: (s: CollectedSpan) => boolean) => {
      const found = spans.find(predicate);
      if (!found) throw new Error(`no ${what} in trace: ${spans.map(name).join(', ')}`);
      return found;
    };

    // The gateway starts the trace: a client's traceparent is linked to, never continued.
    const root = path(index)[0]!;
    expect({ name: root.name, kind: root.kind, service: root.attributes['shutter.service'] }).toEqual({
      name: 'POST /graphql',
      kind: SpanKind.SERVER,
      service: 'gateway',
    });
    expect(traceId).not.toBe(clientTrace);
    expect(root.links).toEqual([{ traceId: clientTrace, spanId: clientSpan }]);
    expect(root.service).toBe('shutter');

    const request = one('gateway request', (s) => s.name === 'gateway.request');
    expect(request.attributes['graphql.operation.name']).toBe('TracedPost');
    const fetch = one(
      'gateway fetch from posts',
      (s) => s.name === 'gateway.fetch' && s.attributes.service === 'posts',
    );
    // Where the posts subgraph's work begins: its HTTP server span, or the in-process call's.
    const posts = one(
      'posts subgraph span',
      (s) => s.kind === SpanKind.SERVER && s.attributes['shutter.service'] === 'posts',
    );
    expect(posts.name).toBe(calls === 'http' ? 'POST /graphql' : 'subgraph posts');
    const postsPath = path(posts).map((s) => s.spanId);
    expect(postsPath).toContain(fetch.spanId);
    if (calls === 'http') {
      // The gateway's HTTP client span, whose traceparent the subgraph continued.
      const client = byId.get(posts.parentSpanId)!;
      expect({ kind: client.kind, parent: client.parentSpanId }).toEqual({
        kind: SpanKind.CLIENT,
        parent: fetch.spanId,
      });
    }

    const under = (ancestor: CollectedSpan) => (s: CollectedSpan) =>
      s !== ancestor && path(s).some((a) => a.spanId === ancestor.spanId);
    const sql = spans.filter((s) => s.name === 'prisma:client:db_query' && under(posts)(s));
    const statements = sql.map((s) => String(s.attributes['db.query.text']));
    expect(statements.some((q) => /^INSERT INTO "public"\."posts"/.test(q))).toBe(true);
    expect(statements.some((q) => /^\s*INSERT INTO "outbox"/.test(q))).toBe(true);
    const s3 = spans.filter((s) => s.attributes['rpc.service'] === 'S3' && under(posts)(s)).map((s) => s.name);
    expect(s3).toEqual(expect.arrayContaining(['S3.HeadObject', 'S3.CopyObject', 'S3.GetObject']));

    // The outbox: recorded under createPost, delivered through Kafka to each consumer as its child.
    const create = one('outbox create span', (s) => s.name === 'create shutter.posts' && under(posts)(s));
    expect(create.kind).toBe(SpanKind.PRODUCER);
    const consumer = (group: string) =>
      one(`${group} consumer span`, (s) => s.attributes['messaging.consumer.group.name'] === group);
    for (const group of ['posts-search', 'posts-feed']) {
      const process = consumer(group);
      expect({ name: process.name, kind: process.kind, parent: process.parentSpanId }).toEqual({
        name: 'process shutter.posts',
        kind: SpanKind.CONSUMER,
        parent: create.spanId,
      });
    }
    expect(index.parentSpanId).toBe(consumer('posts-search').spanId);
    expect(index.attributes['db.system']).toBe('elasticsearch');
    const redis = spans.filter((s) => s.attributes['db.system.name'] === 'redis' && under(consumer('posts-feed'))(s));
    expect(redis.length).toBeGreaterThan(0);

    // One trace: from the indexing back to the client's request, nothing is cut off.
    expect(path(index).map(name)).toEqual(
      expect.arrayContaining([
        'POST /graphql (gateway)',
        'gateway.request',
        'gateway.fetch',
        calls === 'http' ? 'POST /graphql (posts)' : 'subgraph posts (posts)',
        'create shutter.posts',
        'process shutter.posts',
        'index',
      ]),
    );
  }, 90_000);

  it("keeps the gateway's request and fetch spans for a query answered directly (ADR 0028)", async () => {
    const viewer = await registerUser(graph);
    const send = (clientSpan: string) =>
      postAsTracingClient(
        graph.url,
        { query: `query TracedMe { me { id } }` },
        {
          authorization: `Bearer ${viewer.accessToken}`,
          traceparent: `00-${randomBytes(16).toString('hex')}-${clientSpan}-01`,
        },
      );
    // The first request teaches the gateway the route; the second is answered directly.
    expect((await send(randomBytes(8).toString('hex'))).body.errors).toBeUndefined();
    const before = gatewayDirectAnswers();
    const clientSpan = randomBytes(8).toString('hex');
    expect((await send(clientSpan)).body).toEqual({ data: { me: { id: viewer.user.id } } });
    expect(gatewayDirectAnswers() - before).toBe(1);

    const root = () => collector.spans.find((s) => s.links.some((l) => l.spanId === clientSpan));
    const spansOf = (traceId: string) => collector.spans.filter((s) => s.traceId === traceId);
    const users = (traceId: string) =>
      spansOf(traceId).find((s) => s.kind === SpanKind.SERVER && s.attributes['shutter.service'] === 'users');
    await eventually(
      () => !!root() && !!users(root()!.traceId),
      () => `no trace of the direct answer among ${collector.spans.length} spans`,
    );
    const spans = spansOf(root()!.traceId);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const ancestors = (span: CollectedSpan): string[] => {
      const parent = byId.get(span.parentSpanId);
      return parent ? [...ancestors(parent), parent.name] : [];
    };
    const request = spans.find((s) => s.name === 'gateway.request')!;
    expect(request.attributes['graphql.operation.name']).toBe('TracedMe');
    const fetch = spans.find((s) => s.name === 'gateway.fetch')!;
    expect(fetch.attributes.service).toBe('users');
    expect(ancestors(fetch)).toEqual(['POST /graphql', 'gateway.request']);
    expect(ancestors(users(root()!.traceId)!).slice(0, 3)).toEqual([
      'POST /graphql',
      'gateway.request',
      'gateway.fetch',
    ]);
  }, 60_000);
});
