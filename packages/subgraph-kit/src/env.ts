import { eventsConfigFrom, eventsEnvShape, type EventsConfig } from '@shutter/events';
import {
  baseEnvSchema,
  drainMsFrom,
  metricsEnvShape,
  metricsOptions,
  parseEnv,
  port,
  postgresUrl,
  secret,
  type MetricsOptions,
} from '@shutter/runtime';
import { telemetryEnvShape, tracingSettingsFrom, type TracingSettings } from '@shutter/telemetry';
import { z } from 'zod';

/** The configuration every subgraph has, whatever else it reads. */
export interface KitConfig {
  production: boolean;
  logLevel: string;
  /** How long SIGTERM leaves the subgraph serving while not ready (SHUTDOWN_DRAIN_SECONDS). */
  drainMs: number;
  /** How long start-up retries a dependency it cannot reach (STARTUP_TIMEOUT_SECONDS). */
  startupTimeoutMs: number;
  host: string;
  port: number;
  databaseUrl: string;
  databasePoolSize: number;
  identitySecret: string;
  events: EventsConfig;
  tracing: TracingSettings;
  /** Where `/metrics` is served (METRICS_PORT, METRICS_TOKEN). */
  metrics: MetricsOptions;
}

const kitShape = (defaultPort: number) => ({
  ...baseEnvSchema.shape,
  PORT: port(defaultPort).describe('HTTP port (for `npm start`: the gateway’s)'),
  HOST: z
    .string()
    .default('0.0.0.0')
    .describe(
      'listen address in containers; `npm start` binds the gateway to 127.0.0.1 unless `HOST` is set (its subgraphs always listen on 127.0.0.1)',
    ),
  DATABASE_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(10)
    .describe('PostgreSQL connections per subgraph process (1..100)'),
  INTERNAL_IDENTITY_SECRET: secret().describe('≥ 32 chars; signs the viewer identity the gateway forwards'),
  ...eventsEnvShape,
  ...telemetryEnvShape,
  ...metricsEnvShape,
});
type KitShape = ReturnType<typeof kitShape>;
type KitEnv = z.infer<z.ZodObject<KitShape>>;

export interface SubgraphEnvOptions<Shape extends z.ZodRawShape, Extra> {
  /** The subgraph's name; its database comes from DATABASE_URL_<NAME>. */
  name: string;
  defaultPort: number;
  /** The variables only this subgraph reads. */
  shape: Shape;
  /** Its own settings, from the validated variables. */
  config(env: z.infer<z.ZodObject<Shape>> & KitEnv): Extra;
  /** Variables a container of this subgraph cannot run without in production (KAFKA_BROKERS always). */
  requiredInProduction?: (keyof Shape & string)[];
  /** Rules across variables, reported like any other invalid variable. */
  refine?(env: z.infer<z.ZodObject<Shape>>, issue: (variable: string, message: string) => void): void;
}

export interface SubgraphEnv<Extra> {
  /** Every variable this subgraph reads (docker-compose.yml is checked against it). */
  readonly variables: readonly string[];
  /** Their schemas, with the documentation README's configuration table is written from. */
  readonly shape: Readonly<z.ZodRawShape>;
  /**
   * Validates the variables. `standalone` (its own container) adds the production rules: with no
   * in-process peers, events need Kafka (and a shared cache needs Redis).
   */
  load(source: NodeJS.ProcessEnv, options: { standalone: boolean }): KitConfig & Extra;
}

/** A subgraph's environment: the kit's variables plus its own, validated in one go. */
export function subgraphEnv<Shape extends z.ZodRawShape, Extra>(
  options: SubgraphEnvOptions<Shape, Extra>,
): SubgraphEnv<Extra> {
  const databaseVariable = `DATABASE_URL_${options.name.toUpperCase()}`;
  const shape = {
    ...kitShape(options.defaultPort),
    [databaseVariable]: postgresUrl().meta({
      description:
        'PostgreSQL URL of each subgraph’s own database, e.g. `DATABASE_URL_USERS`; unset under `npm start` → embedded PostgreSQL',
      shownDefault: 'embedded',
      group: '`DATABASE_URL_<SUBGRAPH>`',
    }),
    ...options.shape,
  };
  const schema = (standalone: boolean) =>
    z.object(shape).superRefine((parsed, ctx) => {
      const env = parsed as Record<string, unknown>;
      const issue = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
      options.refine?.(env as z.infer<z.ZodObject<Shape>>, issue);
      if (!standalone || env.NODE_ENV !== 'production') return;
      for (const variable of ['KAFKA_BROKERS', ...(options.requiredInProduction ?? [])]) {
        if (env[variable] === undefined) issue(variable, 'is required when NODE_ENV=production');
      }
    });
  return {
    variables: Object.keys(shape),
    shape,
    load(source, { standalone }) {
      const env = parseEnv(schema(standalone), source) as KitEnv & z.infer<z.ZodObject<Shape>>;
      return {
        production: env.NODE_ENV === 'production',
        logLevel: env.LOG_LEVEL,
        drainMs: drainMsFrom(env),
        startupTimeoutMs: env.STARTUP_TIMEOUT_SECONDS * 1000,
        host: env.HOST,
        port: env.PORT,
        databaseUrl: (env as Record<string, unknown>)[databaseVariable] as string,
        databasePoolSize: env.DATABASE_POOL_SIZE,
        identitySecret: env.INTERNAL_IDENTITY_SECRET,
        events: eventsConfigFrom(env),
        tracing: tracingSettingsFrom(env),
        // Subgraphs are internal (never published): /metrics on their port unless METRICS_PORT moves it.
        metrics: metricsOptions({
          port: env.METRICS_PORT,
          token: env.METRICS_TOKEN,
          production: env.NODE_ENV === 'production',
          publicPort: false,
        }),
        ...options.config(env),
      };
    },
  };
}

/** The process environment; env modules are the only readers of it (an ESLint rule holds this). */
export const processEnv = (): NodeJS.ProcessEnv => process.env;

/** POSTS_SUBGRAPH_URL of the subgraphs that ask posts whether a post is visible (posts owns visibility). */
export const postsSubgraphUrl = () =>
  z
    .url()
    .default('http://127.0.0.1:4004/graphql')
    .describe(
      'where comments, likes and notifications ask posts if a post is visible (notifications: to the recipient, with an identity it signs)',
    );
