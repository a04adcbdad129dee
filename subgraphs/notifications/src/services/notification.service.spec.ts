import { describe, expect, it } from '@jest/globals';
import type { Viewer } from '@shutter/runtime';
import { domainError } from '@shutter/testing/unit';
import DataLoader from 'dataloader';
import type { Tx } from '../repositories/db.js';
import type {
  NotificationRepository,
  NotificationRow,
  PageAfter,
  ReadAnchor,
} from '../repositories/notification.repository.js';
import { NotificationService } from './notification.service.js';

const ADA = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';

const row = (i: number, recipientId = ADA): NotificationRow => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  recipientId,
  kind: 'like',
  actorId: BOB,
  postId: null,
  commentId: null,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
  readAt: null,
});

/** The notifications database in memory (newest last in `rows`): the repository's contract, without PostgreSQL. */
class FakeNotifications {
  readonly rows = [row(1), row(2), row(3), row(4, BOB)];
  readonly pages: [string, number, PageAfter][] = [];

  transaction = <R>(work: (tx: Tx) => Promise<R>) => work({} as Tx);
  lockCounters = async () => undefined;
  page = async (recipientId: string, limit: number, after: PageAfter) => {
    this.pages.push([recipientId, limit, after]);
    return this.mine(recipientId).reverse().slice(0, limit);
  };
  unreadCount = async (recipientId: string) => this.mine(recipientId).filter((r) => !r.readAt).length;
  readAnchor = async (_: Tx, recipientId: string, id: string): Promise<ReadAnchor | null> =>
    this.mine(recipientId).find((r) => r.id === id) ?? null;
  markRead = async (_: Tx, recipientId: string, upTo: ReadAnchor | null) => {
    const marked = this.mine(recipientId).filter((r) => !r.readAt && (!upTo || r.createdAt <= upTo.createdAt));
    for (const r of marked) r.readAt = new Date();
    return marked.length;
  };
  mine = (recipientId: string) => this.rows.filter((r) => r.recipientId === recipientId);
}

function serviceFor(userId: string | null, notifications = new FakeNotifications()) {
  const viewer: Viewer = { userId, role: userId ? 'USER' : null, requestId: 'spec' };
  const byId = new DataLoader(async (ids: readonly string[]) =>
    ids.map((id) => notifications.rows.find((r) => r.id === id && r.recipientId === userId) ?? null),
  );
  return {
    notifications,
    service: new NotificationService(notifications as unknown as NotificationRepository, { byId }, viewer),
  };
}

describe(NotificationService.name, () => {
  it('should refuse every read and the mark to an anonymous viewer with SIGN_IN_REQUIRED', async () => {
    const { service, notifications } = serviceFor(null);
    for (const call of [service.list({}), service.unreadCount(), service.get(row(1).id), service.markRead(null)]) {
      expect((await domainError(call)).code).toBe('SIGN_IN_REQUIRED');
    }
    expect(notifications.rows.every((r) => r.readAt === null)).toBe(true);
  });

  it('should page the viewer’s notifications newest first, asking for one row more than the page to know whether another follows', async () => {
    const { service, notifications } = serviceFor(ADA);
    const page = await service.list({ first: 2 });
    expect(page.edges.map((e) => e.node.id)).toEqual([row(3).id, row(2).id]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(notifications.pages).toEqual([[ADA, 3, null]]);
    expect(page.pageInfo.endCursor).toBe(page.edges[1]!.cursor);
  });

  it('should refuse first outside 1..100 and a cursor of another list as INVALID_INPUT, without a query', async () => {
    const { service, notifications } = serviceFor(ADA);
    expect(await domainError(service.list({ first: 0 }))).toMatchObject({ code: 'INVALID_INPUT', field: 'first' });
    expect(await domainError(service.list({ first: 101 }))).toMatchObject({ code: 'INVALID_INPUT', field: 'first' });
    expect(await domainError(service.list({ after: 'bm9wZQ' }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'after',
    });
    expect(notifications.pages).toEqual([]);
  });

  it('should answer null for a malformed id or someone else’s notification', async () => {
    const { service } = serviceFor(ADA);
    expect([await service.get('nope'), await service.get(row(4, BOB).id), (await service.get(row(1).id))?.id]).toEqual([
      null,
      null,
      row(1).id,
    ]);
  });

  it('should mark all, or up to and including one, and answer how many changed', async () => {
    const { service } = serviceFor(ADA);
    expect(await service.markRead(row(2).id.toUpperCase())).toBe(2);
    expect(await service.unreadCount()).toBe(1);
    expect(await service.markRead(null)).toBe(1);
    expect(await service.markRead(null)).toBe(0);
  });

  it('should refuse a malformed upTo as INVALID_INPUT and someone else’s as NOTIFICATION_NOT_FOUND, marking nothing', async () => {
    const { service, notifications } = serviceFor(ADA);
    expect(await domainError(service.markRead('1; DROP TABLE notifications'))).toEqual({
      code: 'INVALID_INPUT',
      field: 'upTo',
      message: 'upTo: must be a valid id',
    });
    expect(await domainError(service.markRead(row(4, BOB).id))).toEqual({
      code: 'NOTIFICATION_NOT_FOUND',
      field: 'upTo',
      message: 'You have no notification with this id.',
    });
    expect(notifications.rows.every((r) => r.readAt === null)).toBe(true);
  });
});
