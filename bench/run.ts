/**
 * `npm run bench` (issue 10): seeds a realistic network through the public API, then measures both
 * topologies — `npm start` (one process) and split (a process per subgraph and gateway) — with
 * interleaved rounds, servers and PostgreSQL on core 0 and the load generator on core 1 where
 * taskset exists. Prints the figures against the issue's goals and writes bench/results/latest.json.
 *
 *   npm run bench                  300 users, 3 rounds of 15 s windows
 *   npm run bench -- --quick       a smaller network, 1 round of 5 s windows (< 5 minutes)
 *   options: --reseed  --rounds N  --seconds N  --cache-dir DIR  --no-pin (measure unpinned anyway)
 *            --only start|split   one topology, for trying a lever on it (prints; writes no results)
 *            --cpu-prof DIR       every server writes a V8 CPU profile into DIR/<process>/ when it stops
 *
 * The seeded data directory is cached under $TMPDIR/bench-shutter/<hash of the seed parameters>,
 * so a second run with the same parameters skips seeding.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '@shutter/runtime';
import { call, inParallel } from './lib/graphql.js';
import { LoadError, runLoad, type LoadResult } from './lib/load.js';
import {
  allowedCpus,
  hasTaskset,
  killAllSync,
  pinProcess,
  profileServersInto,
  sleep,
  stopAll,
} from './lib/processes.js';
import {
  formatGoals,
  formatMeasurements,
  goals,
  summarise,
  type RoundMeasurements,
  type Summary,
} from './lib/report.js';
import {
  PASSWORD,
  seedKey,
  seedNetwork,
  supergraphOffers,
  TAGS,
  type SeedManifest,
  type SeedParams,
} from './lib/seed.js';
import { countFeedStatements, type FeedStatements } from './lib/statements.js';
import { readSecrets, startNpmStart, startSplit, type Secrets, type Topology } from './lib/topologies.js';
import {
  directMeWorkload,
  feedWorkload,
  HASHTAG_PAGE,
  homeFeedWorkload,
  meWorkload,
  mixedWorkload,
  PROFILE_PAGE,
  profileWorkload,
  type BenchUser,
  type FeedPage,
  type Workload,
  type WorkloadData,
} from './lib/workloads.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    reseed: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    'cache-dir': { type: 'string' },
    'no-pin': { type: 'boolean', default: false },
    only: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});
if (args.only !== undefined && args.only !== 'start' && args.only !== 'split') {
  throw new Error('--only takes start or split');
}

// Likes and comments are seeded only where the supergraph has their mutations (the bench predates
// them; on a tree without them the rest of the network is seeded the same).
const supergraph = readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8');
const engagement = supergraphOffers(supergraph, 'likePost') && supergraphOffers(supergraph, 'addComment');
const FULL_SEED: SeedParams = {
  users: 300,
  followsPerUser: 30,
  postsPerUser: 10,
  likesPerPost: engagement ? 2 : 0,
  commentsPerPost: engagement ? 0.5 : 0,
  seed: 20_261_130,
};
// Small enough to seed in about a minute and a half on two busy cores; a dozen feed pages.
const QUICK_SEED: SeedParams = {
  users: 50,
  followsPerUser: 10,
  postsPerUser: 9,
  likesPerPost: engagement ? 0.5 : 0,
  commentsPerPost: engagement ? 0.1 : 0,
  seed: 20_261_130,
};
const quick = args.quick ?? false;
const params = quick ? QUICK_SEED : FULL_SEED;
const ROUNDS = Number(args.rounds ?? (quick ? 1 : 3));
const SECONDS = Number(args.seconds ?? (quick ? 5 : 15));
// Requests per workload before measuring (JIT, caches, connection pools), however long they take.
const WARMUP_REQUESTS = quick ? 60 : 150;
const CONNECTIONS = 20;
const LOGIN_CONCURRENCY = 8;
const FEED_PAGES_PER_TAG = 5;
const STATEMENT_PAGES = [10, 50];
const SERVER_CPUS = '0';
const LOADGEN_CPUS = '1';
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--rounds must be a positive integer');
if (!Number.isFinite(SECONDS) || SECONDS < 1) throw new Error('--seconds must be at least 1');

const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(0)} s`;
const step = (message: string) => console.log(`[${elapsed()}] ${message}`);

// Every process the bench started is stopped however it ends.
let stopping = false;
const interrupt = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.error(`\n${signal}: stopping every process the bench started…`);
  stopAll().finally(() => process.exit(130));
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);
process.on('SIGHUP', interrupt);
let runDir: string | undefined;
process.on('exit', () => {
  killAllSync();
  if (runDir) rmSync(runDir, { recursive: true, force: true });
});

function gitCommit(): string | null {
  try {
    const head = readFileSync(join(repoRoot, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    const loose = join(repoRoot, '.git', ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
    const packed = readFileSync(join(repoRoot, '.git', 'packed-refs'), 'utf8');
    return (
      packed
        .split('\n')
        .find((line) => line.endsWith(` ${ref}`))
        ?.split(' ')[0] ?? null
    );
  } catch {
    return null;
  }
}

/** The cached seed for these parameters, or a fresh one (seeding through a running `npm start`). */
async function seeded(cacheRoot: string): Promise<{ dataDir: string; manifest: SeedManifest; stack?: Topology }> {
  const dataDir = join(cacheRoot, seedKey(params));
  const manifestFile = join(dataDir, 'manifest.json');
  if (!args.reseed && existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as SeedManifest;
    step(`using the seeded network in ${dataDir} (seeded ${manifest.createdAt}; --reseed makes a new one)`);
    return { dataDir, manifest };
  }
  step(
    `seeding ${params.users} users, ~${params.users * params.followsPerUser} follows, ~${params.users * params.postsPerUser} posts into ${dataDir}`,
  );
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const seedStarted = Date.now();
  const stack = await startNpmStart(dataDir);
  step('npm start is ready; seeding through its API');
  const made = await seedNetwork({ url: stack.gatewayUrl, settle: stack.settle }, params);
  const manifest: SeedManifest = { ...made, seedSeconds: Math.round((Date.now() - seedStarted) / 1000) };
  // Written last: a seed interrupted halfway is never taken for a complete one.
  writeFileSync(manifestFile, JSON.stringify(manifest));
  step(
    `seeded in ${manifest.seedSeconds} s: ${manifest.users.length} users, ${manifest.follows.length} follows, ` +
      `${manifest.posts} posts, ${manifest.likes} likes, ${manifest.comments} comments`,
  );
  return { dataDir, manifest, stack };
}

