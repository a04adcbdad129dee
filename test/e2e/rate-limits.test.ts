import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REDIS_COMMAND_TIMEOUT_MS } from '@shutter/cache';
import { InProcessTransport } from '@shutter/events';
import { createLogger, type Logger } from '@shutter/runtime';
import { eventually, FlakyProxy } from '@shutter/testing';
import { rateLimitConfigFrom } from '../../gateway/src/rate-limit-config.js';
import { createRateLimiter, type RateLimiter } from '../../gateway/src/rate-limiter.js';
import { newUserInput, REGISTER, startTestSupergraph, type TestSupergraph } from '../support/supergraph.js';

/**
 * Rate limits through the gateway, as clients meet them. Each test speaks from addresses of its
 * own in 127.0.0.0/8 (Linux routes the whole block to loopback), so tests, and runs sharing the
 * test Redis, never share an address's counters; every window is short for the same reason.
 */

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** POSTs an operation from a chosen local address (what the gateway sees as the client's address). */
function post(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  options: { from: string; token?: string; headers?: Record<string, string> },
): Promise<Reply> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        localAddress: options.from,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode!, headers: response.headers, ...JSON.parse(text) });
          } catch (error) {
            reject(new Error(`not JSON (${response.statusCode}): ${text}`, { cause: error }));
          }
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

let addressCount = 0;
/** A loopback address no other test (or recent run) speaks from. */
function newAddress(): string {
  addressCount += 1;
  const pid = process.pid % 65_536;
  return `127.${pid >> 8}.${pid & 255}.${addressCount}`.replace(/^127\.0\.0\./, '127.0.1.');
}

const code = (reply: Reply) => reply.errors?.[0]?.extensions?.code as string | undefined;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const LOGIN = /* GraphQL */ `
  mutation ($id: String!, $pw: String!) {
    login(usernameOrEmail: $id, password: $pw) {
      accessToken
    }
  }
`;

const LIMITS = {
  RATE_LIMITS: 'on',
  RATE_LIMIT_LOGIN_PER_ACCOUNT: '5/10s',
  RATE_LIMIT_LOGIN_PER_ADDRESS: '20/10s',
  RATE_LIMIT_REGISTER_PER_ACCOUNT: '5/10s',
  RATE_LIMIT_REGISTER_PER_ADDRESS: '3/10s',
  RATE_LIMIT_REFRESH_TOKEN_PER_ACCOUNT: '5/10s',
  RATE_LIMIT_REFRESH_TOKEN_PER_ADDRESS: '20/10s',
  RATE_LIMIT_CHANGE_PASSWORD_PER_ACCOUNT: '5/10s',
  RATE_LIMIT_CHANGE_PASSWORD_PER_ADDRESS: '20/10s',
  RATE_LIMIT_REQUEST_UPLOAD_PER_ACCOUNT: '5/10s',
  RATE_LIMIT_REQUEST_UPLOAD_PER_ADDRESS: '20/10s',
  RATE_LIMIT_COST_PER_VIEWER: '10000/10s',
};

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: the jest globalSetup should have started Redis.');
  return url;
}

/** Registers an account from an address of its own (registrations are limited per address too). */
async function register(graph: TestSupergraph) {
  const input = newUserInput();
  const reply = await post(graph.url, REGISTER, { input }, { from: newAddress() });
  const payload = reply.data?.register as { accessToken: string; user: { id: string; username: string } } | undefined;
  if (!payload) throw new Error(`register failed: ${JSON.stringify(reply.errors)}`);
  return { ...payload, password: input.password };
}

