import http from 'node:http';
import type { KeyObject } from 'node:crypto';
import { ApolloGateway, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { EventTransport } from '@shutter/events';
import {
  observeRequests,
  annotateOperations,
  annotateRequest,
  bindResponse,
  cachedAccessTokenVerifier,
  graphqlHttpHandler,
  identitySigner,
  listen,
  logUnexpectedErrors,
  maskError,
  metricsHandler,
  metricsOptions,
  OperationNameLabels,
  operationMetricsPlugin,
  once,
  requestIdOf,
  type ExecuteInProcess,
  type Logger,
  type MetricsOptions,
  type RunningService,
  verifyWithExpiry,
} from '@shutter/runtime';
import { traceHttpServer } from '@shutter/telemetry';
import express from 'express';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Schema } from '@apollo/federation-internals';
import { clientAddressOf, type TrustProxy } from './client-address.js';
import { directAnswers } from './direct-answers.js';
import { createGatewayContext, type GatewayContext } from './context.js';
import { corsMiddleware } from './cors.js';
import { disableApolloTelemetry, type QueryLimits } from './env.js';
import { httpErrorHandler, notFound } from './http-errors.js';
import { measureFetches } from './metrics.js';
import { startLive, subscriptionsOverHttpPlugin, type RunningLive } from './live/server.js';
import { DEFAULT_RATE_LIMITS, type RateLimitConfig } from './rate-limit-config.js';
import { operationLimits, operationLimitsPlugin } from './operation-limits.js';
import { createRateLimiter } from './rate-limiter.js';
import { httpReadinessProbe, subgraphReadiness, type ReadinessProbe } from './readiness.js';
import { installResultShaping } from './result-shaping.js';
import { SubgraphHttpDataSource } from './subgraph-http.js';
import { serveWebClient } from './web-client.js';

export interface GatewayOptions {
  supergraphSdl: string;
  subgraphUrls?: Record<string, string>;
  /**
   * Subgraphs running in this process (`npm start`): called directly, with the viewer, instead of
   * over HTTP with a signed identity. The others are called at their URL.
   */
  inProcessSubgraphs?: Record<string, ExecuteInProcess>;
  /**
   * Readiness of the in-process subgraphs (throws when one cannot serve). Subgraphs called over
   * HTTP are asked at their own /ready.
   */
  inProcessReadiness?: Record<string, ReadinessProbe>;
  identitySecret: string;
  publicKeys: Map<string, KeyObject>;
  logger: Logger;
  production: boolean;
  corsOrigins?: string[] | '*';
  limits: QueryLimits;
  /** Rate limits (defaults when omitted; null: none). */
  rateLimits?: RateLimitConfig | null;
  /** Where rate-limit counters are shared between replicas; unset: this process's memory. */
  redisUrl?: string;
  /** express's `trust proxy` (which X-Forwarded-For hops to believe); default: the socket address. */
  trustProxy?: TrustProxy;
  /**
   * Where the domain events come from that drive subscriptions (Kafka, or the in-process log of
   * `npm start`). Unset: no subscriptions (the WebSocket upgrade is refused).
   */
  events?: EventTransport;
  /** Where `/metrics` is served (default: this port, outside production). */
  metrics?: MetricsOptions;
  /**
   * Queries Apollo planned as one fetch from one subgraph are answered without Apollo Server's and
   * Apollo Gateway's request pipeline (ADR 0028). Default on; off for the tests that compare both.
   */
  directAnswers?: boolean;
  /**
   * Calls to one subgraph over HTTP that start in the same event-loop turn go out as one batched
   * POST (ADR 0029). Default on.
   */
  subgraphBatching?: boolean;
  /** The built web client (clients/web/dist) to serve at `/`; unset: none. */
  webClientDir?: string;
  port: number;
  host?: string;
}

/**
 * A subgraph in this process: the operation runs through its server's whole request pipeline
 * (plugins, context, error formatting) with the viewer the gateway verified. Half the CPU of a
 * feed request in `npm start` went to the HTTP hop this skips (issue 10's profile).
 */
class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(private readonly execute: ExecuteInProcess) {}

  async process({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    // Health checks and schema loading carry no viewer; the gateway here never sends them.
    if (!('viewer' in context)) throw new Error('an in-process subgraph call needs the request context');
    const { query, variables, operationName, extensions } = request;
    return this.execute(
      {
        ...(query !== undefined ? { query } : {}),
        ...(variables ? { variables } : {}),
        ...(operationName ? { operationName } : {}),
        ...(extensions ? { extensions } : {}),
      },
      context.viewer,
    );
  }
}

export const DEFAULT_LIMITS: QueryLimits = { depth: 12, aliases: 15, tokens: 2_000, cost: 20_000 };
export { DEFAULT_RATE_LIMITS };
export { shapedAnswers } from './result-shaping.js';
export { gatewayDirectAnswers } from './direct-answers.js';
export { gatewaySubgraphBatches } from './subgraph-http.js';

