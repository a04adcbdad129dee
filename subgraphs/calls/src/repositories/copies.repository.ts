import { PrismaRepository } from '@shutter/runtime';
import type { PrismaClient, Tx } from './db.js';

export type { Tx } from './db.js';

/** A block as the follows subgraph announced it: `blockerId` blocked `blockedId`. */
export interface BlockPair {
  blockerId: string;
  blockedId: string;
}

/**
 * This subgraph's copies of what others own: accounts (users) and blocks (follows). Written only by
 * the event consumer; every write is idempotent and commutes with the writes of other topics.
 */
export class CopiesRepository extends PrismaRepository<PrismaClient> {
  async addAccount(tx: Tx, userId: string): Promise<void> {
    await tx.account.createMany({ data: [{ userId }], skipDuplicates: true });
  }

  async addBlock(tx: Tx, block: BlockPair): Promise<void> {
    await tx.block.createMany({ data: [block], skipDuplicates: true });
  }

  async removeBlock(tx: Tx, block: BlockPair): Promise<void> {
    await tx.block.deleteMany({ where: block });
  }
}