describe.each(['memory', 'redis'] as const)('rate limits with %s counters', (store) => {
  let graph: TestSupergraph;
  beforeAll(async () => {
    graph = await startTestSupergraph({
      ...LIMITS,
      // The first test address stands for a proxy in front of the gateway.
      TRUST_PROXY: '127.0.0.1',
      ...(store === 'redis' ? { REDIS_URL: redisUrl() } : {}),
    });
  });
  afterAll(async () => {
    await graph.close();
  });

  it('stops a 200-guess brute force after the limit and refuses even the right password, per account and per address, until the window passes', async () => {
    const alice = await register(graph);
    const bob = await register(graph);
    const attacker = newAddress();
    const replies: Reply[] = [];
    for (let batch = 0; batch < 8; batch += 1) {
      replies.push(
        ...(await Promise.all(
          Array.from({ length: 25 }, (_, i) =>
            post(graph.url, LOGIN, { id: alice.user.username, pw: `wrong guess ${batch}-${i}` }, { from: attacker }),
          ),
        )),
      );
    }
    const outcomes = replies.map(code);
    expect(outcomes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(outcomes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(195);

    // The right password is refused too, without reaching the users subgraph (no session is created).
    const sessions = async () =>
      (await graph.usersSql('SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1', [alice.user.id]))
        .rows[0].n as number;
    const before = await sessions();
    const right = await post(graph.url, LOGIN, { id: alice.user.username, pw: alice.password }, { from: attacker });
    expect(code(right)).toBe('RATE_LIMITED');
    expect(right.status).toBe(429);
    expect(right.data ?? null).toBeNull();
    const retryAfterSeconds = right.errors![0]!.extensions!.retryAfterSeconds as number;
    expect(Number.isInteger(retryAfterSeconds)).toBe(true);
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(retryAfterSeconds).toBeLessThanOrEqual(10);
    expect(right.headers['retry-after']).toBe(String(retryAfterSeconds));
    expect(await sessions()).toBe(before);

    // Per account: from a second address alice is still locked; bob is not.
    const elsewhere = newAddress();
    expect(
      code(await post(graph.url, LOGIN, { id: alice.user.username, pw: alice.password }, { from: elsewhere })),
    ).toBe('RATE_LIMITED');
    const bobElsewhere = await post(graph.url, LOGIN, { id: bob.user.username, pw: bob.password }, { from: elsewhere });
    expect(bobElsewhere.errors).toBeUndefined();
    // Per address: the attacker's address may not sign in to bob either.
    expect(code(await post(graph.url, LOGIN, { id: bob.user.username, pw: bob.password }, { from: attacker }))).toBe(
      'RATE_LIMITED',
    );

    const late = await post(graph.url, LOGIN, { id: alice.user.username, pw: alice.password }, { from: attacker });
    await sleep(((late.errors?.[0]?.extensions?.retryAfterSeconds as number | undefined) ?? 0) * 1000 + 300);
    const after = await post(graph.url, LOGIN, { id: alice.user.username, pw: alice.password }, { from: attacker });
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual({ login: { accessToken: expect.any(String) } });
  }, 60_000);

  it('counts aliased registers one by one and refuses the whole operation over the limit', async () => {
    const registers = (count: number) => {
      const inputs = Array.from({ length: count }, () => newUserInput());
      const fields = inputs.map((_, i) => `r${i}: register(input: $i${i}) { user { id } }`).join('\n');
      const params = inputs.map((_, i) => `$i${i}: RegisterInput!`).join(', ');
      return {
        inputs,
        query: `mutation(${params}) { ${fields} }`,
        variables: Object.fromEntries(inputs.map((input, i) => [`i${i}`, input])),
      };
    };
    const created = async (emails: string[]) =>
      (await graph.usersSql('SELECT count(*)::int AS n FROM users WHERE email = ANY($1)', [emails])).rows[0].n;

    // Five in one operation from one address, limit three: refused whole, nobody registered.
    const bulk = registers(5);
    const refused = await post(graph.url, bulk.query, bulk.variables, { from: newAddress() });
    expect(refused.status).toBe(429);
    expect(code(refused)).toBe('RATE_LIMITED');
    expect(refused.headers['retry-after']).toBe(String(refused.errors![0]!.extensions!.retryAfterSeconds));
    expect(await created(bulk.inputs.map((i) => i.email))).toBe(0);

    // Three fit; a fourth from the same address does not.
    const from = newAddress();
    const three = registers(3);
    const ok = await post(graph.url, three.query, three.variables, { from });
    expect(ok.errors).toBeUndefined();
    expect(await created(three.inputs.map((i) => i.email))).toBe(3);
    const fourth = registers(1);
    expect(code(await post(graph.url, fourth.query, fourth.variables, { from }))).toBe('RATE_LIMITED');
    expect(await created(fourth.inputs.map((i) => i.email))).toBe(0);
  });

  it('refuses a burst of heavy operations from one viewer by their cost while cheap ones and other viewers go on', async () => {
    const alice = await register(graph);
    const bob = await register(graph);
    const from = newAddress();
    const cheap = `{ me { id } }`;
    const heavy = `{ me { followers(first: 100) { edges { node { id username displayName bio } } } } }`;
    // Cheap operations add up slowly: 30 of them are far from the budget.
    for (let i = 0; i < 30; i += 1) {
      expect((await post(graph.url, cheap, {}, { from, token: alice.accessToken })).errors).toBeUndefined();
    }
    const burst: (string | undefined)[] = [];
    for (let i = 0; i < 8; i += 1) {
      burst.push(code(await post(graph.url, heavy, {}, { from, token: alice.accessToken })));
    }
    const served = burst.filter((c) => c === undefined).length;
    expect(served).toBeGreaterThanOrEqual(1);
    expect(served).toBeLessThan(8);
    expect(burst).toEqual([...Array<undefined>(served).fill(undefined), ...Array(8 - served).fill('RATE_LIMITED')]);
    // The budget is alice's: her cheap reads are refused now, bob's heavy one is not.
    expect(code(await post(graph.url, cheap, {}, { from, token: alice.accessToken }))).toBe('RATE_LIMITED');
    expect((await post(graph.url, heavy, {}, { from, token: bob.accessToken })).errors).toBeUndefined();
  });

  it('believes X-Forwarded-For only from the trusted proxy', async () => {
    const bob = await register(graph);
    const guess = (from: string, forwardedFor: string) =>
      post(
        graph.url,
        LOGIN,
        { id: `nobody_${forwardedFor}`, pw: 'x' },
        { from, headers: { 'x-forwarded-for': forwardedFor } },
      );
    // A client that is not the proxy cannot pose as many addresses: its own address is limited.
    const direct = newAddress();
    const spoofed = [];
    for (let i = 0; i < 21; i += 1) spoofed.push(code(await guess(direct, `198.51.100.${i + 1}`)));
    expect(spoofed.at(-1)).toBe('RATE_LIMITED');
    // Through the proxy (127.0.0.1, TRUST_PROXY) each forwarded client has its own budget.
    const viaProxy = [];
    for (let i = 0; i < 21; i += 1) viaProxy.push(code(await guess('127.0.0.1', '203.0.113.9')));
    expect(viaProxy.at(-1)).toBe('RATE_LIMITED');
    const other = await post(
      graph.url,
      LOGIN,
      { id: bob.user.username, pw: bob.password },
      { from: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.10' } },
    );
    expect(other.errors).toBeUndefined();
  });
});

describe('rate limits across two gateway replicas sharing Redis', () => {
  let first: TestSupergraph;
  let second: TestSupergraph;
  beforeAll(async () => {
    const events = new InProcessTransport(createLogger({ service: 'events', level: 'silent' }));
    first = await startTestSupergraph({ ...LIMITS, REDIS_URL: redisUrl() }, { events });
    second = await startTestSupergraph({}, { replicaOf: first, events });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('shares the counters: attempts through either gateway add up', async () => {
    const alice = await register(first);
    const guess = (graph: TestSupergraph) =>
      post(graph.url, LOGIN, { id: alice.user.username, pw: 'wrong' }, { from: newAddress() });
    const outcomes = [];
    for (const graph of [first, second, first, second, first]) outcomes.push(code(await guess(graph)));
    expect(outcomes).toEqual(Array(5).fill('UNAUTHENTICATED'));
    expect(code(await guess(second))).toBe('RATE_LIMITED');
    expect(code(await guess(first))).toBe('RATE_LIMITED');
  });
});

describe('rate limits while Redis is down', () => {
  let graph: TestSupergraph;
  beforeAll(async () => {
    graph = await startTestSupergraph({ ...LIMITS, REDIS_URL: 'redis://127.0.0.1:9' });
  });
  afterAll(async () => {
    await graph.close();
  });

  it('keeps serving and keeps limiting, counting in the gateway memory', async () => {
    const alice = await register(graph);
    const from = newAddress();
    const started = Date.now();
    const outcomes = [];
    for (let i = 0; i < 6; i += 1) {
      outcomes.push(code(await post(graph.url, LOGIN, { id: alice.user.username, pw: 'wrong' }, { from })));
    }
    expect(outcomes).toEqual([...Array(5).fill('UNAUTHENTICATED'), 'RATE_LIMITED']);
    const me = await post(graph.url, `{ me { id } }`, {}, { from: newAddress(), token: alice.accessToken });
    expect(me.data).toEqual({ me: { id: alice.user.id } });
    // No request waited for the dead Redis (each falls back at once).
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('the rate limiter when Redis stops answering', () => {
  const config = rateLimitConfigFrom({ RATE_LIMIT_LOGIN_PER_ACCOUNT: '3/10s' });
  const lines: { level: string; message: string; cause?: string }[] = [];
  const logger = {
    warn: (fields: { err?: Error }, message: string) => lines.push({ level: 'warn', message, cause: fields.err?.message }),
    info: (message: string) => lines.push({ level: 'info', message }),
    error: (_fields: unknown, message: string) => lines.push({ level: 'error', message }),
  } as unknown as Logger;
  let proxy: FlakyProxy;
  let replica: RateLimiter;
  /** A second replica, straight on Redis: it sees only what is counted in Redis. */
  let other: RateLimiter;
  beforeAll(async () => {
    proxy = new FlakyProxy(new URL(redisUrl()));
    await proxy.start();
    replica = createRateLimiter(config, { redisUrl: proxy.url, logger });
    other = createRateLimiter(config, {
      redisUrl: redisUrl(),
      logger: createLogger({ service: 'gateway', level: 'silent' }),
    });
  });
  afterAll(async () => {
    await replica.close();
    await other.close();
    await proxy.stop();
  });

  const attempt = (limiter: RateLimiter, key: string) =>
    limiter.charge([{ limit: 'login:account', key, points: 1 }]).then((refusal) => (refusal ? 'refused' : 'allowed'));
  /** Three attempts through the proxied replica use up an account's limit on the other replica too. */
  const shared = async () => {
    const key = randomUUID();
    for (let i = 0; i < 3; i += 1) await attempt(replica, key);
    return (await attempt(other, key)) === 'refused';
  };
  const timed = async (run: () => Promise<string>) => {
    const started = Date.now();
    return { outcome: await run(), ms: Date.now() - started };
  };

  it('answers within the deadline, then at once, still limiting in memory, and shares the counters again once Redis answers', async () => {
    // Shared (once both are connected): attempts through both replicas add up.
    await eventually(shared, () => 'the replicas never shared their counters');

    proxy.freeze();
    const during = randomUUID();
    const first = await timed(() => attempt(replica, during));
    expect(first.outcome).toBe('allowed');
    // It waited for the reply until the deadline (a loaded machine only makes that longer), …
    expect(first.ms).toBeGreaterThanOrEqual(REDIS_COMMAND_TIMEOUT_MS - 100);
    expect(lines.filter((l) => l.level === 'warn')).toEqual([
      {
        level: 'warn',
        message: expect.stringMatching(/Redis is unreachable: rate limits are counted in this gateway replica/),
        cause: `Redis gave no reply within ${REDIS_COMMAND_TIMEOUT_MS} ms`,
      },
    ]);
    // … and from then on knows: no attempt waits for that deadline again (no upper bound on the
    // first, whose timer a loaded machine stretches; these take a millisecond or two).
    const later = [await timed(() => attempt(replica, during)), await timed(() => attempt(replica, during))];
    expect(later.map((t) => t.outcome)).toEqual(['allowed', 'allowed']);
    for (const { ms } of later) expect(ms).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS);
    // Still limiting, in this replica's memory.
    expect(await attempt(replica, during)).toBe('refused');
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);

    proxy.restore();
    await eventually(shared, () => `counters not shared again; log: ${JSON.stringify(lines)}`, 15_000);
    expect(lines.filter((l) => l.level === 'info').map((l) => l.message)).toEqual([
      'Redis answers again: rate limits are shared between gateway replicas again',
    ]);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  }, 30_000);
});
