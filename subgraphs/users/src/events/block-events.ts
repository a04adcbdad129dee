import { idempotentHandler } from '@shutter/events';
import type { ConsumerDeclaration } from '@shutter/subgraph-kit';
import type { BlockRepository, Tx } from '../repositories/block.repository.js';

/**
 * Blocks are the follows subgraph's; the users subgraph keeps a copy of them, so looking a user
 * up can hide a blocker from the account they blocked without a call to follows. UserBlocked and
 * UserUnblocked of one pair share an aggregate (the blocked account), so they arrive in order.
 */
export function blocksConsumer(blocks: BlockRepository): ConsumerDeclaration {
  // Each event and the record that it was applied commit together, in the repository's transaction.
  const db = { $transaction: <R>(work: (tx: Tx) => Promise<R>) => blocks.transaction(work) };
  return {
    group: 'users',
    topics: ['shutter.follows'],
    handler: idempotentHandler(db, 'users.blocks', {
      UserBlocked: (tx, { payload: { blockerId, blockedId } }) => blocks.add(tx, { blockerId, blockedId }),
      UserUnblocked: (tx, { payload: { blockerId, blockedId } }) => blocks.remove(tx, { blockerId, blockedId }),
    }),
  };
}
