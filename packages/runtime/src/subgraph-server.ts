import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { buildSubgraphSchema } from '@apollo/subgraph';
import express from 'express';
import { GraphQLError, type DocumentNode, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { inSpan, SpanKind, traceHttpServer } from '@shutter/telemetry';
import { isDatabaseInputError } from './database-errors.js';
import {
  CommonErrorCode,
  DomainError,
  ErrorCode,
  InvalidFieldsError,
  isPublicErrorCode,
  publicCodeOf,
  type ErrorMap,
  type FieldProblem,
} from './errors.js';
import {
  annotateContext,
  annotateOperations,
  annotateRequest,
  bindResponse,
  isRequestId,
  observeRequests,
  requestIdOf,
} from './access-log.js';
import { listen, once, type RunningService } from './http.js';
import { BATCH_IDENTITY, IDENTITY_HEADER, signIdentity, verifyIdentity, type Viewer } from './identity.js';
import { graphqlHttpHandler, httpErrorBody, type GraphQLHttpOptions } from './graphql-http.js';
import { CompiledOperations, compiledExecutor } from './compiled-executor.js';
import { gateInputs } from './input-gate.js';
import {
  metricsHandler,
  observeOperation,
  OperationNameLabels,
  operationMetricsPlugin,
  type MetricsOptions,
} from './metrics-http.js';

/** A subgraph module as `buildSubgraphSchema` takes it, named through its public signature. */
type SchemaModule = Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: DocumentNode }>;

export interface BaseContext {
  viewer: Viewer;
  /**
   * The gateway-signed identity of this request, for the rare call a subgraph makes to another.
   * A function: a request the gateway made in process carries no token, and signs one only if needed.
   */
  identityToken(): string;
  logger: Logger;
}

export interface SubgraphOptions<TContext extends BaseContext> {
  name: string;
  typeDefs: DocumentNode;
  /** Resolvers typed by the subgraph's generated resolver types. */
  resolvers: object;
  /** The subgraph's own domain error codes → public codes (shared codes are mapped here). */
  errors: ErrorMap<string>;
  /** Secret the gateway signs identities with; requests without a valid signature are refused. */
  identitySecret: string;
  logger: Logger;
  production: boolean;
  /** Builds the per-request context (DataLoaders, services) for a verified viewer. */
  createContext(base: BaseContext): TContext;
  /** Throws when the service cannot serve traffic (e.g. its database is unreachable). */
  checkReady(): Promise<void>;
  /** Releases resources (database pools, consumers) after the HTTP server has drained. */
  onClose?(): Promise<void>;
  /** Extra HTTP routes outside GraphQL (e.g. signed media URLs); they do their own authorization. */
  routes?(app: express.Express): void;
  /** Where this service serves `/metrics`; unset: not on its port (ADR 0019). */
  metrics?: MetricsOptions;
}

// A subgraph request is one operation with its variables; the gateway never sends more.
const BODY_LIMIT_BYTES = 1024 * 1024;

// Errors produced by GraphQL itself about the request's shape: safe and useful to pass through.
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** What a client is told when the database refused one of its values (the details are logged). */
export const DATABASE_INPUT_MESSAGE = 'A value in this request cannot be stored or used as given.';

/** Whether a GraphQL error is one clients are meant to see (its code is public) or a fault of ours. */
export function isUnexpectedError(error: unknown, code: unknown, errors?: ErrorMap<string>): boolean {
  const domainError = error instanceof GraphQLError ? error.originalError : error;
  if (errors && domainError instanceof DomainError) return false;
  if (isDatabaseInputError(error)) return false;
  return !(
    (isPublicErrorCode(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) ||
    REQUEST_ERROR_CODES.has(code as string)
  );
}

/**
 * Keeps client-facing errors (stable public codes) and masks everything else. A database refusing a
 * value of the request is the client's mistake: BAD_USER_INPUT with a generic message. The originals
 * are logged by `logUnexpectedErrors`, with the request's id.
 */
export function maskError(errors?: ErrorMap<string>) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const domainError = error instanceof GraphQLError ? error.originalError : error;
    if (errors && domainError instanceof DomainError) {
      const extensions = {
        code: publicCodeOf(domainError, errors),
        reason: domainError.code,
        ...(domainError.field ? { field: domainError.field } : {}),
        // Expanded into one error per field by `oneErrorPerInvalidField` before the answer leaves.
        ...(domainError instanceof InvalidFieldsError ? { [INVALID_FIELDS]: domainError.problems } : {}),
      };
      return { ...formatted, message: domainError.message, extensions };
    }
    if (isDatabaseInputError(error)) {
      return {
        message: DATABASE_INPUT_MESSAGE,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: ErrorCode.BAD_USER_INPUT, reason: CommonErrorCode.INVALID_INPUT },
      };
    }
    if (!isUnexpectedError(error, formatted.extensions?.code, errors)) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

