import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { httpRequestRecorder } from './metrics-http.js';

const USABLE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The request id a caller chose (`x-request-id`, when it is a short token), or a new one. The
 * gateway answers with it and forwards it to every subgraph, so one id finds all lines of a request.
 */
export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return isRequestId(given) ? given : randomUUID();
}

/** Whether a caller's request id is usable as given (a short token: it is logged and forwarded). */
export const isRequestId = (value: unknown): value is string =>
  typeof value === 'string' && USABLE_REQUEST_ID.test(value);

/** The id `observeRequests` gave a request (the client's x-request-id when it sent a usable one). */
const REQUEST_ID = Symbol('shutter.requestId');
/** What is known of a request only once it ran: its operation, its viewer. */
const ANNOTATIONS = Symbol('shutter.annotations');

type Marked<T> = T & { [REQUEST_ID]?: string; [ANNOTATIONS]?: Record<string, unknown> };

/** The request's id as the access log writes it, made on first use. */
export function requestIdOf(request: IncomingMessage): string {
  return ((request as Marked<IncomingMessage>)[REQUEST_ID] ??= requestIdFrom(request.headers));
}

/** Adds fields to the access-log line of this response (e.g. the GraphQL operation's name). */
export function annotateRequest(response: ServerResponse, fields: Record<string, unknown>): void {
  const marked = response as Marked<ServerResponse>;
  const known = marked[ANNOTATIONS];
  if (known) Object.assign(known, fields);
  else marked[ANNOTATIONS] = { ...fields };
}

/** Probes and scrapes would drown the requests people make; their answers show in readiness and metrics. */
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

const pathOf = (request: IncomingMessage) => {
  const url = request.url ?? '';
  const query = url.indexOf('?');
  return query >= 0 ? url.slice(0, query) : url;
};

/**
 * Watches every HTTP request of a service until it is answered (or abandoned), with one `close`
 * listener: its duration goes to `shutter_http_request_duration_seconds`, and one access-log line
 * is written: request id, method, path (never the query string, which may carry variables),
 * status, duration and whatever the handler annotated. `requestIdOf(request)` is the id it logs
 * (handlers answer with it and forward it). Call it first in the server's request listener.
 *
 * Written by hand rather than with pino-http: that made two child loggers per request, one binding
 * the whole request (serialized and redacted at once), used by nothing here, and built them
 * whatever the level; ~8 % of the gateway's CPU under load even with LOG_LEVEL=warn (issue 10,
 * `node --cpu-prof`). One listener rather than one per concern (the access log's three, the
 * metric's one): adding and removing listeners was ~1.5 % of the gateway's CPU per `me` (ADR 0028's
 * profile). Objects are tagged with symbols rather than kept in WeakMaps, which cost each request
 * an entry the GC must trace.
 */
export function observeRequests(options: {
  logger: Logger;
  /** The service label of the HTTP metric. */
  service: string;
}): (request: IncomingMessage, response: ServerResponse) => void {
  const { logger } = options;
  const record = httpRequestRecorder(options.service);
  return (request, response) => {
    const started = performance.now();
    response.once('close', () => {
      const path = pathOf(request);
      record(path, request.method, response, started);
      if (QUIET_PATHS.has(path)) return;
      const error = response.errored ?? undefined;
      const failed = error !== undefined || response.statusCode >= 500;
      const level = failed ? 'error' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const line = {
        requestId: requestIdOf(request),
        method: request.method,
        path,
        status: response.statusCode,
        durationMs: Math.round(performance.now() - started),
        // A client that went away before the answer was sent.
        ...(response.writableFinished ? {} : { aborted: true }),
        ...(response as Marked<ServerResponse>)[ANNOTATIONS],
        ...(error ? { err: error } : {}),
      };
      logger[level](line, failed ? 'request failed' : 'request completed');
    });
  };
}

/**
 * The response a request context answers, so plugins (which see the context) can annotate it. A
 * property, not a WeakMap entry: Apollo Server runs each operation on a shallow copy of the context.
 */
const RESPONSE = Symbol('shutter.response');

/** Links a request's GraphQL context to its HTTP response (for `annotateContext`). */
export function bindResponse<T extends object>(context: T, response: ServerResponse): T {
  (context as Record<symbol, unknown>)[RESPONSE] = response;
  return context;
}

/** Adds fields to the access-log line of the request this context belongs to (no-op in process). */
export function annotateContext(context: object, fields: Record<string, unknown>): void {
  const response = (context as Record<symbol, unknown>)[RESPONSE];
  if (response) annotateRequest(response as ServerResponse, fields);
}

/** Puts the GraphQL operation's name on the request's access-log line. */
export function annotateOperations<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operationName, contextValue }) => {
        annotateContext(contextValue, { operation: operationName ?? 'anonymous' });
      },
    }),
  };
}
