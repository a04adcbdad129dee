import { idempotentHandler } from '@shutter/events';
import type { ConsumerDeclaration } from '@shutter/subgraph-kit';
import type { FeedRepository, Tx } from '../repositories/feed.repository.js';
import type { FanoutService } from '../services/fanout.service.js';

/**
 * The home feed's consumer group (ADR 0014), apart from the visibility copies' group: timelines and
 * the feed's own follow graph (`feed_follows`) from posts and follows events. Each event, the record
 * that it was applied and the FeedPostDelivered events it writes commit together; its timeline writes
 * happen before the commit and are idempotent, so a retry or redelivery repeats them harmlessly.
 */
export function feedConsumer(feed: FeedRepository, fanout: FanoutService): ConsumerDeclaration {
  const db = { $transaction: <R>(work: (tx: Tx) => Promise<R>) => feed.transaction(work) };
  return {
    group: 'posts-feed',
    topics: ['shutter.posts', 'shutter.follows'],
    handler: idempotentHandler(db, 'posts.feed', {
      PostCreated: (tx, { payload }) => fanout.postCreated(tx, payload.postId),
      PostDeleted: (tx, { payload: { postId, authorId } }) => fanout.postDeleted(tx, { postId, authorId }),
      FollowCreated: (tx, { payload: { followerId, followeeId } }) =>
        fanout.followCreated(tx, { followerId, followeeId }),
      FollowRemoved: (tx, { payload: { followerId, followeeId } }) =>
        fanout.followRemoved(tx, { followerId, followeeId }),
      UserBlocked: (_tx, { payload: { blockerId, blockedId } }) => fanout.userBlocked({ blockerId, blockedId }),
    }),
  };
}
