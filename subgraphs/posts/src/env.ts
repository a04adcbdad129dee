import { eventsConfigFrom, eventsEnvShape, type EventsConfig } from '@shutter/events';
import { baseEnvSchema, parseEnv, port, postgresUrl, repoRoot, secret } from '@shutter/runtime';
import { join } from 'node:path';
import { z } from 'zod';

// The only reader of process.env in this subgraph.
const schema = baseEnvSchema.extend({
  PORT: port(4004),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL_POSTS: postgresUrl(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  INTERNAL_IDENTITY_SECRET: secret(),
  /** Local media storage (the embedded default): where files go and the URL clients reach them at. */
  MEDIA_DIR: z.string().default(join(repoRoot, '.shutter', 'media')),
  MEDIA_PUBLIC_URL: z.url().optional(),
  ...eventsEnvShape,
});

export interface PostsConfig {
  production: boolean;
  logLevel: string;
  host: string;
  port: number;
  databaseUrl: string;
  databasePoolSize: number;
  identitySecret: string;
  mediaDir: string;
  mediaPublicUrl: string | undefined;
  events: EventsConfig;
}

export function loadPostsConfig(source: NodeJS.ProcessEnv = process.env): PostsConfig {
  const env = parseEnv(schema, source);
  return {
    production: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL,
    host: env.HOST,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL_POSTS,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    identitySecret: env.INTERNAL_IDENTITY_SECRET,
    mediaDir: env.MEDIA_DIR,
    mediaPublicUrl: env.MEDIA_PUBLIC_URL,
    events: eventsConfigFrom(env),
  };
}

/** Every variable this subgraph reads (docker-compose.yml is checked against it). */
export const POSTS_ENV_VARIABLES: readonly string[] = Object.keys(schema.shape);