const INVALID_FIELDS = 'invalidFields';

/**
 * A mutation refusing several fields at once answers one BAD_USER_INPUT error per field, each with
 * its `extensions.field` and message (GraphQL records one error per resolver; this splits it).
 */
export function oneErrorPerInvalidField<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: async () => ({
      willSendResponse: async ({ response }) => {
        if (response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        if (!result.errors?.some((error) => error.extensions?.[INVALID_FIELDS])) return;
        result.errors = result.errors.flatMap((error) => {
          const { [INVALID_FIELDS]: problems, ...extensions } = error.extensions ?? {};
          if (!Array.isArray(problems)) return [error];
          return (problems as FieldProblem[]).map(({ field, message }) => ({
            ...error,
            message,
            extensions: { ...extensions, field },
          }));
        });
      },
    }),
  };
}

/**
 * Logs what `maskError` hides from clients, with the request's logger (its request id, which the
 * gateway forwards to every subgraph), so the line an operator finds names the request it broke.
 */
export function logUnexpectedErrors<TContext extends { logger: Logger }>(
  serviceLogger: Logger,
  errors?: ErrorMap<string>,
): ApolloServerPlugin<TContext> {
  return {
    // Before a request has a context (and so a request id): its context could not be built.
    contextCreationDidFail: async ({ error }) => {
      const code = error instanceof GraphQLError ? error.extensions.code : undefined;
      if (isUnexpectedError(error, code, errors))
        serviceLogger.error({ err: error }, 'could not build the request context');
    },
    requestDidStart: async () => ({
      didEncounterErrors: async ({ contextValue, errors: encountered }) => {
        for (const error of encountered) {
          // Apollo Server gives an error without a code INTERNAL_SERVER_ERROR when it formats it. The
          // gateway's errors for a failed subgraph fetch arrive here without `extensions` at all.
          const extensions = error.extensions as GraphQLError['extensions'] | undefined;
          if (isUnexpectedError(error, extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR, errors)) {
            contextValue.logger.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error');
          }
        }
      },
    }),
  };
}

/** One operation as the gateway sends it to a subgraph. */
export interface SubgraphRequest {
  query?: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  extensions?: Record<string, unknown>;
}

/**
 * Runs an operation in this process for a viewer the caller has already authenticated: the same
 * schema, plugins, context and error formatting as a request over HTTP, without the HTTP, the JSON
 * both ways or the identity signature. For a gateway in the same process (`npm start`) only.
 */
export type ExecuteInProcess = (request: SubgraphRequest, viewer: Viewer) => Promise<FormattedExecutionResult>;

export interface RunningSubgraphServer extends RunningService {
  execute: ExecuteInProcess;
}

let directAnswers = 0;

/** How many operations subgraphs in this process answered without Apollo Server's pipeline (for tests). */
export function directAnswerCount(): number {
  return directAnswers;
}

