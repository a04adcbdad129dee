import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from 'pino';

/**
 * A dependency could not be reached at start-up: the message names the variable that points at it
 * and what was tried, so an operator knows what to fix (printed without a stack by `runMain`).
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** What a service connects to at start-up, named as its configuration names it. */
export interface StartupTarget {
  /** The environment variable that points at it, e.g. DATABASE_URL_POSTS. */
  variable: string;
  /** What it is, for people: "PostgreSQL", "Kafka". */
  what: string;
  /** Where it is, as configured (credentials are never shown). */
  address?: string;
}

export interface StartupOptions {
  /** How long to keep trying: dependencies started together (compose) come up in any order. */
  timeoutMs: number;
  logger: Logger;
  /** Failures no retry can fix (wrong password, missing database): reported at once. */
  permanent?(error: unknown): boolean;
}

/** A URL as it may be logged: without its password. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '';
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}

const reasonOf = (error: unknown): string => {
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0]);
  if (error instanceof Error) return error.message || (error as { code?: string }).code || error.name;
  return String(error);
};

/**
 * Runs `attempt` until it succeeds, backing off (0.25 s doubling to 5 s) while the time allows, and
 * logging each failure with the variable to look at. Gives up with a StartupError that names it.
 */
export async function connectAtStartup<T>(
  target: StartupTarget,
  attempt: () => Promise<T>,
  { timeoutMs, logger, permanent }: StartupOptions,
): Promise<T> {
  const started = Date.now();
  const where = target.address ? ` at ${target.address}` : '';
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      const reason = reasonOf(error);
      const left = started + timeoutMs - Date.now();
      if (permanent?.(error)) {
        throw new StartupError(`Cannot use ${target.what}${where} (${target.variable}): ${reason}`, { cause: error });
      }
      if (left <= 0) {
        const seconds = Math.round((Date.now() - started) / 1000);
        throw new StartupError(
          `Cannot reach ${target.what}${where} (${target.variable}) after ${tries} attempt${tries === 1 ? '' : 's'} in ${seconds} s: ${reason}`,
          { cause: error },
        );
      }
      const retryInMs = Math.min(250 * 2 ** (tries - 1), 5_000, left);
      logger.warn(
        { variable: target.variable, attempt: tries, retryInMs, reason },
        `${target.what} unreachable at start-up (${target.variable}); retrying`,
      );
      await sleep(retryInMs);
    }
  }
}

/** SQLSTATEs no retry fixes: authentication, a missing database, no permission to connect. */
const PERMANENT_POSTGRES = new Set(['28P01', '28000', '3D000', '42501']);

/** Whether PostgreSQL refused for a reason retrying cannot change. */
export const isPermanentPostgresError = (error: unknown): boolean =>
  PERMANENT_POSTGRES.has((error as { code?: string } | null)?.code ?? '');

/** Connects once and runs `SELECT 1`: the database the URL names answers queries. */
export async function probePostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}
