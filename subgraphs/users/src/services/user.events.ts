import { recordEvent } from '@shutter/events';
import type { Tx, User } from '../repositories/user.repository.js';

// Always called inside the transaction of the change the event announces (transactional outbox).

export const recordUserRegistered = (tx: Tx, user: User) =>
  recordEvent(tx, 'UserRegistered', user.id, {
    userId: user.id,
    username: user.username,
    role: user.role,
    createdAt: user.createdAt.toISOString(),
  });

export const recordUserUpdated = (tx: Tx, user: User, changed: ('username' | 'role' | 'email')[]) =>
  recordEvent(tx, 'UserUpdated', user.id, { userId: user.id, changed, username: user.username, role: user.role });
