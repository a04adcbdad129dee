import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, expect, it } from '@jest/globals';
import { repoRoot, withDatabase } from '@shutter/runtime';
import { createTestDatabase, FlakyProxy, freePort, testPostgresUrl, type TestDatabase } from '@shutter/testing';

/**
 * A subgraph container starting against a misconfigured or not-yet-running database (issue 14): the
 * message names the variable to fix, never with a stack; an unreachable one is retried for
 * STARTUP_TIMEOUT_SECONDS, so services started together come up in any order.
 */

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const cleanup of cleanups) await cleanup();
});

interface Run {
  output: () => string;
  exited: Promise<number | null>;
  child: ChildProcess;
}

/** The follows subgraph's container entry point with this environment. */
function startFollows(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'subgraphs/follows/src/index.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      PORT: '0',
      HOST: '127.0.0.1',
      INTERNAL_IDENTITY_SECRET: 'x'.repeat(32),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

const NO_STACK = /^\s+at /m;

it('refuses a database URL that cannot be parsed, naming the variable, without a stack', async () => {
  const run = startFollows({ DATABASE_URL_FOLLOWS: 'postgres://[bad' });
  expect(await run.exited).toBe(1);
  expect(run.output()).toContain('DATABASE_URL_FOLLOWS: must be a postgres:// or postgresql:// URL with a host');
  expect(run.output()).not.toMatch(NO_STACK);
  expect(run.output()).not.toContain('TypeError');
}, 30_000);

it('gives up on an unreachable database after STARTUP_TIMEOUT_SECONDS, naming the variable and the address without the password', async () => {
  const port = await freePort();
  const run = startFollows({
    DATABASE_URL_FOLLOWS: `postgresql://shutter:hunter2-secret@127.0.0.1:${port}/shutter_follows`,
    STARTUP_TIMEOUT_SECONDS: '1',
  });
  expect(await run.exited).toBe(1);
  expect(run.output()).toMatch(
    new RegExp(
      `Cannot reach PostgreSQL at postgresql://shutter@127\\.0\\.0\\.1:${port}/shutter_follows \\(DATABASE_URL_FOLLOWS\\) after [2-9] attempts in 1 s: .*ECONNREFUSED`,
    ),
  );
  expect(run.output()).not.toContain('hunter2-secret');
  expect(run.output()).not.toMatch(NO_STACK);
}, 30_000);

it('reports a database that does not exist at once: no retry can create it', async () => {
  const url = withDatabase(testPostgresUrl(), 'shutter_no_such_database');
  const started = Date.now();
  const run = startFollows({ DATABASE_URL_FOLLOWS: url, STARTUP_TIMEOUT_SECONDS: '60' });
  expect(await run.exited).toBe(1);
  expect(Date.now() - started).toBeLessThan(30_000);
  expect(run.output()).toMatch(/Cannot use PostgreSQL at \S+ \(DATABASE_URL_FOLLOWS\): database "shutter_no_such_database" does not exist/);
}, 40_000);

it('waits for a database that comes up after it, then serves', async () => {
  const database: TestDatabase = await createTestDatabase('follows');
  cleanups.push(() => database.drop());
  const proxy = new FlakyProxy(new URL(database.url));
  await proxy.start();
  await proxy.stop();
  cleanups.push(() => proxy.stop());

  const run = startFollows({ DATABASE_URL_FOLLOWS: proxy.url, STARTUP_TIMEOUT_SECONDS: '60', LOG_LEVEL: 'info' });
  // Refused for a while: the subgraph says what it waits for, and keeps trying.
  const waiting = async () => {
    while (!run.output().includes('retrying')) await new Promise((r) => setTimeout(r, 50));
  };
  await waiting();
  const retryLine = run.output().split('\n').find((line) => line.includes('retrying'))!;
  expect(JSON.parse(retryLine)).toMatchObject({ level: 40, variable: 'DATABASE_URL_FOLLOWS', attempt: 1 });

  await proxy.start();
  const listening = /"port":(\d+),"msg":"follows subgraph listening"/;
  while (!listening.exec(run.output())) {
    const code = await Promise.race([run.exited, new Promise((r) => setTimeout(r, 100, 'running'))]);
    if (code !== 'running') throw new Error(`the subgraph exited with ${String(code)}:\n${run.output()}`);
  }
  const port = listening.exec(run.output())![1];
  expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
}, 60_000);
