import { randomUUID } from 'node:crypto';
import { createLogger, createPrismaClient, QueryCounter, type Viewer } from '@shutter/runtime';
import { createTestDatabase, testPool, type TestDatabase } from '@shutter/testing';
import { createContextFactory } from '../src/context.js';
import { PrismaClient } from '../src/repositories/db.js';
import { FollowRepository } from '../src/repositories/follow.repository.js';
import type { FollowService } from '../src/services/follow.service.js';

/** One fresh follows database per test file: the real repository on a counted Prisma client, plus a pg pool to check rows. */
export interface FollowsDatabase {
  db: TestDatabase;
  prisma: PrismaClient;
  counter: QueryCounter;
  graph: FollowRepository;
  sql: ReturnType<typeof testPool>;
  /** The service as a request gets it (src/context.ts), for `userId` (null: anonymous). */
  serviceFor(userId: string | null, role?: Viewer['role']): FollowService;
  /** An account row as UserRegistered (and, when private, ProfileUpdated) would leave it. */
  account(options?: { isPrivate?: boolean }): Promise<string>;
  /** `n` such accounts (a tuple, so destructured ids are plain strings). */
  accounts<N extends number>(n: N, options?: { isPrivate?: boolean }): Promise<Tuple<N>>;
  count(query: string, params?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

type Tuple<N extends number, T extends string[] = []> = T['length'] extends N ? T : Tuple<N, [...T, string]>;

const logger = createLogger({ service: 'follows-test', level: 'silent' });

export async function openFollowsDatabase(): Promise<FollowsDatabase> {
  const db = await createTestDatabase('follows');
  const counter = new QueryCounter();
  const prisma = createPrismaClient((options) => new PrismaClient(options), { databaseUrl: db.url, counter });
  const graph = new FollowRepository(prisma);
  const sql = testPool(db.url);
  const createContext = createContextFactory(graph);
  const account = async ({ isPrivate = false } = {}) => {
    const id = randomUUID();
    await sql.query('INSERT INTO accounts (user_id, is_private) VALUES ($1, $2)', [id, isPrivate]);
    return id;
  };
  return {
    db,
    prisma,
    counter,
    graph,
    sql,
    serviceFor: (userId, role = userId ? 'USER' : null) =>
      createContext({ viewer: { userId, role, requestId: 'medium' }, identityToken: () => '', logger }).follows,
    account,
    accounts: async <N extends number>(n: N, options?: { isPrivate?: boolean }) =>
      (await Promise.all(Array.from({ length: n }, () => account(options)))) as Tuple<N>,
    count: async (query, params = []) => {
      const { rows } = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${query}`, params);
      return Number(rows[0]!.n);
    },
    close: async () => {
      await prisma.$disconnect();
      await sql.end();
      await db.drop();
    },
  };
}

/** Every account whose counters differ from its rows in `follows` (empty when the counters are right). */
export async function countersOffByRows(
  sql: FollowsDatabase['sql'],
  ids: readonly string[],
): Promise<
  { user_id: string; follower_count: number; followers: number; following_count: number; following: number }[]
> {
  const { rows } = await sql.query(
    `SELECT a.user_id, a.follower_count, a.following_count,
            (SELECT count(*)::int FROM follows f WHERE f.followee_id = a.user_id) AS followers,
            (SELECT count(*)::int FROM follows f WHERE f.follower_id = a.user_id) AS following
       FROM accounts a WHERE a.user_id = ANY($1::uuid[])`,
    [ids],
  );
  if (rows.length !== ids.length) throw new Error(`expected ${ids.length} accounts, found ${rows.length}`);
  return rows.filter((r) => r.follower_count !== r.followers || r.following_count !== r.following);
}