/** An Apollo Federation subgraph behind express, with /health, /ready and signed-identity checks. */
export async function startSubgraph<TContext extends BaseContext>(
  options: SubgraphOptions<TContext>,
  { port, host = '127.0.0.1' }: { port: number; host?: string },
): Promise<RunningSubgraphServer> {
  const app = express();
  app.disable('x-powered-by');
  // GraphQL is served by Node's HTTP server directly (graphql-http.ts); express only for the rest.
  // Set once Apollo has started (the drain plugin needs the HTTP server before that).
  const serve: { graphql?: (req: http.IncomingMessage, res: http.ServerResponse) => void } = {};
  const observeRequest = observeRequests({ logger: options.logger, service: options.name });
  let draining = false;
  const httpServer = http.createServer((req, res) => {
    observeRequest(req, res);
    // Draining: still served, but the client opens its next request elsewhere.
    if (draining) res.setHeader('connection', 'close');
    const path = req.url?.split('?', 1)[0];
    if (serve.graphql && (path === '/graphql' || path === '/graphql/')) serve.graphql(req, res);
    else app(req, res);
  });
  // Every subgraph's resolvers see only gated text (NFC, no NUL, controls or bidi overrides).
  const operations = new CompiledOperations(
    gateInputs(buildSubgraphSchema({ typeDefs: options.typeDefs, resolvers: options.resolvers } as SchemaModule)),
  );
  const operationNames = new OperationNameLabels();
  const plugins: ApolloServerPlugin<TContext>[] = [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    // Federated traces only matter with Apollo usage reporting, which Shutter does not use.
    ApolloServerPluginInlineTraceDisabled(),
    // Shutter sends no cache hints; Apollo's default cache-control plugin still wrapped every field
    // resolver to compute them (6 % of the CPU under the feed load, issue 10).
    ApolloServerPluginCacheControlDisabled(),
    logDatabaseInputErrors<TContext>(),
    logUnexpectedErrors<TContext>(options.logger, options.errors),
    annotateOperations<TContext>(),
    oneErrorPerInvalidField<TContext>(),
    operationMetricsPlugin<TContext>(options.name, operationNames),
  ];
  const apollo = new ApolloServer<TContext>({
    // The process's own shutdown (onShutdown) drains in order. Apollo's handlers (on unless
    // NODE_ENV=test) would stop this server and send the signal again: a second signal, exit 1.
    stopOnTerminationSignals: false,
    gateway: compiledExecutor(operations),
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    // Compact JSON to the gateway, not Apollo Server's pretty-printed default.
    stringifyResult: (result) => JSON.stringify(result),
    formatError: maskError(options.errors),
    plugins,
  });
  await apollo.start();

  const contextFor = (viewer: Viewer, identityToken: () => string) =>
    options.createContext({
      viewer,
      identityToken,
      logger: options.logger.child({ requestId: viewer.requestId || randomUUID() }),
    });

  let stopping = false;
  const throughApollo = async (request: SubgraphRequest, context: TContext): Promise<FormattedExecutionResult> => {
    const response = await apollo.executeOperation(request, { contextValue: context });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not used between services');
    return response.body.singleResult;
  };
  /**
   * A query the gateway sends, answered without Apollo Server's request pipeline around it (its
   * hash, plugin hooks and response objects cost as much as executing a compiled entity fetch,
   * issue 10): parsed and validated once per operation text, then run compiled; the access-log
   * annotation and the operation metric are written as Apollo's plugins would. Undefined for
   * whatever is not a plain successful query (a mutation, an invalid operation, a result with
   * errors): the caller then goes through Apollo Server, so errors are formatted, logged and counted
   * exactly as before; a query that failed here runs again there with a fresh context (queries do
   * not write). For calls over HTTP (behind the signature check) and in process alike.
   */
  const answerDirectly = async (
    request: SubgraphRequest,
    contextFor: () => TContext | Promise<TContext>,
    started: number,
  ): Promise<FormattedExecutionResult | undefined> => {
    const prepared = request.query === undefined ? null : operations.prepare(request.query, request.operationName);
    if (!prepared || prepared.kind !== 'query') return undefined;
    // Built only for a query it runs: a mutation's context is Apollo Server's to build.
    const context = await contextFor();
    const result = await operations.run(prepared.document, request.operationName, request.variables, context);
    if (result.errors?.length) return undefined;
    annotateContext(context, { operation: prepared.name ?? 'anonymous' });
    observeOperation(options.name, operationNames.label(prepared.name), false, started);
    directAnswers += 1;
    return { data: result.data ?? null };
  };
  const runInProcess = async (
    request: SubgraphRequest,
    context: TContext,
    newContext: () => TContext,
    started: number,
  ): Promise<FormattedExecutionResult> => {
    let ran = false;
    const direct = await answerDirectly(
      request,
      () => {
        ran = true;
        return context;
      },
      started,
    );
    // A query that failed here had its context used: Apollo Server gets a fresh one.
    return direct ?? throughApollo(request, ran ? newContext() : context);
  };
  // The in-process call's span when tracing is on, named once: an untraced call builds neither.
  const span = { name: `subgraph ${options.name}`, attributes: { 'shutter.service': options.name } };
  /**
   * One operation as `viewer`, through the whole pipeline (the short path for plain queries, Apollo
   * Server for the rest), with the access-log line an HTTP call would have had (`how` marks it: in
   * process, or one operation of a batched call). `token`: the identity the gateway signed, when it
   * sent one (forwarded to peers); otherwise one is signed when a peer call needs it.
   */
  const runAs = async (
    request: SubgraphRequest,
    viewer: Viewer,
    token: string | undefined,
    how: Record<string, unknown>,
  ): Promise<FormattedExecutionResult> => {
    if (stopping) throw new Error(`the ${options.name} subgraph is stopping`);
    let signed = token;
    const started = performance.now();
    const newContext = () => contextFor(viewer, () => (signed ??= signIdentity(viewer, options.identitySecret)));
    const context = newContext();
    // Tracing on: the span that HTTP would have had, a child of the gateway's fetch span.
    const result = await inSpan(span.name, SpanKind.SERVER, span.attributes, () =>
      runInProcess(request, context, newContext, started),
    );
    context.logger.info(
      {
        operation: request.operationName ?? 'anonymous',
        ...how,
        durationMs: Math.round(performance.now() - started),
        ...(result.errors ? { errors: result.errors.length } : {}),
      },
      'request completed',
    );
    return result;
  };
  /**
   * A batched call of the gateway (ADR 0029): each operation runs as the viewer its own signed
   * identity names, on its own (one failing does not fail the others). An operation without a valid
   * identity is answered UNAUTHENTICATED, as a request without one would be.
   */
  const answerBatch = (items: unknown[], req: http.IncomingMessage, res: http.ServerResponse): Promise<object[]> => {
    annotateRequest(res, { batch: items.length });
    return Promise.all(
      items.map(async (item): Promise<object> => {
        const operation = batchItem(item);
        if (!operation) {
          return {
            errors: [
              {
                message: `A batched operation is an object with a query and the ${BATCH_IDENTITY} extension.`,
                extensions: { code: 'BAD_REQUEST' },
              },
            ],
          };
        }
        const viewer = verifyIdentity(operation.identity, options.identitySecret);
        if (!viewer) {
          return {
            errors: [
              {
                message: 'This service answers only operations signed by the Shutter gateway.',
                extensions: { code: ErrorCode.UNAUTHENTICATED },
              },
            ],
          };
        }
        if (!viewer.requestId) viewer.requestId = operation.requestId ?? requestIdOf(req);
        try {
          return await runAs(operation.request, viewer, operation.identity, BATCHED);
        } catch (error) {
          options.logger.error({ err: error, requestId: viewer.requestId }, 'unexpected error in a batched operation');
          return {
            errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }],
          };
        }
      }),
    );
  };
  const graphqlOptions: GraphQLHttpOptions<TContext> = {
    bodyLimitBytes: BODY_LIMIT_BYTES,
    // Once stopping, Apollo Server answers (it refuses operations after its stop, as before).
    answerDirectly: async (operation, context) =>
      stopping ? undefined : answerDirectly(operation, context, performance.now()),
    logger: options.logger,
    answerBatch: (items, req, res) =>
      stopping ? Promise.reject(new Error(`the ${options.name} subgraph is stopping`)) : answerBatch(items, req, res),
    // The signature first: a request the gateway did not sign is refused before its body is read.
    admit: (req, res) => {
      const token = req.headers[IDENTITY_HEADER];
      const viewer = typeof token === 'string' ? verifyIdentity(token, options.identitySecret) : null;
      if (!viewer) {
        return {
          status: 401,
          body: httpErrorBody(
            'This service answers only requests signed by the Shutter gateway.',
            ErrorCode.UNAUTHENTICATED,
          ),
        };
      }
      // The gateway's reusable tokens name no request: its x-request-id (the access log's id) does.
      if (!viewer.requestId) viewer.requestId = requestIdOf(req);
      return {
        context: async () =>
          bindResponse(
            contextFor(viewer, () => token as string),
            res,
          ),
      };
    },
  };
  // Tracing on: a span per request, continuing the gateway's trace (its traceparent header).
  serve.graphql = traceHttpServer(graphqlHttpHandler(apollo, graphqlOptions), {
    service: options.name,
    trustIncoming: true,
  });

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: options.name });
  });
  app.get('/ready', (_req, res) => {
    if (draining) {
      res.status(503).json({ status: 'stopping', service: options.name });
      return;
    }
    options.checkReady().then(
      () => res.json({ status: 'ready', service: options.name }),
      (error: unknown) => {
        options.logger.warn({ err: error }, 'readiness check failed');
        res.status(503).json({ status: 'unavailable', service: options.name });
      },
    );
  });
  if (options.metrics?.onServicePort) app.get('/metrics', metricsHandler(options.metrics.token));
  options.routes?.(app);
  app.use(answerHttpErrorAsJson(options.logger));

  const boundPort = await listen(httpServer, port, host);
  options.logger.info({ port: boundPort }, `${options.name} subgraph listening`);

  return {
    name: options.name,
    url: `http://${host}:${boundPort}`,
    port: boundPort,
    execute: (request, viewer) => runAs(request, viewer, undefined, IN_PROCESS),
    drain: () => {
      draining = true;
    },
    // Idempotent: a test or a signal handler may close a service that is already closing.
    close: once(async () => {
      draining = true;
      stopping = true;
      await apollo.stop();
      await options.onClose?.();
    }),
  };
}

