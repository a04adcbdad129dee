import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateSigningKeyPair, repoRoot } from '@shutter/runtime';
import { createTestDatabase, freePort, gql, type TestDatabase } from '@shutter/testing';
import { SUBGRAPHS } from '../../schema/subgraphs.js';

// What the images run: `npm run build` bundles every service into a folder of its own, and each
// image is one such folder on the Node image started with `node index.mjs`. Built outside the
// repository, so nothing resolves from its node_modules: a folder runs alone or not at all.
const out = mkdtempSync(join(tmpdir(), 'shutter-dist-'));
const services = [...SUBGRAPHS.map((s) => s.name), 'gateway'];
const children: ChildProcess[] = [];
let database: TestDatabase | undefined;

beforeAll(async () => {
  await promisify(execFile)('npm', ['run', '--silent', 'build', '--', '--out', out], { cwd: repoRoot });
}, 300_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await database?.drop();
  rmSync(out, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `node index.mjs` in a bundle's folder, as the image's CMD runs it, with only the given environment. */
function run(service: string, env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--enable-source-maps', 'index.mjs'], {
    cwd: join(out, service),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Polls `path` until it answers 200; fails if the process exits first. */
async function up(service: Running, port: number, path: '/ready' | '/health'): Promise<void> {
  let exited = false;
  void service.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`exited before it was ready:\n${service.output()}`);
    const response = await fetch(`http://127.0.0.1:${port}${path}`).catch(() => undefined);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('npm run build', () => {
  it('makes a folder for every service with its bundle, and native addons only where imported', () => {
    for (const service of services) expect(existsSync(join(out, service, 'index.mjs'))).toBe(true);
    expect(readdirSync(join(out, 'users', 'node_modules', '@node-rs')).sort()).toEqual([
      'argon2',
      expect.stringMatching(/^argon2-linux-/),
    ]);
    expect(services.filter((service) => existsSync(join(out, service, 'node_modules')))).toEqual(['users']);
  });

  it.each(services)('bundles %s with everything it imports: it loads and checks its configuration', async (service) => {
    const started = run(service, {});
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/^Invalid configuration:$/m);
    expect(started.output()).toMatch(/^ {2}INTERNAL_IDENTITY_SECRET: /m);
  });

  it('runs a bundled subgraph and the bundled gateway: migrations, argon2, Prisma, signed identity', async () => {
    database = await createTestDatabase();
    const keys = generateSigningKeyPair('bundles');
    const secret = randomBytes(32).toString('base64url');
    const [usersPort, gatewayPort] = [await freePort(), await freePort()];
    const common = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      INTERNAL_IDENTITY_SECRET: secret,
      KAFKA_BROKERS: process.env.TEST_KAFKA_BROKERS!,
      KAFKA_NAMESPACE: `bundles-${randomBytes(4).toString('hex')}`,
    };
    const users = run('users', {
      ...common,
      PORT: String(usersPort),
      DATABASE_URL_USERS: database.url,
      AUTH_JWT_PRIVATE_JWK: keys.privateJwk,
    });
    const gateway = run('gateway', {
      ...common,
      PORT: String(gatewayPort),
      AUTH_JWT_PUBLIC_JWKS: keys.publicJwks,
      SUBGRAPH_URL_USERS: `http://127.0.0.1:${usersPort}/graphql`,
    });
    // Users ready as its image's HEALTHCHECK asks; the gateway only up (the other subgraphs it
    // fronts do not run here).
    await up(users, usersPort, '/ready');
    await up(gateway, gatewayPort, '/health');

    const url = `http://127.0.0.1:${gatewayPort}/graphql`;
    const registered = await gql<{ register: { accessToken: string } }>(
      url,
      `mutation { register(input: { email: "bundle@example.com", username: "bundled", password: "a long and lovely passphrase" }) { accessToken } }`,
    );
    expect(registered.errors).toBeUndefined();
    const me = await gql(url, `{ me { username } }`, {}, { token: registered.data!.register.accessToken });
    expect({ data: me.data, errors: me.errors }).toEqual({ data: { me: { username: 'bundled' } }, errors: undefined });

    // SIGTERM, as `docker stop` sends PID 1: both drain and exit cleanly.
    gateway.child.kill('SIGTERM');
    users.child.kill('SIGTERM');
    const exits = { gateway: await gateway.exited, users: await users.exited };
    expect({
      exits,
      output: Object.values(exits).some((code) => code !== 0) ? users.output() + gateway.output() : '',
    }).toEqual({
      exits: { gateway: 0, users: 0 },
      output: '',
    });
  }, 120_000);
});
