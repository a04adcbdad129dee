import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@shutter/runtime';
import { testPool } from '@shutter/testing';
import { SUBGRAPHS } from '../../schema/subgraphs.js';
import {
  cpuMsOf,
  pinTree,
  postgresCpuMs,
  rememberDescendants,
  sleep,
  startNode,
  releasePorts,
  freePorts,
  stopStalePostgres,
  waitPrinted,
  waitReady,
  type ManagedProcess,
} from './processes.js';

/**
 * The two ways Shutter runs, on the seeded data directory: `npm start` (one process, embedded
 * PostgreSQL as its children) and split (each subgraph and the gateway in its own process, as in
 * docker-compose.yml, on a PostgreSQL the bench starts from the same data). Ports: 31000–31999.
 */

export const DOMAINS = SUBGRAPHS.map((s) => s.name);

/**
 * Where each topology starts looking for free ports (all within 31000–31999, below Linux's ephemeral
 * range: a client socket of the load, 10,000 of them in bench:live, cannot take one meanwhile).
 */
const PORT_BASE = { start: 31000, split: 31100, statements: 31200 } as const;

export interface Secrets {
  INTERNAL_IDENTITY_SECRET: string;
  AUTH_JWT_PRIVATE_JWK: string;
  AUTH_JWT_PUBLIC_JWKS: string;
}

/** What `npm start` generated on its first run in this data directory. */
export function readSecrets(dataDir: string): Secrets {
  const file = join(dataDir, 'dev-secrets.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: the seed stack should have written it`);
  return JSON.parse(readFileSync(file, 'utf8')) as Secrets;
}

// Variables of this shell that would change what is measured (a broker, Redis, S3, other databases).
const INHERITED_BUT_IGNORED =
  /^(NODE_ENV|PORT|HOST|KAFKA_|REDIS_URL|S3_|ELASTICSEARCH_|DATABASE_URL_|SUBGRAPH_URL_|\w+_SUBGRAPH_URL|MEDIA_|INTERNAL_IDENTITY_SECRET|AUTH_JWT_|ADMIN_|RATE_LIMIT|SHUTTER_DATA_DIR|EMBEDDED_POSTGRES_PORT|SUBGRAPH_BASE_PORT|LOG_LEVEL|DATABASE_POOL_SIZE|SUPERGRAPH_PATH)/;

/** The environment every service of the bench gets: development mode, no rate limits, quiet logs. */
export function serviceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!INHERITED_BUT_IGNORED.test(key)) env[key] = value;
  return {
    ...env,
    RATE_LIMITS: 'off',
    LOG_LEVEL: 'warn',
    // Tokens from the run's logins must outlive a full run (the default is 15 minutes).
    ACCESS_TOKEN_TTL_SECONDS: '86400',
    APOLLO_TELEMETRY_DISABLED: 'true',
    ...extra,
  };
}

export const databaseUrl = (port: number, domain: string) =>
  `postgresql://shutter:shutter@127.0.0.1:${port}/shutter_${domain}`;

export interface Topology {
  name: 'start' | 'split';
  /** Shutter's gateway, …/graphql. */
  gatewayUrl: string;
  /** split only: the Hive gateway on the same subgraphs. */
  hiveUrl?: string;
  /** split only: the users subgraph itself. */
  usersUrl?: string;
  /** The PostgreSQL server's port (its databases are shutter_<subgraph>). */
  postgresPort: number;
  /** npm start only: the one process serving the gateway and every subgraph. */
  pid?: number;
  /** CPU milliseconds used so far, per process (PostgreSQL: the server with all its backends). */
  cpu(): Record<string, number>;
  /** Pins every server and PostgreSQL to `cpus`. */
  pin(cpus: string): void;
  /** Waits until every outbox is published. */
  settle(): Promise<void>;
  /** split only: stops the servers but leaves PostgreSQL running. */
  stopServers?(): Promise<void>;
  stop(): Promise<void>;
}

