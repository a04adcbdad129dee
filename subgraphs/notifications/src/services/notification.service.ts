import {
  badInput,
  CREATED_AT_ID,
  DomainError,
  isUuid,
  parsePage,
  requireViewer,
  toConnection,
  type Connection,
  type PageArgs,
  type Viewer,
} from '@shutter/runtime';
import type DataLoader from 'dataloader';
import { NotificationError } from '../errors.js';
import type { NotificationRepository, NotificationRow } from '../repositories/notification.repository.js';

export interface NotificationLoaders {
  /** The viewer's shown notifications by id (null for anyone else's). */
  byId: DataLoader<string, NotificationRow | null>;
}

/**
 * The signed-in user's notifications: only ever their own (every query names the recipient), never
 * those of an account in a block with them, and their unread count from its counter.
 */
export class NotificationService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly loaders: NotificationLoaders,
    private readonly viewer: Viewer,
  ) {}

  /** The viewer's notifications, newest first: one statement per page, whatever its length. */
  async list(args: PageArgs): Promise<Connection<NotificationRow>> {
    const me = requireViewer(this.viewer);
    const page = parsePage(args, CREATED_AT_ID);
    const rows = await this.notifications.page(me, page.first + 1, page.after);
    return toConnection(
      rows,
      page.first,
      (row) => [row.createdAt.toISOString(), row.id],
      (row) => row,
    );
  }

  async unreadCount(): Promise<number> {
    return this.notifications.unreadCount(requireViewer(this.viewer));
  }

  /** One of the viewer's notifications; null for anyone else's, an unknown or malformed id, or one hidden by a block. */
  async get(rawId: string): Promise<NotificationRow | null> {
    requireViewer(this.viewer);
    return isUuid(rawId) ? this.loaders.byId.load(rawId.toLowerCase()) : null;
  }

  /**
   * Marks the viewer's unread notifications read: all, or `upTo` (one of theirs) and those older.
   * Returns how many changed. A malformed upTo is INVALID_INPUT, anyone else's or an unknown one
   * NOTIFICATION_NOT_FOUND; either way nothing changes.
   */
  async markRead(upTo: string | null): Promise<number> {
    const me = requireViewer(this.viewer);
    if (upTo !== null && !isUuid(upTo)) throw badInput('upTo', 'upTo: must be a valid id');
    const changed = await this.notifications.transaction(async (tx) => {
      await this.notifications.lockCounters(tx, [me]);
      const anchor = upTo === null ? null : await this.notifications.readAnchor(tx, me, upTo.toLowerCase());
      if (upTo !== null && !anchor) {
        throw new DomainError(
          NotificationError.NOTIFICATION_NOT_FOUND,
          'You have no notification with this id.',
          'upTo',
        );
      }
      return this.notifications.markRead(tx, me, anchor);
    });
    // Reads later in this request show the notifications as read.
    this.loaders.byId.clearAll();
    return changed;
  }
}
