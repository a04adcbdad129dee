import { defineErrors, ErrorCode } from '@shutter/runtime';

/** The notification rules a request can break (sent as `extensions.reason`), with their public codes. */
export const { codes: NotificationError, map: notificationErrors } = defineErrors({
  /** markNotificationsRead: upTo names no notification of the viewer (unknown, another's, or hidden by a block). */
  NOTIFICATION_NOT_FOUND: ErrorCode.NOT_FOUND,
});
export type NotificationError = keyof typeof notificationErrors;