/** Logs each database refusal of a request's value with the request's logger (its request id). */
function logDatabaseInputErrors<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: async () => ({
      didEncounterErrors: async ({ contextValue, errors }) => {
        for (const error of errors) {
          if (isDatabaseInputError(error)) {
            contextValue.logger.warn(
              { err: error.originalError ?? error, path: error.path },
              'database refused a value',
            );
          }
        }
      },
    }),
  };
}

/** What body-parser's (http-errors') errors carry: the status, whether it may be shown, the failure. */
interface HttpError {
  status?: unknown;
  expose?: unknown;
  type?: unknown;
}

const HTTP_ERROR_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON.',
  'encoding.unsupported': 'The request body has an unsupported encoding or charset.',
  'charset.unsupported': 'The request body has an unsupported encoding or charset.',
};

/**
 * Express's own error page is HTML with a stack trace outside production. Subgraphs are internal,
 * but what reaches them (malformed JSON, an oversized body, a failing route) is answered as the
 * gateway answers the same: a GraphQL-shaped JSON body, the status the failure deserves, our own
 * message (never the parser's), no stack.
 */
function answerHttpErrorAsJson(logger: Logger): express.ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, expose, type } = (error ?? {}) as HttpError;
    if (status === 413) {
      res.status(413).json(httpErrorBody('The request body is too large.', 'PAYLOAD_TOO_LARGE'));
    } else if (typeof status === 'number' && status >= 400 && status < 500 && expose === true) {
      const message = HTTP_ERROR_MESSAGES[String(type)] ?? 'The request is malformed.';
      res.status(status).json(httpErrorBody(message, 'BAD_REQUEST'));
    } else {
      logger.error({ err: error, path: req.path }, 'unexpected error outside GraphQL');
      res.status(500).json(httpErrorBody('Internal server error', ErrorCode.INTERNAL_SERVER_ERROR));
    }
  };
}

const IN_PROCESS = { inProcess: true };
const BATCHED = { batched: true };

/** An item of a batched call, checked for shape: its operation, identity and request id. */
function batchItem(
  item: unknown,
): { request: SubgraphRequest; identity: string; requestId: string | undefined } | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const { query, operationName, variables, extensions } = item as Record<string, unknown>;
  if (typeof query !== 'string') return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const { [BATCH_IDENTITY]: identity, requestId, ...others } = extensions as Record<string, unknown>;
  if (typeof identity !== 'string' || Object.keys(others).length > 0) return undefined;
  return {
    request: {
      query,
      ...(typeof operationName === 'string' ? { operationName } : {}),
      ...(variables ? { variables: variables as Record<string, unknown> } : {}),
    },
    identity,
    requestId: isRequestId(requestId) ? requestId : undefined,
  };
}
