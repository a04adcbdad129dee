import { eventsConfigFrom, eventsEnvShape, type EventsConfig } from '@shutter/events';
import { baseEnvSchema, ConfigError, drainMsFrom, isServiceUrl, parseEnv, parsePublicJwks, port, redisUrl, repoRoot, secret } from '@shutter/runtime';
import { telemetryEnvShape, tracingSettingsFrom, type TracingSettings } from '@shutter/telemetry';
import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './client-address.js';
import { rateEnvShape, rateLimitConfigFrom, type RateLimitConfig } from './rate-limit-config.js';

// The only reader of process.env in the gateway.
const schema = baseEnvSchema.extend({
  PORT: port(4000),
  HOST: z.string().default('0.0.0.0'),
  INTERNAL_IDENTITY_SECRET: secret(),
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
  ),
  SUPERGRAPH_PATH: z.string().default(join(repoRoot, 'schema', 'supergraph.graphql')),
  CORS_ORIGINS: z.string().default('*'),
  /** The built web client to serve at `/` (npm start sets clients/web/dist); unset: the API only. */
  WEB_CLIENT_DIR: z.string().optional(),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(12),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(15),
  MAX_QUERY_TOKENS: z.coerce.number().int().min(50).default(2_000),
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(20_000),
  /** Shared rate-limit counters for every gateway replica; unset: this process's memory. */
  REDIS_URL: redisUrl().optional(),
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
    ),
  /** `off` turns every rate limit off (e.g. when a proxy in front already limits). */
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  ...rateEnvShape,
  /** Where the events come from that drive subscriptions (every replica hears all of them). */
  ...eventsEnvShape,
  ...telemetryEnvShape,
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
  /** express's `trust proxy`: which X-Forwarded-For hops to believe when finding the client address. */
  trustProxy: TrustProxy;
  /** Kafka for subscriptions; without brokers a standalone gateway has no events to push. */
  eventsConfig: EventsConfig;
  /** OpenTelemetry tracing from the OTEL_* variables: off unless an exporter or endpoint is set. */
  tracing: TracingSettings;
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
    eventsConfig: eventsConfigFrom(env),
    tracing: tracingSettingsFrom(env),
  };
}

/** Every variable the gateway reads, besides SUBGRAPH_URL_<NAME> (docker-compose.yml is checked against it). */
export const GATEWAY_ENV_VARIABLES: readonly string[] = Object.keys(schema.shape);

/** @apollo/gateway otherwise probes cloud metadata endpoints and exports metrics nobody asked for. */
export function disableApolloTelemetry(): void {
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
}
