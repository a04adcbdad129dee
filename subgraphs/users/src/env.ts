import {
  baseEnvSchema,
  parseEnv,
  parsePrivateJwk,
  postgresUrl,
  type SigningKey,
  subgraphBaseConfig,
  subgraphEnvShape,
  type SubgraphBaseConfig,
} from '@shutter/runtime';
import { eventsConfigFrom, eventsEnvShape, type EventsConfig } from '@shutter/events';
import { z } from 'zod';

// The only reader of process.env in this subgraph.
const schema = baseEnvSchema
  .extend({
    ...subgraphEnvShape(4001),
    DATABASE_URL_USERS: postgresUrl(),
    AUTH_JWT_PRIVATE_JWK: z.string().refine(
      (value) => {
        try {
          parsePrivateJwk(value);
          return true;
        } catch {
          return false;
        }
      },
      { message: 'must be an EC P-256 private JWK with a kid (JSON)' },
    ),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
    REFRESH_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(3_600)
      .default(30 * 86_400),
    ADMIN_EMAIL: z.string().optional(),
    ADMIN_USERNAME: z.string().optional(),
    ADMIN_PASSWORD: z.string().optional(),
    ...eventsEnvShape,
  })
  .refine(
    (env) =>
      [env.ADMIN_EMAIL, env.ADMIN_USERNAME, env.ADMIN_PASSWORD].every((v) => v === undefined) ||
      [env.ADMIN_EMAIL, env.ADMIN_USERNAME, env.ADMIN_PASSWORD].every((v) => v !== undefined),
    { message: 'set all three of ADMIN_EMAIL, ADMIN_USERNAME and ADMIN_PASSWORD, or none', path: ['ADMIN_EMAIL'] },
  );

export interface AdminBootstrap {
  email: string;
  username: string;
  password: string;
}

export interface UsersConfig extends SubgraphBaseConfig {
  databaseUrl: string;
  signingKey: SigningKey;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  admin: AdminBootstrap | null;
  events: EventsConfig;
}

export function loadUsersConfig(source: NodeJS.ProcessEnv = process.env): UsersConfig {
  const env = parseEnv(schema, source);
  return {
    ...subgraphBaseConfig(env),
    databaseUrl: env.DATABASE_URL_USERS,
    signingKey: parsePrivateJwk(env.AUTH_JWT_PRIVATE_JWK),
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
    admin:
      env.ADMIN_EMAIL && env.ADMIN_USERNAME && env.ADMIN_PASSWORD
        ? { email: env.ADMIN_EMAIL, username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD }
        : null,
    events: eventsConfigFrom(env),
  };
}

/** Every variable this subgraph reads (docker-compose.yml is checked against it). */
export const USERS_ENV_VARIABLES: readonly string[] = Object.keys(schema.shape);
