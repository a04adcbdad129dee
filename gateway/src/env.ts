import { eventsConfigFrom, eventsEnvShape, type EventsConfig } from '@shutter/events';
import {
  baseEnvSchema,
  ConfigError,
  type EnvDoc,
  drainMsFrom,
  isServiceUrl,
  metricsEnvShape,
  metricsOptions,
  parseEnv,
  parsePublicJwks,
  port,
  redisUrl,
  repoRoot,
  secret,
  type MetricsOptions,
} from '@shutter/runtime';
import { telemetryEnvShape, tracingSettingsFrom, type TracingSettings } from '@shutter/telemetry';
import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './client-address.js';
import { rateEnvShape, rateLimitConfigFrom, type RateLimitConfig } from './rate-limit-config.js';

const queryLimit: EnvDoc = {
  description:
    'limits on one operation: depth, aliases, tokens, cost (graphql-armor; the cost is also checked with the page sizes given in variables)',
  group: '`MAX_QUERY_DEPTH`, `MAX_QUERY_ALIASES`, `MAX_QUERY_TOKENS`, `MAX_QUERY_COST`',
};

/** SUBGRAPH_URL_<NAME>: one per subgraph named in the supergraph, so not in the schema's shape. */
export const SUBGRAPH_URL_OVERRIDE = {
  'SUBGRAPH_URL_<NAME>': z.url().optional().meta({
    description: 'override a subgraph’s URL recorded in the supergraph, e.g. `SUBGRAPH_URL_USERS`',
    shownDefault: 'URL in the supergraph',
  }),
};

