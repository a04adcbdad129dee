import { join } from 'node:path';
import { QueryCounter } from '@shutter/runtime';
import { call } from './graphql.js';
import { startNode } from './processes.js';
import { DOMAINS, databaseUrl, releasePorts, serviceEnv, statementPorts, type Secrets } from './topologies.js';
import { HASHTAG_PAGE } from './workloads.js';

/**
 * SQL statements per feed page, counted as the tests count them (test/e2e/batching.test.ts): the
 * whole stack in one process via `startStack` with a `QueryCounter` per subgraph, here on the
 * seeded databases (the split topology's PostgreSQL must be running, its servers need not).
 */

export interface PageStatements {
  page: number;
  /** With warm caches, as under load: what the figure reports. */
  total: number;
  perSubgraph: Record<string, number>;
  /** The first request for the page (profile cache possibly cold). */
  cold: { total: number; perSubgraph: Record<string, number> };
}

export interface FeedStatements {
  tag: string;
  /** Full pages of 20 the tag has (up to the deepest page asked for). */
  fullPages: number;
  pages: PageStatements[];
}

export interface StatementOptions {
  dataDir: string;
  /** The seeded databases' PostgreSQL. */
  postgresPort: number;
  /** The gateway's, then one per subgraph in start order. */
  ports: number[];
  tag: string;
  token: string;
  pages: number[];
}

/** What the bench uses of scripts/stack.ts (`startStack`, as the supergraph tests use it). */
interface StackModule {
  startStack(options: {
    env: NodeJS.ProcessEnv;
    ports: { gateway: number } & Record<string, number>;
    counters: Record<string, QueryCounter>;
  }): Promise<{ gateway: { url: string }; close(): Promise<void> }>;
}
// A computed name: type-checking scripts/stack.ts would pull the gateway's sources into the bench's
// program, where the Hive gateway's typings (graphql-yoga's augmentation of GraphQLError) clash
// with Apollo Server's.
const STACK_MODULE = '../../scripts/stack.js';

interface Page {
  hashtag: { edges: unknown[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
}

/** Runs in the process bench/statements.ts starts (see `countFeedStatements`). */
export async function countInThisProcess(options: StatementOptions, secrets: Secrets): Promise<FeedStatements> {
  const { startStack } = (await import(STACK_MODULE)) as StackModule;
  const counters = Object.fromEntries(DOMAINS.map((d) => [d, new QueryCounter()])) as Record<string, QueryCounter>;
  const env = serviceEnv({
    ...secrets,
    HOST: '127.0.0.1',
    MEDIA_DIR: join(options.dataDir, 'media'),
    ...Object.fromEntries(
      DOMAINS.map((d) => [`DATABASE_URL_${d.toUpperCase()}`, databaseUrl(options.postgresPort, d)]),
    ),
  });
  const [gateway, ...subgraphs] = options.ports;
  const stack = await startStack({
    env,
    ports: { gateway: gateway!, ...Object.fromEntries(DOMAINS.map((d, i) => [d, subgraphs[i]!])) },
    counters,
  });
  try {
    const url = `${stack.gateway.url}/graphql`;
    const deepest = Math.max(...options.pages);
    // afterFor[p] is the cursor that yields page p (page 1 has none).
    const afterFor: (string | null)[] = [null, null];
    let fullPages = 0;
    for (let page = 1; page <= deepest; page += 1) {
      const { hashtag } = await call<Page>(
        url,
        HASHTAG_PAGE,
        { tag: options.tag, after: afterFor[page] },
        { token: options.token },
      );
      if (hashtag.edges.length < 20) break;
      fullPages = page;
      if (!hashtag.pageInfo.hasNextPage) break;
      afterFor[page + 1] = hashtag.pageInfo.endCursor;
    }
    const count = async (page: number) => {
      for (const counter of Object.values(counters)) counter.reset();
      await call(url, HASHTAG_PAGE, { tag: options.tag, after: afterFor[page] }, { token: options.token });
      const perSubgraph = Object.fromEntries(DOMAINS.map((d) => [d, counters[d]!.count]));
      return { total: Object.values(perSubgraph).reduce((a, b) => a + b, 0), perSubgraph };
    };
    const pages: PageStatements[] = [];
    // A smaller seed (--quick) may not reach the deeper page: its deepest full page stands in.
    for (const wanted of [...new Set(options.pages.map((p) => Math.min(p, fullPages)))]) {
      if (wanted < 1) continue;
      const cold = await count(wanted);
      const warm = await count(wanted);
      pages.push({ page: wanted, ...warm, cold });
    }
    return { tag: options.tag, fullPages, pages };
  } finally {
    await stack.close();
  }
}

export const RESULT_PREFIX = 'statements ';

/**
 * Counts in a process of its own: it loads every subgraph fresh from the tree (the bench process
 * loaded its modules long before, and the tree may have moved on since), and its stack is gone
 * with it, whatever happens.
 */
export async function countFeedStatements(options: Omit<StatementOptions, 'ports'>): Promise<FeedStatements> {
  const ports = await statementPorts();
  const child = startNode(
    'statements',
    ['bench/statements.ts'],
    serviceEnv({ BENCH_STATEMENTS: JSON.stringify({ ...options, ports }) }),
    new RegExp(`^${RESULT_PREFIX}`),
  );
  try {
    await child.exited;
  } finally {
    await child.stop();
    releasePorts(ports);
  }
  const line = child.find(new RegExp(`^${RESULT_PREFIX}`));
  if (!line) throw new Error(`counting SQL statements failed. Its last output:\n${child.tail()}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as FeedStatements;
}
