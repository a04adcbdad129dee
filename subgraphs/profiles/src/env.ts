import { eventsConfigFrom, eventsEnvShape, type EventsConfig } from '@shutter/events';
import { baseEnvSchema, parseEnv, port, postgresUrl, secret } from '@shutter/runtime';
import { z } from 'zod';

// The only reader of process.env in this subgraph.
const schema = baseEnvSchema.extend({
  PORT: port(4002),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL_PROFILES: postgresUrl(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  INTERNAL_IDENTITY_SECRET: secret(),
  /** Where username changes are sent (the users subgraph owns usernames). */
  USERS_SUBGRAPH_URL: z.url().default('http://127.0.0.1:4001/graphql'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  PROFILE_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(3_600),
  ...eventsEnvShape,
});

export interface ProfilesConfig {
  production: boolean;
  logLevel: string;
  host: string;
  port: number;
  databaseUrl: string;
  databasePoolSize: number;
  identitySecret: string;
  usersUrl: string;
  redisUrl: string | undefined;
  cacheTtlSeconds: number;
  events: EventsConfig;
}

export function loadProfilesConfig(source: NodeJS.ProcessEnv = process.env): ProfilesConfig {
  const env = parseEnv(schema, source);
  return {
    production: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL,
    host: env.HOST,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL_PROFILES,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    identitySecret: env.INTERNAL_IDENTITY_SECRET,
    usersUrl: env.USERS_SUBGRAPH_URL,
    redisUrl: env.REDIS_URL,
    cacheTtlSeconds: env.PROFILE_CACHE_TTL_SECONDS,
    events: eventsConfigFrom(env),
  };
}

/** Every variable this subgraph reads (docker-compose.yml is checked against it). */
export const PROFILES_ENV_VARIABLES: readonly string[] = Object.keys(schema.shape);
