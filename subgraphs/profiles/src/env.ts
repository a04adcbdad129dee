import { eventsConfigFrom, eventsEnvShape, type EventsConfig } from '@shutter/events';
import {
  baseEnvSchema,
  parseEnv,
  postgresUrl,
  subgraphBaseConfig,
  subgraphEnvShape,
  type SubgraphBaseConfig,
} from '@shutter/runtime';
import { z } from 'zod';

// The only reader of process.env in this subgraph.
const schema = baseEnvSchema.extend({
  ...subgraphEnvShape(4002),
  DATABASE_URL_PROFILES: postgresUrl(),
  /** Where username changes are sent (the users subgraph owns usernames). */
  USERS_SUBGRAPH_URL: z.url().default('http://127.0.0.1:4001/graphql'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  PROFILE_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(3_600),
  ...eventsEnvShape,
});

export interface ProfilesConfig extends SubgraphBaseConfig {
  databaseUrl: string;
  usersUrl: string;
  redisUrl: string | undefined;
  cacheTtlSeconds: number;
  events: EventsConfig;
}

export function loadProfilesConfig(source: NodeJS.ProcessEnv = process.env): ProfilesConfig {
  const env = parseEnv(schema, source);
  return {
    ...subgraphBaseConfig(env),
    databaseUrl: env.DATABASE_URL_PROFILES,
    usersUrl: env.USERS_SUBGRAPH_URL,
    redisUrl: env.REDIS_URL,
    cacheTtlSeconds: env.PROFILE_CACHE_TTL_SECONDS,
    events: eventsConfigFrom(env),
  };
}

/** Every variable this subgraph reads (docker-compose.yml is checked against it). */
export const PROFILES_ENV_VARIABLES: readonly string[] = Object.keys(schema.shape);
