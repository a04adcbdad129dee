import { z } from 'zod';
import { StartupError } from './startup.js';

/** Thrown when a service's configuration is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses environment variables against a zod object schema. Every problem is reported at once,
 * each naming its variable, so a misconfigured deployment fails fast with one readable message.
 */
export function parseEnv<S extends z.ZodType>(schema: S, source: NodeJS.ProcessEnv = process.env): z.infer<S> {
  // Empty strings mean "not set": compose files and shells often export VAR= for optional values.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    return `  ${variable}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** Runs a service entry point; a ConfigError or StartupError is printed without a stack trace and exits 1. */
export async function runMain(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartupError) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    process.exit(1);
  }
}

/**
 * What README's configuration table says of a variable (`npm run readme` writes the table from the
 * env schemas): `description` (the Meaning column), `shownDefault` when the schema's default is not
 * what a reader should see (computed, or conditional), `group` to document a family of variables
 * in one row (e.g. `DATABASE_URL_<SUBGRAPH>`). Attach it with `.meta(...)`, or `.describe(...)`.
 */
// A type, not an interface: zod's `.meta()` takes an object with an index signature.
export type EnvDoc = {
  description: string;
  shownDefault?: string;
  group?: string;
};

/** Common variables every service reads. */
export const baseEnvSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'])
    .default('development')
    .describe('`production` turns off introspection, Sandbox and field suggestions, and masks internal errors'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino level (`silent` … `trace`)'),
  SHUTDOWN_DRAIN_SECONDS: z.coerce
    .number()
    .min(0)
    .max(300)
    .optional()
    .meta({
      description:
        'after SIGTERM, how long a service stays up answering `/ready` 503 while still serving (0..300; see [Operations](#operations))',
      shownDefault: '`5` in production, else `0`',
    } satisfies EnvDoc),
  STARTUP_TIMEOUT_SECONDS: z.coerce
    .number()
    .min(0)
    .max(3_600)
    .default(60)
    .describe(
      'how long start-up retries PostgreSQL, Kafka, S3 or Elasticsearch it cannot reach before it exits naming the variable (`0`: one attempt)',
    ),
});

/** The drain window of `onShutdown`, from the validated base variables. */
export function drainMsFrom(env: { NODE_ENV: string; SHUTDOWN_DRAIN_SECONDS?: number | undefined }): number {
  return Math.round((env.SHUTDOWN_DRAIN_SECONDS ?? (env.NODE_ENV === 'production' ? 5 : 0)) * 1000);
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** A secret shared by the gateway and the subgraphs; 32+ characters so HMAC keys are strong. */
export const secret = () => z.string().min(32, 'must be at least 32 characters');

/** Whether a text parses as a URL of one of these schemes, with a host (what clients will need). */
export function isServiceUrl(value: string, schemes: readonly string[]): boolean {
  try {
    const url = new URL(value);
    return schemes.includes(url.protocol.slice(0, -1)) && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * A URL of a service to connect to, checked as the client library will read it (the WHATWG parser):
 * a value that would only fail on connecting (`postgres://[bad`) is refused here, naming its variable.
 */
const serviceUrl = (schemes: readonly string[], example: string) =>
  z
    .string()
    .refine(
      (value) => isServiceUrl(value, schemes),
      `must be a ${schemes.map((s) => `${s}://`).join(' or ')} URL with a host, like ${example}`,
    );

export const postgresUrl = () =>
  serviceUrl(['postgres', 'postgresql'], 'postgresql://user:password@host:5432/database');

export const redisUrl = () => serviceUrl(['redis', 'rediss'], 'redis://host:6379');

export const httpUrl = () => serviceUrl(['http', 'https'], 'http://host:4001/graphql');
