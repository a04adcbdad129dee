import { idempotentHandler } from '@shutter/events';
import type { ConsumerDeclaration } from '@shutter/subgraph-kit';
import type { CopiesRepository, Tx } from '../repositories/copies.repository.js';

/**
 * The call rules need facts other subgraphs own: which accounts exist (users) and blocks (follows).
 * Events keep local copies of them, so starting a call never waits on another subgraph. Handlers
 * commute across topics.
 */
export function copiesConsumer(copies: CopiesRepository): ConsumerDeclaration {
  // Each event and the record that it was applied commit together, in the repository's transaction.
  const db = { $transaction: <R>(work: (tx: Tx) => Promise<R>) => copies.transaction(work) };
  return {
    group: 'calls',
    topics: ['shutter.users', 'shutter.follows'],
    handler: idempotentHandler(db, 'calls.copies', {
      UserRegistered: (tx, { payload }) => copies.addAccount(tx, payload.userId),
      UserBlocked: (tx, { payload: { blockerId, blockedId } }) => copies.addBlock(tx, { blockerId, blockedId }),
      UserUnblocked: (tx, { payload: { blockerId, blockedId } }) => copies.removeBlock(tx, { blockerId, blockedId }),
    }),
  };
}
