import { idempotentHandler, type EventHandlers } from '@shutter/events';
import type { ConsumerDeclaration } from '@shutter/subgraph-kit';
import type { NotificationRepository, Tx } from '../repositories/notification.repository.js';
import type { NotifierService, NotifyingEvent } from '../services/notifier.service.js';

/**
 * Notifications are built from other subgraphs' events: likes, comments, posts (mentions,
 * deletions), follows (follows, requests, approvals, blocks) and calls (missed calls). Each event
 * is applied once (its claim commits with its effect); the copies' handlers commute across topics.
 */
export function notificationsConsumer(
  notifier: NotifierService,
  notifications: NotificationRepository,
): ConsumerDeclaration {
  // Each event and the record that it was applied commit together, in the repository's transaction.
  const db = { $transaction: <R>(work: (tx: Tx) => Promise<R>) => notifications.transaction(work) };
  const copies: EventHandlers<Tx> = {
    UserBlocked: (tx, { payload: { blockerId, blockedId } }) => notifications.addBlock(tx, { blockerId, blockedId }),
    UserUnblocked: (tx, { payload: { blockerId, blockedId } }) =>
      notifications.removeBlock(tx, { blockerId, blockedId }),
    PostDeleted: (tx, { payload }) => notifications.deletePost(tx, payload.postId),
    CommentDeleted: (tx, { payload }) => notifications.deleteComment(tx, payload.commentId),
  };
  return {
    group: 'notifications',
    topics: ['shutter.likes', 'shutter.comments', 'shutter.posts', 'shutter.follows', 'shutter.calls'],
    handler: async (event, delivery) => {
      // Worked out before the transaction: it may ask posts what each recipient may see, and no
      // connection should wait on that. A redelivered event asks again, then finds its claim.
      const candidates = await notifier.candidatesFor(event);
      const store = (tx: Tx, notifying: NotifyingEvent) => notifier.store(tx, notifying, candidates);
      const handle = idempotentHandler(db, 'notifications', {
        ...copies,
        PostLiked: store,
        CommentCreated: store,
        PostCreated: store,
        FollowCreated: store,
        FollowRequested: store,
        CallEnded: store,
      });
      await handle(event, delivery);
    },
  };
}