/** As `npm run format` would write it, so the committed results pass `npm run format:check`. */
async function formatted(file: string, json: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    return await prettier.format(json, { ...(await prettier.resolveConfig(file)), filepath: file });
  } catch {
    return `${json}\n`;
  }
}

const LOGIN = /* GraphQL */ `
  mutation Login($usernameOrEmail: String!, $password: String!) {
    login(usernameOrEmail: $usernameOrEmail, password: $password) {
      accessToken
      user {
        id
      }
    }
  }
`;

interface PageResult {
  hashtag: {
    edges: { node: { id: string } }[];
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
}

/** Logs every seeded user in and finds the pages the load will ask for. */
async function prepareData(url: string, manifest: SeedManifest): Promise<WorkloadData> {
  step(`logging in ${manifest.users.length} users`);
  const users: BenchUser[] = await inParallel(manifest.users, LOGIN_CONCURRENCY, async (user) => {
    const { login } = await call<{ login: { accessToken: string; user: { id: string } } }>(url, LOGIN, {
      usernameOrEmail: user.username,
      password: PASSWORD,
    });
    if (login.user.id !== user.id) throw new Error(`login as ${user.username} returned another account`);
    return { id: user.id, username: user.username, accessToken: login.accessToken };
  });
  const feedPages: FeedPage[] = [];
  const postIds: string[] = [];
  const tags = Object.entries(manifest.postsByTag)
    .filter(([, n]) => n >= 20)
    .sort((a, b) => b[1] - a[1])
    .map(([tag]) => tag);
  for (const tag of tags) {
    let after: string | null = null;
    for (let page = 0; page < FEED_PAGES_PER_TAG; page += 1) {
      const { hashtag }: PageResult = await call<PageResult>(
        url,
        HASHTAG_PAGE,
        { tag, after },
        {
          token: users[0]!.accessToken,
        },
      );
      if (hashtag.edges.length < 20) break;
      feedPages.push({ tag, after });
      postIds.push(...hashtag.edges.map((e) => e.node.id));
      if (!hashtag.pageInfo.hasNextPage) break;
      after = hashtag.pageInfo.endCursor;
    }
  }
  if (feedPages.length === 0) throw new Error('no hashtag has a full page of 20 posts: the seed is too small');
  const following = manifest.users.map(() => new Set<number>());
  for (const [follower, followed] of manifest.follows) following[follower]!.add(followed);
  step(`${users.length} users logged in; ${feedPages.length} full feed pages over ${tags.length} hashtags`);
  return {
    users,
    feedPages,
    authors: manifest.users.filter((_, i) => (manifest.postsByUser[i] ?? 0) > 0).map((u) => u.username),
    postIds,
    searchTerms: [...TAGS.slice(0, 6), 'lovelace', 'hopper', 'golden hour'],
    following,
  };
}

/** Media URLs are signed with an expiry (to the second): the same media, asked a moment apart, differ there. */
const comparable = (data: unknown) => JSON.stringify(data).replace(/(\/media\/object\/[^"?]+)\?[^"]*/g, '$1');

/** Before comparing gateways: both must answer the same data for the same requests and viewer. */
async function checkSameData(topology: Topology, data: WorkloadData): Promise<void> {
  const viewer = data.users[1] ?? data.users[0]!;
  const requests: [string, Record<string, unknown>][] = [
    [HASHTAG_PAGE, { ...data.feedPages[Math.min(1, data.feedPages.length - 1)]! }],
    [PROFILE_PAGE, { username: data.authors[0]! }],
    ['query { me { id username displayName followerCount followingCount } }', {}],
  ];
  for (const [query, variables] of requests) {
    const [ours, hive] = await Promise.all(
      [topology.gatewayUrl, topology.hiveUrl!].map((url) => call(url, query, variables, { token: viewer.accessToken })),
    );
    if (comparable(ours) !== comparable(hive)) {
      throw new Error(
        `Shutter's gateway and the Hive gateway answer differently for ${query.trim().split('\n')[0]}:\n` +
          `  shutter: ${comparable(ours).slice(0, 800)}\n  hive:    ${comparable(hive).slice(0, 800)}`,
      );
    }
  }
  step("Shutter's and Hive's gateways return identical data (feed page, profile, me)");
}

interface Context {
  dataDir: string;
  runDir: string;
  manifest: SeedManifest;
  secrets: Secrets;
  pinned: boolean;
  data?: WorkloadData;
  seedStack?: Topology;
  statements?: FeedStatements;
  checkedHive?: boolean;
}

/**
 * Waits until the servers are (nearly) idle: requests cut off at the end of the previous window
 * are still being served, and their CPU time must not be charged to the next window.
 */
async function quiesce(topology: Topology): Promise<void> {
  const busy = () => Object.values(topology.cpu()).reduce((a, b) => a + b, 0);
  const deadline = Date.now() + 10_000;
  let last = busy();
  while (Date.now() < deadline) {
    await sleep(250);
    const now = busy();
    // Under a tenth of a core over the last quarter second.
    if (now - last < 25) return;
    last = now;
  }
}

async function measure(
  label: string,
  url: string,
  workload: Workload,
  topology: Topology,
  options: { amount?: number; overallRate?: number; quiet?: boolean } = {},
): Promise<LoadResult> {
  await quiesce(topology);
  const result = await runLoad({
    url,
    workload,
    connections: CONNECTIONS,
    durationSeconds: SECONDS,
    cpu: topology.cpu,
    ...(options.amount ? { amount: options.amount } : {}),
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
  });
  if (!options.quiet) {
    step(
      `  ${label.padEnd(22)} ${result.rps.toFixed(1).padStart(7)} req/s  p50 ${result.latencyMs.p50.toFixed(0).padStart(5)} ms  p99 ${result.latencyMs.p99.toFixed(0).padStart(5)} ms  CPU ${(result.cpuMsPerRequest.total ?? 0).toFixed(1)} ms/request`,
    );
  }
  return result;
}

async function warmUp(url: string, workloads: Workload[], topology: Topology): Promise<void> {
  for (const workload of workloads) {
    await measure('warm-up', url, workload, topology, { amount: WARMUP_REQUESTS, quiet: true });
  }
}

/** The feed at a fixed rate of half the throughput `capacity` measured (open loop: the tail under load). */
function feedAtHalfCapacity(url: string, workload: Workload, topology: Topology, capacity: LoadResult) {
  const rate = Math.max(1, Math.floor(capacity.rps / 2));
  return measure(`feed at ${rate} req/s`, url, workload, topology, { overallRate: rate });
}

function pin(topology: Topology, context: Context): void {
  if (!context.pinned) return;
  topology.pin(SERVER_CPUS);
}

async function roundOnStart(round: number, context: Context, out: RoundMeasurements): Promise<void> {
  const topology = context.seedStack ?? (await startNpmStart(context.dataDir));
  context.seedStack = undefined;
  try {
    step(`round ${round}: npm start topology (one process)`);
    context.data ??= await prepareData(topology.gatewayUrl, context.manifest);
    const data = context.data;
    pin(topology, context);
    const url = topology.gatewayUrl;
    const seed = round * 100;
    // The home feed's warm-up also builds the seeded users' timelines (each rebuilt on its first read).
    await warmUp(url, [feedWorkload(data, 1), mixedWorkload(data, 2), homeFeedWorkload(data, 5)], topology);
    out['start.feed'] = await measure('feed (hashtag page)', url, feedWorkload(data, seed + 1), topology);
    out['start.home'] = await measure('home feed page', url, homeFeedWorkload(data, seed + 5), topology);
    out['start.profile'] = await measure('profile page', url, profileWorkload(data, seed + 2), topology);
    out['start.mixed'] = await measure('mixed', url, mixedWorkload(data, seed + 3), topology);
    out['start.feedHalfRate'] = await feedAtHalfCapacity(
      url,
      feedWorkload(data, seed + 4),
      topology,
      out['start.feed'],
    );
  } finally {
    await topology.stop();
  }
}

async function roundOnSplit(round: number, context: Context, out: RoundMeasurements): Promise<void> {
  step(`round ${round}: split topology (a process per subgraph and gateway)`);
  const topology = await startSplit(context.dataDir, context.runDir, context.secrets);
  try {
    context.data ??= await prepareData(topology.gatewayUrl, context.manifest);
    const data = context.data;
    if (!context.checkedHive) {
      await checkSameData(topology, data);
      context.checkedHive = true;
    }
    pin(topology, context);
    const ours = topology.gatewayUrl;
    const hive = topology.hiveUrl!;
    const direct = topology.usersUrl!;
    const secret = context.secrets.INTERNAL_IDENTITY_SECRET;
    const seed = round * 100 + 50;
    await warmUp(
      ours,
      [feedWorkload(data, 1), mixedWorkload(data, 2), meWorkload(data, 3), homeFeedWorkload(data, 5)],
      topology,
    );
    await warmUp(hive, [feedWorkload(data, 1), mixedWorkload(data, 2), meWorkload(data, 3)], topology);
    await warmUp(direct, [directMeWorkload(data, 3, secret)], topology);
    // Each comparison back to back, with the same request sequence on both sides.
    out['split.feed'] = await measure('feed, Shutter gateway', ours, feedWorkload(data, seed + 1), topology);
    out['split.feedHive'] = await measure('feed, Hive gateway', hive, feedWorkload(data, seed + 1), topology);
    out['split.home'] = await measure('home feed page', ours, homeFeedWorkload(data, seed + 5), topology);
    out['split.profile'] = await measure('profile page', ours, profileWorkload(data, seed + 2), topology);
    out['split.mixed'] = await measure('mixed, Shutter gateway', ours, mixedWorkload(data, seed + 3), topology);
    out['split.mixedHive'] = await measure('mixed, Hive gateway', hive, mixedWorkload(data, seed + 3), topology);
    out['split.me'] = await measure('me, through gateway', ours, meWorkload(data, seed + 4), topology);
    out['split.meHive'] = await measure('me, Hive gateway', hive, meWorkload(data, seed + 4), topology);
    out['split.meDirect'] = await measure(
      'me, straight to users',
      direct,
      directMeWorkload(data, seed + 4, secret),
      topology,
    );

    // Context, not a goal: the split topology's tail at half its feed capacity (ADR 0027 asks
    // whether its processes, like the Docker images, should run the GC on the main thread too).
    out['split.feedHalfRate'] = await feedAtHalfCapacity(
      ours,
      feedWorkload(data, seed + 6),
      topology,
      out['split.feed'],
    );

    if (!context.statements) {
      await topology.stopServers?.();
      step('counting SQL statements per feed page (the stack in one process, with QueryCounters)');
      const tag = Object.entries(context.manifest.postsByTag).sort((a, b) => b[1] - a[1])[0]![0];
      context.statements = await countFeedStatements({
        dataDir: context.dataDir,
        postgresPort: topology.postgresPort,
        tag,
        token: data.users[0]!.accessToken,
        pages: STATEMENT_PAGES,
      });
      step(
        `  #${tag}: ${context.statements.pages.map((p) => `page ${p.page}: ${p.total} statements`).join(', ')} (${context.statements.fullPages} full pages walked)`,
      );
    }
  } finally {
    await topology.stop();
  }
}

async function main(): Promise<number> {
  const pinned = !args['no-pin'] && hasTaskset() && cpus().length >= 2;
  const cacheRoot = args['cache-dir'] ?? join(tmpdir(), 'bench-shutter');
  console.log(
    `Shutter bench${quick ? ' (--quick)' : ''}: ${ROUNDS} round(s) of ${SECONDS} s windows, ${CONNECTIONS} connections; ` +
      (pinned
        ? `servers and PostgreSQL pinned to CPU ${SERVER_CPUS}, load generator to CPU ${LOADGEN_CPUS}`
        : `NOT pinned (${args['no-pin'] ? '--no-pin' : 'no taskset or a single core'}): servers and load generator share every core`),
  );
  const { dataDir, manifest, stack } = await seeded(cacheRoot);
  // After seeding: the profiles are of the measured load, not of the seed.
  if (args['cpu-prof']) profileServersInto(args['cpu-prof']);
  const context: Context = {
    dataDir,
    runDir: (runDir = mkdtempSync(join(tmpdir(), 'bench-run-'))),
    manifest,
    secrets: readSecrets(dataDir),
    pinned,
    ...(stack ? { seedStack: stack } : {}),
  };
  // The load generator (autocannon runs in this process) gets the other core to itself.
  if (pinned) pinProcess(process.pid, LOADGEN_CPUS);
  if (args.only === 'split' && context.seedStack) {
    await context.seedStack.stop();
    context.seedStack = undefined;
  }

  const rounds: RoundMeasurements[] = [];
  const orders: string[][] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const out: RoundMeasurements = {};
    rounds.push(out);
    // Alternate which topology goes first, so neither always runs on a fresher machine.
    const order = round % 2 === 1 || context.seedStack ? ['start', 'split'] : ['split', 'start'];
    orders.push(order);
    for (const topology of order) {
      if (args.only && topology !== args.only) continue;
      if (topology === 'start') await roundOnStart(round, context, out);
      else await roundOnSplit(round, context, out);
    }
  }

  const serverCores = pinned ? 1 : cpus().length;
  const keys = [...new Set(rounds.flatMap((r) => Object.keys(r)))];
  const summaries = Object.fromEntries(
    keys.map((k) => [k, summarise(rounds, k)]).filter((e): e is [string, Summary] => e[1] !== undefined),
  );
  const { figures, table } = goals({ rounds, summaries, serverCores, statements: context.statements ?? null });

  const results = {
    ...figures,
    goals: Object.fromEntries(table.map((g) => [g.figure, { value: g.value, goal: g.goal, met: g.met }])),
    generatedAt: new Date().toISOString(),
    quick,
    runSeconds: Math.round((Date.now() - startedAt) / 1000),
    machine: {
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      nodeVersion: process.version,
      pinned,
      serverCpus: pinned ? SERVER_CPUS : null,
      loadGeneratorCpus: pinned ? LOADGEN_CPUS : null,
      benchAllowedCpus: allowedCpus(process.pid),
      serverCores,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
      gitCommit: gitCommit(),
    },
    settings: { rounds: ROUNDS, seconds: SECONDS, warmupRequests: WARMUP_REQUESTS, connections: CONNECTIONS },
    seed: {
      key: manifest.key,
      params: manifest.params,
      dataDir,
      seededAt: manifest.createdAt,
      seedSeconds: manifest.seedSeconds,
      users: manifest.users.length,
      follows: manifest.follows.length,
      posts: manifest.posts,
      postsByTag: manifest.postsByTag,
      comments: manifest.comments,
      likes: manifest.likes,
    },
    medians: summaries,
    statements: context.statements ?? null,
    rounds: rounds.map((measurements, i) => ({ round: i + 1, order: orders[i], measurements })),
  };
  // One topology alone is a trial, not the figures: latest.json keeps the last full run.
  if (!args.only) {
    const resultsDir = join(repoRoot, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    const resultsFile = join(resultsDir, 'latest.json');
    writeFileSync(resultsFile, await formatted(resultsFile, JSON.stringify(results, null, 2)));
  }

  console.log(`\nMeasurements (medians of ${ROUNDS} round(s)):\n${formatMeasurements(summaries)}`);
  console.log(`\nIssue 10 figures:\n${formatGoals(table)}`);
  if (!pinned) console.log('\nNOT pinned: per-core figures divide by every core, which the load generator shared.');
  console.log(
    args.only
      ? `\n--only ${args.only}: no results written (${elapsed()} in all).`
      : `\nWrote bench/results/latest.json (${elapsed()} in all).`,
  );

  const statementValues = context.statements?.pages.map((p) => p.total) ?? [];
  if (statementValues.length > 1 && new Set(statementValues).size > 1) {
    console.error(
      `\nFAILED: SQL statements per feed page differ between pages (${context.statements!.pages.map((p) => `page ${p.page}: ${p.total}`).join(', ')}): something grows with depth.`,
    );
    return 1;
  }
  return 0;
}

const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100);

main().then(
  async (code) => {
    await stopAll();
    process.exit(code);
  },
  async (error: unknown) => {
    console.error(`\nbench FAILED after ${elapsed()}:`, error instanceof Error ? error.message : error);
    if (error instanceof Error && !(error instanceof LoadError) && error.stack) console.error(error.stack);
    await stopAll();
    process.exit(1);
  },
);
