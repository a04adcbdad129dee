import { idempotentHandler } from '@shutter/events';
import type { ConsumerDeclaration } from '@shutter/subgraph-kit';
import type { Tx, VisibilityRepository } from '../repositories/visibility.repository.js';

/**
 * Visibility is decided here, from local copies of what other subgraphs own: accounts with their
 * roles and privacy (users, profiles), the follow graph and blocks (follows). Events keep the copies current,
 * so reading a post never waits on another subgraph. Handlers commute: they may see events of
 * different topics in any order.
 */
export function visibilityConsumer(visibility: VisibilityRepository): ConsumerDeclaration {
  // Each event and the record that it was applied commit together, in the repository's transaction.
  const db = { $transaction: <R>(work: (tx: Tx) => Promise<R>) => visibility.transaction(work) };
  return {
    group: 'posts',
    topics: ['shutter.users', 'shutter.profiles', 'shutter.follows'],
    handler: idempotentHandler(db, 'posts.visibility', {
      UserRegistered: (tx, { payload }) => visibility.createAccount(tx, payload.userId, payload.username, payload.role),
      UserUpdated: (tx, { payload }) => visibility.setUsername(tx, payload.userId, payload.username, payload.role),
      ProfileUpdated: (tx, { payload: { userId, username, displayName, isPrivate, version } }) =>
        visibility.applyProfile(tx, { userId, username, displayName, isPrivate, version }),
      FollowCreated: (tx, { payload: { followerId, followeeId } }) =>
        visibility.addFollow(tx, { followerId, followeeId }),
      FollowRemoved: (tx, { payload: { followerId, followeeId } }) =>
        visibility.removeFollow(tx, { followerId, followeeId }),
      UserBlocked: (tx, { payload: { blockerId, blockedId } }) => visibility.addBlock(tx, { blockerId, blockedId }),
      UserUnblocked: (tx, { payload: { blockerId, blockedId } }) =>
        visibility.removeBlock(tx, { blockerId, blockedId }),
    }),
  };
}
