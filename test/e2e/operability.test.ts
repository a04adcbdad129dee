import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '@shutter/runtime';
import { createTestDatabase, FlakyProxy, freePort, gql, untilPasses, type TestDatabase } from '@shutter/testing';
import { DOMAINS } from '../../scripts/stack.js';

/**
 * `npm start` as an operator meets it (issue 14): one access-log line per request whose id the
 * subgraphs' lines carry too, a gateway that is not ready while a subgraph cannot serve, and a
 * SIGTERM that turns it not ready, keeps serving through the drain window and loses nothing.
 */

interface LogLine {
  service?: string;
  msg?: string;
  requestId?: string;
  operation?: string;
  status?: number;
  inProcess?: boolean;
  [key: string]: unknown;
}

let child: ChildProcess;
let url: string;
let base: string;
let output = '';
let exited: Promise<number | null>;
const databases: TestDatabase[] = [];
let followsProxy: FlakyProxy;
let dataDir: string;

const lines = (): LogLine[] =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'shutter-operability-'));
  const urls: Record<string, string> = {};
  for (const domain of DOMAINS) {
    const database = await createTestDatabase(domain);
    databases.push(database);
    urls[`DATABASE_URL_${domain.toUpperCase()}`] = database.url;
  }
  // The follows subgraph reaches its database through a proxy the test can cut.
  followsProxy = new FlakyProxy(new URL(urls.DATABASE_URL_FOLLOWS!));
  await followsProxy.start();
  urls.DATABASE_URL_FOLLOWS = followsProxy.url;

  const port = await freePort();
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: 'info',
      SHUTDOWN_DRAIN_SECONDS: '2',
      SHUTTER_DATA_DIR: dataDir,
      PORT: String(port),
      SUBGRAPH_BASE_PORT: String(await freePort()),
      RATE_LIMITS: 'off',
      ...urls,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  url = await new Promise<string>((resolve, reject) => {
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
    void exited.then((code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  base = url.replace(/\/graphql$/, '');
}, 90_000);

afterAll(async () => {
  child?.kill('SIGKILL');
  await followsProxy?.stop();
  await Promise.all(databases.map((database) => database.drop()));
  rmSync(dataDir, { recursive: true, force: true });
});

const REGISTER = `mutation Register($input: RegisterInput!) { register(input: $input) { user { id username } } }`;

describe('access log', () => {
  it('writes one line per request with the id the client chose, and the subgraph that served it writes the same id', async () => {
    const response = await gql(
      url,
      REGISTER,
      { input: { email: 'ops@example.com', username: 'ops_person', password: 'a long and lovely passphrase' } },
      { headers: { 'x-request-id': 'ops-test-0001' } },
    );
    expect(response.errors).toBeUndefined();
    expect(response.headers.get('x-request-id')).toBe('ops-test-0001');

    await untilPasses(() => {
      const mine = lines().filter((line) => line.requestId === 'ops-test-0001');
      const gateway = mine.filter((line) => line.service === 'gateway' && line.msg === 'request completed');
      expect(gateway).toHaveLength(1);
      expect(gateway[0]).toMatchObject({ method: 'POST', path: '/graphql', status: 200, operation: 'Register' });
      expect(typeof gateway[0]!.durationMs).toBe('number');
      expect(mine).toContainEqual(
        expect.objectContaining({ service: 'users', msg: 'request completed', inProcess: true }),
      );
    });
  });

  it('gives a request without an id one of its own, answered in x-request-id and logged by gateway and subgraph', async () => {
    const response = await gql(url, `query Who { user(username: "ops_person") { username } }`);
    expect(response.errors).toBeUndefined();
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await untilPasses(() => {
      const services = lines()
        .filter((line) => line.requestId === id && line.msg === 'request completed')
        .map((line) => line.service)
        .sort();
      expect(services).toEqual(['gateway', 'users']);
    });
  });

  it('logs a malformed body as a 400 line without the body, and answers it as JSON', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'ops-bad-json' },
      body: '{"query": "{ me { id } }", "password": "hunter2-secret',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }],
    });
    await untilPasses(() =>
      expect(lines()).toContainEqual(
        expect.objectContaining({ service: 'gateway', requestId: 'ops-bad-json', status: 400 }),
      ),
    );
    expect(output).not.toContain('hunter2-secret');
  });
});

describe('readiness', () => {
  it('is 503 naming the subgraph while its database is unreachable, and ready again once it is back', async () => {
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    await followsProxy.stop();
    await untilPasses(async () => {
      const response = await fetch(`${base}/ready`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', service: 'gateway', unavailable: ['follows'] });
    });
    await followsProxy.start();
    await untilPasses(async () => expect((await fetch(`${base}/ready`)).status).toBe(200));
  }, 30_000);
});

describe('SIGTERM', () => {
  it('turns not ready at once, serves every request through the drain window, then exits cleanly', async () => {
    const who = `query Who { user(username: "ops_person") { username } }`;
    const outcomes: string[] = [];
    // A steady stream, as a load balancer sends until its readiness probe sees 503.
    let routedAway = false;
    const stream = (async () => {
      while (!routedAway) {
        const response = await gql<{ user: { username: string } }>(url, who).catch((error: Error) => error);
        outcomes.push(
          response instanceof Error ? `failed: ${String(response.cause ?? response)}` : String(response.status),
        );
      }
    })();
    await untilPasses(() => expect(outcomes.length).toBeGreaterThan(5));
    child.kill('SIGTERM');

    await untilPasses(async () => {
      const response = await fetch(`${base}/ready`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'stopping', service: 'gateway' });
    });
    routedAway = true;
    await stream;
    // Requests that arrive after the load balancer moved on (a slow one) are still answered, and
    // each answer closes its connection so the client does not come back on it.
    const late = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: who }),
    });
    expect(late.status).toBe(200);
    expect(late.headers.get('connection')).toBe('close');
    expect(await late.json()).toEqual({ data: { user: { username: 'ops_person' } } });

    expect(outcomes.filter((outcome) => outcome !== '200')).toEqual([]);
    expect(await exited).toBe(0);
    expect(lines()).toContainEqual(expect.objectContaining({ msg: 'shutting down: not ready, draining', drainMs: 2000 }));
  }, 30_000);
});
