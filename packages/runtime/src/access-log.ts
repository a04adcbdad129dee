import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The request id a caller chose (`x-request-id`, when it is a short token), or a new one. The
 * gateway answers with it and forwards it to every subgraph, so one id finds all lines of a request.
 */
export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** The id `accessLog` gave a request (the client's x-request-id when it sent a usable one). */
const requestIds = new WeakMap<IncomingMessage, string>();

/** The request's id as the access log wrote it; a new one when the request was not logged. */
export function requestIdOf(request: IncomingMessage): string {
  let id = requestIds.get(request);
  if (!id) {
    id = requestIdFrom(request.headers);
    requestIds.set(request, id);
  }
  return id;
}

/** What is known of a request only once it ran: its operation, its viewer. */
const annotations = new WeakMap<ServerResponse, Record<string, unknown>>();

/** Adds fields to the access-log line of this response (e.g. the GraphQL operation's name). */
export function annotateRequest(response: ServerResponse, fields: Record<string, unknown>): void {
  const known = annotations.get(response);
  if (known) Object.assign(known, fields);
  else annotations.set(response, { ...fields });
}

/** Probes and scrapes would drown the requests people make; their answers show in readiness and metrics. */
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

const pathOf = (request: IncomingMessage) => (request.url ?? '').split('?', 1)[0];

/**
 * One line per HTTP request once it is answered (or abandoned): request id, method, path (never the
 * query string, which may carry variables), status, duration and whatever the handler annotated.
 * `requestIdOf(request)` is the id it logs (handlers answer with it and forward it). Written by
 * hand rather than with pino-http: that made two child loggers per request, one binding the whole
 * request (serialized and redacted at once), used by nothing here, and built them whatever the
 * level; ~8 % of the gateway's CPU under load even with LOG_LEVEL=warn (issue 10, `node
 * --cpu-prof`). Here a request costs three listeners and, only when its line is written, the line.
 */
export function accessLog(logger: Logger): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const requestId = requestIdOf(request);
    if (QUIET_PATHS.has(pathOf(request) ?? '')) return;
    const started = performance.now();
    const done = (error?: Error) => {
      response.removeListener('close', done);
      response.removeListener('finish', done);
      response.removeListener('error', done);
      const failed = error !== undefined || response.statusCode >= 500;
      const level = failed ? 'error' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const line = {
        requestId,
        method: request.method,
        path: pathOf(request),
        status: response.statusCode,
        durationMs: Math.round(performance.now() - started),
        // A client that went away before the answer was sent.
        ...(response.writableFinished ? {} : { aborted: true }),
        ...annotations.get(response),
        ...(error ? { err: error } : {}),
      };
      logger[level](line, failed ? 'request failed' : 'request completed');
    };
    response.on('close', done);
    response.on('finish', done);
    response.on('error', done);
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
