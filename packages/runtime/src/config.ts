import { z } from 'zod';

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

/** Runs a service entry point; a ConfigError is printed without a stack trace and exits 1. */
export async function runMain(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    process.exit(1);
  }
}

/** Common variables every service reads. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** A secret shared by the gateway and the subgraphs; 32+ characters so HMAC keys are strong. */
export const secret = () => z.string().min(32, 'must be at least 32 characters');

export const postgresUrl = () => z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL');
