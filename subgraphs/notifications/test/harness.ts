import { randomUUID } from 'node:crypto';
import { createEvent, type EventEnvelope, type EventPayload, type EventType } from '@shutter/events';
import { createLogger, createPrismaClient, QueryCounter, type PostRef } from '@shutter/runtime';
import { createTestDatabase, testPool, type TestDatabase } from '@shutter/testing';
import { createContextFactory } from '../src/context.js';
import { notificationsConsumer } from '../src/events/notifications-events.js';
import { PrismaClient } from '../src/repositories/db.js';
import { NotificationRepository } from '../src/repositories/notification.repository.js';
import type { NotificationService } from '../src/services/notification.service.js';
import { NotifierService } from '../src/services/notifier.service.js';

export type Delivered = EventEnvelope & { topic: string };

/**
 * One fresh notifications database per test file: the real repository on a counted Prisma client,
 * the real event consumer, and a posts subgraph stand-in that hides posts from chosen accounts.
 */
export interface NotificationsDatabase {
  db: TestDatabase;
  counter: QueryCounter;
  sql: ReturnType<typeof testPool>;
  /** The service as a request of `userId` gets it (src/context.ts; null: anonymous). */
  serviceFor(userId: string | null): NotificationService;
  /** Delivers an event to the subgraph's consumer, as the transport would. */
  deliver<T extends EventType>(type: T, payload: EventPayload<T>): Promise<Delivered>;
  redeliver(event: Delivered): Promise<void>;
  /** Posts answers that `userId` may not see `postId` (a private author they do not follow). */
  hide(postId: string, userId: string): void;
  /** Whom the stand-in for posts was asked for (identities are the user ids here). */
  asked: string[];
  count(query: string, params?: unknown[]): Promise<number>;
  /** Accounts among `userIds` whose unread counter differs from their unread shown notifications. */
  countersOffByRows(userIds: readonly string[]): Promise<unknown[]>;
  close(): Promise<void>;
}

const logger = createLogger({ service: 'notifications-test', level: 'silent' });

export async function openNotificationsDatabase(): Promise<NotificationsDatabase> {
  const db = await createTestDatabase('notifications');
  const counter = new QueryCounter();
  const prisma = createPrismaClient((options) => new PrismaClient(options), { databaseUrl: db.url, counter });
  const sql = testPool(db.url);
  const repository = new NotificationRepository(prisma);
  const hidden = new Set<string>();
  const asked: string[] = [];
  const posts = {
    visiblePosts: async (identity: string, ids: readonly string[]): Promise<(PostRef | null)[]> => {
      asked.push(identity);
      return ids.map((id) => (hidden.has(`${id}:${identity}`) ? null : { id, authorId: randomUUID() }));
    },
  };
  const consumer = notificationsConsumer(new NotifierService(repository, posts, (userId) => userId), repository);
  const createContext = createContextFactory(repository);
  const handle = ({ topic, ...event }: Delivered) => consumer.handler(event, { topic, attempt: 1 });
  return {
    db,
    counter,
    sql,
    asked,
    serviceFor: (userId) =>
      createContext({
        viewer: { userId, role: userId ? 'USER' : null, requestId: 'medium' },
        identityToken: () => 'medium-identity',
        logger,
      }).notifications,
    deliver: async (type, payload) => {
      const event = createEvent(type, randomUUID(), payload);
      await handle(event);
      return event;
    },
    redeliver: handle,
    hide: (postId, userId) => hidden.add(`${postId}:${userId}`),
    count: async (query, params = []) => {
      const { rows } = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${query}`, params);
      return Number(rows[0]!.n);
    },
    countersOffByRows: async (userIds) => {
      const { rows } = await sql.query(
        `SELECT k.id, coalesce(c.unread, 0) AS counter,
                (SELECT count(*)::int FROM notifications n
                  WHERE n.recipient_id = k.id AND n.read_at IS NULL
                    AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = n.recipient_id AND b.blocked_id = n.actor_id)
                                                          OR (b.blocker_id = n.actor_id AND b.blocked_id = n.recipient_id))) AS rows
           FROM unnest($1::uuid[]) AS k(id) LEFT JOIN notification_counters c ON c.recipient_id = k.id`,
        [userIds],
      );
      return rows.filter((r) => r.counter !== r.rows);
    },
    close: async () => {
      await prisma.$disconnect();
      await sql.end();
      await db.drop();
    },
  };
}
