import { eventsConfigFrom, eventsEnvShape, type EventsConfig } from '@shutter/events';
import {
  baseEnvSchema,
  parseEnv,
  postgresUrl,
  subgraphBaseConfig,
  subgraphEnvShape,
  type SubgraphBaseConfig,
} from '@shutter/runtime';

// The only reader of process.env in this subgraph.
const schema = baseEnvSchema.extend({
  ...subgraphEnvShape(4003),
  DATABASE_URL_FOLLOWS: postgresUrl(),
  ...eventsEnvShape,
});

export interface FollowsConfig extends SubgraphBaseConfig {
  databaseUrl: string;
  events: EventsConfig;
}

export function loadFollowsConfig(source: NodeJS.ProcessEnv = process.env): FollowsConfig {
  const env = parseEnv(schema, source);
  return {
    ...subgraphBaseConfig(env),
    databaseUrl: env.DATABASE_URL_FOLLOWS,
    events: eventsConfigFrom(env),
  };
}

/** Every variable this subgraph reads (docker-compose.yml is checked against it). */
export const FOLLOWS_ENV_VARIABLES: readonly string[] = Object.keys(schema.shape);
