import { timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { z } from 'zod';
import { httpErrorBody } from './graphql-http.js';
import { listen, once, type RunningService } from './http.js';
import {
  collectProcessMetrics,
  graphqlOperationDuration,
  httpRequestDuration,
  metricsText,
  type HistogramSeries,
} from './metrics.js';

/** The variables of every service that serves metrics (the gateway and each subgraph). */
export const metricsEnvShape = {
  METRICS_PORT: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .optional()
    .describe(
      'a port of its own for `/metrics` (then not on `PORT`); compose gives the gateway 9464 (see [Metrics](#metrics))',
    ),
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe(
      '≥ 16 chars: `/metrics` answers only `Authorization: Bearer <token>`; required for the gateway’s public port in production',
    ),
};

/** Where a service serves `/metrics` (ADR 0019). */
export interface MetricsOptions {
  /** Served on the service's own port (GraphQL's); false: 404 there. */
  onServicePort: boolean;
  /** A listener of its own for `/metrics` only (METRICS_PORT); started by the process's entry point. */
  port: number | null;
  /** `Authorization: Bearer <token>` required wherever `/metrics` is served (METRICS_TOKEN). */
  token: string | null;
}

/**
 * The rule of ADR 0019: `/metrics` moves to METRICS_PORT when it is set. Otherwise it is on the
 * service's port, except on a public port in production without METRICS_TOKEN (the gateway's: what
 * the graph is asked, by whom and how often is nobody else's business).
 */
export function metricsOptions(options: {
  port: number | undefined;
  token: string | undefined;
  production: boolean;
  publicPort: boolean;
}): MetricsOptions {
  const port = options.port ?? null;
  const token = options.token ?? null;
  const onServicePort = port === null && (!options.publicPort || !options.production || token !== null);
  return { onServicePort, port, token };
}

/** No endpoint: the service is part of a process whose metrics someone else serves (`npm start`). */
export const METRICS_SERVED_ELSEWHERE: MetricsOptions = { onServicePort: false, port: null, token: null };

/** Answers a scrape with the process's registry; with a token, only a request bearing it. */
export function metricsHandler(token: string | null): (request: IncomingMessage, response: ServerResponse) => void {
  collectProcessMetrics();
  const expected = token === null ? null : Buffer.from(`Bearer ${token}`);
  const send = (response: ServerResponse, status: number, contentType: string, body: string) => {
    response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    response.end(body);
  };
  return (request, response) => {
    if (expected) {
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        response.setHeader('www-authenticate', 'Bearer');
        send(
          response,
          401,
          'application/json; charset=utf-8',
          JSON.stringify(httpErrorBody('Metrics need the METRICS_TOKEN bearer token.', 'UNAUTHENTICATED')),
        );
        return;
      }
    }
    metricsText().then(
      ({ contentType, body }) => send(response, 200, contentType, body),
      () =>
        send(
          response,
          500,
          'application/json; charset=utf-8',
          JSON.stringify(httpErrorBody('Internal server error', 'INTERNAL_SERVER_ERROR')),
        ),
    );
  };
}

/** A listener that serves `/metrics` and nothing else (METRICS_PORT). */
export async function startMetricsServer(options: {
  port: number;
  host: string;
  token: string | null;
}): Promise<RunningService> {
  const handle = metricsHandler(options.token);
  const server = http.createServer((request, response) => {
    if (request.url?.split('?', 1)[0] === '/metrics' && request.method === 'GET') {
      handle(request, response);
      return;
    }
    const body = JSON.stringify(httpErrorBody('Not found. This port serves /metrics only.', 'NOT_FOUND'));
    response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
    response.end(body);
  });
  const port = await listen(server, options.port, options.host);
  return {
    name: 'metrics',
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`,
    port,
    // Scrapes go on while the service drains: its last figures are the interesting ones.
    drain: () => undefined,
    close: once(
      () =>
        new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          server.closeIdleConnections();
        }),
    ),
  };
}

const ROUTES = new Set(['/graphql', '/health', '/ready', '/metrics']);
const METHODS = new Set(['GET', 'POST', 'OPTIONS', 'HEAD']);

/**
 * Records the HTTP requests of a service (`observeRequests` calls it once each is answered or
 * abandoned): their time from arrival to the end of the response. Labels are bounded: routes
 * outside the known ones are `other` (paths carry ids), methods outside the usual ones `other`.
 */
export function httpRequestRecorder(
  service: string,
): (path: string, method: string | undefined, response: ServerResponse, start: number) => void {
  const series = new Map<string, HistogramSeries>();
  return (path, requestMethod, response, start) => {
    const route = path === '/graphql/' ? '/graphql' : ROUTES.has(path) ? path : 'other';
    const method = requestMethod && METHODS.has(requestMethod) ? requestMethod : 'other';
    const status = response.writableFinished ? response.statusCode : 'aborted';
    const key = `${route} ${method} ${status}`;
    let observed = series.get(key);
    if (!observed) {
      observed = httpRequestDuration.series({ service, route, method, status: String(status) });
      series.set(key, observed);
    }
    observed.observe((performance.now() - start) / 1_000);
  };
}

/** Operation names a service labels before the rest become `(other)`. */
export const MAX_OPERATION_NAMES = 100;

/**
 * Bounds the operation-name label: clients choose names, and every distinct one would be a new
 * series. Only a name of an operation that parsed, validated and resolved counts; the first
 * `max` distinct names are kept, later ones share `(other)`. The parentheses cannot occur in a
 * GraphQL name, so no real operation is mistaken for one of these.
 */
export class OperationNameLabels {
  private readonly seen = new Set<string>();

  constructor(private readonly max = MAX_OPERATION_NAMES) {}

  label(name: string | null | undefined): string {
    if (!name) return '(anonymous)';
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.max) return '(other)';
    this.seen.add(name);
    return name;
  }
}

/** Records one GraphQL operation a service ran, from `start` (a `performance.now()`) until now. */
export function observeOperation(service: string, operation: string, failed: boolean, start: number): void {
  const outcome = failed ? 'error' : 'ok';
  // Bounded: services × OperationNameLabels' names × two outcomes.
  const key = `${service}\u0000${operation}\u0000${outcome}`;
  let series = operationSeries.get(key);
  if (!series) {
    series = graphqlOperationDuration.series({ service, operation, outcome });
    operationSeries.set(key, series);
  }
  series.observe((performance.now() - start) / 1_000);
}

const operationSeries = new Map<string, HistogramSeries>();

/**
 * Times each GraphQL operation a server runs through Apollo Server (over HTTP, or in process for
 * the gateway of `npm start`): once per operation, never per field. The in-process short path of
 * `startSubgraph` records its queries with `observeOperation` and the same name labels.
 */
export function operationMetricsPlugin<TContext extends BaseContext>(
  service: string,
  names = new OperationNameLabels(),
): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: async () => {
      const start = performance.now();
      // Until the operation resolved, the name is only what the client claimed.
      let operation = '(invalid)';
      return {
        didResolveOperation: async ({ operationName }) => {
          operation = names.label(operationName);
        },
        willSendResponse: async ({ response }) => {
          const failed =
            response.body.kind === 'single'
              ? (response.body.singleResult.errors?.length ?? 0) > 0
              : (response.body.initialResult.errors?.length ?? 0) > 0;
          observeOperation(service, operation, failed, start);
        },
      };
    },
  };
}
