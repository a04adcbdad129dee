import { createLoader, PrismaRepository } from '@shutter/runtime';
import type DataLoader from 'dataloader';
import type { PrismaClient, Tx } from './db.js';

export type { Tx } from './db.js';

/** A block as the follows subgraph announced it: `blockerId` blocked `blockedId`. */
export interface BlockPair {
  blockerId: string;
  blockedId: string;
}

/**
 * The users subgraph's copy of blocks, kept by the UserBlocked/UserUnblocked consumer. Writes are
 * idempotent on their own too, so a copy that already holds (or lacks) a pair is not an error.
 */
export class BlockRepository extends PrismaRepository<PrismaClient> {
  async add(tx: Tx, block: BlockPair): Promise<void> {
    await tx.block.createMany({ data: [block], skipDuplicates: true });
  }

  async remove(tx: Tx, block: BlockPair): Promise<void> {
    await tx.block.deleteMany({ where: block });
  }

  /**
   * Request-scoped: whether each account asked for in the same tick has blocked `viewerId`, in one
   * query for all of them (the primary key answers it).
   */
  createBlocksViewerLoader(viewerId: string): DataLoader<string, boolean> {
    return createLoader<string, boolean>('users.blocksViewer', async (accountIds) => {
      const rows = await this.prisma.block.findMany({
        where: { blockedId: viewerId, blockerId: { in: [...accountIds] } },
        select: { blockerId: true },
      });
      const blockers = new Set(rows.map((row) => row.blockerId));
      return accountIds.map((id) => blockers.has(id));
    });
  }
}