async function settleOutboxes(urls: string[]): Promise<void> {
  const pools = urls.map((url) => testPool(url, 1));
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const pending = await Promise.all(
        pools.map(
          async (pool) =>
            (await pool.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')).rows[0].n as number,
        ),
      );
      if (pending.every((n) => n === 0)) return;
      if (Date.now() > deadline) throw new Error(`outboxes still pending after 120 s: ${pending.join(', ')}`);
      await sleep(100);
    }
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
  }
}

/**
 * The node flags of package.json's start script (`node <flags> --import tsx …`): the bench runs
 * `npm start` with them, so a flag changed there is measured here too (ADR 0027's GC flag).
 */
export function startScriptNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [command, ...words] = manifest.scripts.start.trim().split(/\s+/);
  if (command !== 'node')
    throw new Error(`package.json's start script does not start with node: ${manifest.scripts.start}`);
  const end = words.indexOf('--import');
  return end === -1 ? [] : words.slice(0, end);
}

/** `npm start`: `node --import tsx scripts/start.ts` on the data directory. */
export async function startNpmStart(dataDir: string): Promise<Topology> {
  await stopStalePostgres(join(dataDir, 'postgres'));
  const ports = await freePorts(SUBGRAPHS.length + 2, PORT_BASE.start);
  const [gateway, subgraphs] = ports as [number, number];
  const postgres = ports.at(-1)!;
  const shutter = startNode(
    'npm start',
    // As package.json's start script runs it.
    [...startScriptNodeFlags(), 'scripts/start.ts'],
    serviceEnv({
      PORT: String(gateway),
      SHUTTER_DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(postgres),
      SUBGRAPH_BASE_PORT: String(subgraphs),
      // npm start keeps media under the repository's .shutter/ unless told otherwise.
      MEDIA_DIR: join(dataDir, 'media'),
    }),
    /Shutter is running|^\s*$/,
  );
  const stop = async () => {
    await shutter.stop();
    releasePorts(ports);
  };
  try {
    await waitReady(`http://127.0.0.1:${gateway}/ready`, shutter, 300_000);
  } catch (error) {
    await stop();
    throw error;
  }
  rememberDescendants(shutter);
  return {
    name: 'start',
    gatewayUrl: `http://127.0.0.1:${gateway}/graphql`,
    pid: shutter.pid,
    postgresPort: postgres,
    cpu: () => ({ 'npm start': cpuMsOf(shutter.pid), postgres: postgresCpuMs(shutter.pid) }),
    pin: (cpus) => pinTree(shutter.pid, cpus),
    settle: () => settleOutboxes(DOMAINS.map((d) => databaseUrl(postgres, d))),
    stop,
  };
}

