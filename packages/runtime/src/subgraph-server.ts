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
import { isDatabaseInputError } from './database-errors.js';
import { CommonErrorCode, DomainError, ErrorCode, isPublicErrorCode, publicCodeOf, type ErrorMap } from './errors.js';
import { listen, once, type RunningService } from './http.js';
import { IDENTITY_HEADER, signIdentity, verifyIdentity, type Viewer } from './identity.js';
import { graphqlHttpHandler, httpErrorBody } from './graphql-http.js';
import { gateInputs } from './input-gate.js';
import { httpRequestMetrics, metricsHandler, operationMetricsPlugin, type MetricsOptions } from './metrics-http.js';

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

/**
 * Keeps client-facing errors (stable public codes) and masks everything else, logging the original
 * so an operator can find it. A database refusing a value of the request is the client's mistake:
 * BAD_USER_INPUT with a generic message (the subgraph server logs the original with the request id).
 */
export function maskError(logger: Logger, errors?: ErrorMap<string>) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const domainError = error instanceof GraphQLError ? error.originalError : error;
    if (errors && domainError instanceof DomainError) {
      const extensions = {
        code: publicCodeOf(domainError, errors),
        reason: domainError.code,
        ...(domainError.field ? { field: domainError.field } : {}),
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
    const code = formatted.extensions?.code;
    if (
      (isPublicErrorCode(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) ||
      REQUEST_ERROR_CODES.has(code as string)
    ) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: error, path: formatted.path }, 'unexpected error');
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
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
  const observeHttp = httpRequestMetrics(options.name);
  const httpServer = http.createServer((req, res) => {
    observeHttp(req, res);
    const path = req.url?.split('?', 1)[0];
    if (serve.graphql && (path === '/graphql' || path === '/graphql/')) serve.graphql(req, res);
    else app(req, res);
  });
  const plugins: ApolloServerPlugin<TContext>[] = [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    // Federated traces only matter with Apollo usage reporting, which Shutter does not use.
    ApolloServerPluginInlineTraceDisabled(),
    // Shutter sends no cache hints; Apollo's default cache-control plugin still wrapped every field
    // resolver to compute them (6 % of the CPU under the feed load, issue 10).
    ApolloServerPluginCacheControlDisabled(),
    logDatabaseInputErrors<TContext>(),
    operationMetricsPlugin<TContext>(options.name),
  ];
  const apollo = new ApolloServer<TContext>({
    // Every subgraph's resolvers see only gated text (NFC, no NUL, controls or bidi overrides).
    schema: gateInputs(
      buildSubgraphSchema({ typeDefs: options.typeDefs, resolvers: options.resolvers } as SchemaModule),
    ),
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    // Compact JSON to the gateway, not Apollo Server's pretty-printed default.
    stringifyResult: (result) => JSON.stringify(result),
    formatError: maskError(options.logger, options.errors),
    plugins,
  });
  await apollo.start();

  const contextFor = (viewer: Viewer, identityToken: () => string) =>
    options.createContext({
      viewer,
      identityToken,
      logger: options.logger.child({ requestId: viewer.requestId || randomUUID() }),
    });

  serve.graphql = graphqlHttpHandler(apollo, {
    bodyLimitBytes: BODY_LIMIT_BYTES,
    logger: options.logger,
    // The signature first: a request the gateway did not sign is refused before its body is read.
    admit: (req) => {
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
      return { context: async () => contextFor(viewer, () => token as string) };
    },
  });

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: options.name });
  });
  app.get('/ready', (_req, res) => {
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
  let stopping = false;
  options.logger.info({ port: boundPort }, `${options.name} subgraph listening`);
  return {
    name: options.name,
    url: `http://${host}:${boundPort}`,
    port: boundPort,
    execute: async (request, viewer) => {
      if (stopping) throw new Error(`the ${options.name} subgraph is stopping`);
      let token: string | undefined;
      const response = await apollo.executeOperation(request, {
        contextValue: contextFor(viewer, () => (token ??= signIdentity(viewer, options.identitySecret))),
      });
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not used between services');
      return response.body.singleResult;
    },
    // Idempotent: a test or a signal handler may close a service that is already closing.
    close: once(async () => {
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
