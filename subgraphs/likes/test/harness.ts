import { randomUUID } from 'node:crypto';
import { createEvent, type EventEnvelope, type EventPayload, type EventType } from '@shutter/events';
import { createLogger, createPrismaClient, QueryCounter, type Role, type Viewer } from '@shutter/runtime';
import { createTestDatabase, eventually, testPool, type TestDatabase } from '@shutter/testing';
import { createContextFactory } from '../src/context.js';
import { copiesConsumer } from '../src/events/copies-events.js';
import { CopiesRepository } from '../src/repositories/copies.repository.js';
import { PrismaClient } from '../src/repositories/db.js';
import { LikeRepository } from '../src/repositories/like.repository.js';
import type { LikeService } from '../src/services/like.service.js';
import type { PostRef } from '@shutter/runtime';

export type Delivered = EventEnvelope & { topic: string };

/**
 * One fresh likes database per test file: the real repositories on a counted Prisma client, the real
 * event consumer, and a posts subgraph stand-in that answers from `posts`.
 */
export interface LikesDatabase {
  db: TestDatabase;
  prisma: PrismaClient;
  counter: QueryCounter;
  sql: ReturnType<typeof testPool>;
  /** Visible posts by id, as the posts subgraph would answer them. */
  posts: Map<string, PostRef>;
  /** The service as a request gets it (src/context.ts), for `userId` (null: anonymous). */
  serviceFor(userId: string | null, role?: Viewer['role']): LikeService;
  /** Delivers an event to the subgraph's consumer, as the transport would. */
  deliver<T extends EventType>(type: T, aggregateId: string, payload: EventPayload<T>): Promise<Delivered>;
  redeliver(event: Delivered): Promise<void>;
  /** An account, as UserRegistered leaves it. */
  account(role?: Role): Promise<string>;
  /** A post the posts subgraph answers as visible. */
  post(authorId?: string): string;
  count(query: string, params?: unknown[]): Promise<number>;
  /**
   * Holds the post's counter row lock (the one every write to the post takes first) from a
   * transaction of the test's own, until `release()`: writes started meanwhile are in flight.
   */
  holdPostLock(postId: string): Promise<{ release(): Promise<void> }>;
  /** Waits until `n` statements of this database wait on a lock. */
  lockWaiters(n: number): Promise<void>;
  close(): Promise<void>;
}

const logger = createLogger({ service: 'likes-test', level: 'silent' });

export async function openLikesDatabase(): Promise<LikesDatabase> {
  const db = await createTestDatabase('likes');
  const counter = new QueryCounter();
  const prisma = createPrismaClient((options) => new PrismaClient(options), { databaseUrl: db.url, counter });
  const sql = testPool(db.url);
  const posts = new Map<string, PostRef>();
  const createContext = createContextFactory(new LikeRepository(prisma), {
    visiblePosts: async (_token, ids) => ids.map((id) => posts.get(id) ?? null),
  });
  const consumer = copiesConsumer(new CopiesRepository(prisma));
  const handle = ({ topic, ...event }: Delivered) => consumer.handler(event, { topic, attempt: 1 });
  const deliver: LikesDatabase['deliver'] = async (type, aggregateId, payload) => {
    const event = createEvent(type, aggregateId, payload);
    await handle(event);
    return event;
  };
  return {
    db,
    prisma,
    counter,
    sql,
    posts,
    serviceFor: (userId, role = userId ? 'USER' : null) =>
      createContext({ viewer: { userId, role, requestId: 'medium' }, identityToken: () => 'medium-identity', logger })
        .likes,
    deliver,
    redeliver: handle,
    account: async (role = 'USER') => {
      const userId = randomUUID();
      await deliver('UserRegistered', userId, {
        userId,
        username: `user_${userId.slice(0, 8)}`,
        role,
        createdAt: new Date().toISOString(),
      });
      return userId;
    },
    post: (authorId = randomUUID()) => {
      const id = randomUUID();
      posts.set(id, { id, authorId });
      return id;
    },
    holdPostLock: async (postId) => {
      const holder = await sql.connect();
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM post_like_counts WHERE post_id = $1 FOR UPDATE', [postId]);
      return {
        release: async () => {
          await holder.query('COMMIT');
          holder.release();
        },
      };
    },
    lockWaiters: (n) =>
      eventually(
        async () =>
          (
            await sql.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
              [db.name],
            )
          ).rows[0]!.n >= n,
        () => `fewer than ${n} statements ever waited on a lock`,
        10_000,
      ),
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

/** Posts among `postIds` whose like counter differs from their rows (empty when the counters are right). */
export async function countersOffByRows(sql: LikesDatabase['sql'], postIds: readonly string[]) {
  const { rows } = await sql.query(
    `SELECT k.id, coalesce(c.like_count, 0) AS counter, (SELECT count(*)::int FROM likes l WHERE l.post_id = k.id) AS rows
       FROM unnest($1::uuid[]) AS k(id) LEFT JOIN post_like_counts c ON c.post_id = k.id`,
    [postIds],
  );
  return rows.filter((r) => r.counter !== r.rows);
}
