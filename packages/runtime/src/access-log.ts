import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { pinoHttp } from 'pino-http';
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

/** What is known of a request only once it ran: its operation, its viewer. */
const annotations = new WeakMap<ServerResponse, Record<string, unknown>>();

/** Adds fields to the access-log line of this response (e.g. the GraphQL operation's name). */
export function annotateRequest(response: ServerResponse, fields: Record<string, unknown>): void {
  annotations.set(response, { ...annotations.get(response), ...fields });
}

/** Probes and scrapes would drown the requests people make; their answers show in readiness and metrics. */
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

const pathOf = (request: IncomingMessage) => (request.url ?? '').split('?', 1)[0];

/**
 * One line per HTTP request once it is answered (or abandoned): request id, method, path (never the
 * query string, which may carry variables), status, duration and whatever the handler annotated.
 * pino-http does the bookkeeping (timing, `finish` vs `close`, levels); the line is ours.
 */
export function accessLog(logger: Logger): (request: IncomingMessage, response: ServerResponse) => void {
  const log = pinoHttp({
    logger,
    genReqId: (request) => requestIdFrom(request.headers),
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    autoLogging: { ignore: (request) => QUIET_PATHS.has(pathOf(request) ?? '') },
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (request, response, value: Record<string, unknown>) => ({
      method: request.method,
      path: pathOf(request),
      status: response.statusCode,
      durationMs: value.durationMs,
      // A client that went away before the answer was sent.
      ...(response.writableFinished ? {} : { aborted: true }),
      ...annotations.get(response),
    }),
    customErrorObject: (request, response, error, value: Record<string, unknown>) => ({
      method: request.method,
      path: pathOf(request),
      status: response.statusCode,
      durationMs: value.durationMs,
      ...annotations.get(response),
      // The status says it all; the generated "failed with status code" error would add only noise.
      ...(error && !/^failed with status code/.test(error.message) ? { err: error } : {}),
    }),
  });
  return (request, response) => log(request, response);
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
