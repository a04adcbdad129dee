import { baseEnvSchema, parseEnv, parsePrivateJwk, port, postgresUrl, secret, type SigningKey } from '@shutter/runtime';
import { eventsConfigFrom, eventsEnvShape, type EventsConfig } from '@shutter/events';
import { z } from 'zod';

// The only reader of process.env in this subgraph.
const schema = baseEnvSchema
  .extend({
    PORT: port(4001),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL_USERS: postgresUrl(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    INTERNAL_IDENTITY_SECRET: secret(),
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

export interface UsersConfig {
  production: boolean;
  logLevel: string;
  host: string;
  port: number;
  databaseUrl: string;
  databasePoolSize: number;
  identitySecret: string;
  signingKey: SigningKey;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  admin: AdminBootstrap | null;
  events: EventsConfig;
}

export function loadUsersConfig(source: NodeJS.ProcessEnv = process.env): UsersConfig {
  const env = parseEnv(schema, source);
  return {
    production: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL,
    host: env.HOST,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL_USERS,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    identitySecret: env.INTERNAL_IDENTITY_SECRET,
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
