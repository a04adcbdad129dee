import { idempotentHandler } from '@shutter/events';
import type { ConsumerDeclaration } from '@shutter/subgraph-kit';
import type { CopiesRepository, Tx } from '../repositories/copies.repository.js';

/**
 * The like rules need facts other subgraphs own: roles (staff) from users, blocks from follows,
 * deleted posts from posts. Events keep local copies of them, so a read never waits on another
 * subgraph for them. Handlers commute across topics.
 */
export function copiesConsumer(copies: CopiesRepository): ConsumerDeclaration {
  // Each event and the record that it was applied commit together, in the repository's transaction.
  const db = { $transaction: <R>(work: (tx: Tx) => Promise<R>) => copies.transaction(work) };
  return {
    group: 'likes',
    topics: ['shutter.users', 'shutter.follows', 'shutter.posts'],
    handler: idempotentHandler(db, 'likes.copies', {
      UserRegistered: (tx, { payload }) => copies.setRole(tx, payload.userId, payload.role),
      UserUpdated: (tx, { payload }) => copies.setRole(tx, payload.userId, payload.role),
      UserBlocked: (tx, { payload: { blockerId, blockedId } }) => copies.addBlock(tx, { blockerId, blockedId }),
      UserUnblocked: (tx, { payload: { blockerId, blockedId } }) => copies.removeBlock(tx, { blockerId, blockedId }),
      PostDeleted: (tx, { payload }) => copies.deletePost(tx, payload.postId),
    }),
  };
}
