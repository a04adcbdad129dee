import type { NotificationRow } from '../repositories/notification.repository.js';

/** What resolvers of a Notification receive: its row. */
export type NotificationMapper = NotificationRow;