/** The split topology's PostgreSQL alone. */
async function startSplitPostgres(dataDir: string, port: number): Promise<ManagedProcess> {
  const pgDir = join(dataDir, 'postgres');
  await stopStalePostgres(pgDir);
  const postgres = startNode('postgres', ['bench/postgres-server.ts', pgDir, String(port)], serviceEnv({}), /^ready /);
  try {
    await waitPrinted(postgres, /^ready /, 120_000);
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  rememberDescendants(postgres);
  return postgres;
}

/** The supergraph with the subgraph URLs of this run (the Hive gateway reads them from the file). */
function supergraphFor(runDir: string, urls: Record<string, string>): string {
  let sdl = readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8');
  for (const { name, url } of SUBGRAPHS) {
    if (!sdl.includes(`"${url}"`)) throw new Error(`schema/supergraph.graphql does not name ${url} for ${name}`);
    sdl = sdl.replace(`"${url}"`, `"${urls[name]}"`);
  }
  mkdirSync(runDir, { recursive: true });
  const file = join(runDir, 'supergraph.graphql');
  writeFileSync(file, sdl);
  return file;
}

/**
 * Split: PostgreSQL, then every subgraph and both gateways (Shutter's and Hive's, each in its own
 * process) on the same subgraphs, configured as docker-compose.yml configures them (but not in
 * production mode, so the in-process event transport stands in for Kafka).
 */
export async function startSplit(dataDir: string, runDir: string, secrets: Secrets): Promise<Topology> {
  const ports = await freePorts(SUBGRAPHS.length + 3, PORT_BASE.split);
  const [pgPort, base] = ports as [number, number];
  const [gateway, hive] = ports.slice(-2) as [number, number];
  const started: ManagedProcess[] = [];
  const stopServers = async () => {
    await Promise.all(started.map((p) => p.stop()));
  };
  let postgres: ManagedProcess | undefined;
  const stop = async () => {
    await stopServers();
    await postgres?.stop();
    releasePorts(ports);
  };
  try {
    postgres = await startSplitPostgres(dataDir, pgPort);
    const urls = Object.fromEntries(SUBGRAPHS.map((s, i) => [s.name, `http://127.0.0.1:${base + i}/graphql`]));
    const services = new Map<string, ManagedProcess>();
    SUBGRAPHS.forEach(({ name }, i) => {
      const upper = name.toUpperCase();
      const own: Record<string, string> = {
        PORT: String(base + i),
        HOST: '127.0.0.1',
        [`DATABASE_URL_${upper}`]: databaseUrl(pgPort, name),
        INTERNAL_IDENTITY_SECRET: secrets.INTERNAL_IDENTITY_SECRET,
      };
      if (name === 'users') own.AUTH_JWT_PRIVATE_JWK = secrets.AUTH_JWT_PRIVATE_JWK;
      if (name === 'profiles') {
        own.USERS_SUBGRAPH_URL = urls.users!;
        own.POSTS_SUBGRAPH_URL = urls.posts!;
      }
      if (name === 'posts') own.MEDIA_DIR = join(dataDir, 'media');
      const service = startNode(name, [`subgraphs/${name}/src/index.ts`], serviceEnv(own));
      started.push(service);
      services.set(name, service);
    });
    const gatewayEnv = {
      HOST: '127.0.0.1',
      INTERNAL_IDENTITY_SECRET: secrets.INTERNAL_IDENTITY_SECRET,
      AUTH_JWT_PUBLIC_JWKS: secrets.AUTH_JWT_PUBLIC_JWKS,
    };
    const shutterGateway = startNode(
      'gateway',
      ['gateway/src/index.ts'],
      serviceEnv({
        ...gatewayEnv,
        PORT: String(gateway),
        ...Object.fromEntries(SUBGRAPHS.map((s) => [`SUBGRAPH_URL_${s.name.toUpperCase()}`, urls[s.name]!])),
      }),
    );
    started.push(shutterGateway);
    const hiveGateway = startNode(
      'hive',
      [
        join(repoRoot, 'node_modules/@graphql-hive/gateway/dist/bin.js'),
        'supergraph',
        supergraphFor(runDir, urls),
        '--port',
        String(hive),
        '--host',
        '127.0.0.1',
        '--config-path',
        join(repoRoot, 'bench/hive/gateway.config.ts'),
      ],
      serviceEnv(gatewayEnv),
    );
    started.push(hiveGateway);

    await Promise.all([
      ...SUBGRAPHS.map(({ name }, i) => waitReady(`http://127.0.0.1:${base + i}/ready`, services.get(name)!)),
      waitReady(`http://127.0.0.1:${gateway}/ready`, shutterGateway),
      waitReady(`http://127.0.0.1:${hive}/readiness`, hiveGateway),
    ]);
    rememberDescendants(postgres);
    return {
      name: 'split',
      gatewayUrl: `http://127.0.0.1:${gateway}/graphql`,
      hiveUrl: `http://127.0.0.1:${hive}/graphql`,
      usersUrl: urls.users!,
      postgresPort: pgPort,
      cpu: () => ({
        gateway: cpuMsOf(shutterGateway.pid),
        hive: cpuMsOf(hiveGateway.pid),
        ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, cpuMsOf(services.get(name)!.pid)])),
        postgres: postgresCpuMs(postgres!.pid),
      }),
      pin: (cpus) => {
        for (const p of [...started, postgres!]) pinTree(p.pid, cpus);
      },
      settle: () => settleOutboxes(DOMAINS.map((d) => databaseUrl(pgPort, d))),
      stopServers,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Free ports for the in-bench stack that counts SQL statements: the gateway, then each subgraph. */
export const statementPorts = () => freePorts(SUBGRAPHS.length + 1, PORT_BASE.statements);
export { releasePorts };
