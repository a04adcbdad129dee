import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { DomainError, ErrorCode, isPublicErrorCode, publicCodeOf, type ErrorMap } from './errors.js';
import { listen, once, type RunningService } from './http.js';
import { IDENTITY_HEADER, verifyIdentity, type Viewer } from './identity.js';

/** A subgraph module as `buildSubgraphSchema` takes it, named through its public signature. */
type SchemaModule = Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: DocumentNode }>;

export interface BaseContext {
  viewer: Viewer;
  /** The gateway-signed identity of this request, for the rare call a subgraph makes to another. */
  identityToken: string;
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
}

// Errors produced by GraphQL itself about the request's shape: safe and useful to pass through.
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * Keeps client-facing errors (stable public codes) and masks everything else, logging the original
 * with the request id so an operator can find it.
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

/** An Apollo Federation subgraph behind express, with /health, /ready and signed-identity checks. */
export async function startSubgraph<TContext extends BaseContext>(
  options: SubgraphOptions<TContext>,
  { port, host = '127.0.0.1' }: { port: number; host?: string },
): Promise<RunningService> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const plugins: ApolloServerPlugin<TContext>[] = [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    // Federated traces only matter with Apollo usage reporting, which Shutter does not use.
    ApolloServerPluginInlineTraceDisabled(),
  ];
  const apollo = new ApolloServer<TContext>({
    schema: buildSubgraphSchema({ typeDefs: options.typeDefs, resolvers: options.resolvers } as SchemaModule),
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    formatError: maskError(options.logger, options.errors),
    plugins,
  });
  await apollo.start();

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
  options.routes?.(app);
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    (req, res, next) => {
      const viewer = verifyIdentity(req.header(IDENTITY_HEADER), options.identitySecret);
      if (!viewer) {
        res.status(401).json({
          errors: [
            {
              message: 'This service answers only requests signed by the Shutter gateway.',
              extensions: { code: ErrorCode.UNAUTHENTICATED },
            },
          ],
        });
        return;
      }
      res.locals.viewer = viewer;
      res.locals.identityToken = req.header(IDENTITY_HEADER);
      next();
    },
    expressMiddleware(apollo, {
      context: async ({ res }) => {
        const viewer = res.locals.viewer as Viewer;
        const logger = options.logger.child({ requestId: viewer.requestId || randomUUID() });
        return options.createContext({ viewer, logger, identityToken: res.locals.identityToken as string });
      },
    }),
  );

  const boundPort = await listen(httpServer, port, host);
  options.logger.info({ port: boundPort }, `${options.name} subgraph listening`);
  return {
    name: options.name,
    url: `http://${host}:${boundPort}`,
    port: boundPort,
    // Idempotent: a test or a signal handler may close a service that is already closing.
    close: once(async () => {
      await apollo.stop();
      await options.onClose?.();
    }),
  };
}
