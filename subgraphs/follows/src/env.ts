import { eventsConfigFrom, eventsEnvShape, type EventsConfig } from '@shutter/events';
import { baseEnvSchema, parseEnv, port, postgresUrl, secret } from '@shutter/runtime';
import { z } from 'zod';

// The only reader of process.env in this subgraph.
const schema = baseEnvSchema.extend({
  PORT: port(4003),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL_FOLLOWS: postgresUrl(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  INTERNAL_IDENTITY_SECRET: secret(),
  ...eventsEnvShape,
});

export interface FollowsConfig {
  production: boolean;
  logLevel: string;
  host: string;
  port: number;
  databaseUrl: string;
  databasePoolSize: number;
  identitySecret: string;
  events: EventsConfig;
}

export function loadFollowsConfig(source: NodeJS.ProcessEnv = process.env): FollowsConfig {
  const env = parseEnv(schema, source);
  return {
    production: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL,
    host: env.HOST,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL_FOLLOWS,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    identitySecret: env.INTERNAL_IDENTITY_SECRET,
    events: eventsConfigFrom(env),
  };
}

/** Every variable this subgraph reads (docker-compose.yml is checked against it). */
export const FOLLOWS_ENV_VARIABLES: readonly string[] = Object.keys(schema.shape);