// The only reader of process.env in the gateway.
const schema = baseEnvSchema.extend({
  PORT: port(4000).describe('HTTP port (for `npm start`: the gateway’s)'),
  HOST: z
    .string()
    .default('0.0.0.0')
    .describe(
      'listen address in containers; `npm start` binds the gateway to 127.0.0.1 unless `HOST` is set (its subgraphs always listen on 127.0.0.1)',
    ),
  INTERNAL_IDENTITY_SECRET: secret().describe('≥ 32 chars; signs the viewer identity the gateway forwards'),
  AUTH_JWT_PUBLIC_JWKS: z.string().refine(
    (value) => {
      try {
        parsePublicJwks(value);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be a JWK set ({"keys":[…]}) of EC P-256 public keys with kids' },
  ).describe('JWK set of public keys; keep old keys listed while their tokens live (rotation)'),
  SUPERGRAPH_PATH: z
    .string()
    .default(join(repoRoot, 'schema', 'supergraph.graphql'))
    .describe('composed supergraph to serve'),
  CORS_ORIGINS: z.string().default('*').describe('comma-separated allowed browser origins'),
  WEB_CLIENT_DIR: z.string().optional().meta({
    description: 'the built web client to serve at `/` (`npm start` sets `clients/web/dist`); unset: the API only',
    shownDefault: 'unset (API only)',
  }),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(12).meta(queryLimit),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(15).meta(queryLimit),
  MAX_QUERY_TOKENS: z.coerce.number().int().min(50).default(2_000).meta(queryLimit),
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(20_000).meta(queryLimit),
  REDIS_URL: redisUrl()
    .optional()
    .meta({
      description: 'rate-limit counters shared by every gateway replica (unset: each replica counts in memory)',
      shownDefault: 'unset (memory)',
    }),
  TRUST_PROXY: z
    .string()
    .default('false')
    .refine(
      (value) => {
        try {
          parseTrustProxy(value);
          return true;
        } catch {
          return false;
        }
      },
      {
        message:
          'must be false, true, a hop count, or comma-separated addresses, subnets or loopback/linklocal/uniquelocal',
      },
    )
    .describe(
      'whose `X-Forwarded-For` names the client: `false` (none), a hop count, addresses/subnets, `true` (any)',
    ),
  SUBGRAPH_BATCHING: z
    .enum(['on', 'off'])
    .default('on')
    .describe(
      'calls to one subgraph that start in the same event-loop turn go out as one batched POST (ADR 0029); `off` while subgraphs older than it still run',
    ),
  RATE_LIMITS: z
    .enum(['on', 'off'])
    .default('on')
    .describe('`off` turns every rate limit off, e.g. behind a proxy that limits (see [Rate limits](#rate-limits))'),
  ...rateEnvShape,
  /** Where the events come from that drive subscriptions (every replica hears all of them). */
  ...eventsEnvShape,
  ...telemetryEnvShape,
  /** /metrics: on a port of its own, or behind a bearer token (ADR 0019). */
  ...metricsEnvShape,
});

export interface QueryLimits {
  depth: number;
  aliases: number;
  tokens: number;
  cost: number;
}

export interface GatewayConfig {
  production: boolean;
  logLevel: string;
  /** How long SIGTERM leaves the gateway serving while not ready (SHUTDOWN_DRAIN_SECONDS). */
  drainMs: number;
  /** How long start-up retries a dependency it cannot reach (STARTUP_TIMEOUT_SECONDS). */
  startupTimeoutMs: number;
  host: string;
  port: number;
  identitySecret: string;
  publicKeys: Map<string, KeyObject>;
  supergraphPath: string;
  /** SUBGRAPH_URL_<NAME> overrides of the URLs recorded in the supergraph. */
  subgraphUrls: Record<string, string>;
  corsOrigins: string[] | '*';
  webClientDir: string | undefined;
  limits: QueryLimits;
  /** Null when RATE_LIMITS=off. */
  rateLimits: RateLimitConfig | null;
  redisUrl: string | undefined;
  /** SUBGRAPH_BATCHING: batched calls to the subgraphs over HTTP (ADR 0029). */
  subgraphBatching: boolean;
  /** express's `trust proxy`: which X-Forwarded-For hops to believe when finding the client address. */
  trustProxy: TrustProxy;
  /** Kafka for subscriptions; without brokers a standalone gateway has no events to push. */
  eventsConfig: EventsConfig;
  /** OpenTelemetry tracing from the OTEL_* variables: off unless an exporter or endpoint is set. */
  tracing: TracingSettings;
  /** Where `/metrics` is served: its public port only outside production or with a token. */
  metrics: MetricsOptions;
}

export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const env = parseEnv(schema, source);
  const overrides = Object.entries(source).filter(([key, value]) => key.startsWith('SUBGRAPH_URL_') && value);
  const badUrls = overrides.filter(([, value]) => !isServiceUrl(value!, ['http', 'https']));
  if (badUrls.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n${badUrls.map(([key]) => `  ${key}: must be an http:// or https:// URL with a host, like http://host:4001/graphql`).join('\n')}`,
    );
  }
  const subgraphUrls = Object.fromEntries(
    overrides.map(([key, value]) => [key.slice('SUBGRAPH_URL_'.length).toLowerCase(), value as string]),
  );
  return {
    production: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL,
    drainMs: drainMsFrom(env),
    startupTimeoutMs: env.STARTUP_TIMEOUT_SECONDS * 1000,
    host: env.HOST,
    port: env.PORT,
    identitySecret: env.INTERNAL_IDENTITY_SECRET,
    publicKeys: parsePublicJwks(env.AUTH_JWT_PUBLIC_JWKS),
    supergraphPath: env.SUPERGRAPH_PATH,
    subgraphUrls,
    corsOrigins: env.CORS_ORIGINS === '*' ? '*' : env.CORS_ORIGINS.split(',').map((o) => o.trim()),
    webClientDir: env.WEB_CLIENT_DIR,
    limits: {
      depth: env.MAX_QUERY_DEPTH,
      aliases: env.MAX_QUERY_ALIASES,
      tokens: env.MAX_QUERY_TOKENS,
      cost: env.MAX_QUERY_COST,
    },
    rateLimits: env.RATE_LIMITS === 'off' ? null : rateLimitConfigFrom(env),
    redisUrl: env.REDIS_URL,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    subgraphBatching: env.SUBGRAPH_BATCHING === 'on',
    eventsConfig: eventsConfigFrom(env),
    tracing: tracingSettingsFrom(env),
    metrics: metricsOptions({
      port: env.METRICS_PORT,
      token: env.METRICS_TOKEN,
      production: env.NODE_ENV === 'production',
      publicPort: true,
    }),
  };
}

/** Every variable the gateway reads, besides SUBGRAPH_URL_<NAME> (docker-compose.yml is checked against it). */
export const GATEWAY_ENV_VARIABLES: readonly string[] = Object.keys(schema.shape);

/** The gateway's variables with their documentation (README's configuration table). */
export const GATEWAY_ENV_SHAPE: z.ZodRawShape = { ...schema.shape, ...SUBGRAPH_URL_OVERRIDE };

/** @apollo/gateway otherwise probes cloud metadata endpoints and exports metrics nobody asked for. */
export function disableApolloTelemetry(): void {
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
}
