import type { BaseContext } from '@shutter/runtime';
import type { NotificationRepository } from './repositories/notification.repository.js';
import { NotificationService } from './services/notification.service.js';

export interface Context extends BaseContext {
  notifications: NotificationService;
}

export function createContextFactory(notifications: NotificationRepository) {
  return (base: BaseContext): Context => ({
    ...base,
    notifications: new NotificationService(
      notifications,
      { byId: notifications.createByIdLoader(base.viewer) },
      base.viewer,
    ),
  });
}