/** Largest request body: far above any operation within the token limit, with its variables. */
const BODY_LIMIT_BYTES = 1024 * 1024;

export interface RunningGateway extends RunningService {
  /** The subscriptions layer, when the gateway has events to drive it. */
  live: RunningLive | null;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  disableApolloTelemetry();
  installResultShaping();
  const { logger } = options;
  const remotes: SubgraphHttpDataSource[] = [];
  let stopping = false;
  const rateLimits = options.rateLimits === undefined ? DEFAULT_RATE_LIMITS : options.rateLimits;
  const limiter = rateLimits
    ? createRateLimiter(rateLimits, { logger, ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}) })
    : undefined;
  const limits = operationLimits({
    maxCost: options.limits.cost,
    rateLimits: limiter && rateLimits ? { limiter, config: rateLimits } : null,
  });
  const operationNames = new OperationNameLabels();
  // Queries Apollo planned as one fetch, answered without Apollo Server and Apollo Gateway (ADR 0028).
  const direct = directAnswers({
    // The federation-internals API schema Apollo Gateway's executor shapes answers with (set on
    // every schema load; @apollo/gateway is pinned, as for result-shaping.ts).
    apiSchema: () => (gateway as unknown as { apiSchema?: Schema }).apiSchema,
    limits,
    names: operationNames,
    serving: () => !stopping,
  });
  // Every subgraph of the supergraph: the gateway is ready when all of them are.
  const probes = new Map<string, ReadinessProbe>();
  const gateway = new ApolloGateway({
    // Static supergraph: the gateway starts even while a subgraph is down.
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const inProcess = options.inProcessSubgraphs?.[name];
      if (inProcess) {
        probes.set(name, options.inProcessReadiness?.[name] ?? (async () => undefined));
        return measureFetches(name, new InProcessDataSource(inProcess));
      }
      const subgraphUrl = options.subgraphUrls?.[name] ?? url ?? '';
      probes.set(name, httpReadinessProbe(subgraphUrl));
      const remote = new SubgraphHttpDataSource(subgraphUrl, { batching: options.subgraphBatching ?? true });
      remotes.push(remote);
      return measureFetches(name, remote);
    },
    logger,
    ...(options.directAnswers === false ? {} : { experimental_didResolveQueryPlan: direct.learn }),
  });

  const app = express();
  app.disable('x-powered-by');
  // GraphQL is served by Node's HTTP server directly (graphqlHttpHandler, as in the subgraphs: no
  // express middleware chain per request); express serves the rest (/health, /ready, 404s).
  const allowOrigin = corsMiddleware({ origin: options.corsOrigins ?? '*', maxAge: 600 });
  const serve: { graphql?: (req: http.IncomingMessage, res: http.ServerResponse) => void } = {};
  const observeRequest = observeRequests({ logger, service: 'gateway' });
  let draining = false;
  const httpServer = http.createServer((req, res) => {
    observeRequest(req, res);
    // Draining: still served, but the client opens its next request elsewhere.
    if (draining) res.setHeader('connection', 'close');
    const path = req.url?.split('?', 1)[0];
    const graphql = serve.graphql;
    if (graphql && (path === '/graphql' || path === '/graphql/')) allowOrigin(req, res, () => graphql(req, res));
    else app(req, res);
  });
  // The client's address as express's req.ip would report it under TRUST_PROXY.
  const clientAddress = clientAddressOf(options.trustProxy ?? false);
  const verifyAccessToken = cachedAccessTokenVerifier(options.publicKeys);
  const signIdentity = identitySigner(options.identitySecret);
  const armor = new ApolloArmor({
    maxDepth: { n: options.limits.depth },
    maxAliases: { n: options.limits.aliases },
    // graphql-armor's token limit parses in a plugin hook, where any error, a plain syntax error
    // included, becomes an HTTP 500. graphql-js's own parser counts tokens (parseOptions below):
    // over the limit is then a syntax error like any other, GRAPHQL_PARSE_FAILED with HTTP 400.
    maxTokens: { enabled: false },
    costLimit: { maxCost: options.limits.cost },
    maxDirectives: { n: 50 },
    // Field suggestions ("did you mean …") help in development and leak the schema in production.
    blockFieldSuggestion: { enabled: options.production },
  }).protect();

  const mask = maskError();
  const apollo = new ApolloServer<GatewayContext>({
    // The process's own shutdown (onShutdown) drains in order. Apollo's handlers (on unless
    // NODE_ENV=test) would stop this server and send the signal again: a second signal, exit 1.
    stopOnTerminationSignals: false,
    gateway,
    introspection: !options.production,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Compact JSON: Apollo Server pretty-prints by default (a feed page: 16 kB instead of 9.6 kB,
    // and ×1.3–1.6 the time to stringify). Clients and Sandbox format it themselves.
    stringifyResult: (result) => JSON.stringify(result),
    parseOptions: { maxTokens: options.limits.tokens },
    validationRules: armor.validationRules,
    formatError: (formatted, error) => {
      const masked = mask(formatted, error);
      if (!options.production) return masked;
      // Which subgraph failed is an implementation detail clients need not see.
      const { serviceName: _service, ...extensions } = (masked.extensions ?? {}) as Record<string, unknown>;
      return { ...masked, extensions } satisfies GraphQLFormattedError;
    },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No cache hints in Shutter: nothing for Apollo's cache-control plugin to compute.
      ApolloServerPluginCacheControlDisabled(),
      options.production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      ...(armor.plugins as never[]),
      subscriptionsOverHttpPlugin(),
      logUnexpectedErrors<GatewayContext>(logger),
      annotateOperations<GatewayContext>(),
      operationMetricsPlugin<GatewayContext>('gateway', operationNames),
      operationLimitsPlugin(limits),
    ],
  });
  // The limiter's Redis connection and the subgraph connections must not outlive a gateway that failed to start.
  const closeOnFailure = async <T>(step: Promise<T>): Promise<T> =>
    step.catch(async (error: unknown) => {
      await Promise.all([limiter?.close(), ...remotes.map((remote) => remote.close())]);
      throw error;
    });
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
    apiSchema = schema;
    direct.forget();
  });
  await closeOnFailure(apollo.start());
  const live = options.events
    ? await closeOnFailure(
        startLive({
          httpServer,
          apollo,
          schema: () => apiSchema!,
          events: options.events,
          verifyToken: (token) => verifyWithExpiry(token, options.publicKeys),
          identitySecret: options.identitySecret,
          logger: logger.child({ component: 'live' }),
          validationRules: armor.validationRules,
          maxCost: options.limits.cost,
          maxTokens: options.limits.tokens,
          maxMessageBytes: BODY_LIMIT_BYTES,
        }).catch(async (error: unknown) => {
          await apollo.stop();
          throw error;
        }),
      )
    : null;

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  const failingSubgraphs = subgraphReadiness(probes);
  app.get('/ready', (_req, res, next) => {
    if (draining) {
      res.status(503).json({ status: 'stopping', service: 'gateway' });
      return;
    }
    failingSubgraphs().then((unavailable) => {
      if (unavailable.length === 0) {
        res.json({ status: 'ready', service: 'gateway' });
        return;
      }
      logger.warn({ unavailable }, 'not ready: subgraphs unavailable');
      res.status(503).json({ status: 'unavailable', service: 'gateway', unavailable });
    }, next);
  });
  const metrics =
    options.metrics ??
    metricsOptions({ port: undefined, token: undefined, production: options.production, publicPort: true });
  if (metrics.onServicePort) app.get('/metrics', metricsHandler(metrics.token));
  const contextOptions = { verify: verifyAccessToken, sign: signIdentity, logger };
  const contextFor = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<GatewayContext> => {
    // The id the access log gives this request (the client's x-request-id when it sent one).
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    // The socket address, or the client X-Forwarded-For names when TRUST_PROXY trusts the hop.
    const made = createGatewayContext(
      { headers: req.headers, clientAddress: clientAddress(req), requestId },
      contextOptions,
    );
    if (made.viewer.userId) annotateRequest(res, { userId: made.viewer.userId });
    return bindResponse(made, res);
  };
  serve.graphql = graphqlHttpHandler(apollo, {
    bodyLimitBytes: BODY_LIMIT_BYTES,
    logger,
    ...(options.directAnswers === false ? {} : { answerDirectly: direct.answer }),
    admit: (req, res) => {
      // One context per request, whichever path answers it (a direct answer may leave the request
      // to Apollo Server after checking its limits: charged once).
      let context: Promise<GatewayContext> | undefined;
      return { context: () => (context ??= contextFor(req, res)) };
    },
  });
  // Tracing on: the public edge starts each trace, linked to (never continuing) what a client sent.
  serve.graphql = traceHttpServer(serve.graphql, { service: 'gateway', trustIncoming: false });

  if (options.webClientDir) serveWebClient(app, options.webClientDir);
  app.use(notFound);
  app.use(httpErrorHandler(logger));

  const port = await closeOnFailure(listen(httpServer, options.port, options.host ?? '127.0.0.1'));
  logger.info({ port, rateLimits: limiter?.store ?? 'off' }, 'gateway listening');
  if (!metrics.onServicePort && !metrics.port) {
    logger.info('/metrics is not served on the public port in production: set METRICS_PORT or METRICS_TOKEN');
  }
  return {
    live,
    name: 'gateway',
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : (options.host ?? '127.0.0.1')}:${port}`,
    port,
    drain: () => {
      draining = true;
    },
    close: once(async () => {
      draining = true;
      // Sockets first: open WebSockets would keep the HTTP server from closing.
      await live?.close();
      stopping = true;
      await apollo.stop();
      await Promise.all([limiter?.close(), ...remotes.map((remote) => remote.close())]);
    }),
  };
}
